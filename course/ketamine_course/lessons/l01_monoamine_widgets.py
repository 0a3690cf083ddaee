"""Lesson 01's widgets: how much to believe a finding (PPV); how fast patients respond."""

from __future__ import annotations

import ipywidgets as w

from ..core import evidence, plots
from ..core.wiring import stack
from . import l01_monoamine as monoamine


def ppv_view(prior_pct: float, power_pct: float, alpha: float, bias_pct: float) -> tuple[str, str]:
    """Return the readout and figure (HTML) for the positive-predictive-value widget."""
    counts = evidence.findings_breakdown(prior_pct / 100, power_pct / 100, alpha, bias_pct / 100)
    positives = counts["true_positive"] + counts["false_positive"]
    readout = (
        f"<p class='readout'>Of 1,000 hypotheses tested, {prior_pct:.0f}% true: "
        f"<strong>{positives:.0f}</strong> studies come out positive, of which "
        f"<strong>{counts['true_positive']:.0f}</strong> are true and "
        f"<strong>{counts['false_positive']:.0f}</strong> are false. "
        f"Chance that a positive finding is true (PPV): <strong>{counts['ppv']:.0%}</strong>.</p>"
    )
    fig, ax = plots.new_figure(
        f"1,000 hypotheses: prior {prior_pct:.0f}%, power {power_pct:.0f}%, "
        f"alpha {alpha:g}, bias {bias_pct:.0f}%",
        "Number of hypotheses (of 1,000)", "Outcome of the study", size=(7.5, 3.2),
        reuse="ppv",
    )
    fig.subplots_adjust(left=0.35)  # room for the outcome names
    ax.title.set(x=1.0, horizontalalignment="right")  # a long title, kept inside the figure
    labels = ["True, found (true positive)", "False, 'found' (false positive)",
              "True, missed (false negative)", "False, rejected (true negative)"]
    values = [counts["true_positive"], counts["false_positive"], counts["false_negative"],
              counts["true_negative"]]
    colours = [plots.OKABE_ITO["bluish_green"], plots.OKABE_ITO["vermillion"],
               plots.MARK_COLOURS["sky_blue"], plots.NEUTRAL]
    bars = ax.barh(range(4), values[::-1], color=colours[::-1])
    ax.set_yticks(range(4), labels[::-1])
    ax.bar_label(bars, fmt="%.0f", padding=3, fontsize=9)
    ax.set_xlim(0, 1100)
    alt = (f"Horizontal bars for 1,000 tested hypotheses: {values[0]:.0f} true positives, "
           f"{values[1]:.0f} false positives, {values[2]:.0f} false negatives and "
           f"{values[3]:.0f} true negatives; {counts['ppv']:.0%} of positive findings are true.")
    return readout, plots.figure_html(fig, alt, caption="Model: Ioannidis 2005, "
                                      "doi:10.1371/journal.pmed.0020124.")


def ppv_widget() -> w.VBox:
    """Sliders for prior, power, significance threshold and bias; bars of what studies find."""
    prior = w.IntSlider(value=10, min=1, max=90, description="True hypotheses (%)",
                        continuous_update=False)
    power = w.IntSlider(value=80, min=5, max=95, step=5, description="Power (%)",
                        continuous_update=False)
    alpha = w.ToggleButtons(options=[("0.05", 0.05), ("0.01", 0.01), ("0.005", 0.005)],
                            value=0.05, description="Significance threshold (alpha)")
    bias = w.IntSlider(value=0, min=0, max=50, step=5, description="Bias (%)",
                       continuous_update=False)
    return stack([prior, power, alpha, bias],
                 lambda: ppv_view(prior.value, power.value, alpha.value, bias.value))


def time_course_widget() -> w.VBox:
    """Show published response rates over time, with a time slider and treatment tick-boxes."""
    labels = monoamine.series_labels()
    times = w.SelectionSlider(options=[label for label, _ in monoamine.TIME_POINTS],
                              value="1 day", description="Time since treatment started",
                              continuous_update=False)
    boxes = {key: w.Checkbox(value=key in ("ketamine_zarate", "citalopram_stard"),
                             description=label)
             for key, label in labels.items()}

    def view() -> tuple[str, str]:
        chosen = tuple(key for key, box in boxes.items() if box.value)
        return monoamine.time_course_view(times.value, chosen)

    return stack([times, *boxes.values()], view)

"""Interactive widgets: thin wiring from ipywidgets controls to tested functions.

Each widget has a pure "view" function (controls in, HTML out) that the
tests call directly; the widget itself only connects controls to it.
"""

from __future__ import annotations

import html
import math

import ipywidgets as w

from . import evidence, pathway, plots, timecourse
from .evidence import absolute_from_relative
from .quiz import Feedback, MultipleChoice, NumericQuestion

_WIDE = {"description_width": "initial"}


def feedback_html(feedback: Feedback) -> str:
    """Render feedback with a mark and a colour that is not the only cue."""
    mark, colour = ("✔ Correct", "#009E73") if feedback.correct else ("✘ Not yet", "#D55E00")
    return (
        f'<div role="status" style="border-left:4px solid {colour};padding:0.3em 0.8em">'
        f"<strong>{mark}.</strong> {html.escape(feedback.message)}</div>"
    )


def parse_number(text: str) -> float | None:
    """Read a typed answer such as ``"5"``, ``"5.0"``, ``" 5 % "`` or ``"1,234"``.

    Returns None for an empty box; raises ValueError for anything else that is not a number.
    """
    cleaned = text.strip().rstrip("%").strip().replace(",", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number: type digits, such as 12 or 0.5.") from None


def question_widget(question: MultipleChoice | NumericQuestion) -> w.VBox:
    """Show a "pause and predict" question with a button that checks the answer."""
    if not isinstance(question, MultipleChoice | NumericQuestion):
        raise ValueError("question_widget needs a MultipleChoice or NumericQuestion from "
                         f"ketamine_course.quiz; got {type(question).__name__}.")
    prompt = w.HTML(f"<p><strong>Pause and predict.</strong> {html.escape(question.prompt)}</p>")
    if isinstance(question, MultipleChoice):
        answer = w.RadioButtons(options=list(question.options), value=None,
                                description="Your answer:", style=_WIDE,
                                layout=w.Layout(width="max-content"))
    else:
        answer = w.Text(value="", placeholder="a number", description="Your answer:",
                        style=_WIDE)
    button = w.Button(description="Check my answer", button_style="primary",
                      tooltip="Check my answer")
    result = w.HTML()

    def check(_: w.Button) -> None:
        if isinstance(question, MultipleChoice):
            feedback = question.check(answer.value)
        else:
            try:
                feedback = question.check(parse_number(answer.value))
            except ValueError as error:
                feedback = Feedback(False, str(error))
        result.value = feedback_html(feedback)

    button.on_click(check)
    return w.VBox([prompt, answer, button, result])


def risk_demo_view(control_risk: float, risk_ratio: float) -> tuple[str, str]:
    """Return the readout and the icon-array figure (both HTML) for the risk demo."""
    effect = absolute_from_relative(control_risk, risk_ratio)
    control, treated = effect["control_risk"] * 100, effect["treated_risk"] * 100
    nnt = "no difference" if math.isinf(effect["nnt"]) else f"{math.ceil(round(effect['nnt'], 9))}"
    readout = (
        f'<p class="readout">Relative: the treatment multiplies the chance by '
        f"<strong>{risk_ratio:.1f}</strong>. Absolute: <strong>{control:.0f} in 100</strong> "
        f"without it, <strong>{treated:.1f} in 100</strong> with it, so "
        f"<strong>{effect['per_100']:.1f} more people in 100</strong>. "
        f"Number needed to treat for one more to benefit: <strong>{nnt}</strong>.</p>"
    )
    fig = plots.icon_array_figure(
        {"Without treatment": control, "With treatment": treated},
        title=f"Risk ratio {risk_ratio:.1f} on a {control:.0f}% baseline",
        event_label="improves",
    )
    alt = (
        f"Two grids of 100 people. Without treatment {control:.0f} are filled in; with "
        f"treatment {treated:.0f} are. The same risk ratio, {risk_ratio:.1f}, means "
        f"{effect['per_100']:.1f} more people in 100."
    )
    return readout, plots.figure_html(fig, alt)


def max_risk_ratio(control_risk: float, ceiling: float = 3.0) -> float:
    """Return the largest risk ratio (to 0.1) that keeps the treated risk at or below 1."""
    if not 0 < control_risk <= 1:
        raise ValueError(f"control_risk must be above 0 and at most 1; got {control_risk!r}.")
    return min(ceiling, math.floor(10 / control_risk + 1e-9) / 10)


def risk_widget() -> w.VBox:
    """Show relative versus absolute effects, with sliders for baseline risk and risk ratio."""
    baseline = w.IntSlider(value=10, min=1, max=50, step=1, continuous_update=False,
                           description="Chance without treatment (%)", style=_WIDE)
    ratio = w.FloatSlider(value=2.0, min=1.0, max=3.0, step=0.1, continuous_update=False,
                          readout_format=".1f", description="Risk ratio (× chance)", style=_WIDE)
    readout, figure = w.HTML(), w.HTML()

    def update(_: object = None) -> None:
        ratio.max = max_risk_ratio(baseline.value / 100)
        readout.value, figure.value = risk_demo_view(baseline.value / 100, ratio.value)

    baseline.observe(update, names="value")
    ratio.observe(update, names="value")
    update()
    return w.VBox([baseline, ratio, readout, figure])


# --- lesson 01: how much to believe a finding; how fast patients respond ------------------


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
               plots.OKABE_ITO["sky_blue"], plots.NEUTRAL]
    bars = ax.barh(range(4), values[::-1], color=colours[::-1])
    ax.set_yticks(range(4), labels[::-1])
    ax.bar_label(bars, fmt="%.0f", padding=3, fontsize=8)
    ax.set_xlim(0, 1100)
    alt = (f"Horizontal bars for 1,000 tested hypotheses: {values[0]:.0f} true positives, "
           f"{values[1]:.0f} false positives, {values[2]:.0f} false negatives and "
           f"{values[3]:.0f} true negatives; {counts['ppv']:.0%} of positive findings are true.")
    return readout, plots.figure_html(fig, alt, caption="Model: Ioannidis 2005, "
                                      "doi:10.1371/journal.pmed.0020124.")


def ppv_widget() -> w.VBox:
    """Sliders for prior, power, significance threshold and bias; bars of what studies find."""
    prior = w.IntSlider(value=10, min=1, max=90, description="True hypotheses (%)",
                        continuous_update=False, style=_WIDE)
    power = w.IntSlider(value=80, min=5, max=95, step=5, description="Power (%)",
                        continuous_update=False, style=_WIDE)
    alpha = w.Dropdown(options=[("0.05", 0.05), ("0.01", 0.01), ("0.005", 0.005)], value=0.05,
                       description="Significance threshold (alpha)", style=_WIDE)
    bias = w.IntSlider(value=0, min=0, max=50, step=5, description="Bias (%)",
                       continuous_update=False, style=_WIDE)
    return _wire([prior, power, alpha, bias],
                 lambda: ppv_view(prior.value, power.value, alpha.value, bias.value))


def time_course_widget() -> w.VBox:
    """Show published response rates over time, with a time slider and treatment tick-boxes."""
    labels = timecourse.series_labels()
    times = w.SelectionSlider(options=[label for label, _ in timecourse.TIME_POINTS],
                              value="1 day", description="Time since treatment started",
                              continuous_update=False, style=_WIDE,
                              layout=w.Layout(width="600px"))
    boxes = {key: w.Checkbox(value=key in ("ketamine_zarate", "citalopram_stard"),
                             description=label, indent=False, layout=w.Layout(width="auto"))
             for key, label in labels.items()}

    def view() -> tuple[str, str]:
        chosen = tuple(key for key, box in boxes.items() if box.value)
        return timecourse.time_course_view(times.value, chosen)

    return _wire([times, *boxes.values()], view)


def wire(controls: list[w.Widget], view: object) -> tuple[w.HTML, w.HTML]:
    """Redraw on every change of ``controls``; return the readout and figure they drive.

    ``view`` takes no arguments and returns (readout HTML, figure HTML); it reads the
    controls' current values itself.  The outputs are filled once straight away.
    """
    readout, figure = w.HTML(), w.HTML()

    def update(_: object = None) -> None:
        readout.value, figure.value = view()

    for control in controls:
        control.observe(update, names="value")
    update()
    return readout, figure


def _wire(controls: list[w.Widget], view: object) -> w.VBox:
    """Stack ``controls`` above the readout and figure that :func:`wire` connects to them."""
    return w.VBox([*controls, *wire(controls, view)])


# --- lesson 02: the pathway model and the evidence map -------------------------------------


def pathway_view(drug: str, interventions: tuple[str, ...], eef2_route: bool,
                 opioid_required: bool) -> tuple[str, str]:
    """Return the readout (prediction and experiments) and the diagram for the pathway widget."""
    state = pathway.simulate_pathway(drug, interventions, eef2_route=eef2_route,
                                     opioid_required=opioid_required)
    verdict = "present" if state.effect else "abolished"
    readout = [f"<p class='readout'>Model prediction: antidepressant effect "
               f"<strong>{verdict}</strong>.</p>"]
    chosen = list(interventions) + (["hnk_instead"] if drug == "hnk" else [])
    if chosen:
        table = pathway.compare_with_experiments(eef2_route=eef2_route,
                                                 opioid_required=opioid_required,
                                                 interventions=chosen)
        rows = "".join(
            f"<tr><td>{html.escape(r.intervention)}</td><td>{html.escape(r.species)}</td>"
            f"<td>{'' if r.n != r.n else int(r.n)}</td><td>{html.escape(r.result)}</td>"
            f"<td>{html.escape(r.model_predicts)}</td>"
            f"<td>{'✔ agrees' if r.agrees else '✘ disagrees'}</td>"
            f"<td>{html.escape(r.source)}</td></tr>"
            for r in table.itertuples()
        )
        readout.append(
            "<table class='experiments'><thead><tr><th>Intervention</th><th>Species</th>"
            "<th>n</th><th>What the experiment found</th><th>Model predicts</th><th>Match</th>"
            f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    figure = plots.figure_html(pathway.state_figure(state, reuse="pathway"),
                               pathway.describe_state(state))
    return "".join(readout), figure


def pathway_widget() -> w.VBox:
    """Choose a drug, block steps and switch hypotheses; see the pathway and the experiments."""
    drug = w.Dropdown(options=[("Ketamine", "ketamine"), ("Esketamine", "esketamine"),
                               ("(2R,6R)-HNK instead of ketamine", "hnk"), ("No drug", "none")],
                      value="ketamine", description="Drug given", style=_WIDE)
    blocks = {key: w.Checkbox(value=False, description=label, indent=False,
                              layout=w.Layout(width="auto"))
              for key, (_, label) in pathway.INTERVENTIONS.items()}
    eef2 = w.Checkbox(value=False, description="Hypothesis: eEF2 route to BDNF (Autry 2011)",
                      indent=False, layout=w.Layout(width="auto"))
    opioid = w.Checkbox(value=False,
                        description="Hypothesis: effect needs opioid signalling (Williams 2018)",
                        indent=False, layout=w.Layout(width="auto"))

    def view() -> tuple[str, str]:
        chosen = tuple(key for key, box in blocks.items() if box.value)
        return pathway_view(drug.value, chosen, eef2.value, opioid.value)

    return _wire([drug, *blocks.values(), eef2, opioid], view)


def evidence_map_view(species: str) -> tuple[str, str]:
    """Return the readout and the diagram colouring each step by who it was tested in."""
    found = pathway.evidence_by_step(species)
    styles = {}
    for key, kinds in found.items():
        if "human" in kinds:
            styles[key] = "human"
        elif kinds:
            styles[key] = "animal"
        else:
            styles[key] = "inactive"
    steps = [key for key, step in pathway.STEPS.items() if step.inputs]
    tested = [key for key in steps if styles[key] != "inactive"]
    human = [key for key in steps if styles[key] == "human"]
    names = {"any": "humans or animals", "human": "humans", "animal": "animals"}
    labels = ", ".join(pathway.STEPS[key].label.replace("\n", " ") for key in tested) or "none"
    readout = (f"<p class='readout'>Steps with direct evidence from {names[species]}: "
               f"<strong>{len(tested)} of {len(steps)}</strong> ({labels}). "
               f"Of these, tested in humans: <strong>{len(human)}</strong>.</p>")
    fig = pathway.pathway_figure(
        styles, f"Where the evidence for each step comes from ({names[species]})",
        legend={"human": "tested in humans", "animal": "tested in animals only",
                "inactive": "no direct test in the course's dataset"},
        reuse="evidence map",
    )
    alt = (f"Pathway diagram with each step coloured by evidence from {names[species]}. "
           f"{len(tested)} of {len(steps)} steps have a direct test: {labels}.")
    return readout, plots.figure_html(fig, alt, caption="Source: data/mechanism_experiments.csv.")


def evidence_map_widget() -> w.VBox:
    """Show which pathway steps were tested in humans, in animals, or in either."""
    species = w.ToggleButtons(options=[("Humans or animals", "any"), ("Humans only", "human"),
                                       ("Animals only", "animal")],
                              value="any", description="Evidence from", style=_WIDE)
    return _wire([species], lambda: evidence_map_view(species.value))

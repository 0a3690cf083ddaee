"""Every readout that restates what its figure draws says the same as the figure (issue 16).

Each test draws the figure, reads the numbers off what matplotlib drew (line vertices,
bar widths, marker counts), and compares them with the readout shown beside it.
"""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from ketamine_course.core import evidence, plots
from ketamine_course.lessons import l00_start_here as start_here
from ketamine_course.lessons import l01_monoamine as monoamine
from ketamine_course.lessons import l01_monoamine_widgets as monoamine_widgets
from ketamine_course.lessons import l02_nmda_mtorc1 as pathway
from ketamine_course.lessons import l02_nmda_mtorc1_widgets as pathway_widgets
from ketamine_course.lessons import l05_misuse_harm as harms
from ketamine_course.lessons import l05_misuse_harm_widgets as harm_widgets
from ketamine_course.lessons import l06_reading_seeds as seeds
from ketamine_course.lessons import l06_reading_seeds_widgets as seed_widgets

SERIES = tuple(monoamine.series_labels())


def _value_on_drawn_line(ax: plt.Axes, colour: str, hours: float) -> float | None:
    """Read the dashed line of ``colour`` at ``hours`` as drawn: straight in display space."""
    for line in ax.lines:
        if line.get_linestyle() == "--" and line.get_color() == colour:
            points = ax.transData.transform(np.column_stack(line.get_data()))
            x = ax.transData.transform((hours, 0))[0]
            if points[0, 0] - 0.01 <= x <= points[-1, 0] + 0.01:
                y_pixels = np.interp(x, points[:, 0], points[:, 1])
                return float(ax.transData.inverted().transform((x, y_pixels))[1])
    return None


@pytest.mark.parametrize(("label", "hours"), monoamine.TIME_POINTS)
def test_lesson_01_time_course_readout_is_what_the_line_shows(label, hours):
    """Issue 16: at 1 day the readout said 0% for citalopram; the line showed about 26%."""
    fig = monoamine.time_course_figure(SERIES, hours)
    fig.canvas.draw()
    ax = fig.axes[0]
    readout, _ = monoamine.time_course_view(label, SERIES)
    for key in SERIES:
        found = monoamine.value_at(key, hours)
        drawn = _value_on_drawn_line(ax, monoamine.SERIES_STYLE[key][0], hours)
        if found["percent"] is None:
            assert drawn is None, (key, label)
            continue
        assert drawn == pytest.approx(found["percent"], abs=0.05), (key, label)
        assert f"{found['percent']:.0f}%" in readout
    plt.close(fig)


def test_lesson_00_readout_counts_the_filled_icons():
    for percent, ratio in ((10, 2.0), (5, 1.5), (33, 3.0), (50, 1.0)):
        readout, _ = start_here.risk_demo_view(percent / 100, ratio)
        fig = plots_icon_array(percent, ratio)
        filled = [len(ax.collections[0].get_offsets()) for ax in fig.axes]
        shown = [float(n) for n in re.findall(r"<strong>([\d.]+) in 100</strong>", readout)]
        treated = min(100, percent * ratio)
        assert shown == [pytest.approx(percent), pytest.approx(treated, abs=0.05)]
        assert filled == [round(percent), plots.drawn_people(treated)]  # whole people
        plt.close(fig)


def test_lesson_00_readout_and_grid_agree_on_every_setting():
    """A readout of 26.4 in 100 beside a grid of 26 people says that the grid is rounded."""
    for percent in (3, 5, 12, 33):  # a third of a grid at most; ratios 1.0 to 3.0
        top = start_here.max_risk_ratio(percent / 100)
        for tenths in range(10, round(top * 10) + 1):
            readout, figure = start_here.risk_demo_view(percent / 100, tenths / 10)
            treated = re.search(r"<strong>([\d.]+) in 100</strong> with it", readout).group(1)
            drawn = plots.drawn_people(percent * tenths / 10)
            if treated != str(drawn):
                assert f"so {treated} is drawn as {drawn}." in readout, (percent, tenths)
            assert f"with treatment {drawn} are" in figure, (percent, tenths)


def plots_icon_array(percent: float, ratio: float):
    """The icon arrays the risk demo draws for a baseline and a risk ratio."""
    return plots.icon_array_figure({"Without treatment": percent,
                                    "With treatment": min(100, percent * ratio)}, "Icons")


def test_lesson_01_ppv_readout_counts_are_the_bars():
    readout, _ = monoamine_widgets.ppv_view(10, 80, 0.05, 0)
    counts = evidence.findings_breakdown(0.1, 0.8, 0.05, 0.0)
    assert f"<strong>{counts['true_positive']:.0f}</strong> are true" in readout
    assert f"<strong>{counts['false_positive']:.0f}</strong> are false" in readout


@pytest.mark.parametrize("species", ["any", "human", "animal"])
def test_lesson_02_evidence_map_readout_is_not_a_tautology_and_hides_no_human_test(species):
    readout, _ = pathway_widgets.evidence_map_view(species)
    text = re.sub(r"<[^>]+>", "", readout)
    human = [key for key, kinds in pathway.evidence_by_step("human").items() if kinds]
    assert "Of these, tested in humans" not in text
    for key in human:  # every step tested in people is named as such, whatever the filter
        if species != "animal" or pathway.evidence_by_step("animal")[key]:
            assert pathway.STEPS[key].label.replace("\n", " ") in text
    if species == "animal":
        assert "also tested in people: 1 (mTORC1 signalling)" in text


def test_lesson_02_evidence_map_counts_are_the_coloured_boxes():
    steps = [key for key, step in pathway.STEPS.items() if step.inputs]
    tested = [key for key in steps if pathway.evidence_by_step("any")[key]]
    readout, _ = pathway_widgets.evidence_map_view("any")
    assert f"<strong>{len(tested)} of {len(steps)}</strong>" in readout


@pytest.mark.parametrize("outcome", [harms.ALL, *harms.OUTCOMES])
@pytest.mark.parametrize("kind", [harms.ALL, *harms.EVIDENCE_KINDS])
def test_lesson_05_harms_chart_draws_in_full_what_the_filters_choose(outcome, kind):
    """Issue 16: the chart ignored the "Kind of evidence" filter."""
    fig = harms.evidence_figure(outcome, kind)
    full = sum(bar.get_width() for bar in fig.axes[0].patches if bar.get_facecolor()[3] == 1.0)
    rows = harms.filter_harms(outcome, kind)
    assert full == len(rows)
    readout, _ = harm_widgets.harms_view(outcome, kind)
    if len(rows):
        assert f"<strong>{len(rows)} finding" in readout
    plt.close(fig)


def test_lesson_05_prevalence_readout_names_every_peak_the_chart_shows():
    """Issue 16: first and last figures hid the 3.8% peak among 16-24s in England and Wales."""
    rows = harms.filter_prevalence()
    text = harms.describe_prevalence(rows)
    for (country, group), series in rows.groupby(["country", "age_group"]):
        assert f"{series['percent'].max():g}%" in text, (country, group)
        assert f"{series['percent'].min():g}%" in text, (country, group)
    assert "16-24: 1.9% in 2008/09, highest 3.8% in 2022/23, 2.9% in 2023/24" in text
    fig = harms.prevalence_figure(rows, "All")
    drawn = sorted(y for line in fig.axes[0].lines for y in line.get_ydata())
    assert drawn == sorted(rows["percent"])
    plt.close(fig)


@pytest.mark.parametrize("seed_file", [None, *seeds.SEED_FILES])
def test_lesson_06_summary_readout_totals_are_the_bars(seed_file):
    readout, _ = seed_widgets.summary_figure_html(seed_file)
    counts = seeds.summary_counts(seed_file)
    total = int(counts.to_numpy().sum())
    false = int(counts.reindex(columns=["overstated", "outdated", "contradicted",
                                        "unsupported"], fill_value=0).to_numpy().sum())
    garbled = int(counts.reindex(columns=["garbled"], fill_value=0).to_numpy().sum())
    # garbled (damaged wording) is counted apart from false (contradicted, overstated, ...)
    assert f"{total} sentences" in readout
    assert f"<strong>{false}</strong> contradicted, overstated or outdated" in readout
    assert f"<strong>{garbled}</strong> garbled" in readout

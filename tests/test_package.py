"""Unit tests of the course package: evidence arithmetic, figures, map, help.

The questions are tested in test_questions.py, the exercises in test_practice.py.
"""

import math

import matplotlib.pyplot as plt
import pytest
from helpers import COURSE, laid_out
from ketamine_course.core import plots, support, syllabus, wiring
from ketamine_course.core.evidence import absolute_from_relative
from ketamine_course.lessons import l00_start_here as start_here

# --- evidence ------------------------------------------------------------------------------


def test_doubling_a_five_percent_risk():
    effect = absolute_from_relative(0.05, 2.0)
    assert effect["treated_risk"] == pytest.approx(0.10)
    assert effect["per_100"] == pytest.approx(5.0)
    assert effect["nnt"] == pytest.approx(20.0)


def test_same_ratio_different_baseline_gives_different_absolute_effect():
    low, high = absolute_from_relative(0.05, 2.0), absolute_from_relative(0.30, 2.0)
    assert high["per_100"] == pytest.approx(6 * low["per_100"])


def test_no_difference_means_infinite_nnt():
    assert math.isinf(absolute_from_relative(0.2, 1.0)["nnt"])


def test_a_protective_ratio_gives_a_negative_difference():
    effect = absolute_from_relative(0.2, 0.5)
    assert effect["risk_difference"] == pytest.approx(-0.1)
    assert effect["nnt"] == pytest.approx(-10.0)


@pytest.mark.parametrize(
    ("risk", "ratio", "message"),
    [
        (1.5, 2.0, "between 0 and 1"),
        (-0.1, 2.0, "between 0 and 1"),
        (float("nan"), 2.0, "between 0 and 1"),
        ("0.1", 2.0, "between 0 and 1"),
        (0.1, 0.0, "positive"),
        (0.1, -2.0, "positive"),
        (0.1, float("inf"), "positive"),
        (0.1, "2", "positive"),
        (0.6, 2.0, "above 1"),
    ],
)
def test_absolute_from_relative_rejects_impossible_inputs(risk, ratio, message):
    with pytest.raises(ValueError, match=message):
        absolute_from_relative(risk, ratio)


# --- figures --------------------------------------------------------------------------------


def test_new_figure_requires_labels():
    with pytest.raises(ValueError, match="xlabel"):
        plots.new_figure("Title", "", "y (units)")


def test_figure_html_has_alt_text_and_caption():
    fig, ax = plots.new_figure("A line", "Time (h)", "Level (ng/mL)")
    ax.plot([0, 1], [0, 1])
    html = plots.figure_html(fig, "A straight line rising from 0 to 1.", caption="Made up.")
    assert 'alt="A straight line rising from 0 to 1."' in html
    assert "<figcaption" in html and "Made up." in html
    assert html.count("data:image/svg+xml;base64,") == 1


def test_figure_html_refuses_unlabelled_figures_and_thin_alt_text():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    with pytest.raises(ValueError, match="no title"):
        plots.figure_html(fig, "A line that rises from left to right.")
    fig, _ = plots.new_figure("T", "x (s)", "y (m)")
    with pytest.raises(ValueError, match="Alt text"):
        plots.figure_html(fig, "plot")


def test_palette_is_okabe_ito():
    assert plots.PALETTE[0] == "#0072B2" and len(set(plots.PALETTE)) == 8


def test_icon_array_counts_and_validation():
    fig = plots.icon_array_figure({"A": 10, "B": 20}, "Two groups")
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["A: 10 in 100", "B: 20 in 100"]
    plt.close(fig)
    with pytest.raises(ValueError, match="0 to 100"):
        plots.icon_array_figure({"A": 120}, "Too many")
    with pytest.raises(ValueError, match="at least one group"):
        plots.icon_array_figure({}, "None")


# --- widgets --------------------------------------------------------------------------------


def test_risk_demo_view_reads_out_the_absolute_effect():
    readout, figure = start_here.risk_demo_view(0.10, 2.0)
    assert "<strong>20 in 100</strong> with it" in readout and "10 more people in 100" in readout
    assert "1 more person in 100" in start_here.risk_demo_view(0.10, 1.1)[0]
    assert "2.5 more people in 100" in start_here.risk_demo_view(0.05, 1.5)[0]
    assert "Number needed to treat for one more to benefit: <strong>10</strong>" in readout
    assert 'alt="Two grids of 100 people.' in figure


def test_risk_widget_updates_readout_when_sliders_move():
    box = start_here.risk_widget()
    controls, (readout, _) = laid_out(box)
    baseline, ratio = controls["Chance without treatment (%)"], controls["Risk ratio (× chance)"]
    assert "10 more people in 100" in readout.value
    baseline.value = 30
    assert "30 more people in 100" in readout.value
    baseline.value = 50
    assert ratio.max == pytest.approx(2.0) and ratio.value <= 2.0


@pytest.mark.parametrize(("risk", "ceiling"), [(0.1, 3.0), (0.4, 2.5), (0.5, 2.0), (0.34, 2.9)])
def test_max_risk_ratio(risk, ceiling):
    assert start_here.max_risk_ratio(risk) == pytest.approx(ceiling)


def test_max_risk_ratio_rejects_zero():
    with pytest.raises(ValueError, match="above 0"):
        start_here.max_risk_ratio(0)


# --- course map and help ---------------------------------------------------------------------


def test_every_lesson_notebook_is_on_the_map():
    on_map = {unit.notebook for unit in syllabus.LESSONS}
    present = {path.name for path in COURSE.glob("[0-9][0-9]_*.ipynb")}
    assert present <= on_map, f"lessons missing from syllabus.LESSONS: {present - on_map}"


def test_course_map_links_only_existing_lessons(tmp_path):
    (tmp_path / "00_start_here.ipynb").write_text("{}")
    table = syllabus.course_map_markdown(course_dir=tmp_path)
    assert "[Start here](00_start_here.ipynb)" in table
    assert "The monoamine hypothesis *(being written)*" in table
    assert table.count("\n") == len(syllabus.LESSONS) + len(syllabus.ASSIGNMENTS) + 2


def test_help_covers_uk_us_and_australia_crisis_and_drug_services():
    services = support.support_services()
    for country in ("United Kingdom", "United States", "Australia"):
        rows = support.support_services(country)
        assert len(rows) >= 2, f"{country} needs a crisis line and a drug service"
    names = " ".join(services["service"])
    for name in ("Samaritans", "FRANK", "988", "SAMHSA", "Lifeline", "Alcohol and Other Drug"):
        assert name in names
    html = support.help_box_html()
    assert "Not medical advice" in html and "116 123" in html and "13 11 14" in html


def test_help_box_shows_when_each_service_was_last_checked():
    services = support.support_services()
    assert services["last_checked"].notna().all(), "every service needs a last-checked date"
    html = support.help_box_html()
    assert "Last checked" in html
    for row in services.itertuples():
        assert f'nowrap">{row.last_checked}</td>' in html, row.service


def test_help_box_keeps_each_phone_number_on_one_line():
    html = support.help_box_html()
    for number in ("116 123", "0300 123 6600", "1-800-662-4357", "13 11 14", "1800 250 015"):
        assert f'<span style="white-space:nowrap">{number}</span>' in html, number


def test_no_service_that_charges_for_calls_is_called_free():
    frank = support.support_services("United Kingdom").set_index("service").loc["FRANK"]
    assert "free" not in frank["contact"].lower() and "costs" in frank["contact"]


def test_support_services_rejects_unknown_country():
    with pytest.raises(ValueError, match="countries: "):
        support.support_services("Atlantis")


def test_figure_html_refuses_something_that_is_not_a_figure():
    with pytest.raises(ValueError, match="matplotlib Figure"):
        plots.figure_html("figure", "A description that is long enough.")


def test_wire_fills_outputs_at_once_and_on_change():
    import ipywidgets as w

    slider = w.IntSlider(value=1)
    readout, figure = wiring.wire([slider], lambda: (f"value {slider.value}", "fig"))
    assert readout.value == "value 1" and figure.value == "fig"
    slider.value = 3
    assert readout.value == "value 3"


def test_every_assignment_is_prepared_by_lessons_and_linked():
    from ketamine_course.core import syllabus

    codes = [unit.code for unit in syllabus.LESSONS]
    ending = {}
    for unit in syllabus.ASSIGNMENTS:
        assert unit.prepared_by and set(unit.prepared_by) <= set(codes), unit.code
        release = syllabus.project_root() / "assignments" / "release" / unit.notebook
        assert release.is_file(), release
        ending.setdefault(unit.prepared_by[-1], []).append(unit.code)
        link = f"({syllabus.ASSIGNMENT_LINK_PREFIX}{unit.notebook})"
        assert link in syllabus.course_map_markdown()
    for lesson, assignments in ending.items():
        text = syllabus.next_steps_markdown(lesson)
        assert all(f"[{code}." in text for code in assignments)


def test_next_steps_refuse_an_unknown_lesson():
    from ketamine_course.core import syllabus

    with pytest.raises(ValueError, match="the lessons are 00, 01"):
        syllabus.next_steps_markdown("7")

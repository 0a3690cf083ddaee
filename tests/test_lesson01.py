"""Lesson 01's package functions: PPV, cumulative remission, the timeline, the time courses."""

import math

import matplotlib.pyplot as plt
import pytest
from helpers import laid_out
from ketamine_course.core import evidence
from ketamine_course.core.data import load_table
from ketamine_course.lessons import l01_monoamine as monoamine
from ketamine_course.lessons import l01_monoamine_widgets as monoamine_widgets

# --- positive predictive value (Ioannidis 2005) ------------------------------------------------


def test_ppv_matches_the_closed_form_without_bias():
    prior, power, alpha = 0.1, 0.8, 0.05
    expected = power * prior / (power * prior + alpha * (1 - prior))
    assert evidence.positive_predictive_value(prior, power, alpha) == pytest.approx(expected)
    assert expected == pytest.approx(0.64)


def test_ppv_with_bias_matches_ioannidis_formula():
    prior, power, alpha, u = 0.2, 0.5, 0.05, 0.3
    odds, beta = prior / (1 - prior), 1 - power
    ioannidis = ((1 - beta) * odds + u * beta * odds) / (
        odds + alpha - beta * odds + u - u * alpha + u * beta * odds
    )
    assert evidence.positive_predictive_value(prior, power, alpha, u) == pytest.approx(ioannidis)


def test_breakdown_counts_add_up_and_bias_lowers_ppv():
    counts = evidence.findings_breakdown(0.1, 0.8, 0.05, 0.2)
    total = sum(counts[k] for k in ("true_positive", "false_positive", "false_negative",
                                    "true_negative"))
    assert total == pytest.approx(1000)
    assert counts["ppv"] < evidence.positive_predictive_value(0.1, 0.8, 0.05)


def test_lower_power_means_lower_ppv():
    assert evidence.positive_predictive_value(0.1, 0.2, 0.05) == pytest.approx(0.3077, abs=1e-4)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"prior": 0}, "prior"), ({"prior": 1}, "prior"), ({"power": 1.2}, "power"),
     ({"alpha": 0}, "alpha"), ({"bias": -0.1}, "bias"), ({"bias": 1}, "bias"),
     ({"n_hypotheses": 0}, "n_hypotheses"), ({"n_hypotheses": 2.5}, "n_hypotheses")],
)
def test_breakdown_rejects_bad_input(kwargs, message):
    arguments = {"prior": 0.1, "power": 0.8, "alpha": 0.05} | kwargs
    with pytest.raises(ValueError, match=message):
        evidence.findings_breakdown(**arguments)


# --- cumulative remission (STAR*D) -------------------------------------------------------------


def test_cumulative_remission_reproduces_stard_67_percent():
    steps = load_table("stard_steps.csv")
    assert list(steps["remission_pct"]) == [36.8, 30.6, 13.7, 13.0]
    share = evidence.cumulative_remission(list(steps["remission_pct"] / 100))
    assert round(share, 2) == 0.67


@pytest.mark.parametrize("rates", [[], "0.3", [0.3, 1.5], [float("nan")]])
def test_cumulative_remission_rejects_bad_rates(rates):
    with pytest.raises(ValueError):
        evidence.cumulative_remission(rates)


def test_cumulative_remission_edge_cases():
    assert evidence.cumulative_remission([0.0, 0.0]) == 0
    assert evidence.cumulative_remission([1.0, 0.2]) == 1


# --- timeline ------------------------------------------------------------------------------


def test_timeline_has_the_milestones_the_lesson_teaches():
    timeline = monoamine.load_timeline()
    years = dict(zip(timeline["event"].str[:25], timeline["date"].astype(str).str[:4],
                     strict=True))
    assert timeline["year"].is_monotonic_increasing
    for year in ("1954", "1957", "1965", "1967", "1970", "2000", "2019"):
        assert year in years.values()
    assert {"monoamine", "ketamine"} == set(timeline["strand"])


def test_timeline_figure_validates_strands():
    fig = monoamine.timeline_figure(("ketamine",))
    assert fig.axes[0].get_title().startswith("From reserpine")
    plt.close(fig)
    with pytest.raises(ValueError, match="strands"):
        monoamine.timeline_figure(("serotonin",))


# --- time courses --------------------------------------------------------------------------


def test_published_points_are_returned_as_published():
    assert monoamine.value_at("ketamine_zarate", 24) == {
        "percent": 71.0, "status": "published", "note": "Zarate 2006, response"}
    assert monoamine.value_at("citalopram_stard", 2352)["percent"] == 47.0
    assert monoamine.value_at("midazolam_murrough", 24)["percent"] == 28.0


def test_values_between_points_are_labelled_interpolated():
    found = monoamine.value_at("citalopram_stard", 1176)
    assert found["status"] == "interpolated"
    # straight on the figure's symmetric-log axis (linear to 1 h, then log10), from 0% at the
    # start to 47% at 2,352 h: the linear part is 1/(1 - 1/10) decades long
    linear_part = 1 / (1 - 1 / 10)
    share = (linear_part + math.log10(1176)) / (linear_part + math.log10(2352))
    assert found["percent"] == pytest.approx(47 * share)
    assert "read off the dashed line between the start and 14 weeks" in found["note"]


def test_citalopram_at_one_day_reads_what_the_line_shows():
    """Issue 16: the readout said 0% at 1 day where the plotted line shows about 26%."""
    assert round(monoamine.value_at("citalopram_stard", 24)["percent"]) == 26


def test_no_value_outside_the_data():
    assert monoamine.value_at("ketamine_zarate", 1344)["status"] == "no data"
    assert monoamine.value_at("ketamine_murrough", 2)["percent"] is None


@pytest.mark.parametrize(("series", "time_h"), [("placebo", 24), ("ketamine_zarate", -1),
                                                ("ketamine_zarate", "1 day")])
def test_value_at_rejects_bad_input(series, time_h):
    with pytest.raises(ValueError):
        monoamine.value_at(series, time_h)


def test_time_course_view_reads_out_the_chosen_time():
    readout, figure = monoamine.time_course_view("1 week", ("ketamine_zarate",))
    assert "At <strong>1 week</strong>" in readout and "<strong>35%</strong>" in readout
    assert "alt=" in figure
    with pytest.raises(ValueError, match="choose one of"):
        monoamine.time_course_view("5 weeks", ("ketamine_zarate",))
    assert "Tick at least one" in monoamine.time_course_view("1 day", ())[0]


def test_time_course_widget_follows_the_slider():
    controls, (readout, _) = laid_out(monoamine_widgets.time_course_widget())
    slider = controls["Time since treatment started"]
    assert "At <strong>1 day</strong>" in readout.value
    slider.value = "14 weeks"
    assert "At <strong>14 weeks</strong>" in readout.value and "47%" in readout.value


def test_ppv_widget_follows_its_controls():
    controls, (readout, _) = laid_out(monoamine_widgets.ppv_widget())
    prior, power = controls["True hypotheses (%)"], controls["Power (%)"]
    assert "(PPV): <strong>64%</strong>" in readout.value
    power.value = 20
    assert "(PPV): <strong>31%</strong>" in readout.value
    prior.value = 50
    assert "50% true" in readout.value

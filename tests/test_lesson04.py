"""Lesson 04: the biomarker studies, the simulated biomarker search, the tryptophan pathway."""

import math

import numpy as np
import pandas as pd
import pytest
from helpers import laid_out
from ketamine_course.core.data import load_table
from ketamine_course.lessons import l04_metabolism_inflammation as biomarkers
from ketamine_course.lessons import l04_metabolism_inflammation_widgets as biomarker_widgets
from scipy import stats

# --- the simulation's statistics --------------------------------------------------------------


@pytest.mark.parametrize("n_patients", [10, 16, 40, 230, 1000])
def test_critical_r_matches_the_exact_t_test(n_patients):
    t = stats.t.ppf(0.975, n_patients - 2)
    exact = t / math.sqrt(n_patients - 2 + t * t)
    assert biomarkers.critical_r(n_patients) == pytest.approx(exact, abs=0.005)


def test_critical_r_falls_as_samples_grow_and_as_alpha_loosens():
    assert biomarkers.critical_r(16) > biomarkers.critical_r(80) > biomarkers.critical_r(230)
    assert biomarkers.critical_r(40, 0.005) > biomarkers.critical_r(40, 0.05)


def test_chance_of_any_false_positive_with_twenty_markers_is_about_two_in_three():
    assert biomarkers.chance_of_any_false_positive(20) == pytest.approx(0.6415, abs=1e-4)
    assert biomarkers.chance_of_any_false_positive(1, 0.05) == pytest.approx(0.05)


def test_same_seed_same_result_and_different_seed_different_result():
    first = biomarkers.simulate_search(30, 40, seed=7)
    again = biomarkers.simulate_search(30, 40, seed=7)
    other = biomarkers.simulate_search(30, 40, seed=8)
    np.testing.assert_array_equal(first.r_discovery, again.r_discovery)
    np.testing.assert_array_equal(first.r_replication, again.r_replication)
    assert not np.array_equal(first.r_discovery, other.r_discovery)


def test_correlations_are_correlations():
    result = biomarkers.simulate_search(200, 25, seed=1)
    assert result.r_discovery.shape == result.r_replication.shape == (200,)
    assert np.all(np.abs(result.r_discovery) <= 1)
    # The vectorised formula agrees with numpy's own correlation for one marker.
    rng = np.random.default_rng(1)
    response, markers = rng.standard_normal(25), rng.standard_normal((25, 200))
    assert result.r_discovery[3] == pytest.approx(np.corrcoef(markers[:, 3], response)[0, 1])


@pytest.mark.parametrize("alpha", [0.05, 0.01])
def test_false_positive_rate_is_near_alpha_over_many_seeds(alpha):
    average = biomarkers.average_over_seeds(100, 30, range(300), alpha=alpha)
    # 30,000 null tests: the standard error of the rate is below 0.0013 at alpha 0.05.
    assert average["false_positive_rate"] == pytest.approx(alpha, abs=4 * math.sqrt(
        alpha * (1 - alpha) / 30_000) + 0.002)


def test_share_of_searches_with_any_winner_matches_the_formula():
    average = biomarkers.average_over_seeds(20, 40, range(400))
    assert average["share_with_any"] == pytest.approx(
        biomarkers.chance_of_any_false_positive(20), abs=0.07)


def test_winners_are_inflated_and_more_so_in_absolute_terms_in_small_studies():
    small = biomarkers.average_over_seeds(50, 16, range(200))
    large = biomarkers.average_over_seeds(50, 230, range(200))
    assert small["inflation"] > 1 and large["inflation"] > 1
    # For a useless marker the winners' |r| is about 2.9 times the noise level at any size
    # (E[|z| given |z| > 1.96] / E|z| for a normal z) ...
    assert 2.4 < small["inflation"] < 3.4 and 2.4 < large["inflation"] < 3.4
    # ... but what a small study reports is far larger.
    assert small["winners_mean_abs_r"] > 0.5 > 0.2 > large["winners_mean_abs_r"]


def test_winners_rarely_replicate():
    runs = [biomarkers.simulate_search(100, 40, seed=seed) for seed in range(100)]
    winners = sum(run.n_significant for run in runs)
    replicated = sum(run.n_replicated for run in runs)
    assert winners > 300
    assert replicated / winners < 0.06  # about alpha / 2: significant again, same direction


def test_every_winner_lies_above_the_critical_r_and_no_loser_does():
    result = biomarkers.simulate_search(500, 60, seed=3)
    significant = np.abs(result.r_discovery) > result.r_critical
    np.testing.assert_array_equal(result.significant, significant)
    assert result.n_significant == int(significant.sum())
    assert result.false_positive_rate == result.n_significant / 500


def test_a_search_without_winners_reports_nan_not_an_error():
    result = next(r for seed in range(50)
                  if (r := biomarkers.simulate_search(1, 20, seed=seed)).n_significant == 0)
    assert math.isnan(result.inflation) and math.isnan(result.winners_mean_abs_r)
    assert "0 came out 'significant'" in biomarkers.describe_search(result)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_markers": 0}, "n_markers must be a whole number from 1 to 1000"),
    ({"n_markers": 2.5}, "n_markers must be a whole number"),
    ({"n_markers": True}, "n_markers must be a whole number"),
    ({"n_patients": 3}, "n_patients must be a whole number from 10 to 1000"),
    ({"n_patients": 5000}, "n_patients must be a whole number from 10 to 1000"),
    ({"alpha": 0}, "alpha must be a number above 0 and below 0.5"),
    ({"alpha": 0.7}, "alpha must be a number above 0 and below 0.5"),
    ({"alpha": "0.05"}, "alpha must be a number"),
    ({"seed": -1}, "seed must be a whole number, 0 or more"),
])
def test_simulate_search_rejects_bad_input(kwargs, message):
    arguments = {"n_markers": 10, "n_patients": 20, "alpha": 0.05, "seed": 0} | kwargs
    with pytest.raises(ValueError, match=message):
        biomarkers.simulate_search(arguments.pop("n_markers"), arguments.pop("n_patients"),
                                   **arguments)


def test_other_functions_reject_bad_input():
    with pytest.raises(ValueError, match="n_patients"):
        biomarkers.critical_r(2)
    with pytest.raises(ValueError, match="alpha"):
        biomarkers.chance_of_any_false_positive(10, alpha=1.0)
    with pytest.raises(ValueError, match="seeds must hold at least one seed"):
        biomarkers.average_over_seeds(10, 20, range(0))


# --- the studies --------------------------------------------------------------------------------


def test_every_study_row_has_a_known_result_and_category():
    studies = biomarkers.load_studies()
    assert set(studies["result"]) <= set(biomarkers.RESULT_STYLE) | {"review"}
    assert studies.loc[studies["result"] == "review", "n"].isna().all()
    assert studies.loc[studies["result"] != "review", "n"].notna().all()


def test_the_bmi_story_is_in_the_data_as_taught():
    studies = biomarkers.load_studies()
    bmi = studies[studies["marker"].str.startswith("body mass index")].set_index("study")
    assert bmi.loc["Niciu 2014", "n"] == 108 and bmi.loc["Freeman 2020", "n"] == 80
    assert bmi.loc["Lipsitz 2020", "n"] == 230
    assert bmi.loc["Lipsitz 2020", "result"] == "no association"
    assert bmi["n"].idxmax() == "Lipsitz 2020", "the largest study is the one that found nothing"


def test_study_sizes_marked_on_the_simulation_are_the_response_analyses():
    sizes = biomarkers.studies_with_n()
    assert sizes == {"Niciu 2014": 108, "Freeman 2020": 80, "Lipsitz 2020": 230,
                     "Machado-Vieira 2017": 80, "Yang 2015": 16, "Kiraly 2017": 33}


def test_studies_figure_and_description_filter_by_category():
    fig = biomarkers.studies_figure("microglia (TSPO)")
    assert len(fig.axes[0].get_yticklabels()) == 2
    text = biomarkers.describe_studies("microglia (TSPO)")
    assert "Setiawan 2015, n = 40" in text and "Richards 2018, n = 48" in text
    with pytest.raises(ValueError, match="Unknown category 'bmi'; allowed: all, adipokines"):
        biomarkers.studies_figure("bmi")


def test_studies_figure_refuses_a_category_without_sample_sizes():
    table = pd.DataFrame({"study": ["A 2020"], "marker": ["x"], "category": ["review only"],
                          "result": ["review"], "n": [float("nan")]})
    with pytest.raises(ValueError, match="reports a sample size"):
        biomarkers.studies_figure("review only", table)


# --- the tryptophan pathway --------------------------------------------------------------------


def test_pathway_layout_puts_branches_apart_and_steps_in_order():
    places = biomarkers.pathway_layout()
    assert places["tryptophan"] == (0.0, 0.0)
    assert places["serotonin"][0] == places["kynurenic acid"][0] == 2
    assert places["serotonin"][1] > places["kynurenine"][1] > places["kynurenic acid"][1]
    assert places["quinolinic acid"][0] == 4 and places["NAD+"][0] == 5


def test_pathway_data_record_what_kadriu_measured():
    steps = load_table("tryptophan_pathway.csv").set_index("to_metabolite")
    assert steps.loc["kynurenine", "product_after_ketamine"] == "rose"
    assert steps.loc["kynurenic acid", "product_after_ketamine"] == "rose"
    assert steps.loc["quinolinic acid", "product_after_ketamine"] == "no change"
    assert steps.loc["kynurenine", "enzyme_after_ketamine"] == "fell"
    allowed = set(biomarkers.CHANGE_STYLE)
    assert set(steps["product_after_ketamine"]) | set(steps["enzyme_after_ketamine"]) <= allowed
    assert set(steps["branch"]) <= set(biomarkers.BRANCH_ROWS)


@pytest.mark.parametrize(("steps", "message"), [
    ({"from_metabolite": ["a", "b"], "to_metabolite": ["b", "b"]}, "exactly one step"),
    ({"from_metabolite": ["a", "c"], "to_metabolite": ["b", "d"]}, "exactly one starting"),
    ({"from_metabolite": ["a", "c", "d"], "to_metabolite": ["b", "d", "c"]}, "cannot be reached"),
])
def test_pathway_layout_rejects_broken_pathways(steps, message):
    table = pd.DataFrame(steps | {"branch": ["kynurenine"] * len(steps["to_metabolite"])})
    with pytest.raises(ValueError, match=message):
        biomarkers.pathway_layout(table)


def test_pathway_figure_and_description_follow_the_highlight():
    assert "kynurenine rose" in biomarkers.describe_pathway("after ketamine")
    assert "enzyme IDO/TDO fell" in biomarkers.describe_pathway("after ketamine")
    assert "the serotonin branch: 5-hydroxytryptophan, serotonin" in \
        biomarkers.describe_pathway("serotonin")
    fig = biomarkers.tryptophan_figure("quinolinic acid")
    assert fig.axes[0].get_title().startswith("Tryptophan")
    for function in (biomarkers.tryptophan_figure, biomarkers.describe_pathway):
        with pytest.raises(ValueError, match="Unknown highlight 'IDO'; allowed: none, serotonin"):
            function("IDO")


# --- the widgets' views -------------------------------------------------------------------------


def test_search_view_reads_out_the_simulation_and_draws_it():
    readout, figure = biomarker_widgets.biomarker_search_view(50, 16, 0.05, 2)
    result = biomarkers.simulate_search(50, 16, seed=2)
    assert f"{result.n_significant} came out" in readout
    assert "<img" in figure and "Yang 2015 16" in figure and "Lipsitz 2020 230" in figure


def test_search_view_passes_on_bad_input():
    with pytest.raises(ValueError, match="n_patients"):
        biomarker_widgets.biomarker_search_view(10, 5, 0.05, 0)


def test_studies_and_pathway_views_list_the_rows_they_show():
    table, figure = biomarker_widgets.studies_view("body weight")
    assert table.count("<tr>") == 1 + 3 and "Lipsitz 2020" in table and "<img" in figure
    table, _ = biomarker_widgets.tryptophan_view("after ketamine")
    assert table.count("<tr>") == 1 + 3
    table, _ = biomarker_widgets.tryptophan_view("none")
    assert table.count("<tr>") == 1 + 8


def test_search_widget_redraws_when_a_slider_moves():
    controls, (readout, _) = laid_out(biomarker_widgets.biomarker_search_widget())
    markers, patients = controls["Markers tested"], controls["Patients in the study"]
    seed = controls["Run (random seed)"]
    before = readout.value
    patients.value = 230
    assert "230 patients" in readout.value and readout.value != before
    markers.value, seed.value = 1, 5
    assert readout.value.startswith("<p class='readout'>1 marker with no real link")
    assert set(biomarker_widgets.PATIENT_CHOICES) >= set(biomarkers.studies_with_n().values())

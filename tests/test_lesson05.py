"""Lesson 05, misuse and harm: survey prevalence, harms evidence, seed claims and bad input."""

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from helpers import COURSE, laid_out
from ketamine_course.core import plots
from ketamine_course.lessons import l05_misuse_harm as harms
from ketamine_course.lessons import l05_misuse_harm_widgets as harm_widgets


def test_prevalence_covers_three_countries_with_sources():
    table = harms.load_prevalence()
    assert harms.countries() == ["Australia", "England and Wales", "United States"]
    assert table["source"].str.len().min() > 40
    assert table["percent"].between(0, 100).all()
    assert set(table["measure"]) == {"past-year use"}


def test_australian_rise_matches_the_survey_report():
    rows = harms.filter_prevalence("Australia", "14 and over")
    assert list(zip(rows["period"], rows["percent"], strict=True)) == [("2019", 0.9),
                                                                        ("2022-23", 1.4)]


def test_filters_narrow_by_country_age_and_years():
    rows = harms.filter_prevalence("England and Wales", "16-59", (2017, 2018))
    assert list(rows["period"]) == ["2016/17", "2017/18"]
    assert list(rows["percent"]) == [0.4, 0.8]
    assert len(harms.filter_prevalence()) == len(harms.load_prevalence())
    assert harms.age_groups("England and Wales") == ["16-24", "16-59"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: harms.filter_prevalence("France"), "Unknown country 'France'; allowed"),
    (lambda: harms.filter_prevalence("Australia", "16-24"), "Unknown age group '16-24'"),
    (lambda: harms.filter_prevalence("Australia", years=(2020, 2010)), "is empty"),
    (lambda: harms.filter_prevalence("Australia", years=(2009, 2012)), "No survey figures"),
    (lambda: harms.filter_prevalence(years=(2019,)), "two whole years"),
    (lambda: harms.filter_prevalence(years=(2019.5, 2020)), "two whole years"),
    (lambda: harms.age_groups("Mars"), "Unknown country"),
    (lambda: harms.filter_harms("hair loss"), "Unknown outcome 'hair loss'"),
    (lambda: harms.filter_harms(evidence_kind="anecdote"), "Unknown kind of evidence"),
    (lambda: harms.evidence_figure("hair loss"), "Unknown outcome"),
    (lambda: harms.claim("C99"), "Unknown claim 'C99'"),
    (lambda: harms.seed_text("../README.md"), "Unknown seed"),
    (lambda: harm_widgets.claim_view("C01", "fake"), "Unknown verdict 'fake'"),
    (lambda: harms.prevalence_figure(pd.DataFrame(), "t"), "at least one survey row"),
])
def test_bad_input_is_refused_with_what_is_allowed(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_prevalence_figure_is_complete_and_described():
    rows = harms.filter_prevalence("England and Wales")
    fig = harms.prevalence_figure(rows, "Past-year use")
    assert plots.figure_problems(fig) == []
    assert len(fig.axes[0].lines) == 2
    plt.close(fig)
    text = harms.describe_prevalence(rows)
    assert "16-24: 1.9% in 2008/09, highest 3.8% in 2022/23, 2.9% in 2023/24" in text


def test_prevalence_view_shows_an_empty_choice_as_a_message_not_an_error():
    readout, figure = harm_widgets.prevalence_view("Australia", "all", (2009, 2012))
    assert "No survey figures" in readout and figure == ""


def test_prevalence_widget_updates_age_groups_and_figures():
    controls, (_, readout) = laid_out(harm_widgets.prevalence_widget())
    country, group, years = (controls[label] for label in ("Country", "Age group",
                                                             "Survey years"))
    assert "14 survey figures" in readout.value
    country.value = "Australia"
    assert [value for _, value in group.options] == ["all", "14 and over", "20-29", "30-39"]
    group.value = "30-39"
    assert "2 survey figures" in readout.value and "0.5% in 2019" in readout.value
    years.value = (2020, 2024)
    assert "1 survey figure." in readout.value


def test_every_harm_in_the_issue_has_evidence():
    counts = harms.evidence_counts()
    assert list(counts.index) == list(harms.OUTCOMES)
    assert (counts.sum(axis=1) >= 2).all()
    assert set(harms.load_harms()["evidence_kind"]) <= set(harms.EVIDENCE_KINDS)
    assert set(harms.load_harms()["outcome"]) == set(harms.OUTCOMES)


def test_harms_filter_and_widget():
    bladder = harms.filter_harms("bladder damage")
    assert len(bladder) == 4 and "meta-analysis" in set(bladder["evidence_kind"])
    assert harms.filter_harms("rises in blood pressure", "case series").empty
    controls, (_, readout) = laid_out(harm_widgets.harms_widget())
    outcome, kind = controls["Harm"], controls["Kind of evidence"]
    outcome.value = "deaths with other drugs"
    assert "<strong>2 findings</strong>" in readout.value and "Corkery" in readout.value
    kind.value = "meta-analysis"
    assert "No finding" in readout.value


def test_every_seed_quotation_is_verbatim():
    assert harms.quotes_not_in_seeds() == []
    altered = harms.load_marketing_claims().head(1).assign(quote="Ketamine was invented in 1999.")
    assert harms.quotes_not_in_seeds(altered) == ["C01"]


def test_the_required_corrections_are_there():
    claims = harms.load_marketing_claims()
    pcp = claims[claims["quote"].str.contains("alternative to PCP")].iloc[0]
    assert pcp["verdict"] == "wrong" and "1970" in pcp["correction"]
    pressure = claims[claims["quote"].str.contains("blood pressure begins to go down")].iloc[0]
    assert pressure["verdict"] == "wrong" and "raises blood pressure" in pressure["correction"]
    assert set(claims["verdict"]) <= set(harms.VERDICTS)
    assert sum(harms.verdict_counts().values()) == len(claims)


def _lesson_markdown(name: str) -> str:
    cells = json.loads((COURSE / name).read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_sedation_and_loss_of_consciousness_are_two_figures_never_merged():
    acute = harms.load_harms().query("outcome == 'acute risks'")
    label = acute[acute["source"].str.contains("Spravato")].iloc[0]["finding"]
    assert "Sedation in 48-61%" in label and "loss of consciousness in 0.3-0.4%" in label
    assert not acute["finding"].str.contains("Sedation or loss of consciousness").any()
    lesson = " ".join(_lesson_markdown("05_misuse_and_harm.ipynb").split())
    assert "**48–61%** of patients became sedated" in lesson
    assert "**0.3–0.4%** lost consciousness" in lesson
    assert "sedation or loss of consciousness occurred in 0.3" not in lesson


def test_the_course_never_says_ketamine_is_not_a_depressant():
    c04 = harms.load_marketing_claims().set_index("claim_id").loc["C04"]
    assert "does sedate" in c04["correction"]
    assert all(drug in c04["correction"] for drug in ("alcohol", "opioids", "benzodiazepines"))
    assert "misleading: it is a dissociative" not in c04["correction"]
    lesson = " ".join(_lesson_markdown("05_misuse_and_harm.ipynb").split())
    assert 'not because ketamine is a "depressant"' not in lesson
    assert "ketamine does sedate" in lesson


@pytest.mark.parametrize("name", ["05_misuse_and_harm.ipynb", "06_reading_the_seeds.ipynb"])
def test_the_esketamine_restriction_names_sedation_and_dissociation(name):
    lesson = " ".join(_lesson_markdown(name).split())
    rems = [part for part in lesson.split(". ") if "certified" in part and "esketamine" in part]
    assert rems and all("sedation" in part and "dissociation" in part for part in rems), rems


def test_claim_card_hides_the_verdict_until_a_guess():
    card, feedback = harm_widgets.claim_view("C02", None)
    assert "blood pressure begins to go down" in card and feedback == ""
    card, feedback = harm_widgets.claim_view("C02", "accurate")
    assert "evidence says" not in card
    assert "The course differs" in feedback and "<strong>wrong</strong>" in feedback
    doi = "10.1097/ALN.0b013e3181ed09a2"  # the source's DOI is a link
    assert f'<a href="https://doi.org/{doi}"' in harm_widgets.claim_view("C01", "wrong")[1]


def test_claim_widget_checks_and_resets_with_its_feedback_below_the_button():
    box = harm_widgets.claim_widget()
    chosen, card, verdict, button, feedback, _ = box.children
    verdict.value = "wrong"
    button.click()
    assert "Same verdict as the course" in feedback.value
    assert "Same verdict" not in card.value
    chosen.value = "C03"
    assert verdict.value is None and feedback.value == ""


def test_prevalence_labels_never_overlap_whatever_the_choice():
    """Close surveys (0.9%, 0.8% and 0.5% in 2019) had value labels printed over each other."""
    first, last = harms.year_span()
    for country in (harms.ALL, *harms.countries()):
        for group in (harms.ALL, *(harms.age_groups(country) if country != harms.ALL else ())):
            for years in ((first, last), (2015, last), (first, 2019)):
                try:
                    rows = harms.filter_prevalence(country, group, years)
                except ValueError:  # no survey of that group in those years
                    continue
                fig = harms.prevalence_figure(rows, "Past-year use")
                assert plots.overlapping_texts(fig) == [], (country, group, years)

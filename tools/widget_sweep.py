"""Every interactive widget's update, called over a sweep of its controls.

Each entry names a widget (as the lessons create it) and lists the calls its
update makes when a learner moves its controls: the same view function with the
controls' values, so timing a call times what a learner waits for (recompute,
redraw, render to HTML). ``make bench`` times these calls; the tests use them to
check every figure a widget can draw (nothing clipped at the figure's edges).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from ketamine_course import (
    biowidgets,
    harms,
    harmwidgets,
    pathway,
    pkplots,
    quiz,
    seeds,
    seedwidgets,
    timecourse,
    widgets,
)


@dataclass(frozen=True)
class Sweep:
    """One widget: its name, the function that makes it, its lesson, one call per setting."""

    widget: str
    maker: str
    lesson: str
    calls: tuple[Callable[[], object], ...]


def _risk(percent: int, ratio: float) -> object:
    """Do what ``widgets.risk_widget`` does on a change: narrow the ratio slider, redraw."""
    ceiling = widgets.max_risk_ratio(percent / 100)
    return widgets.risk_demo_view(percent / 100, min(ratio, ceiling))


def _question(answer: str | None) -> object:
    """Do what a "pause and predict" button does: check the answer, show the feedback."""
    question = quiz.MultipleChoice(prompt="Which is larger?", options=("A", "B"), answer="B",
                                   explanation="B is larger.")
    return widgets.feedback_html(question.check(answer))


def _calls(function: Callable[..., object], settings: list[tuple]) -> tuple[Callable, ...]:
    """Bind ``function`` to each tuple of control values."""
    return tuple(lambda function=function, args=args: function(*args) for args in settings)


def _subsets(items: tuple[str, ...], limit: int) -> list[tuple[str, ...]]:
    """Non-empty subsets of ``items``, smallest first, at most ``limit`` of them."""
    found = [c for size in range(1, len(items) + 1) for c in itertools.combinations(items, size)]
    return found[:limit]


def sweeps() -> list[Sweep]:
    """Return the sweep for every widget in the lessons (3 to 72 settings each)."""
    series = tuple(timecourse.series_labels())
    routes = tuple(pkplots.ROUTE_LABELS)
    blocks = tuple(pathway.INTERVENTIONS)
    countries = [harms.ALL, *harms.countries()]
    text_sample = seedwidgets.SAMPLE
    seed_texts = [seeds.load_seed(name) for name in seeds.SEED_FILES]
    sentences = [(name, number) for name in seeds.SEED_FILES for number in range(1, 33)]
    first, last = harms.year_span()
    studies = sorted(set(biowidgets.biomarkers.load_studies()["category"]))
    return [
        Sweep("question (check an answer)", "widgets.question_widget", "all",
              _calls(_question, [("A",), ("B",), (None,)])),
        Sweep("risk", "widgets.risk_widget", "01", _calls(_risk, [
            (p, r) for p in (1, 5, 10, 20, 35, 50) for r in (1.0, 1.5, 2.0, 3.0)])),
        Sweep("ppv", "widgets.ppv_widget", "01", _calls(widgets.ppv_view, [
            (prior, power, alpha, bias) for prior in (1, 10, 50, 90) for power in (20, 80)
            for alpha in (0.05, 0.005) for bias in (0, 30)])),
        Sweep("time course", "widgets.time_course_widget", "01",
              _calls(timecourse.time_course_view, [
                  (label, chosen) for label, _ in timecourse.TIME_POINTS[::2]
                  for chosen in _subsets(series, 8)])),
        Sweep("pathway", "widgets.pathway_widget", "02", _calls(widgets.pathway_view, [
            (drug, chosen, eef2, opioid) for drug in ("ketamine", "hnk", "none")
            for chosen in [(), *_subsets(blocks, 5)] for eef2 in (False, True)
            for opioid in (False, True)])),
        Sweep("evidence map", "widgets.evidence_map_widget", "02",
              _calls(widgets.evidence_map_view, [(s,) for s in ("any", "human", "animal")])),
        Sweep("routes", "pkplots.routes_widget", "03", _calls(pkplots.routes_view, [
            (chosen, dose, weight, infusion, log) for chosen in (routes[:1], routes[:3], routes)
            for dose in (0.2, 0.5, 2.0) for weight in (50.0, 90.0)
            for infusion in (0.0, 40.0) for log in (False, True)])),
        Sweep("observation", "pkplots.observation_widget", "03", _calls(
            pkplots.observation_view, [(index,) for _, index in pkplots.observation_labels()])),
        Sweep("studies", "biowidgets.studies_widget", "04", _calls(
            biowidgets.studies_view, [(category,) for category in ["all", *studies]])),
        Sweep("biomarker search", "biowidgets.biomarker_search_widget", "04",
              _calls(biowidgets.biomarker_search_view, [
                  (markers, patients, alpha, seed) for markers in (1, 50, 200)
                  for patients in (10, 40, 230, 500) for alpha in (0.05, 0.005)
                  for seed in (0, 7)])),
        Sweep("tryptophan", "biowidgets.tryptophan_widget", "04", _calls(
            biowidgets.tryptophan_view, [(h,) for h in biowidgets.biomarkers.HIGHLIGHTS])),
        Sweep("prevalence", "harmwidgets.prevalence_widget", "05",
              _calls(harmwidgets.prevalence_view, [
                  (country, group, years) for country in countries
                  for group in [harms.ALL, *harms.age_groups(country)][:3]
                  for years in ((first, last), (first + 4, last), (first, first + 8))])),
        Sweep("harms", "harmwidgets.harms_widget", "05", _calls(harmwidgets.harms_view, [
            (outcome, kind) for outcome in (harms.ALL, *harms.OUTCOMES)
            for kind in (harms.ALL, *harms.EVIDENCE_KINDS[:3])])),
        Sweep("claim checker", "harmwidgets.claim_widget", "05", _calls(harmwidgets.claim_view, [
            (row.claim_id, guess) for row in harms.load_marketing_claims().itertuples()
            for guess in (None, "wrong", "accurate")])),
        Sweep("highlighter", "seedwidgets.highlighter_widget", "06", _calls(
            seedwidgets.highlighter_view, [(text_sample,), *[(t,) for t in seed_texts]])),
        Sweep("claim cards", "seedwidgets.claim_cards_widget", "06",
              _calls(seedwidgets.claim_card_html, sentences)),
        Sweep("summary", "seedwidgets.summary_widget", "06", _calls(
            seedwidgets.summary_figure_html, [(None,), *[(name,) for name in seeds.SEED_FILES]])),
    ]

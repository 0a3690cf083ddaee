"""Every interactive widget's update, called over a sweep of its controls.

Each entry names a widget (as the lessons create it) and lists the calls its
update makes when a learner moves its controls: the same view function with the
controls' values, so timing a call times what a learner waits for (recompute,
redraw, render to HTML). ``make bench`` times these calls; the tests use them to
check every figure a widget can draw (nothing clipped at the figure's edges), over a
smaller :func:`sample` that still holds every control's extreme values.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from ketamine_course.core import quiz, wiring
from ketamine_course.lessons import (
    l00_start_here as start_here,
)
from ketamine_course.lessons import (
    l01_monoamine as monoamine,
)
from ketamine_course.lessons import (
    l01_monoamine_widgets as monoamine_widgets,
)
from ketamine_course.lessons import (
    l02_nmda_mtorc1 as pathway,
)
from ketamine_course.lessons import (
    l02_nmda_mtorc1_widgets as pathway_widgets,
)
from ketamine_course.lessons import (
    l03_dosing_routes_widgets as pk_widgets,
)
from ketamine_course.lessons import (
    l04_metabolism_inflammation as biomarkers,
)
from ketamine_course.lessons import (
    l04_metabolism_inflammation_widgets as biomarker_widgets,
)
from ketamine_course.lessons import (
    l05_misuse_harm as harms,
)
from ketamine_course.lessons import (
    l05_misuse_harm_widgets as harm_widgets,
)
from ketamine_course.lessons import (
    l06_reading_seeds as seeds,
)
from ketamine_course.lessons import (
    l06_reading_seeds_widgets as seed_widgets,
)


@dataclass(frozen=True)
class Sweep:
    """One widget: its name, the call that makes it in its lesson, the lesson, one call per setting.

    ``maker`` is the call as the lesson's notebook writes it: ``widgets.ppv_widget`` (each
    notebook imports its lesson's widgets module as ``widgets``) or ``question_widget``.
    """

    widget: str
    maker: str
    lesson: str
    calls: tuple[Callable[[], object], ...]


def _risk(percent: int, ratio: float) -> object:
    """Do what ``start_here.risk_widget`` does on a change: narrow the ratio slider, redraw."""
    ceiling = start_here.max_risk_ratio(percent / 100)
    return start_here.risk_demo_view(percent / 100, min(ratio, ceiling))


def _question(question_id: str, step: str) -> object:
    """Do what a "pause and predict" button does: judge a try (or reveal), show the feedback.

    ``step`` is ``"wrong 1"`` or ``"wrong 2"`` (a first or second wrong answer), ``"right"``
    or ``"reveal"``; the question comes from the bank, ``data/questions.csv``.
    """
    question = quiz.get_question(question_id)
    wrong = next(option for option in question.options if option != question.answer) \
        if question.kind == "choice" else f"{question.number + 10 * question.tolerance + 1:g}"
    feedback = {"wrong 1": lambda: question.respond(wrong, 0),
                "wrong 2": lambda: question.respond(wrong, 1),
                "right": lambda: question.respond(question.answer),
                "reveal": question.reveal}[step]()
    return wiring.feedback_html(feedback)


def _calls(function: Callable[..., object], settings: list[tuple]) -> tuple[Callable, ...]:
    """Bind ``function`` to each tuple of control values (kept as the call's ``args``)."""
    return tuple(functools.partial(function, *args) for args in settings)


def _extremes(calls: tuple[Callable, ...]) -> set[tuple[int, object]]:
    """Return (control, value) for every control's extreme values over ``calls``.

    A number's extremes are its smallest and largest value; any other control (a choice,
    a tick-box, a set of ticked options, a text) has every value it takes as an extreme.
    """
    found: set[tuple[int, object]] = set()
    for position, values in enumerate(zip(*(call.args for call in calls), strict=True)):
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            found |= {(position, min(values)), (position, max(values))}
        else:
            found |= {(position, value) for value in values}
    return found


def sample(sweep: Sweep, spread: int = 6) -> tuple[Callable, ...]:
    """Return the calls of ``sweep`` that the tests check, in sweep order.

    The rule: every control at each of its extreme values (see :func:`_extremes`), in as few
    calls as a greedy cover finds (the call that adds most, the earliest on a tie), together
    with about ``spread`` calls evenly spread over the sweep. Every widget keeps its sweep.
    """
    if spread < 1:
        raise ValueError(f"spread is how many calls to spread over the sweep, 1 or more; "
                         f"got {spread!r}.")
    calls = sweep.calls
    chosen = set(range(0, len(calls), max(1, len(calls) // spread)))
    wanted = _extremes(calls)
    held = [set(enumerate(call.args)) & wanted for call in calls]
    while wanted:
        best = max(range(len(calls)), key=lambda i: (len(held[i] & wanted), -i))
        chosen.add(best)
        wanted -= held[best]
    return tuple(calls[i] for i in sorted(chosen))


def _subsets(items: tuple[str, ...], limit: int) -> list[tuple[str, ...]]:
    """Non-empty subsets of ``items``, smallest first, at most ``limit`` of them."""
    found = [c for size in range(1, len(items) + 1) for c in itertools.combinations(items, size)]
    return found[:limit]


def sweeps() -> list[Sweep]:
    """Return the sweep for every widget in the lessons (3 to 72 settings each)."""
    series = tuple(monoamine.series_labels())
    settings = tuple(pk_widgets.setting_labels())
    blocks = tuple(pathway.INTERVENTIONS)
    countries = [harms.ALL, *harms.countries()]
    text_sample = seed_widgets.SAMPLE
    seed_texts = [seeds.load_seed(name) for name in seeds.SEED_FILES]
    sentences = [(name, number) for name in seeds.SEED_FILES for number in range(1, 33)]
    first, last = harms.year_span()
    studies = sorted(set(biomarkers.load_studies()["category"]))
    return [
        Sweep("question (check an answer)", "question_widget", "all",
              _calls(_question, [(question_id, step) for question_id in ("q00-1", "q04-2", "q06-3")
                                for step in ("wrong 1", "wrong 2", "right", "reveal")])),
        Sweep("risk", "widgets.risk_widget", "00", _calls(_risk, [
            (p, r) for p in (1, 5, 10, 20, 35, 50) for r in (1.0, 1.5, 2.0, 3.0)])),
        Sweep("ppv", "widgets.ppv_widget", "01", _calls(monoamine_widgets.ppv_view, [
            (prior, power, alpha, bias) for prior in (1, 10, 50, 90) for power in (20, 80)
            for alpha in (0.05, 0.005) for bias in (0, 30)])),
        Sweep("time course", "widgets.time_course_widget", "01",
              _calls(monoamine.time_course_view, [
                  (label, chosen) for label, _ in monoamine.TIME_POINTS[::2]
                  for chosen in _subsets(series, 8)])),
        Sweep("pathway", "widgets.pathway_widget", "02", _calls(pathway_widgets.pathway_view, [
            (drug, chosen, eef2, opioid) for drug in ("ketamine", "hnk", "none")
            for chosen in [(), *_subsets(blocks, 5)] for eef2 in (False, True)
            for opioid in (False, True)])),
        Sweep("evidence map", "widgets.evidence_map_widget", "02",
              _calls(pathway_widgets.evidence_map_view,
                     [(s,) for s in ("any", "human", "animal")])),
        Sweep("routes", "widgets.routes_widget", "03", _calls(pk_widgets.routes_view, [
            (chosen, dose, weight, infusion, log)
            for chosen in (settings[:1], settings[:3], settings)
            for dose in (0.2, 0.5, 2.0) for weight in (50.0, 90.0)
            for infusion in (0.0, 40.0) for log in (False, True)])),
        Sweep("observation", "widgets.observation_widget", "03", _calls(
            pk_widgets.observation_view,
            [(index,) for _, index in pk_widgets.observation_labels()])),
        Sweep("studies", "widgets.studies_widget", "04", _calls(
            biomarker_widgets.studies_view, [(category,) for category in ["all", *studies]])),
        Sweep("biomarker search", "widgets.biomarker_search_widget", "04",
              _calls(biomarker_widgets.biomarker_search_view, [
                  (markers, patients, alpha, seed) for markers in (1, 50, 200)
                  for patients in (10, 40, 230, 500) for alpha in (0.05, 0.005)
                  for seed in (0, 7)])),
        Sweep("tryptophan", "widgets.tryptophan_widget", "04", _calls(
            biomarker_widgets.tryptophan_view, [(h,) for h in biomarkers.HIGHLIGHTS])),
        Sweep("prevalence", "widgets.prevalence_widget", "05",
              _calls(harm_widgets.prevalence_view, [
                  (country, group, years) for country in countries
                  for group in [harms.ALL, *harms.age_groups(country)][:3]
                  for years in ((first, last), (first + 4, last), (first, first + 8))])),
        Sweep("harms", "widgets.harms_widget", "05", _calls(harm_widgets.harms_view, [
            (outcome, kind) for outcome in (harms.ALL, *harms.OUTCOMES)
            for kind in (harms.ALL, *harms.EVIDENCE_KINDS[:3])])),
        Sweep("claim checker", "widgets.claim_widget", "05", _calls(harm_widgets.claim_view, [
            (row.claim_id, guess) for row in harms.load_marketing_claims().itertuples()
            for guess in (None, "wrong", "accurate")])),
        Sweep("highlighter", "widgets.highlighter_widget", "06", _calls(
            seed_widgets.highlighter_view, [(text_sample,), *[(t,) for t in seed_texts]])),
        Sweep("claim cards", "widgets.claim_cards_widget", "06",
              _calls(seed_widgets.claim_card_html, sentences)),
        Sweep("summary", "widgets.summary_widget", "06", _calls(
            seed_widgets.summary_figure_html, [(None,), *[(name,) for name in seeds.SEED_FILES]])),
    ]

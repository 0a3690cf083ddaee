"""Lesson 04's widgets: the biomarker studies, a simulated biomarker search, the tryptophan map.

Each widget has a pure view function (values in, HTML out) that the tests call
directly; the widget only connects ipywidgets controls to it with
:func:`ketamine_course.core.wiring.wire`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..core import plots
from ..core.tables import Column, learner_table, plural
from ..core.wiring import arrange, wire
from . import l04_metabolism_inflammation as biomarkers

#: Sample sizes the search widget offers: round numbers and the published studies' sizes.
PATIENT_CHOICES: tuple[int, ...] = (10, 16, 20, 33, 40, 60, 80, 108, 150, 230, 300, 500)


def studies_view(category: str = "all") -> tuple[str, str]:
    """Return a table of the studies in ``category`` and the figure of their sample sizes."""
    table = biomarkers.load_studies()
    chosen = table if category == "all" else table[table["category"] == category]
    figure = plots.figure_html(
        biomarkers.studies_figure(category, table, reuse="studies"),
        biomarkers.describe_studies(category, table),
        caption="Source: data/biomarker_studies.csv (each row checked against the paper's "
                "abstract). Reviews have no sample size and are listed only in the table.",
    )
    readout = learner_table(chosen, [
        Column("study", "Study"), Column("marker", "Marker"), Column("finding", "Finding"),
        Column("n", "Participants (n)", "count", missing="none (a review)"),
        Column("design", "Design"), Column("effect_size", "Effect as reported"),
    ], caption=f"{plural(len(chosen), 'study finding')}", max_height_em=24).html
    return readout, figure


def studies_widget() -> w.VBox:
    """Pick a kind of marker; see its studies' findings beside their sample sizes."""
    categories = sorted(set(biomarkers.load_studies()["category"]))
    category = w.Dropdown(options=[("All markers", "all")] + [(c, c) for c in categories],
                          value="all", description="Markers")
    readout, figure = wire([category], lambda: studies_view(category.value))
    return arrange([category], figure, table=readout)


def biomarker_search_view(n_markers: int, n_patients: int, alpha: float,
                          seed: int) -> tuple[str, str]:
    """Return the readout and figure for one simulated search with no real predictor."""
    result = biomarkers.simulate_search(n_markers, n_patients, alpha=alpha, seed=seed)
    readout = f"<p class='readout'>{html.escape(biomarkers.describe_search(result))}</p>"
    alt = (f"Scatter of {n_markers} simulated markers' absolute correlations with response at "
           f"{n_patients} patients, {result.n_significant} above the significance curve, which "
           f"falls from about {biomarkers.critical_r(10, alpha):.2f} at 10 patients to "
           f"{biomarkers.critical_r(1000, alpha):.2f} at 1,000. Dashed lines mark the published "
           "studies' sample sizes: " + ", ".join(
               f"{study} {n}" for study, n in biomarkers.studies_with_n().items()) + ".")
    figure = plots.figure_html(biomarkers.search_figure(result, reuse="biomarker search"), alt,
                               caption="Simulation: every marker is random noise (true r = 0). "
                                       "Significance by Fisher's z-test of r.")
    return readout, figure


def biomarker_search_widget() -> w.VBox:
    """Sliders for markers, patients, threshold and run; a search in which nothing is real."""
    markers = w.IntSlider(value=50, min=1, max=200, description="Markers tested",
                          continuous_update=False)
    patients = w.SelectionSlider(options=[(f"{n} patients", n) for n in PATIENT_CHOICES],
                                 value=40, description="Patients in the study",
                                 continuous_update=False)
    alpha = w.ToggleButtons(options=[("0.05", 0.05), ("0.01", 0.01), ("0.005", 0.005)],
                            value=0.05, description="Significance threshold (alpha)")
    seed = w.IntSlider(value=0, min=0, max=99, description="Run (random seed)",
                       continuous_update=False)
    controls = [markers, patients, alpha, seed]
    readout, figure = wire(
        controls,
        lambda: biomarker_search_view(markers.value, patients.value, alpha.value, seed.value))
    return arrange(controls, figure, readout)


def tryptophan_view(highlight: str = "none") -> tuple[str, str]:
    """Return a table of the pathway's steps (those highlighted) and the pathway diagram."""
    steps = biomarkers.load_pathway()
    figure = plots.figure_html(biomarkers.tryptophan_figure(highlight, steps, reuse="tryptophan"),
                               biomarkers.describe_pathway(highlight, steps),
                               caption="Drawn from data/tryptophan_pathway.csv.")
    if highlight == "after ketamine":
        shown = steps[(steps["product_after_ketamine"] != "not measured")
                      | (steps["enzyme_after_ketamine"] != "not measured")]
    elif highlight == "none":
        shown = steps
    else:
        shown = steps[steps["branch"] == highlight]
    shown = shown.assign(made_by=[f"{row.enzyme} ({row.enzyme_short})"
                                  for row in shown.itertuples()])
    readout = learner_table(shown, [
        Column("to_metabolite", "Product"), Column("made_by", "Made by"),
        Column("product_role", "What it does"),
        Column("product_after_ketamine", "After ketamine (Kadriu 2021, n = 39)"),
    ], caption="Steps of the pathway shown", max_height_em=24).html
    return readout, figure


def tryptophan_widget() -> w.VBox:
    """Pick a branch of tryptophan metabolism, or what changed after ketamine, on the diagram."""
    labels = {"none": "Whole pathway", "serotonin": "Serotonin branch",
              "kynurenic acid": "Towards kynurenic acid", "quinolinic acid":
              "Towards quinolinic acid", "after ketamine": "What changed after ketamine"}
    highlight = w.ToggleButtons(options=[(labels[key], key) for key in biomarkers.HIGHLIGHTS],
                                value="none", description="Show")
    readout, figure = wire([highlight], lambda: tryptophan_view(highlight.value))
    return arrange([highlight], figure, table=readout)

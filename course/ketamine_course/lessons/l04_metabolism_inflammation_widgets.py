"""Lesson 04's widgets: the biomarker studies, a simulated biomarker search, the tryptophan map.

Each widget has a pure view function (values in, HTML out) that the tests call
directly; the widget only connects ipywidgets controls to it with
:func:`ketamine_course.core.wiring.wire`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..core import plots
from ..core.wiring import WIDE, wire
from . import l04_metabolism_inflammation as biomarkers

#: Sample sizes the search widget offers: round numbers and the published studies' sizes.
PATIENT_CHOICES: tuple[int, ...] = (10, 16, 20, 33, 40, 60, 80, 108, 150, 230, 300, 500)


def _table(rows: list[list[str]], header: list[str]) -> str:
    """Return an HTML table of escaped text cells."""
    head = "".join(f"<th>{html.escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row)
                   + "</tr>" for row in rows)
    return f"<table class='studies'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
    rows = [[row.study, row.marker, row.finding, "" if row.n != row.n else f"{int(row.n)}",
             row.design, row.effect_size] for row in chosen.itertuples()]
    readout = _table(rows, ["Study", "Marker", "Finding", "n", "Design", "Effect as reported"])
    return readout, figure


def studies_widget() -> w.VBox:
    """Pick a kind of marker; see its studies' findings beside their sample sizes."""
    categories = sorted(set(biomarkers.load_studies()["category"]))
    category = w.Dropdown(options=[("All markers", "all")] + [(c, c) for c in categories],
                          value="all", description="Markers", style=WIDE)
    readout, figure = wire([category], lambda: studies_view(category.value))
    return w.VBox([category, figure, readout])


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
                          continuous_update=False, style=WIDE)
    patients = w.SelectionSlider(options=list(PATIENT_CHOICES), value=40,
                                 description="Patients in the study", continuous_update=False,
                                 style=WIDE, layout=w.Layout(width="500px"))
    alpha = w.Dropdown(options=[("0.05", 0.05), ("0.01", 0.01), ("0.005", 0.005)], value=0.05,
                       description="Significance threshold (alpha)", style=WIDE)
    seed = w.IntSlider(value=0, min=0, max=99, description="Run (random seed)",
                       continuous_update=False, style=WIDE)
    readout, figure = wire(
        [markers, patients, alpha, seed],
        lambda: biomarker_search_view(markers.value, patients.value, alpha.value, seed.value))
    return w.VBox([markers, patients, alpha, seed, readout, figure])


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
    rows = [[row.to_metabolite, f"{row.enzyme} ({row.enzyme_short})", row.product_role,
             row.product_after_ketamine] for row in shown.itertuples()]
    readout = _table(rows, ["Product", "Made by", "What it does",
                            "After ketamine (Kadriu 2021, n = 39)"])
    return readout, figure


def tryptophan_widget() -> w.VBox:
    """Pick a branch of tryptophan metabolism, or what changed after ketamine, on the diagram."""
    labels = {"none": "Whole pathway", "serotonin": "Serotonin branch",
              "kynurenic acid": "Towards kynurenic acid", "quinolinic acid":
              "Towards quinolinic acid", "after ketamine": "What changed after ketamine"}
    highlight = w.ToggleButtons(options=[(labels[key], key) for key in biomarkers.HIGHLIGHTS],
                                value="none", description="Show", style=WIDE)
    readout, figure = wire([highlight], lambda: tryptophan_view(highlight.value))
    return w.VBox([highlight, figure, readout])

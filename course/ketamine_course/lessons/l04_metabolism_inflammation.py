"""Biomarkers of ketamine response: the published studies, a simulated search, the tryptophan map.

Lesson 04 asks why so many "predictors" of response to ketamine were found in
small studies and so few held up.  This module holds the three things it needs:

- the published studies (``data/biomarker_studies.csv``), to put their sample
  sizes and findings side by side (:func:`load_studies`, :func:`studies_figure`);
- a seeded simulation of a biomarker search in which *no* marker truly predicts
  response (:func:`simulate_search`): how many markers come out "significant",
  and how inflated their correlations are compared with a fresh sample of the
  same size (the winner's curse);
- the tryptophan pathway (``data/tryptophan_pathway.csv``), drawn from the data
  (:func:`load_pathway`, :func:`pathway_layout`, :func:`tryptophan_figure`).

Significance uses Fisher's z-transformation of the correlation coefficient,
which for normally distributed data is accurate to within about 0.005 in the
critical correlation from 10 patients up (the tests compare it with the exact
t-test).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import NullLocator

from ..core import plots
from ..core.data import load_table

#: Limits of the simulation, so that a widget redraw stays fast and the statistics defined.
MIN_PATIENTS, MAX_PATIENTS = 10, 1000
MIN_MARKERS, MAX_MARKERS = 1, 1000

#: How a study's result is drawn in the studies figure: colour and marker shape.
RESULT_STYLE: dict[str, tuple[str, str, str]] = {
    "association": (plots.OKABE_ITO["vermillion"], "o", "association with response reported"),
    "no association": (plots.OKABE_ITO["blue"], "s", "no association with response"),
    "change after ketamine": (plots.OKABE_ITO["bluish_green"], "D",
                              "level changed after ketamine"),
    "patients vs controls": (plots.OKABE_ITO["reddish_purple"], "^",
                             "patients compared with controls"),
}


# --- the published studies ------------------------------------------------------------------


def load_studies() -> pd.DataFrame:
    """Return the published biomarker studies, one row per finding, largest study last."""
    return load_table("biomarker_studies.csv").sort_values(["n", "study"], na_position="first")


#: Results that relate a marker to response (rather than to a change, or to healthy controls).
RESPONSE_RESULTS = ("association", "no association")


def studies_with_n(table: pd.DataFrame | None = None) -> dict[str, int]:
    """Return ``{study: patients}`` for the studies that related a marker to response.

    These are the sample sizes to compare with the simulated search; where a study
    reports several analyses, the largest is taken.
    """
    table = load_studies() if table is None else table
    sized = table[table["result"].isin(RESPONSE_RESULTS)].dropna(subset=["n"])
    return {study: int(n) for study, n in sized.groupby("study")["n"].max().items()}


def _check_category(category: str, table: pd.DataFrame) -> pd.DataFrame:
    """Return the rows of ``category`` ("all" for every row), or explain what is allowed."""
    allowed = ["all", *sorted(set(table["category"]))]
    if category not in allowed:
        raise ValueError(f"Unknown category {category!r}; allowed: {', '.join(allowed)}.")
    return table if category == "all" else table[table["category"] == category]


def studies_figure(category: str = "all", table: pd.DataFrame | None = None,
                   reuse: str | None = None) -> Figure:
    """Draw each finding as a point at its study's sample size (log scale), one row per finding.

    Rows without a sample size (reviews) are left out of the figure; the lesson's
    table lists them. ``reuse`` names a widget whose last figure is redrawn (see
    :func:`plots.new_figure`).
    """
    table = load_studies() if table is None else table
    rows = _check_category(category, table).dropna(subset=["n"])
    if rows.empty:
        raise ValueError(f"No study in category {category!r} reports a sample size.")
    # the legend sits under the axis, in two rows, where it can cover no point
    height = 2.1 + 0.34 * max(len(rows), 5)  # room for the vertical axis label
    fig, ax = plots.new_figure(
        "Biomarker findings for ketamine and their sample sizes"
        + ("" if category == "all" else f" ({category})"),
        "Participants in the analysis (people, log scale)", "Finding (marker, study)",
        size=(8.0, height), reuse=reuse,
    )
    fig.subplots_adjust(left=0.47, right=0.97, bottom=1.3 / height, top=1 - 0.45 / height)
    ax.title.set(x=1.0, horizontalalignment="right")  # a long title, kept inside the figure
    labels = [textwrap.shorten(row.marker, 34, placeholder="…") + f" ({row.study})"
              for row in rows.itertuples()]
    positions = np.arange(len(rows))
    for result, (colour, marker, label) in RESULT_STYLE.items():
        chosen = (rows["result"] == result).to_numpy()
        if chosen.any():
            ax.scatter(rows["n"].to_numpy(float)[chosen], positions[chosen], color=colour,
                       marker=marker, s=60, label=label, zorder=3)
    ax.set_yticks(positions, labels, fontsize=9)
    ax.set_ylim(-0.6, len(rows) - 0.4)  # no point on the frame
    ax.set_xscale("log")
    ax.set_xlim(8, 400)
    ax.set_xticks([10, 20, 50, 100, 200], ["10", "20", "50", "100", "200"])
    ax.xaxis.set_minor_locator(NullLocator())
    ax.grid(axis="x", color=plots.NEUTRAL, linewidth=0.5)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 0.05 / height),
              bbox_transform=fig.transFigure, ncol=2, fontsize=9, frameon=False)
    return fig


def describe_studies(category: str = "all", table: pd.DataFrame | None = None) -> str:
    """Return alt text for :func:`studies_figure`: the findings and their sizes, in words."""
    table = load_studies() if table is None else table
    rows = _check_category(category, table).dropna(subset=["n"])
    parts = [f"{row.marker}, {row.study}, n = {int(row.n)}, {row.result}"
             for row in rows.itertuples()]
    return ("Dot plot of biomarker findings by sample size on a log scale: "
            + "; ".join(parts) + ".")


# --- the simulated biomarker search -------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    """One simulated biomarker search, in which no marker truly predicts response.

    Attributes:
        n_markers: markers tested.
        n_patients: patients in the discovery sample (and in the fresh sample).
        alpha: the significance threshold (two-sided).
        seed: the random seed; the same inputs and seed give the same result.
        r_discovery: each marker's observed correlation with response.
        r_replication: each marker's correlation in a fresh sample of the same size.
        r_critical: the smallest absolute correlation that reaches ``p < alpha``.

    """

    n_markers: int
    n_patients: int
    alpha: float
    seed: int
    r_discovery: np.ndarray
    r_replication: np.ndarray
    r_critical: float

    @property
    def significant(self) -> np.ndarray:
        """Boolean mask of the markers that came out "significant" in the discovery sample."""
        return np.abs(self.r_discovery) > self.r_critical

    @property
    def n_significant(self) -> int:
        """How many markers came out "significant" (every one a false positive)."""
        return int(self.significant.sum())

    @property
    def false_positive_rate(self) -> float:
        """Share of markers that came out "significant"; near ``alpha`` on average."""
        return self.n_significant / self.n_markers

    @property
    def winners_mean_abs_r(self) -> float:
        """Mean absolute correlation of the "significant" markers (NaN if there are none)."""
        winners = np.abs(self.r_discovery[self.significant])
        return float(winners.mean()) if winners.size else math.nan

    @property
    def replication_mean_abs_r(self) -> float:
        """Mean absolute correlation of the same markers in a fresh sample (NaN if none)."""
        again = np.abs(self.r_replication[self.significant])
        return float(again.mean()) if again.size else math.nan

    @property
    def noise_mean_abs_r(self) -> float:
        """Mean absolute correlation of all markers in the fresh sample: pure noise at this size."""
        return float(np.abs(self.r_replication).mean())

    @property
    def inflation(self) -> float:
        """How many times the winners' mean |r| exceeds pure noise at this size (NaN if none).

        Every marker is useless, so a fresh sample's correlations show how large
        chance alone makes them; the winners were picked for being large.
        """
        if not self.n_significant:
            return math.nan
        return self.winners_mean_abs_r / self.noise_mean_abs_r

    @property
    def n_replicated(self) -> int:
        """Winners that are significant again, in the same direction, in the fresh sample."""
        same_way = np.sign(self.r_replication) == np.sign(self.r_discovery)
        again = (np.abs(self.r_replication) > self.r_critical) & same_way
        return int((again & self.significant).sum())


def critical_r(n_patients: int, alpha: float = 0.05) -> float:
    """Return the smallest absolute correlation that is significant at ``alpha`` (two-sided).

    Uses Fisher's z: ``r = tanh(z_(1 - alpha/2) / sqrt(n - 3))``.
    """
    _check_search(1, n_patients, alpha, 0)
    z = NormalDist().inv_cdf(1 - alpha / 2)
    return math.tanh(z / math.sqrt(n_patients - 3))


def chance_of_any_false_positive(n_markers: int, alpha: float = 0.05) -> float:
    """Return the chance that at least one of ``n_markers`` useless markers is "significant"."""
    _check_search(n_markers, MIN_PATIENTS, alpha, 0)
    return 1 - (1 - alpha) ** n_markers


def _check_search(n_markers: object, n_patients: object, alpha: object, seed: object) -> None:
    """Raise ValueError, saying what is allowed, if a simulation input is out of range."""
    for name, value, low, high in (("n_markers", n_markers, MIN_MARKERS, MAX_MARKERS),
                                   ("n_patients", n_patients, MIN_PATIENTS, MAX_PATIENTS)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) \
                or not low <= value <= high:
            raise ValueError(f"{name} must be a whole number from {low} to {high}; got {value!r}.")
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 0.5:
        raise ValueError(f"alpha must be a number above 0 and below 0.5; got {alpha!r}.")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number, 0 or more; got {seed!r}.")


def _correlations(rng: np.random.Generator, n_markers: int, n_patients: int) -> np.ndarray:
    """Draw a response and ``n_markers`` independent markers; return each marker's correlation."""
    response = rng.standard_normal(n_patients)
    markers = rng.standard_normal((n_patients, n_markers))
    response = (response - response.mean()) / response.std()
    markers = (markers - markers.mean(axis=0)) / markers.std(axis=0)
    return markers.T @ response / n_patients


def simulate_search(n_markers: int = 50, n_patients: int = 40, *, alpha: float = 0.05,
                    seed: int = 0) -> SearchResult:
    """Simulate a biomarker search in which no marker truly predicts response.

    Each of ``n_patients`` patients has a response (improvement) and ``n_markers``
    marker levels, all drawn independently from a normal distribution: the true
    correlation of every marker with response is zero.  Each marker is correlated
    with response, as the published studies did, and called "significant" when
    ``|r|`` exceeds :func:`critical_r`.  The same markers are then measured in a
    fresh sample of the same size, as a replication study would.

    Args:
        n_markers: markers tested (1 to 1,000).
        n_patients: patients in each sample (10 to 1,000).
        alpha: two-sided significance threshold (above 0, below 0.5).
        seed: random seed (0 or more); the same inputs and seed give the same result.

    Raises:
        ValueError: if an input is out of range.

    """
    _check_search(n_markers, n_patients, alpha, seed)
    rng = np.random.default_rng(seed)
    discovery = _correlations(rng, n_markers, n_patients)
    replication = _correlations(rng, n_markers, n_patients)
    return SearchResult(n_markers, n_patients, float(alpha), int(seed), discovery, replication,
                        critical_r(n_patients, alpha))


def search_figure(result: SearchResult, study_sizes: dict[str, int] | None = None,
                  reuse: str | None = None) -> Figure:
    """Plot a search's correlations at its sample size, the significance line, and real studies.

    Every simulated marker is a point at the chosen number of patients (spread
    a little sideways so that points do not hide each other); "significant" ones
    are filled.  The curve is :func:`critical_r` for every sample size: any
    "discovery" lies above it, however useless the marker.  Dashed lines mark the
    sample sizes of the published studies. ``reuse`` names a widget whose last figure
    is redrawn (see :func:`plots.new_figure`).
    """
    study_sizes = studies_with_n() if study_sizes is None else study_sizes
    fig, ax = plots.new_figure(
        f"{result.n_markers} useless markers, {result.n_patients} patients: "
        f"{result.n_significant} 'significant' (alpha {result.alpha:g})",
        "Patients in the study (people, log scale)",
        "Correlation with response, |r| (no unit)", size=(8.0, 4.4), reuse=reuse,
    )
    sizes = np.geomspace(MIN_PATIENTS, MAX_PATIENTS, 60)
    z = NormalDist().inv_cdf(1 - result.alpha / 2)
    ax.plot(sizes, np.tanh(z / np.sqrt(sizes - 3)), color=plots.OKABE_ITO["black"], linewidth=1.2,
            label=f"smallest |r| with p < {result.alpha:g}")
    spread = np.exp(np.random.default_rng(result.seed).uniform(-0.08, 0.08, result.n_markers))
    x, r, hit = result.n_patients * spread, np.abs(result.r_discovery), result.significant
    ax.scatter(x[~hit], r[~hit], s=14, facecolors="none", edgecolors=plots.NEUTRAL,
               label="not significant")
    ax.scatter(x[hit], r[hit], s=30, color=plots.OKABE_ITO["vermillion"], marker="D",
               label="'significant' (a false positive)", zorder=3)
    by_size: dict[int, list[str]] = {}
    for study, n in study_sizes.items():
        by_size.setdefault(n, []).append(study)
    for number, n in enumerate(sorted(by_size)):
        ax.axvline(n, color=plots.OKABE_ITO["blue"], linestyle="--", linewidth=0.8)
        ax.text(n * 1.03, 0.98 - 0.09 * (number % 3), "\n".join(sorted(by_size[n])) + f"\nn = {n}",
                fontsize=9, color=plots.OKABE_ITO["blue"], va="top")
    ax.set_xscale("log")
    ticks = [10, 20, 50, 100, 200, 500, 1000]
    ax.set_xticks(ticks, [str(tick) for tick in ticks])
    ax.xaxis.set_minor_locator(NullLocator())  # fewer tick labels to lay out: a faster redraw
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    ax.set_xlim(MIN_PATIENTS * 0.9, MAX_PATIENTS * 1.1)
    ax.set_ylim(0, 1)
    ax.legend(loc="center right", fontsize=9, frameon=True)
    return fig


def describe_search(result: SearchResult) -> str:
    """Return one paragraph, in plain words, of what a simulated search found."""
    markers = "1 marker" if result.n_markers == 1 else f"{result.n_markers} markers"
    verb = "was" if result.n_markers == 1 else "were"
    text = (f"{markers} with no real link to response {verb} tested in "
            f"{result.n_patients} patients. {result.n_significant} came out 'significant' "
            f"(p < {result.alpha:g}); with this many patients that needs |r| above "
            f"{result.r_critical:.2f}.")
    if result.n_significant:
        text += (f" Their mean |r| was {result.winners_mean_abs_r:.2f}, while markers like these "
                 f"show {result.noise_mean_abs_r:.2f} on average in a fresh sample of the same "
                 f"size: inflated {result.inflation:.1f} times. Measured again, the same markers "
                 f"gave {result.replication_mean_abs_r:.2f}, and {result.n_replicated} of "
                 f"{result.n_significant} were significant again in the same direction.")
    return text


def average_over_seeds(n_markers: int, n_patients: int, seeds: range, *,
                       alpha: float = 0.05) -> dict[str, float]:
    """Run :func:`simulate_search` once per seed; return the average behaviour.

    Returns the mean false-positive rate, the share of runs with at least one
    "significant" marker, the mean |r| of the winners, and the mean inflation over
    the runs that had any winners.
    """
    if len(seeds) == 0:
        raise ValueError("seeds must hold at least one seed, for example range(100).")
    runs = [simulate_search(n_markers, n_patients, alpha=alpha, seed=seed) for seed in seeds]
    with_winners = [run for run in runs if run.n_significant]
    return {
        "false_positive_rate": float(np.mean([run.false_positive_rate for run in runs])),
        "share_with_any": len(with_winners) / len(runs),
        "winners_mean_abs_r": float(np.mean([run.winners_mean_abs_r for run in with_winners]))
        if with_winners else math.nan,
        "inflation": float(np.mean([run.inflation for run in with_winners]))
        if with_winners else math.nan,
    }


# --- the tryptophan pathway -----------------------------------------------------------------

#: Which way the diagram's branches run (vertical offset of each branch).
BRANCH_ROWS: dict[str, float] = {"serotonin": 1.0, "kynurenine": 0.0, "kynurenic acid": -0.8,
                                 "quinolinic acid": -1.6}

#: Horizontal distance between successive steps in the diagram (data units).
COLUMN_WIDTH = 1.8

#: Padding around a metabolite's name in its box, as a fraction of the font size.
BOX_PAD = 0.35

#: Colours for what happened to a metabolite after ketamine (Kadriu et al. 2021).
CHANGE_STYLE: dict[str, str] = {
    "rose": plots.OKABE_ITO["vermillion"],
    "fell": plots.OKABE_ITO["blue"],
    "no change": plots.OKABE_ITO["yellow"],
    "not measured": "#FFFFFF",
}

#: What the pathway diagram can highlight.
HIGHLIGHTS = ("none", "serotonin", "kynurenic acid", "quinolinic acid", "after ketamine")


def load_pathway() -> pd.DataFrame:
    """Return the steps of tryptophan metabolism, one row per enzyme-catalysed step."""
    return load_table("tryptophan_pathway.csv")


def pathway_layout(steps: pd.DataFrame | None = None) -> dict[str, tuple[float, float]]:
    """Place every metabolite: columns by steps from tryptophan, rows by branch.

    Raises:
        ValueError: if a step starts from a metabolite that nothing produces (other than
            the single root), or if the steps do not form a tree rooted at one metabolite.

    """
    steps = load_pathway() if steps is None else steps
    products = list(steps["to_metabolite"])
    if len(set(products)) != len(products):
        raise ValueError("Each metabolite must be produced by exactly one step in the pathway.")
    roots = set(steps["from_metabolite"]) - set(products)
    if len(roots) != 1:
        raise ValueError("The pathway needs exactly one starting metabolite; "
                         f"found {sorted(roots)}.")
    root = roots.pop()
    positions = {root: (0.0, 0.0)}
    pending = steps.copy()
    while not pending.empty:
        ready = pending["from_metabolite"].isin(positions.keys())
        if not ready.any():
            raise ValueError("Some steps cannot be reached from " + root + ".")
        for row in pending[ready].itertuples():
            column = positions[row.from_metabolite][0] + 1
            positions[row.to_metabolite] = (column, BRANCH_ROWS.get(row.branch, 0.0))
        pending = pending[~ready]
    return positions


def _box_label(name: str) -> str:
    """Break a long metabolite name over two lines ("3-hydroxy-" / "kynurenine")."""
    if len(name) <= 12:
        return name
    if "hydroxy" in name:
        return name.replace("hydroxy", "hydroxy-\n", 1)
    return name.replace(" ", "\n", 1)


def _node_colour(name: str, highlight: str, steps: pd.DataFrame) -> str:
    """Return a metabolite's fill colour for the chosen highlight."""
    row = steps[steps["to_metabolite"] == name]
    if highlight == "after ketamine":
        change = row["product_after_ketamine"].iloc[0] if len(row) else "not measured"
        return CHANGE_STYLE[change]
    if highlight in ("none",) or row.empty or row["branch"].iloc[0] != highlight:
        return "#F2F2F2"
    return plots.OKABE_ITO["sky_blue"]


def tryptophan_figure(highlight: str = "none", steps: pd.DataFrame | None = None,
                      reuse: str | None = None) -> Figure:
    """Draw the tryptophan pathway from the data, with one branch (or ketamine's effects) shown.

    Args:
        highlight: one of :data:`HIGHLIGHTS`: a branch to pick out, or "after ketamine" to
            colour each measured metabolite by what happened to it after an infusion.
        steps: the pathway table (default: ``data/tryptophan_pathway.csv``).
        reuse: a widget's name, to redraw its last figure (see :func:`plots.new_figure`).

    """
    if highlight not in HIGHLIGHTS:
        raise ValueError(f"Unknown highlight {highlight!r}; allowed: {', '.join(HIGHLIGHTS)}.")
    steps = load_pathway() if steps is None else steps
    positions = pathway_layout(steps)
    fig, ax = plots.new_figure("Tryptophan: the serotonin and kynurenine branches",
                               "steps from tryptophan", "branch", size=(9.0, 4.2), reuse=reuse)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.1, top=0.9)
    columns = [x * COLUMN_WIDTH for x, _ in positions.values()]
    ax.set_xlim(min(columns) - 0.8, max(columns) + 0.8)
    ax.set_ylim(min(BRANCH_ROWS.values()) - 0.6, max(BRANCH_ROWS.values()) + 0.5)
    boxes = {}
    for name, (x, y) in positions.items():
        boxes[name] = ax.text(
            x * COLUMN_WIDTH, y, _box_label(name),
            ha="center", va="center", fontsize=9.5,
            bbox={"boxstyle": f"round,pad={BOX_PAD}",
                  "facecolor": _node_colour(name, highlight, steps),
                  "edgecolor": plots.OKABE_ITO["black"], "linewidth": 0.8})
    half_sizes = _box_half_sizes(fig, boxes)
    for row in steps.itertuples():
        start, end = _edge_to_edge(ax, (boxes[row.from_metabolite], boxes[row.to_metabolite]),
                                   (half_sizes[row.from_metabolite],
                                    half_sizes[row.to_metabolite]))
        changed = highlight == "after ketamine" and row.enzyme_after_ketamine != "not measured"
        ax.annotate("", xy=end, xytext=start,
                    arrowprops={"arrowstyle": "-|>", "color": plots.OKABE_ITO["black"],
                                "linewidth": 2.2 if changed else 1.0, "shrinkA": 3,
                                "shrinkB": 3})
        (x0, y0), (x1, y1) = positions[row.from_metabolite], positions[row.to_metabolite]
        enzyme = row.enzyme_short + (f" ({row.enzyme_after_ketamine})" if changed else "")
        # under a level arrow the name hangs below the boxes, clear of both of them
        lift, align = (-0.27, "top") if y0 == y1 else (0.12, "baseline")
        ax.text((x0 + x1) / 2 * COLUMN_WIDTH, (y0 + y1) / 2 + lift, enzyme, ha="center",
                va=align,
                fontsize=9.5, style="italic", fontweight="bold" if changed else "normal",
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    if highlight == "after ketamine":
        for change, colour in CHANGE_STYLE.items():
            ax.scatter([], [], s=60, marker="s", color=colour, edgecolors="black", label=change)
        ax.legend(title="After ketamine (Kadriu 2021)", loc="lower left", fontsize=9.5,
                  title_fontsize=9.5, frameon=True)
    ax.set_axis_off()
    return fig


def _box_half_sizes(fig: Figure, boxes: dict[str, Text]) -> dict[str, tuple[float, float]]:
    """Return each labelled box's half width and half height on the figure, in pixels."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    pad = BOX_PAD * 8 * fig.dpi / 72  # the box's padding is a fraction of the 8-point font
    sizes = {}
    for name, box in boxes.items():
        extent = box.get_window_extent(renderer)
        sizes[name] = (extent.width / 2 + pad, extent.height / 2 + pad)
    return sizes


def _edge_to_edge(ax: plots.plt.Axes, boxes: tuple[Text, Text],
                  half_sizes: tuple[tuple[float, float], tuple[float, float]],
                  ) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return where the line between two boxes' centres leaves one box and enters the other.

    Computed from the boxes' sizes (pixels), so the arrow need not be clipped against
    the boxes on every redraw (which cost a third of the diagram's drawing time).
    """
    start, end = ax.transData.transform([box.get_position() for box in boxes])
    direction = end - start
    points = []
    for centre, (half_w, half_h), sign in ((start, half_sizes[0], 1), (end, half_sizes[1], -1)):
        reach = min(half_w / abs(direction[0]) if direction[0] else math.inf,
                    half_h / abs(direction[1]) if direction[1] else math.inf)
        points.append(centre + sign * reach * direction)
    first, last = ax.transData.inverted().transform(points)
    return tuple(first), tuple(last)


def describe_pathway(highlight: str = "none", steps: pd.DataFrame | None = None) -> str:
    """Return alt text for :func:`tryptophan_figure`: every step, and the highlight, in words."""
    if highlight not in HIGHLIGHTS:
        raise ValueError(f"Unknown highlight {highlight!r}; allowed: {', '.join(HIGHLIGHTS)}.")
    steps = load_pathway() if steps is None else steps
    text = "Pathway diagram. " + "; ".join(
        f"{row.from_metabolite} to {row.to_metabolite} by {row.enzyme_short}"
        for row in steps.itertuples()) + "."
    if highlight == "after ketamine":
        measured = steps[steps["product_after_ketamine"] != "not measured"]
        text += " After ketamine: " + "; ".join(
            f"{row.to_metabolite} {row.product_after_ketamine}" for row in measured.itertuples())
        enzymes = steps[steps["enzyme_after_ketamine"] != "not measured"]
        text += "; " + "; ".join(f"enzyme {row.enzyme_short} {row.enzyme_after_ketamine}"
                                 for row in enzymes.itertuples()) + "."
    elif highlight != "none":
        names = steps.loc[steps["branch"] == highlight, "to_metabolite"]
        text += f" Highlighted, the {highlight} branch: " + ", ".join(names) + "."
    return text

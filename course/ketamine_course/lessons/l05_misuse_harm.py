"""Lesson 05, misuse and harm: survey prevalence, the evidence on harms, and the seed case study.

Three datasets back the lesson: ``use_prevalence.csv`` (past-year use in national surveys),
``harms_evidence.csv`` (findings on harms, each with its kind of evidence) and
``marketing_claims.csv`` (seed sentences, classified and corrected). The functions here load and
filter them, draw the figures and check the seed quotations; the widgets in
:mod:`ketamine_course.lessons.l05_misuse_harm_widgets` only wire controls to them.
"""

from __future__ import annotations

import matplotlib.colors
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ..core import plots
from ..core.data import load_table, project_root

#: Every value a filter accepts to mean "no restriction".
ALL = "all"

#: The order in which outcomes and kinds of evidence are listed and drawn.
OUTCOMES: tuple[str, ...] = ("bladder damage", "rises in blood pressure",
                             "dependence and tolerance", "acute risks", "deaths with other drugs")
EVIDENCE_KINDS: tuple[str, ...] = ("meta-analysis", "case series", "cross-sectional survey",
                                   "surveillance", "regulatory")

#: Verdicts a seed claim can receive, from worst to best.
VERDICTS: tuple[str, ...] = ("wrong", "misleading", "partly right", "unsupported", "reasonable",
                             "accurate")


def _check_choice(name: str, value: object, allowed: list[str] | tuple[str, ...]) -> None:
    """Raise ValueError unless ``value`` is one of ``allowed`` (or :data:`ALL`)."""
    if value != ALL and value not in allowed:
        raise ValueError(f"Unknown {name} {value!r}; allowed: {ALL!r}, "
                         f"{', '.join(repr(a) for a in allowed)}.")


# --- prevalence ---------------------------------------------------------------------------------


def load_prevalence() -> pd.DataFrame:
    """Return the survey table (``data/use_prevalence.csv``), sorted by country, age and year."""
    table = load_table("use_prevalence.csv")
    return table.sort_values(["country", "age_group", "year"]).reset_index(drop=True)


def countries() -> list[str]:
    """Return the countries the survey table covers, sorted."""
    return sorted(load_prevalence()["country"].unique())


def age_groups(country: str = ALL) -> list[str]:
    """Return the age groups reported for ``country`` (or for every country), sorted.

    Raises:
        ValueError: if ``country`` is not in the table.

    """
    table = load_prevalence()
    _check_choice("country", country, countries())
    if country != ALL:
        table = table[table["country"] == country]
    return sorted(table["age_group"].unique())


def year_span() -> tuple[int, int]:
    """Return the first and last survey year in the table."""
    years = load_prevalence()["year"]
    return int(years.min()), int(years.max())


def filter_prevalence(country: str = ALL, age_group: str = ALL,
                      years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Return the survey rows for one country, one age group and a range of years.

    Args:
        country: a country in the table, or ``"all"``.
        age_group: an age group reported for that country, or ``"all"``.
        years: first and last year, inclusive; None for every year.

    Raises:
        ValueError: for an unknown country or age group, a year range that is not two whole
            years with the first no later than the second, or a choice that leaves no rows.

    """
    table = load_prevalence()
    _check_choice("country", country, countries())
    _check_choice("age group", age_group, age_groups(country))
    if years is not None:
        if (not isinstance(years, tuple | list) or len(years) != 2
                or not all(isinstance(y, int) and not isinstance(y, bool) for y in years)):
            raise ValueError(f"years must be two whole years (first, last); got {years!r}.")
        if years[0] > years[1]:
            raise ValueError(f"The year range {years[0]}–{years[1]} is empty: the first year "
                             "must not be later than the last.")
    chosen = table
    if country != ALL:
        chosen = chosen[chosen["country"] == country]
    if age_group != ALL:
        chosen = chosen[chosen["age_group"] == age_group]
    if years is not None:
        chosen = chosen[chosen["year"].between(*years)]
    if chosen.empty:
        first, last = year_span() if years is None else years
        raise ValueError(f"No survey figures for {country}, age group {age_group}, "
                         f"{first}–{last}. Widen the year range or choose another group.")
    return chosen.reset_index(drop=True)


def series_label(country: str, age_group: str) -> str:
    """Return the legend label of one survey series."""
    return f"{country}, {age_group}"


def prevalence_figure(rows: pd.DataFrame, title: str, reuse: str | None = None) -> Figure:
    """Plot past-year use over time, one line (with markers) per country and age group.

    Points of one series are joined only to show order in time; the surveys say nothing about
    the years between them. ``reuse`` names a widget whose last figure is redrawn (see
    :func:`plots.new_figure`).
    """
    if rows.empty:
        raise ValueError("prevalence_figure needs at least one survey row.")
    fig, ax = plots.new_figure(title, "Year the survey period ended",
                               "Used ketamine in the past year (% of age group)",
                               size=(7.5, 4.2), reuse=reuse)
    fig.subplots_adjust(right=0.95)  # room for a value label on the last year
    markers = "osD^v<>p"
    names = list(plots.MARK_COLOURS)  # lines and their labels 3:1 and 4.5:1 on white
    labels = []
    for number, ((country, group), series) in enumerate(rows.groupby(["country", "age_group"])):
        name = names[number % len(names)]
        ax.plot(series["year"], series["percent"], marker=markers[number % len(markers)],
                color=plots.MARK_COLOURS[name], linestyle="--", linewidth=1.2,
                label=series_label(country, group))
        labels += [ax.annotate(f"{row.percent:g}%", (row.year, row.percent),
                               textcoords="offset points", xytext=(0, 6), ha="center",
                               fontsize=8.5, color=plots.TEXT_COLOURS[name])
                   for row in series.itertuples()]
    ax.set_ylim(0, max(5.0, rows["percent"].max() * 1.25))
    low, high = int(rows["year"].min()), int(rows["year"].max())
    ax.set_xlim(low - 1, high + 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # years, never 2020.5
    plots.separate_labels(fig, labels)  # close values in one year (2019) stack, never overlap
    plots.place_legend_clear(ax, fontsize=8, frameon=False)
    return fig


def describe_prevalence(rows: pd.DataFrame) -> str:
    """Return a sentence per series for alt text and readouts: first, highest, lowest, last.

    The highest and the lowest figure are named whenever they fall between the first and the
    last survey, so that a summary never hides a peak (such as 3.8% among 16-24s in England
    and Wales) behind two end points.
    """
    parts = []
    for (country, group), series in rows.groupby(["country", "age_group"]):
        series = series.sort_values("year")
        first, last = series.iloc[0], series.iloc[-1]
        if len(series) == 1:
            parts.append(f"{country}, {group}: {last.percent:g}% in {last.period}")
            continue
        text = f"{country}, {group}: {first.percent:g}% in {first.period}"
        middle = series.iloc[1:-1]
        if not middle.empty:
            peak = middle.loc[middle["percent"].idxmax()]
            low = middle.loc[middle["percent"].idxmin()]
            if peak.percent > max(first.percent, last.percent):
                text += f", highest {peak.percent:g}% in {peak.period}"
            if low.percent < min(first.percent, last.percent):
                text += f", lowest {low.percent:g}% in {low.period}"
        parts.append(f"{text}, {last.percent:g}% in {last.period}")
    return "; ".join(parts) + "."


# --- harms evidence -------------------------------------------------------------------------


def load_harms() -> pd.DataFrame:
    """Return the harms table (``data/harms_evidence.csv``)."""
    return load_table("harms_evidence.csv")


def filter_harms(outcome: str = ALL, evidence_kind: str = ALL) -> pd.DataFrame:
    """Return the findings for one outcome and one kind of evidence (``"all"`` for any).

    Raises:
        ValueError: for an outcome or a kind of evidence the table does not use.

    """
    _check_choice("outcome", outcome, OUTCOMES)
    _check_choice("kind of evidence", evidence_kind, EVIDENCE_KINDS)
    table = load_harms()
    if outcome != ALL:
        table = table[table["outcome"] == outcome]
    if evidence_kind != ALL:
        table = table[table["evidence_kind"] == evidence_kind]
    return table.reset_index(drop=True)


def evidence_counts(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Count findings per outcome (rows) and kind of evidence (columns), in the course's order."""
    table = load_harms() if table is None else table
    counts = pd.crosstab(table["outcome"], table["evidence_kind"])
    return counts.reindex(index=list(OUTCOMES), columns=list(EVIDENCE_KINDS), fill_value=0)


def evidence_figure(highlight: str = ALL, kind: str = ALL, reuse: str | None = None) -> Figure:
    """Draw stacked bars: how many findings of each kind back each harm.

    The bars of ``highlight`` (an outcome, or ``"all"``) and ``kind`` (a kind of evidence, or
    ``"all"``) are drawn at full strength, the others faded (their outline stays, so every
    bar can still be seen). ``reuse`` names a widget whose last figure is redrawn (see
    :func:`plots.new_figure`).
    """
    _check_choice("outcome", highlight, OUTCOMES)
    _check_choice("kind of evidence", kind, EVIDENCE_KINDS)
    counts = evidence_counts()
    fig, ax = plots.new_figure("What kind of evidence backs each harm (course dataset)",
                               "Number of findings in the dataset", "Harm", size=(7.5, 3.6),
                               reuse=reuse)
    fig.subplots_adjust(left=0.3)
    hatches = ["", "//", "..", "xx", "\\\\"]
    left = pd.Series(0, index=counts.index)
    labels = list(counts.index)[::-1]
    for number, each in enumerate(EVIDENCE_KINDS):
        values = counts[each].reindex(labels)
        shown = [row for row, outcome in enumerate(labels) if values[outcome]]  # skip empty
        bars = ax.barh(shown, [values.iloc[row] for row in shown],
                       left=[left[labels[row]] for row in shown], label=each,
                       color=plots.PALETTE[number], hatch=hatches[number], edgecolor="#333333",
                       linewidth=0.8)
        for bar, row in zip(bars, shown, strict=True):
            chosen = highlight in (ALL, labels[row]) and kind in (ALL, each)
            bar.set_facecolor(matplotlib.colors.to_rgba(plots.PALETTE[number],
                                                        1.0 if chosen else 0.25))
        left = left.add(counts[each], fill_value=0)
    ax.set_yticks(range(len(labels)), labels)
    keys = [Patch(facecolor=plots.PALETTE[number], hatch=hatches[number], edgecolor="#333333",
                  label=each) for number, each in enumerate(EVIDENCE_KINDS)]  # never faded
    ax.legend(handles=keys, fontsize=8, frameon=False, loc="lower right")
    ax.set_xlim(0, int(counts.sum(axis=1).max()) + 2)
    return fig


# --- the seed case study --------------------------------------------------------------------


def load_marketing_claims() -> pd.DataFrame:
    """Return the classified seed sentences (``data/marketing_claims.csv``)."""
    return load_table("marketing_claims.csv")


def seed_text(seed_file: str) -> str:
    """Return the text of one seed document from ``seeds/``.

    Raises:
        ValueError: if ``seed_file`` is not the name of a seed.

    """
    folder = project_root() / "seeds"
    names = sorted(path.name for path in folder.glob("*.txt"))
    if seed_file not in names:
        raise ValueError(f"Unknown seed {seed_file!r}; seeds: {', '.join(names)}.")
    return (folder / seed_file).read_text(encoding="utf-8")


def quotes_not_in_seeds(claims: pd.DataFrame | None = None) -> list[str]:
    """Return the ids of claims whose quotation is not found verbatim in its seed (ideally none)."""
    claims = load_marketing_claims() if claims is None else claims
    return [row.claim_id for row in claims.itertuples()
            if row.quote not in seed_text(row.seed_file)]


def claim(claim_id: str) -> pd.Series:
    """Return one classified seed sentence by its id.

    Raises:
        ValueError: if there is no claim with that id.

    """
    claims = load_marketing_claims().set_index("claim_id")
    if claim_id not in claims.index:
        raise ValueError(f"Unknown claim {claim_id!r}; claims: {', '.join(claims.index)}.")
    return claims.loc[claim_id]


def verdict_counts() -> dict[str, int]:
    """Return how many seed claims received each verdict, in the order of :data:`VERDICTS`."""
    found = load_marketing_claims()["verdict"].value_counts()
    return {verdict: int(found.get(verdict, 0)) for verdict in VERDICTS}

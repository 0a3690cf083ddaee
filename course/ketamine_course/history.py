"""The timeline of the monoamine hypothesis and of ketamine's arrival (lesson 01)."""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure

from . import plots
from .data import load_table

#: How each strand of the timeline is drawn: colour and marker (shape as well as colour).
STRAND_STYLE = {
    "monoamine": (plots.OKABE_ITO["blue"], "o",
                  "Monoamine hypothesis and standard antidepressants"),
    "ketamine": (plots.OKABE_ITO["vermillion"], "s", "Ketamine"),
}


def load_timeline() -> pd.DataFrame:
    """Return the timeline with a decimal ``year`` column for plotting, oldest first."""
    timeline = load_table("timeline.csv")
    parts = timeline["date"].astype(str).str.split("-", expand=True).reindex(columns=[0, 1, 2])
    year = parts[0].astype(int)
    month = pd.to_numeric(parts[1], errors="coerce").fillna(7)
    timeline["year"] = year + (month - 1) / 12
    return timeline.sort_values("year").reset_index(drop=True)


def timeline_figure(strands: tuple[str, ...] = ("monoamine", "ketamine")) -> Figure:
    """Draw the events of the chosen strands on a time axis, one labelled row per event."""
    unknown = set(strands) - set(STRAND_STYLE)
    if unknown or not strands:
        raise ValueError(f"strands must be chosen from {sorted(STRAND_STYLE)}; got {strands!r}.")
    timeline = load_timeline()
    timeline = timeline[timeline["strand"].isin(strands)].reset_index(drop=True)
    fig, ax = plots.new_figure(
        "From reserpine to esketamine: two stories on one time axis",
        "Year", "Event (newest at the bottom)", size=(11, 0.62 * len(timeline) + 1.5),
    )
    for strand in strands:
        colour, marker, label = STRAND_STYLE[strand]
        rows = timeline[timeline["strand"] == strand]
        ax.scatter(rows["year"], -rows.index, color=colour, marker=marker, s=60, label=label,
                   zorder=3)
    for index, row in timeline.iterrows():
        text = textwrap.fill(f"{str(row['date'])[:4]}: {row['event']}", 80)
        ax.annotate(text, (row["year"], -index), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=7.5, linespacing=1.0)
    ax.set_yticks([])
    ax.set_ylim(-len(timeline) + 0.5, 1.8)
    ax.set_xlim(1950, 2080)
    ax.set_xticks(range(1950, 2030, 10))
    ax.grid(axis="x", color="#DDDDDD", zorder=0)
    ax.legend(loc="upper right", frameon=False, fontsize=8)
    return fig

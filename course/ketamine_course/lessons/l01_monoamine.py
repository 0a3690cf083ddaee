"""Lesson 01, the monoamine hypothesis: its timeline, and how fast patients respond.

The timeline (``data/timeline.csv``) puts the monoamine story and ketamine's arrival on one
time axis.  The response rates over time come from ``data/response_timecourse.csv``: only
published points and by-design baselines come from the data
(``data/response_timecourse.csv``); everything between them is a straight-line
interpolation, and :func:`value_at` says which is which.  "Straight" means straight on the
figure's time axis (logarithmic beyond one hour), so that a readout and the line a learner
sees always give the same value.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.scale import SymmetricalLogTransform

from ..core import plots
from ..core.data import load_table

#: Times the widget offers, as (label, hours since the start of treatment).
TIME_POINTS: tuple[tuple[str, float], ...] = (
    ("2 hours", 2.0), ("1 day", 24.0), ("3 days", 72.0), ("1 week", 168.0),
    ("2 weeks", 336.0), ("4 weeks", 672.0), ("8 weeks", 1344.0), ("14 weeks", 2352.0),
)

#: The time axis of the figure: linear up to 1 hour, logarithmic (base 10) beyond.
TIME_AXIS = {"base": 10.0, "linthresh": 1.0, "linscale": 1.0}


def axis_position(hours: np.ndarray | float) -> np.ndarray:
    """Return where ``hours`` fall along the figure's time axis (its symmetric-log scale)."""
    transform = SymmetricalLogTransform(TIME_AXIS["base"], TIME_AXIS["linthresh"],
                                        TIME_AXIS["linscale"])
    return transform.transform_non_affine(np.asarray(hours, dtype=float).reshape(-1))


SERIES_STYLE = {
    "ketamine_zarate": (plots.MARK_COLOURS["vermillion"], "s"),
    "ketamine_murrough": (plots.MARK_COLOURS["orange"], "D"),
    "midazolam_murrough": (plots.MARK_COLOURS["reddish_purple"], "v"),
    "citalopram_stard": (plots.MARK_COLOURS["blue"], "o"),
}


def load_time_courses() -> pd.DataFrame:
    """Return the published response rates, one row per point, sorted by series and time."""
    return load_table("response_timecourse.csv").sort_values(["series", "time_h"])


def series_labels(table: pd.DataFrame | None = None) -> dict[str, str]:
    """Return ``{series key: "treatment (study, n)"}`` for every series in the data."""
    table = load_time_courses() if table is None else table
    first = table.groupby("series", sort=False).first()
    return {key: f"{row.treatment} ({row.study}, n = {row.n:,})" for key, row in first.iterrows()}


def value_at(series: str, time_h: float, table: pd.DataFrame | None = None) -> dict[str, object]:
    """Return a series' response rate at ``time_h`` and whether it is published or interpolated.

    Returns:
        ``percent`` (None where the data say nothing), ``status`` (``"published"``,
        ``"baseline"``, ``"interpolated"`` or ``"no data"``) and ``note`` (one sentence).
    """
    table = load_time_courses() if table is None else table
    if series not in set(table["series"]):
        known = ", ".join(sorted(set(table["series"])))
        raise ValueError(f"Unknown series {series!r}; known: {known}.")
    if not isinstance(time_h, int | float) or math.isnan(time_h) or time_h < 0:
        raise ValueError(f"time_h must be a number of hours, 0 or more; got {time_h!r}.")
    points = table[(table["series"] == series) & table["percent"].notna()]
    times, percents = points["time_h"].to_numpy(float), points["percent"].to_numpy(float)
    exact = np.isclose(times, time_h)
    if exact.any():
        row = points[exact].iloc[0]
        return {"percent": float(row["percent"]), "status": row["point"],
                "note": f"{row['study']}, {row['outcome']}"}
    if len(times) < 2 or time_h < times.min() or time_h > times.max():
        span = (f"{_label_hours(times.min())} to {_label_hours(times.max())}" if len(times) > 1
                else f"{_label_hours(times[0])} only")
        return {"percent": None, "status": "no data", "note": f"data cover {span}"}
    after = int(np.searchsorted(times, time_h))
    # the line the figure draws is straight on its time axis, so interpolate along that axis
    percent = float(np.interp(axis_position(time_h)[0], axis_position(times), percents))
    return {"percent": percent, "status": "interpolated",
            "note": f"read off the dashed line between {_label_hours(times[after - 1])} and "
                    f"{_label_hours(times[after])}"}


def _label_hours(hours: float) -> str:
    """Turn hours into the most readable unit ("2 hours", "3 days", "8 weeks")."""
    for label, value in TIME_POINTS:
        if math.isclose(value, hours):
            return label
    if hours == 0:
        return "the start"
    if hours % 168 == 0:
        return f"{hours / 168:g} week" + ("" if hours == 168 else "s")
    if hours % 24 == 0:
        return f"{hours / 24:g} day" + ("" if hours == 24 else "s")
    return f"{hours:g} hour" + ("" if hours == 1 else "s")


def time_course_figure(series: tuple[str, ...], marker_h: float | None = None,
                       reuse: str | None = None) -> Figure:
    """Plot the chosen series on one time axis, published points marked, interpolation dashed.

    ``reuse`` names a widget whose last figure is redrawn (see :func:`plots.new_figure`).
    """
    table = load_time_courses()
    labels = series_labels(table)
    unknown = set(series) - set(labels)
    if unknown:
        raise ValueError(f"Unknown series {sorted(unknown)}; known: {', '.join(sorted(labels))}.")
    fig, ax = plots.new_figure(
        "Response after one ketamine infusion versus weeks of citalopram",
        "Time since treatment started (log scale beyond 1 hour)",
        "Patients meeting response criteria (%)", size=(8, 5.2), reuse=reuse,
    )
    fig.subplots_adjust(bottom=0.3)  # room for the legend under the axis
    for key in series:
        colour, marker = SERIES_STYLE.get(key, (plots.OKABE_ITO["black"], "o"))
        rows = table[table["series"] == key]
        values = rows[rows["percent"].notna()]
        ax.plot(values["time_h"], values["percent"], linestyle="--", color=colour, linewidth=1.2)
        published = values[values["point"] == "published"]
        ax.scatter(published["time_h"], published["percent"], color=colour, marker=marker, s=55,
                   zorder=3, label=labels[key])
        for _, row in rows[rows["percent"].isna()].iterrows():
            ax.axvline(row["time_h"], color=colour, linestyle=":", linewidth=1.2)
            ax.annotate(_wrap(row["outcome"]), (row["time_h"], 95), fontsize=9,
                        color=_text_colour(colour), ha="center", va="top")
    if marker_h is not None:
        ax.axvline(marker_h, color=plots.NEUTRAL, linewidth=6, alpha=0.5, zorder=0)
    ax.set_xscale("symlog", **TIME_AXIS)
    ticks = [0, 1, 24, 168, 672, 2352]
    ax.set_xticks(ticks, ["start", "1 h", "1 day", "1 week", "4 weeks", "14 weeks"])
    ax.set_xlim(0, 3000)
    ax.set_ylim(0, 100)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False, fontsize=9)
    ax.text(0.99, 0.02, "markers: published; dashed lines: interpolated", transform=ax.transAxes,
            ha="right", fontsize=9, color="#555555")
    return fig


def _text_colour(mark_colour: str) -> str:
    """Return the darker shade of a palette colour that text in it needs (4.5:1)."""
    for name, colour in plots.MARK_COLOURS.items():
        if colour == mark_colour:
            return plots.TEXT_COLOURS[name]
    return mark_colour


def _wrap(text: str, width: int = 22) -> str:
    """Wrap an outcome description for an annotation."""
    return "\n".join(textwrap.wrap(text, width))


def time_course_view(time_label: str, series: tuple[str, ...]) -> tuple[str, str]:
    """Return the readout (HTML) and figure (HTML) for the time-course widget."""
    hours = dict(TIME_POINTS).get(time_label)
    if hours is None:
        raise ValueError(
            f"Unknown time {time_label!r}; choose one of: {', '.join(t for t, _ in TIME_POINTS)}."
        )
    if not series:
        return ("<p class='readout'>Tick at least one treatment to see its time course.</p>", "")
    table = load_time_courses()
    labels = series_labels(table)
    items = []
    for key in series:
        found = value_at(key, hours, table)
        if found["percent"] is None:  # "no data" would only repeat "no published value"
            value, detail = "no published value", found["note"]
        else:
            value, detail = f"{found['percent']:.0f}%", f"{found['status']}; {found['note']}"
        items.append(f"<li>{labels[key]}: <strong>{value}</strong> ({detail})</li>")
    readout = (f"<p class='readout'>At <strong>{_label_hours(hours)}</strong>:</p>"
               f"<ul>{''.join(items)}</ul>")
    shown = ", ".join(labels[key].split(" (")[0] for key in series)
    alt = (f"Line chart of the percentage of patients meeting response criteria against time, "
           f"from the start of treatment to 14 weeks, for: {shown}. A grey band marks "
           f"{_label_hours(hours)}.")
    figure = plots.figure_html(time_course_figure(series, hours, reuse="time course"), alt,
                               caption="Sources: data/response_timecourse.csv.")
    return readout, figure


# --- the timeline of the monoamine hypothesis and of ketamine ---------------------------
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
    return timeline.sort_values("year", kind="stable").reset_index(drop=True)


def timeline_figure(strands: tuple[str, ...] = ("monoamine", "ketamine")) -> Figure:
    """Draw the events of the chosen strands on a time axis, one labelled row per event."""
    unknown = set(strands) - set(STRAND_STYLE)
    if unknown or not strands:
        raise ValueError(f"strands must be chosen from {sorted(STRAND_STYLE)}; got {strands!r}.")
    timeline = load_timeline()
    timeline = timeline[timeline["strand"].isin(strands)].reset_index(drop=True)
    fig, ax = plots.new_figure(
        "From reserpine to esketamine: two stories on one time axis",
        "Year", "Event (newest at the bottom)", size=(8, 0.7 * len(timeline) + 1.2),
    )
    height = fig.get_figheight()
    fig.subplots_adjust(left=0.06, right=0.98, top=1 - 0.45 / height, bottom=0.6 / height)
    for strand in strands:
        colour, marker, label = STRAND_STYLE[strand]
        rows = timeline[timeline["strand"] == strand]
        ax.scatter(rows["year"], -rows.index, color=colour, marker=marker, s=60, label=label,
                   zorder=3)
    for index, row in timeline.iterrows():
        text = textwrap.fill(f"{str(row['date'])[:4]}: {row['event']}", 46)
        ax.annotate(text, (row["year"], -index), xytext=(8, 0), textcoords="offset points",
                    va="center", fontsize=8.5, linespacing=1.0)
    ax.set_yticks([])
    ax.set_ylim(-len(timeline) + 0.5, 1.8)
    ax.set_xlim(1950, 2135)
    ax.set_xticks(range(1950, 2030, 20))
    ax.spines["bottom"].set_bounds(1950, 2030)  # the axis covers the years; text fills the rest
    ax.grid(axis="x", color="#DDDDDD", zorder=0)
    ax.legend(loc="upper right", frameon=False, fontsize=9)
    return fig

"""Figures for the course: one colour-blind-safe palette, titles, labels and alt text.

Every figure a lesson shows goes through :func:`figure_html` (or :func:`show`),
which refuses a figure without a title, an axis without labels, or an empty
alt text, and renders the figure as an ``<img>`` with that alt text and a
visible caption, so that screen-reader users and the static book get a
description of what the figure shows.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")  # figures are rendered to images here, never in a GUI window

import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

#: Okabe & Ito's palette (Okabe M, Ito K. Color Universal Design, 2008), which
#: stays distinguishable with the common forms of colour-vision deficiency.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "sky_blue": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

#: The order in which series take colours.
PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())

#: A neutral grey for "no event" markers and background elements (3.4:1 on white).
NEUTRAL = "#8C8C8C"

#: The palette's colours darkened (same hue) until text in them reads at 4.5:1 on white.
TEXT_COLOURS: dict[str, str] = {
    "blue": "#0072B2", "orange": "#9C6C00", "bluish_green": "#008460", "vermillion": "#C15500",
    "reddish_purple": "#BB4D8A", "sky_blue": "#187CB5", "yellow": "#80770A", "black": "#000000",
}

#: The palette's colours darkened where needed until a line or marker reads at 3:1 on white
#: (orange, sky blue and yellow are paler than that).
MARK_COLOURS: dict[str, str] = {
    "blue": "#0072B2", "orange": "#C28600", "bluish_green": "#009E73", "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7", "sky_blue": "#1E9BE2", "yellow": "#A1960D", "black": "#000000",
}

#: Lines in the order series take them, each at least 3:1 on white.
LINE_PALETTE: tuple[str, ...] = tuple(MARK_COLOURS.values())

#: The smallest text a learner should see, in CSS pixels, and the contrast rules (WCAG 2.1):
#: 4.5:1 for text, 3:1 for marks whose colour carries meaning.
MIN_TEXT_PX = 9.0
MIN_TEXT_CONTRAST = 4.5
MIN_MARK_CONTRAST = 3.0

#: The widest a figure is shown, in CSS pixels: JupyterLab's output area in a 1280 px window
#: (measured by tests/test_browser_layout.py: a 9-inch figure is shown 844 px wide) and the
#: book's text column (about 630 px: issue 16 measured the 11-inch timeline's 10 px labels at
#: 6 px there). A figure is shrunk to fit, never enlarged.
SHOWN_WIDTH_PX = {"JupyterLab": 844.0, "book": 630.0}

_STYLE = {
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "figure.dpi": 100,
    "font.size": 10,
    # Text stays text in the SVG (the browser draws it) instead of being turned into
    # outlines: a redraw is faster, the file smaller, and the words can be selected.
    "svg.fonttype": "none",
    # Titles sit at a fixed height above the axes; the automatic placement measures
    # every tick label on each draw (a third of a redraw) to dodge labels on top,
    # which course figures never have.
    "axes.titley": 1.0,
    # The same figure gives the same SVG file (ids from a fixed salt; no date below).
    "svg.hashsalt": "ketamine-course",
}


@contextmanager
def course_style() -> Iterator[None]:
    """Apply the course's matplotlib style (palette, fonts) inside a ``with`` block."""
    with matplotlib.rc_context(_STYLE):
        yield


#: Figures kept between redraws of a widget: (reuse name, size) -> figure and axes.
_KEPT: dict[tuple[str, tuple[float, float]], tuple[Figure, plt.Axes]] = {}


def new_figure(
    title: str, xlabel: str, ylabel: str, *, size: tuple[float, float] = (7.0, 4.0),
    reuse: str | None = None,
) -> tuple[Figure, plt.Axes]:
    """Create a figure with one axes, titled and labelled, in the course style.

    Args:
        title: what the figure shows.
        xlabel: the horizontal axis, with its unit in brackets, e.g. "Time (hours)".
        ylabel: the vertical axis, with its unit.
        size: width and height in inches.
        reuse: a widget's name: hand back the figure of that widget's last redraw,
            emptied, instead of a new one. Its axes and tick marks are kept, which makes
            a redraw about a third faster; the figure is valid only until the next
            call with the same name, so render it straight away.

    """
    for label, value in (("title", title), ("xlabel", xlabel), ("ylabel", ylabel)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"A course figure needs a non-empty {label}; got {value!r}.")
    if reuse is not None and (not isinstance(reuse, str) or not reuse.strip()):
        raise ValueError(f"reuse names a widget, such as 'routes', or is None; got {reuse!r}.")
    key = (reuse, tuple(size)) if reuse else None
    if key in _KEPT and not any(axis.have_units() for axis in (_KEPT[key][1].xaxis,
                                                                 _KEPT[key][1].yaxis)):
        # (an axis of categories remembers them; such a figure is never reused)
        fig, ax = _KEPT[key]
        _empty(ax)
    else:
        with course_style():
            fig = Figure(figsize=size)
            ax = fig.add_subplot()
        if key:
            _KEPT[key] = fig, ax
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.15, top=0.9)
    ax.set_prop_cycle(color=PALETTE)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return fig, ax


def _empty(ax: plt.Axes) -> None:
    """Take out everything drawn on ``ax`` and undo settings, as on a new axes; keep its ticks."""
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.lines, *ax.patches, *ax.collections, *ax.texts, *ax.images]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax.dataLim.set_points(Bbox.null().get_points())
    ax.ignore_existing_data_limits = True
    if ax.get_xscale() != "linear":
        ax.set_xscale("linear")
    if ax.get_yscale() != "linear":
        ax.set_yscale("linear")
    ax.set_autoscale_on(True)
    ax.grid(False)
    ax.set_axis_on()
    ax.title.set(x=0.5, horizontalalignment="center")


def figure_problems(fig: Figure) -> list[str]:
    """List what a figure lacks: a title, and axis labels on every visible axis.

    An axes drawn with its axis turned off (an icon array, a diagram) needs a
    title of its own or a figure title, but no axis labels.
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"Expected a matplotlib Figure; got {type(fig).__name__}.")
    problems = []
    has_suptitle = fig._suptitle is not None and fig._suptitle.get_text().strip()
    for number, ax in enumerate(fig.axes, start=1):
        if not ax.get_visible():
            continue
        if not ax.get_title().strip() and not has_suptitle:
            problems.append(f"axes {number} has no title (and the figure has no suptitle)")
        if ax.axison:
            if not ax.get_xlabel().strip():
                problems.append(f"axes {number} has no x-axis label")
            if not ax.get_ylabel().strip():
                problems.append(f"axes {number} has no y-axis label")
    if not fig.axes:
        problems.append("the figure has no axes")
    return problems


def _drawn_tick_labels(axis: matplotlib.axis.Axis) -> list[matplotlib.text.Text]:
    """Return the tick labels an axis draws: those of ticks inside its view limits."""
    low, high = sorted(axis.get_view_interval())
    ticks = axis.get_major_ticks() + axis.get_minor_ticks()
    return [tick.label1 for tick in ticks
            if low <= tick.get_loc() <= high and tick.label1.get_visible()]


def clipped_parts(fig: Figure, tolerance_px: float = 1.0) -> list[str]:
    """List the titles, labels, tick labels, texts and legends that run off the figure's edges.

    A figure is rendered at its own size (no cropping), so its margins must leave
    room for everything written around the axes; this draws the figure once and
    reports what does not fit, e.g. ``"axes 1 y tick label 'Oral'"``.
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"Expected a matplotlib Figure; got {type(fig).__name__}.")
    renderer = FigureCanvasAgg(fig).get_renderer()
    with course_style():
        fig.draw(renderer)
    width, height = fig.bbox.width, fig.bbox.height
    named = [(f"figure text {t.get_text()!r}", t) for t in fig.texts]
    named += [("figure legend", legend) for legend in fig.legends]
    for number, ax in enumerate(fig.axes, start=1):
        if not ax.get_visible():
            continue
        named.append((f"axes {number} title", ax.title))
        if ax.axison:
            for letter, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                named.append((f"axes {number} {letter} label", axis.label))
                named += [(f"axes {number} {letter} tick label {text.get_text()!r}", text)
                          for text in _drawn_tick_labels(axis)]
        named += [(f"axes {number} text {t.get_text()!r}", t) for t in ax.texts]
        if ax.get_legend() is not None:
            named.append((f"axes {number} legend", ax.get_legend()))
    problems = []
    for name, artist in named:
        if not artist.get_visible() or (hasattr(artist, "get_text") and not artist.get_text()):
            continue
        box = artist.get_window_extent(renderer)
        if (box.x0 < -tolerance_px or box.y0 < -tolerance_px
                or box.x1 > width + tolerance_px or box.y1 > height + tolerance_px):
            problems.append(name)
    return problems


def shown_scale(fig: Figure) -> float:
    """Return how much the narrowest place the course is read in shrinks ``fig`` (1 = not at all).

    A figure is an SVG whose natural width is its width in inches at 96 CSS pixels an inch;
    it is shrunk to fit the output area (``max-width:100%``), never enlarged.
    """
    natural = fig.get_figwidth() * 96
    return min(1.0, min(SHOWN_WIDTH_PX.values()) / natural)


def _figure_texts(fig: Figure) -> list[tuple[str, matplotlib.text.Text, plt.Axes | None]]:
    """Every visible, non-empty text of ``fig`` with a name and the axes it sits in."""
    found: list[tuple[str, matplotlib.text.Text, plt.Axes | None]] = []
    for text in fig.texts:
        found.append((f"figure text {text.get_text()!r}", text, None))
    if fig._suptitle is not None:
        found.append(("figure title", fig._suptitle, None))
    for legend in fig.legends:
        found += [(f"figure legend {t.get_text()!r}", t, None) for t in legend.get_texts()]
    for number, ax in enumerate(fig.axes, start=1):
        if not ax.get_visible():
            continue
        found.append((f"axes {number} title", ax.title, ax))
        if ax.axison:
            for letter, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                found.append((f"axes {number} {letter} label", axis.label, ax))
                found += [(f"axes {number} {letter} tick label {t.get_text()!r}", t, ax)
                          for t in _drawn_tick_labels(axis)]
        found += [(f"axes {number} text {t.get_text()!r}", t, ax) for t in ax.texts]
        found += [(f"axes {number} bar label {t.get_text()!r}", t, ax)
                  for container in ax.containers for t in getattr(container, "datavalues", [])
                  if isinstance(t, matplotlib.text.Text)]
        legend = ax.get_legend()
        if legend is not None:
            found += [(f"axes {number} legend {t.get_text()!r}", t, ax)
                      for t in legend.get_texts()]
            if legend.get_title().get_text():
                found.append((f"axes {number} legend title", legend.get_title(), ax))
    return [(name, text, ax) for name, text, ax in found
            if text.get_visible() and text.get_text().strip()]


def small_texts(fig: Figure, min_px: float = MIN_TEXT_PX) -> list[str]:
    """List the texts of ``fig`` smaller than ``min_px`` CSS pixels where the course shows it.

    Font sizes are in points (4/3 of a pixel each) at the figure's natural size, then shrunk
    by :func:`shown_scale`, e.g. ``"axes 1 text 'Berman 2000' is 7.2 px"``.
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"Expected a matplotlib Figure; got {type(fig).__name__}.")
    scale = shown_scale(fig)
    problems = []
    for name, text, _ in _figure_texts(fig):
        shown = text.get_fontsize() * 4 / 3 * scale
        if shown < min_px - 0.05:
            problems.append(f"{name} is {shown:.1f} px")
    return problems


def _text_boxes(fig: Figure, renderer: object) -> list[tuple[str, Bbox]]:
    """Return the drawn boxes of every axes' texts and annotations, and of every legend."""
    boxes = []
    for number, ax in enumerate(fig.axes, start=1):
        if not ax.get_visible():
            continue
        boxes += [(f"axes {number} text {t.get_text()!r}", t.get_window_extent(renderer))
                  for t in ax.texts if t.get_visible() and t.get_text().strip()]
        if ax.get_legend() is not None:
            boxes.append((f"axes {number} legend", ax.get_legend().get_window_extent(renderer)))
    boxes += [("figure legend", legend.get_window_extent(renderer)) for legend in fig.legends]
    return boxes


def _overlap(one: Bbox, other: Bbox, tolerance_px: float) -> bool:
    """Whether two boxes overlap by more than ``tolerance_px`` both across and up."""
    across = min(one.x1, other.x1) - max(one.x0, other.x0)
    up = min(one.y1, other.y1) - max(one.y0, other.y0)
    return across > tolerance_px and up > tolerance_px


def overlapping_texts(fig: Figure, tolerance_px: float = 0.5) -> list[str]:
    """List the pairs of texts (value labels, notes) and legends that are drawn over each other.

    E.g. ``"axes 1 text '0.9%' overlaps axes 1 text '0.8%'"``. Tick labels and titles are
    left to :func:`clipped_parts`; these are the labels a figure places itself.
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"Expected a matplotlib Figure; got {type(fig).__name__}.")
    renderer = FigureCanvasAgg(fig).get_renderer()
    with course_style():
        fig.draw(renderer)
    boxes = _text_boxes(fig, renderer)
    return [f"{name} overlaps {other_name}"
            for number, (name, box) in enumerate(boxes)
            for other_name, other in boxes[number + 1:] if _overlap(box, other, tolerance_px)]


def separate_labels(fig: Figure, labels: list[matplotlib.text.Annotation],
                    gap_px: float = 1.0) -> None:
    """Move value labels up, the least needed, until none is drawn over another.

    ``labels`` are annotations placed with an offset in points (``textcoords="offset
    points"``) above the values they label. They are settled from the lowest up: a label that
    would cover one already settled goes just above it, so close values (0.8% and 0.9%) get
    labels stacked in order instead of printed over each other.
    """
    if not all(isinstance(label, matplotlib.text.Annotation) for label in labels):
        raise ValueError("separate_labels moves annotations (ax.annotate) only.")
    renderer = FigureCanvasAgg(fig).get_renderer()
    points_per_px = 72 / fig.dpi
    settled: list[Bbox] = []
    for label in sorted(labels, key=lambda a: (a.xy[1], a.xy[0])):
        box = label.get_window_extent(renderer)
        for _ in range(len(labels)):
            blocking = [other for other in settled if _overlap(box, other, -gap_px)]
            if not blocking:
                break
            rise = max(other.y1 for other in blocking) + gap_px - box.y0
            x, y = label.xyann
            label.xyann = (x, y + rise * points_per_px)
            box = label.get_window_extent(renderer)
        settled.append(box)


def place_legend_clear(ax: plt.Axes, places: tuple[str, ...] = ("upper left", "upper center",
                                                                 "upper right", "center left"),
                       **options: object) -> None:
    """Draw ``ax``'s legend in the first of ``places`` where it covers none of its texts.

    A value label near the top left (3.1% in 2018, when the chart starts in 2015) would sit
    under a legend always drawn at the upper left; the last place is kept if none is clear.
    """
    if not places:
        raise ValueError("place_legend_clear needs at least one legend location.")
    renderer = FigureCanvasAgg(ax.figure).get_renderer()
    texts = [t.get_window_extent(renderer) for t in ax.texts
             if t.get_visible() and t.get_text().strip()]
    for place in places:
        legend = ax.legend(loc=place, **options)
        box = legend.get_window_extent(renderer)
        if not any(_overlap(box, text, 0.5) for text in texts):
            return


def _luminance(colour: object) -> float:
    """Relative luminance (WCAG 2.1) of an opaque colour."""
    channels = []
    for value in matplotlib.colors.to_rgb(colour):
        channels.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _over(colour: object, background: object) -> tuple[float, float, float]:
    """Return the opaque colour ``colour`` (perhaps transparent) makes over ``background``."""
    red, green, blue, alpha = matplotlib.colors.to_rgba(colour)
    base = matplotlib.colors.to_rgb(background)
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip((red, green, blue), base,
                                                             strict=True))


def contrast_ratio(foreground: object, background: object = "white") -> float:
    """WCAG 2.1 contrast ratio of ``foreground`` (blended over the background) and background."""
    front = _luminance(_over(foreground, background))
    back = _luminance(_over(background, "white"))
    light, dark = max(front, back), min(front, back)
    return (light + 0.05) / (dark + 0.05)


def _background_of(text: matplotlib.text.Text, ax: plt.Axes | None, fig: Figure,
                   renderer: object) -> object:
    """Return what is behind ``text``: its own box, the top patch under it, or the axes."""
    box = text.get_bbox_patch()
    if box is not None and box.get_facecolor()[3] > 0:
        return _over(box.get_facecolor(), "white")
    background = fig.get_facecolor()
    if ax is None:
        return _over(background, "white")
    background = _over(ax.get_facecolor(), _over(background, "white"))
    extent = text.get_window_extent(renderer)
    centre = ((extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2)
    for patch in sorted(ax.patches, key=lambda p: p.get_zorder()):
        if (patch.get_visible() and patch.get_zorder() <= text.get_zorder()
                and patch.get_facecolor()[3] > 0 and patch.contains_point(centre)):
            background = _over(patch.get_facecolor(), background)
    return background


def pale_parts(fig: Figure) -> list[str]:
    """List texts under 4.5:1 and legend-labelled marks under 3:1 against what is behind them.

    A mark (line, marker, bar, area) that has a legend entry carries meaning by its colour;
    its face or its edge must stand out 3:1 from the axes' background. Texts are measured
    against a box of their own, a filled patch under them, or the axes' background.
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"Expected a matplotlib Figure; got {type(fig).__name__}.")
    renderer = FigureCanvasAgg(fig).get_renderer()
    with course_style():
        fig.draw(renderer)
    problems = []
    for name, text, ax in _figure_texts(fig):
        background = _background_of(text, ax, fig, renderer)
        colour = matplotlib.colors.to_rgba(text.get_color(), text.get_alpha())
        ratio = contrast_ratio(colour, background)
        if ratio < MIN_TEXT_CONTRAST - 0.005:
            problems.append(f"{name} has contrast {ratio:.1f}:1")
    for number, ax in enumerate(fig.axes, start=1):
        if not ax.get_visible():
            continue
        background = _over(ax.get_facecolor(), _over(fig.get_facecolor(), "white"))
        for label, colours in _meaningful_marks(ax):
            best = max((contrast_ratio(c, background) for c in colours), default=0.0)
            if best < MIN_MARK_CONTRAST - 0.005:
                problems.append(f"axes {number} mark {label!r} has contrast {best:.1f}:1")
    return problems


def _meaningful_marks(ax: plt.Axes) -> list[tuple[str, list[object]]]:
    """Return (legend label, the colours it is drawn in) for each mark with a legend entry."""
    marks: list[tuple[str, list[object]]] = []
    for line in ax.lines:
        if line.get_label().startswith("_") or not line.get_visible():
            continue
        colours = []
        if line.get_linestyle() not in ("None", "none", "") and line.get_linewidth() > 0:
            colours.append(matplotlib.colors.to_rgba(line.get_color(), line.get_alpha()))
        if line.get_marker() not in ("None", "none", "", None):
            colours += [matplotlib.colors.to_rgba(line.get_markerfacecolor(), line.get_alpha()),
                        matplotlib.colors.to_rgba(line.get_markeredgecolor(), line.get_alpha())]
        marks.append((line.get_label(), colours))
    for collection in ax.collections:
        if collection.get_label().startswith("_") or not collection.get_visible():
            continue
        colours = [tuple(c) for c in collection.get_facecolors()]
        if len(collection.get_linewidths()) and max(collection.get_linewidths()) > 0:
            colours += [tuple(c) for c in collection.get_edgecolors()]
        marks.append((collection.get_label(), colours))
    for container in ax.containers:
        label = container.get_label()
        if not label or label.startswith("_"):
            continue
        for patch in getattr(container, "patches", []):  # every bar of the series
            colours = [patch.get_facecolor()]
            if patch.get_linewidth() > 0:
                colours.append(patch.get_edgecolor())
            marks.append((label, colours))
    return marks


#: Links in captions: Okabe-Ito blue (5.2:1 on white) and underlined, so not by colour alone.
LINK_STYLE = f"color:{OKABE_ITO['blue']};text-decoration:underline"

#: A DOI ("doi:10.1371/journal.pmed.0020124", or one in a doi.org address) or a PubMed id
#: ("PMID: 16060722") in a caption; a DOI ends before a space or closing punctuation.
_REFERENCE = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|doi:\s?)?(?P<doi>10\.\d{4,9}/[^\s\"<>]*[^\s\"<>.,;:)\]])"
    r"|(?P<pmid>PMID:?\s?(?P<number>\d{1,9}))", re.IGNORECASE)


def caption_html(caption: str) -> str:
    """Return ``caption`` as HTML, every DOI and PMID in it a link (styled :data:`LINK_STYLE`)."""
    if not isinstance(caption, str):
        raise ValueError(f"A caption is text; got {type(caption).__name__}.")
    parts, start = [], 0
    for found in _REFERENCE.finditer(caption):
        address = (f"https://doi.org/{found['doi']}" if found["doi"]
                   else f"https://pubmed.ncbi.nlm.nih.gov/{found['number']}/")
        parts += [html.escape(caption[start:found.start()]),
                  f'<a href="{html.escape(address)}" target="_blank" rel="noopener" '
                  f'style="{LINK_STYLE}">{html.escape(found.group(0))}</a>']
        start = found.end()
    return "".join(parts) + html.escape(caption[start:])


def figure_html(fig: Figure, alt_text: str, caption: str | None = None) -> str:
    """Render ``fig`` to an HTML ``<figure>`` (SVG image) with alt text and a caption.

    The figure is drawn once, at its own size and margins (no cropping pass, which
    would draw it twice): :func:`clipped_parts` is how the tests check that every
    figure's margins leave room for its labels.

    Args:
        fig: a complete matplotlib figure.
        alt_text: what the figure shows, for someone who cannot see it.
        caption: a visible caption (for example the data's source); none if omitted. A DOI
            or PMID in it becomes a link (:func:`caption_html`).

    Raises:
        ValueError: if the alt text is empty or the figure lacks a title or labels.

    """
    if not isinstance(alt_text, str) or len(alt_text.strip()) < 20:
        raise ValueError(
            "Alt text must describe what the figure shows in at least a short sentence "
            f"(20 characters or more); got {alt_text!r}."
        )
    problems = figure_problems(fig)
    if problems:
        plt.close(fig)
        raise ValueError("This figure is not ready to show: " + "; ".join(problems) + ".")
    buffer = io.BytesIO()
    with course_style():
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    figcaption = (
        f'<figcaption style="font-size:90%">{caption_html(caption)}</figcaption>' if caption else ""
    )
    return (
        '<figure class="course-figure" style="margin:0">'
        f'<img src="data:image/svg+xml;base64,{encoded}" alt="{html.escape(alt_text)}" '
        f'style="max-width:100%;height:auto">{figcaption}</figure>'
    )


def show(fig: Figure, alt_text: str, caption: str | None = None) -> None:
    """Display ``fig`` in the notebook with alt text and a caption (see :func:`figure_html`)."""
    from IPython.display import HTML, display

    display(HTML(figure_html(fig, alt_text, caption)))


def drawn_people(count: float) -> int:
    """Return how many people of 100 an icon array fills for ``count`` (halves round up).

    ``count`` is first rounded to 9 decimals, so that 5 × 2.9 = 14.4999... counts as the
    14.5 a readout shows, and is drawn as 15.
    """
    if not 0 <= count <= 100:
        raise ValueError(f"A count of people in 100 runs from 0 to 100; got {count!r}.")
    return math.floor(round(count, 9) + 0.5)


def icon_array_figure(
    groups: dict[str, float], title: str, *, event_label: str = "has the outcome"
) -> Figure:
    """Draw one 10 × 10 icon array per group: each of 100 people, filled if they have the outcome.

    Filled and hollow markers differ in shape as well as colour, so the figure
    reads without colour.

    Args:
        groups: group label -> number of people in 100 with the outcome (0 to 100;
            rounded to a whole person for drawing, see :func:`drawn_people`).
        title: the figure's title.
        event_label: what a filled marker means, for the legend.

    """
    if not groups:
        raise ValueError("icon_array_figure needs at least one group.")
    for label, count in groups.items():
        if not 0 <= count <= 100:
            raise ValueError(f"Group {label!r} has {count} people in 100; allowed: 0 to 100.")
    with course_style():
        fig = Figure(figsize=(3.2 * len(groups), 3.6))
        axes = fig.subplots(1, len(groups), squeeze=False)
    fig.suptitle(title)
    columns = [i % 10 for i in range(100)]
    rows = [9 - i // 10 for i in range(100)]
    for ax, (label, count) in zip(axes[0], groups.items(), strict=True):
        filled = drawn_people(count)
        ax.scatter(columns[:filled], rows[:filled], s=70, marker="o",
                   color=OKABE_ITO["blue"], label=event_label)
        ax.scatter(columns[filled:], rows[filled:], s=70, marker="o", facecolors="none",
                   edgecolors=NEUTRAL, label="does not")
        ax.set_title(f"{label}: {filled} in 100")
        ax.set_xlim(-0.7, 9.7)
        ax.set_ylim(-0.7, 9.7)
        ax.set_aspect("equal")
        ax.set_axis_off()
    axes[0][0].legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, frameon=False,
                      fontsize=9)
    return fig

"""Lesson widgets that work in the static book with no kernel: frames computed at build time.

``tools/book.py`` calls :func:`interactive_html` for each widget output of a lesson. For a
lesson widget (``widgets.name_widget()``; questions are rendered elsewhere) it

1. builds the real ipywidgets object in this process (no kernel: observers fire when a
   control's value is set) and reads its controls: description, options and labels,
   min/max/step, starting value;
2. chooses the values each control offers on the page (:data:`STOPS` for controls whose full
   range is too big to precompute, every value otherwise), sets each combination in turn and
   captures the HTML the widget's outputs show (readout, figure, table): a *frame*. Frames
   with identical HTML are stored once; each distinct figure becomes an SVG file under
   ``_static/widgets-figures/`` named by its hash, loaded only when a reader reaches it;
3. emits plain HTML controls with the widget's own labels (``<input type=range>`` over the
   chosen stops, ``<select>``, radio and tick-box groups, a number box, a button), the
   frames as JSON, and one plain line saying which settings the page offers when that is
   fewer than JupyterLab's. ``book_assets/widgets.js`` (vanilla, no network) shows the frame
   for the current combination; the outputs are ``aria-live`` regions.

A control that an observer puts back to its starting value whenever another control changes
(lesson 05's age group when the country changes; the verdict when the seed sentence changes) is
found while the frames are computed, and the page does the same. A combination the widget
refuses (an age group the chosen country's survey lacks) has no frame: its option is disabled.

Budget (issue 19): every lesson page under 3 MB as loaded (the page with its frames under 1 MB,
plus the theme's shared scripts and styles; a figure file loads only when a move reaches it)
and interactive in under 1 s in Chromium; tests/test_book_widgets.py enforces the weights.
Measured 27 Nov 2026 on this machine's 2 cores shared with other work (load average about 8),
pages opened from disk in headless Chromium: 2.54 to 2.89 MB loaded, of which the theme's and
book.js's 2.39 MB; the page with its frames 0.15 to 0.50 MB; widgets interactive 0.51 to
1.27 s after the page was opened (over 1 s only for lessons 00 and 01, the page load itself;
widgets.js's own set-up 0.1 to 14 ms); 3 to 150 figure files per lesson
page (0.05 to 3.1 MB, if a reader visited every setting). Frames are cached under
``_build/book/widgets/`` with a fingerprint of the package, data, seeds and the widget's
settings (:func:`fingerprint`). Cold-build time (measured 27 Nov 2026, load average 3 to 4.5):
the 845 combinations (809 frames) of the 16 widgets take about 60 s in one process (1 to 15 s
a widget, lesson 03's routes the most), each frame's figure drawn once (:class:`_LazyFigures`),
and are computed in 2 worker processes while the lessons execute (about 76 s); a cold
``make book`` took 224 s (645 s when every redraw on the way to a combination was drawn to
SVG), a rebuild with the cache 27 s.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib
import io
import itertools
import json
import multiprocessing
import os
import re
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import ipywidgets as w
import matplotlib
import nbformat
from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "_build" / "book"
#: Where a page finds the widget figures, relative to the book's pages.
FIGURES_URL = "_static/widgets-figures"
#: Bump to recompute every cached widget after changing this module's output (the cache's
#: fingerprint covers the package, data, seeds and each widget's settings below, not this code).
_CACHE_VERSION = "1"

#: The cell that shows a lesson widget (alone, or held back until a question is tried:
#: ``after_question("q02-3", widgets.evidence_map_widget())``; the book shows it at once), and
#: the lesson module a notebook imports as ``widgets``.
WIDGET_CALL = re.compile(r"^\s*(?:after_question\(\s*[\"']q\d\d-\d+[\"']\s*,\s*)?"
                         r"widgets\.(\w+_widget)\(\)\)?\s*$", re.MULTILINE)
WIDGETS_IMPORT = re.compile(r"from ketamine_course\.lessons import (\w+) as widgets\b")

#: The values a control offers on the page where its full range is too big to precompute:
#: widget -> control description -> values (the starting value is always added). Chosen for
#: teaching: the ends of each range, the starting value, the published studies' settings.
STOPS: dict[str, dict[str, tuple]] = {
    "risk_widget": {"Chance without treatment (%)": (1, 5, 10, 20, 35, 50),
                    "Risk ratio (× chance)": (1.0, 1.5, 2.0, 2.5, 3.0)},
    "ppv_widget": {"True hypotheses (%)": (1, 10, 50, 90), "Power (%)": (20, 80),
                   "Bias (%)": (0, 30)},
    "time_course_widget": {"Time since treatment started": (
        "2 hours", "1 day", "1 week", "4 weeks", "14 weeks")},
    "routes_widget": {"IV dose (mg/kg)": (0.1, 0.5, 1.0, 2.0),
                      "Body weight, IV (kg)": (70,),
                      "IV infusion time (min; 0 = bolus)": (0, 40)},
    "biomarker_search_widget": {"Markers tested": (1, 50, 200),
                                "Patients in the study": (10, 40, 230),
                                "Run (random seed)": (0, 1)},
    "prevalence_widget": {"Survey years": ((2009, 2024), (2009, 2016), (2016, 2024))},
}
#: At most this many of a widget's tick-boxes ticked at once (a group of n tick-boxes has
#: 2**n combinations), not counting the tick-boxes named; the starting set of ticks is always
#: offered.
MAX_TICKED: dict[str, tuple[int, tuple[str, ...]]] = {
    "time_course_widget": (2, ()), "pathway_widget": (2, ()),
    "routes_widget": (2, ("Log scale",))}
#: Controls that move only while a tick-box is ticked (widget -> control -> tick-box label):
#: the routes widget's IV controls shape only the IV curve, so the page offers them with it.
ONLY_WITH: dict[str, dict[str, str]] = {"routes_widget": {
    label: "Intravenous (dose and infusion set below)"
    for label in ("IV dose (mg/kg)", "Body weight, IV (kg)", "IV infusion time (min; 0 = bolus)")}}
#: A control with more values than this needs its stops in :data:`STOPS`.
MAX_VALUES = 12
#: A number box (sentence numbers) may offer all its values up to this many.
MAX_NUMBER_VALUES = 80

_SLIDERS = (w.IntSlider, w.FloatSlider)
_CHOICES = (w.ToggleButtons, w.RadioButtons, w.Dropdown, w.SelectionSlider)
_OUTPUTS = (w.HTML, w.HTMLMath, w.Label)
_SVG_SRC = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')


@dataclass
class Control:
    """One control of a widget as the page offers it.

    ``kind`` is how the page draws it: ``range``, ``select``, ``radio``, ``checkbox``,
    ``number``, ``text`` (shown, not editable: its value follows other controls) or
    ``button``. ``values`` are the values offered, ``labels`` how each reads, ``start`` the
    index of the starting value, ``full`` how many values JupyterLab offers (None: any) and
    ``text`` a text box's starting text. ``widget`` is the ipywidgets control (None once the
    control has been read back from the cache).
    """

    widget: w.Widget | None
    kind: str
    label: str
    values: tuple = ()
    labels: tuple[str, ...] = ()
    start: int = 0
    full: int | None = None
    text: str = ""

    #: The fields a cached control keeps.
    SAVED = ("kind", "label", "values", "labels", "start", "full", "text")

    @property
    def keyed(self) -> bool:
        """Say whether the control's value is part of a frame's key (text and buttons are not)."""
        return self.kind not in ("text", "button")


@dataclass
class Frames:
    """A widget's frames: unique HTML fragments and, per combination, the fragments shown."""

    controls: list[Control]
    slots: int
    fragments: list[str] = field(default_factory=list)
    frames: dict[str, dict] = field(default_factory=dict)
    resets: dict[int, list[int]] = field(default_factory=dict)
    start_key: str = ""
    start_html: list[str] = field(default_factory=list)
    #: The widget's parts in the order it shows them: ("control", index) or ("slot", index).
    layout: list[tuple[str, int]] = field(default_factory=list)

    def fragment(self, text: str) -> int:
        """Return the index of ``text`` among the fragments, adding it once (dedupe)."""
        index = self._index.get(text)
        if index is None:
            index = self._index[text] = len(self.fragments)
            self.fragments.append(text)
        return index

    def __post_init__(self) -> None:
        self._index: dict[str, int] = {}

    def save(self, path: Path) -> None:
        """Write the frames to ``path`` as JSON (the controls without their widgets)."""
        saved = {"controls": [{k: getattr(c, k) for k in Control.SAVED} for c in self.controls],
                 "slots": self.slots, "fragments": self.fragments, "frames": self.frames,
                 "resets": self.resets, "start_key": self.start_key,
                 "start_html": self.start_html, "layout": self.layout}
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps(saved, ensure_ascii=False))
        os.replace(partial, path)

    @classmethod
    def load(cls, path: Path) -> Frames:
        """Read frames written by :meth:`save`."""
        saved = json.loads(path.read_text())
        controls = [Control(None, **c) for c in saved.pop("controls")]
        frames = cls(controls, saved.pop("slots"))
        frames.__dict__.update(saved)
        frames.resets = {int(k): v for k, v in frames.resets.items()}
        frames.layout = [tuple(part) for part in frames.layout]
        return frames


def _walk(widget: w.Widget) -> Iterator[w.Widget]:
    """Yield a widget tree's leaves in the order the widget shows them (hidden ones skipped)."""
    if getattr(widget.layout, "display", None) == "none":
        return
    if isinstance(widget, w.Box):
        for child in widget.children:
            yield from _walk(child)
    else:
        yield widget


def _describe(widget: w.Widget) -> str:
    return (widget.description or "").strip().rstrip(":")


def _number_label(widget: w.Widget, value: float) -> str:
    if isinstance(widget, w.FloatSlider):
        return format(value, widget.readout_format)
    return str(value)


def _slider_values(widget: w.Widget) -> list:
    count = int(round((widget.max - widget.min) / widget.step)) + 1
    if isinstance(widget, w.IntSlider):
        return [widget.min + k * widget.step for k in range(count)]
    return [round(widget.min + k * widget.step, 10) for k in range(count)]


def _offered(name: str, label: str, full: list, start: object) -> list:
    """Return the values a control offers: its stops from :data:`STOPS`, or all of ``full``."""
    chosen = STOPS.get(name, {}).get(label)
    if chosen is None:
        if len(full) > MAX_VALUES:
            raise ValueError(f"{name}: the control {label!r} has {len(full)} values; give the "
                             f"page's stops in STOPS (at most {MAX_VALUES} values are offered "
                             "without a choice).")
        return list(full)
    unknown = [value for value in chosen if value not in full]
    if unknown:
        raise ValueError(f"{name}: STOPS for {label!r} has {unknown!r}, which the control does "
                         f"not offer (it offers {full[0]!r} to {full[-1]!r}).")
    return sorted({*chosen, start}, key=full.index)


def read_controls(name: str, widget: w.Widget) -> list[Control]:
    """Return the controls of ``widget`` (made by ``name``) in the order it shows them.

    Raises ValueError for a control the page cannot offer (an unknown kind, or a range too
    big without stops in :data:`STOPS`).
    """
    controls = []
    for leaf in _walk(widget):
        label = _describe(leaf)
        if isinstance(leaf, _OUTPUTS):
            continue
        if isinstance(leaf, w.Button):
            controls.append(Control(leaf, "button", leaf.description))
        elif isinstance(leaf, w.Checkbox):
            controls.append(Control(leaf, "checkbox", label, (False, True), ("off", "on"),
                                    int(leaf.value), 2))
        elif isinstance(leaf, _SLIDERS):
            full = _slider_values(leaf)
            values = _offered(name, label, full, leaf.value)
            controls.append(Control(leaf, "range", label, tuple(values),
                                    tuple(_number_label(leaf, v) for v in values),
                                    values.index(leaf.value), len(full)))
        elif isinstance(leaf, _CHOICES):
            pairs = list(zip(leaf._options_values, leaf._options_labels, strict=True))
            if leaf.value is None:
                pairs.insert(0, (None, "(none chosen)"))
            full = [value for value, _ in pairs]
            values = _offered(name, label, full, leaf.value)
            labels = dict(pairs)
            kind = ("range" if isinstance(leaf, w.SelectionSlider)
                    else "select" if isinstance(leaf, w.Dropdown) else "radio")
            controls.append(Control(leaf, kind, label, tuple(values),
                                    tuple(labels[v] for v in values),
                                    values.index(leaf.value), len(full)))
        elif isinstance(leaf, w.IntRangeSlider):
            full = [(a, b) for a in range(leaf.min, leaf.max + 1)
                    for b in range(a, leaf.max + 1)]
            values = _offered(name, label, full, tuple(leaf.value))
            controls.append(Control(leaf, "select", label, tuple(values),
                                    tuple(f"{a}–{b}" for a, b in values),
                                    values.index(tuple(leaf.value)), len(full)))
        elif isinstance(leaf, w.BoundedIntText):
            values = list(range(leaf.min, leaf.max + 1))
            if len(values) > MAX_NUMBER_VALUES:
                raise ValueError(f"{name}: the number box {label!r} has {len(values)} values; "
                                 f"the page offers at most {MAX_NUMBER_VALUES}.")
            controls.append(Control(leaf, "number", label, tuple(values),
                                    tuple(map(str, values)), values.index(leaf.value),
                                    len(values)))
        elif isinstance(leaf, w.Text | w.Textarea):
            controls.append(Control(leaf, "text", label, text=leaf.value))
        else:
            raise ValueError(f"{name}: the book cannot offer a {type(leaf).__name__} control.")
    return controls


def _outputs(widget: w.Widget) -> list[w.Widget]:
    return [leaf for leaf in _walk(widget) if isinstance(leaf, _OUTPUTS)]


def _value(control: Control) -> object:
    value = control.widget.value
    return tuple(value) if isinstance(value, list | tuple) else value


def _combinations(name: str, controls: list[Control]) -> list[tuple[int, ...]]:
    """Return every combination of the keyed controls' values, within :data:`MAX_TICKED`."""
    keyed = [c for c in controls if c.keyed]
    limit, uncounted = MAX_TICKED.get(name, (None, ()))
    boxes = [i for i, c in enumerate(keyed) if c.kind == "checkbox" and c.label not in uncounted]
    labels = [c.label for c in keyed]
    needs = [(labels.index(control), labels.index(box))
             for control, box in ONLY_WITH.get(name, {}).items()]
    start = tuple(c.start for c in keyed)
    found = []
    for combo in itertools.product(*(range(len(c.values)) for c in keyed)):
        within = (limit is None or sum(combo[i] for i in boxes) <= limit
                  or all(combo[i] == start[i] for i in boxes))
        tied = all(combo[box] or combo[control] == start[control] for control, box in needs)
        if (within and tied) or combo == start:
            found.append(combo)
    return found


def _in_short_steps(combos: list[tuple[int, ...]], start: tuple[int, ...]
                    ) -> list[tuple[int, ...]]:
    """Order ``combos`` so that each differs from the one before in as few controls as can be.

    Greedy, from the starting settings: every control set is a redraw, so a combination that
    changes one control costs one redraw (product order changes several at each carry).
    """
    left = list(combos)
    ordered, here = [], start
    while left:
        step = min(left, key=lambda combo: sum(a != b for a, b in zip(combo, here, strict=True)))
        left.remove(step)
        ordered.append(step)
        here = step
    return ordered


class _LazyFigures:
    """Draw a figure's SVG only for the frames recorded, not for every redraw on the way.

    While active, ``Figure.savefig`` to SVG writes a token and keeps the figure and the
    matplotlib settings of the moment; :meth:`resolve` draws the SVG of the tokens a frame
    shows, with those settings, when the frame is recorded. A combination that changes
    several controls redraws the view once per control; only its last figure is drawn.
    (A redrawn figure is the view's figure in its latest state: valid because the frame
    is recorded before the next redraw, and checked: two tokens of one figure in one frame
    raise ValueError.)
    """

    TOKEN = re.compile(rb"^KCLAZY:(\d+)$")

    def __init__(self) -> None:
        self.pending: dict[int, tuple[Figure, dict, tuple, dict]] = {}
        self.drawn: dict[int, str] = {}
        self._count = itertools.count()
        self._savefig = Figure.savefig

    def __enter__(self) -> _LazyFigures:
        lazy = self

        def savefig(fig: Figure, target: object, *args: object, **kwargs: object) -> None:
            if kwargs.get("format") != "svg" or not isinstance(target, io.BytesIO):
                lazy._savefig(fig, target, *args, **kwargs)
                return
            number = next(lazy._count)
            lazy.pending[number] = fig, dict(matplotlib.rcParams), args, kwargs
            target.write(f"KCLAZY:{number}".encode())

        Figure.savefig = savefig
        return self

    def __exit__(self, *exc: object) -> None:
        Figure.savefig = self._savefig

    def resolve(self, fragment: str) -> str:
        """Return ``fragment`` with every token replaced by its figure's SVG (base64)."""
        tokens = (self.TOKEN.match(base64.b64decode(m[1])) for m in _SVG_SRC.finditer(fragment))
        numbers = [int(token[1]) for token in tokens if token]
        figures = [id(self.pending[n][0]) for n in numbers if n not in self.drawn]
        if len(set(figures)) != len(figures):
            raise ValueError("One figure is shown twice in one frame; draw the view's figures "
                             "with different reuse names.")

        def draw(match: re.Match) -> str:
            token = self.TOKEN.match(base64.b64decode(match.group(1)))
            if token is None:
                return match.group(0)
            number = int(token[1])
            if number not in self.drawn:
                fig, settings, args, kwargs = self.pending.pop(number)
                buffer = io.BytesIO()
                with matplotlib.rc_context(settings):
                    self._savefig(fig, buffer, *args, **kwargs)
                self.drawn[number] = base64.b64encode(buffer.getvalue()).decode("ascii")
            return f'src="data:image/svg+xml;base64,{self.drawn[number]}"'

        return _SVG_SRC.sub(draw, fragment)

    def forget_undrawn(self) -> None:
        """Drop the figures of redraws that no frame showed."""
        self.pending.clear()


def compute_frames(name: str, make: Callable[[], w.Widget], out: Path = OUT) -> Frames:
    """Build the widget with ``make`` and capture its outputs for every offered combination.

    One widget is driven through the combinations in short steps (:func:`_in_short_steps`;
    only the controls that change are set), and only the figures of recorded frames are
    drawn (:class:`_LazyFigures`). A widget with a button is driven twice:
    first never pressing it, then pressing it at each combination, so that a frame "pressed"
    shows what the button gives for exactly that combination.
    """
    with _LazyFigures() as lazy:
        return _drive(name, make, out, lazy)


def _drive(name: str, make: Callable[[], w.Widget], out: Path, lazy: _LazyFigures) -> Frames:
    """Compute the frames of :func:`compute_frames`, figures drawn by ``lazy``."""
    widget = make()
    controls = read_controls(name, widget)
    outputs = _outputs(widget)
    keyed = [c for c in controls if c.keyed]
    button = next((c for c in controls if c.kind == "button"), None)
    result = Frames(controls, len(outputs))
    result.start_html = [lazy.resolve(o.value) for o in outputs]
    parts = {id(c.widget): ("control", i) for i, c in enumerate(controls)}
    parts |= {id(o): ("slot", i) for i, o in enumerate(outputs)}
    result.layout = [parts[id(leaf)] for leaf in _walk(widget)]
    seen: dict[tuple[int, int], list[int]] = {}  # (changed, other) -> [times other away, reset]
    combos = _in_short_steps(_combinations(name, controls), tuple(c.start for c in keyed))
    for pressed in (0, 1) if button else (0,):
        for combo in combos:
            if _apply(keyed, combo, seen):
                if pressed:
                    button.widget.click()
                _record(result, controls, outputs, combo + ((pressed,) if button else ()),
                        figures_dir(out), lazy)
                lazy.forget_undrawn()
    result.start_key = _key(tuple(c.start for c in keyed) + ((0,) if button else ()))
    result.resets = {i: [j for (changer, j), (away, back) in sorted(seen.items())
                         if changer == i and away and away == back]
                     for i in range(len(keyed))}
    result.resets = {i: js for i, js in result.resets.items() if js}
    if result.start_key not in result.frames:
        raise ValueError(f"{name}: the starting settings gave no frame.")
    return result


def _apply(keyed: list[Control], combo: tuple[int, ...],
           seen: dict[tuple[int, int], list[int]]) -> bool:
    """Set the controls to ``combo``; note side effects; return False if the widget refuses it."""
    for i, (control, index) in enumerate(zip(keyed, combo, strict=True)):
        wanted = control.values[index]
        if _value(control) == wanted:
            continue
        before = [_value(c) for c in keyed]
        try:
            control.widget.value = wanted
        except Exception:  # noqa: BLE001 - traitlets refuses a value the options lack
            return False
        for j, other in enumerate(keyed):
            if j != i and before[j] != other.values[other.start]:
                counts = seen.setdefault((i, j), [0, 0])
                counts[0] += 1
                counts[1] += _value(other) == other.values[other.start]
    return all(_value(c) == c.values[i] or c.kind in ("range", "number")
               for c, i in zip(keyed, combo, strict=True))


def _key(combo: tuple[int, ...]) -> str:
    return ".".join(map(str, combo))


def _record(result: Frames, controls: list[Control], outputs: list[w.Widget],
            combo: tuple[int, ...], figures: Path, lazy: _LazyFigures) -> None:
    """Store the outputs now shown as the frame for ``combo``, with any control shown changed."""
    shown_html = lazy.resolve("\0".join(o.value for o in outputs)).split("\0")
    frame: dict = {"o": [result.fragment(_figures_to_files(text, figures))
                         for text in shown_html]}
    keyed = [c for c in controls if c.keyed]
    shown = {}
    for index, control in enumerate(controls):
        if control.kind == "text":
            shown[index] = result.fragment(control.widget.value)
        elif control.keyed:
            k = keyed.index(control)
            if _value(control) != control.values[combo[k]]:  # clamped by an observer
                value = _value(control)
                shown[index] = result.fragment(_number_label(control.widget, value)
                                               if control.kind == "range" else str(value))
    if shown:
        frame["c"] = shown
    result.frames[_key(combo)] = frame


def _figures_to_files(fragment: str, figures: Path) -> str:
    """Write each inline SVG figure of ``fragment`` to a file named by its hash; point to it."""
    def to_file(match: re.Match) -> str:
        svg = base64.b64decode(match.group(1))
        name = hashlib.sha256(svg).hexdigest()[:20] + ".svg"
        path = figures / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(svg)
            os.replace(partial, path)
        return f'src="{FIGURES_URL}/{name}"'

    return _SVG_SRC.sub(to_file, fragment)


def figures_dir(out: Path = OUT) -> Path:
    """Return the folder of widget figure files (shared by every build, content-addressed)."""
    return out / "widgets" / "figures"


# --- the page ---------------------------------------------------------------------------------


def _control_html(uid: str, index: int, control: Control, keyed_index: int | None) -> str:
    """Return one control as plain HTML (disabled until widgets.js takes over)."""
    label = html.escape(control.label)
    ident = f"{uid}-c{index}"
    attrs = f'data-index="{index}" ' + (f'data-control="{keyed_index}"' if keyed_index is not None
                                        else f'data-{control.kind}=""')
    if control.kind == "range":
        start = html.escape(control.labels[control.start])
        return (f'<div class="widgets-control widgets-range" {attrs}>'
                f'<label for="{ident}">{label}</label>'
                f'<input type="range" id="{ident}" min="0" max="{len(control.values) - 1}" '
                f'step="1" value="{control.start}" aria-valuetext="{start}" disabled>'
                f'<output for="{ident}">{start}</output></div>')
    if control.kind == "select":
        options = "".join(f'<option value="{i}"{" selected" if i == control.start else ""}>'
                          f"{html.escape(text)}</option>"
                          for i, text in enumerate(control.labels))
        return (f'<div class="widgets-control widgets-select" {attrs}>'
                f'<label for="{ident}">{label}</label>'
                f'<select id="{ident}" disabled>{options}</select></div>')
    if control.kind == "radio":
        items = "".join(
            f'<label><input type="radio" name="{ident}" value="{i}"'
            f'{" checked" if i == control.start else ""} disabled> {html.escape(text)}</label>'
            for i, (value, text) in enumerate(zip(control.values, control.labels, strict=True))
            if value is not None)
        return (f'<fieldset class="widgets-control widgets-radio" {attrs}>'
                f"<legend>{label}</legend>{items}</fieldset>")
    if control.kind == "checkbox":
        checked = " checked" if control.start else ""
        return (f'<div class="widgets-control widgets-checkbox" {attrs}><label>'
                f'<input type="checkbox"{checked} disabled> {label}</label></div>')
    if control.kind == "number":
        return (f'<div class="widgets-control widgets-number" {attrs}>'
                f'<label for="{ident}">{label}</label>'
                f'<input type="number" id="{ident}" min="{control.values[0]}" '
                f'max="{control.values[-1]}" step="1" value="{control.values[control.start]}" '
                "disabled></div>")
    if control.kind == "text":
        return (f'<div class="widgets-control widgets-text" {attrs}>'
                f'<label for="{ident}">{label}</label>'
                f'<textarea id="{ident}" rows="6" readonly>'
                f"{html.escape(control.text)}</textarea></div>")
    return (f'<div class="widgets-control widgets-button" {attrs}>'
            f'<button type="button" disabled>{label}</button></div>')


def offer_note(name: str, controls: list[Control]) -> str:
    """Return the plain line saying which settings the page offers, or "" if it offers all."""
    parts = []
    for control in controls:
        if control.kind == "text":
            parts.append(f"“{control.label}” shows the texts the buttons load; typing your "
                         "own text needs JupyterLab or Binder")
        elif control.keyed and control.full and len(control.values) < control.full:
            listed = ", ".join(control.labels[:-1]) + " or " + control.labels[-1] \
                if len(control.labels) > 1 else control.labels[0]
            parts.append(f"“{control.label}” at {listed} (JupyterLab offers {control.full} "
                         "settings)")
    for box in dict.fromkeys(ONLY_WITH.get(name, {}).values()):
        tied = [label for label, needed in ONLY_WITH[name].items() if needed == box]
        parts.append(f"“{'”, “'.join(tied)}” move only while “{box}” is ticked")
    if name in MAX_TICKED:
        limit, uncounted = MAX_TICKED[name]
        ticked = sum(c.start for c in controls
                     if c.kind == "checkbox" and c.label not in uncounted)
        starting = f", or the {ticked} ticked at the start" if ticked > limit else ""
        besides = f", not counting “{'”, “'.join(uncounted)}”" if uncounted else ""
        parts.append(f"at most {limit} boxes ticked at once{starting}{besides}")
    if not parts:
        return ""
    return ("<p class='widgets-note'>This page offers a choice of settings: "
            + html.escape("; ".join(parts)) + ". Every setting is open in JupyterLab or on "
            "Binder.</p>")


def page_html(name: str, frames: Frames) -> str:
    """Return the widget as HTML: controls, outputs (starting frame), note, and its frames."""
    uid = "w-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    keyed = [c for c in frames.controls if c.keyed]
    parts = []
    for kind, index in frames.layout:
        if kind == "control":
            control = frames.controls[index]
            parts.append(_control_html(uid, index, control,
                                       keyed.index(control) if control.keyed else None))
        else:
            start = frames.start_html[index]
            live = ' aria-live="polite"' if "<img" not in start and "<table" not in start else ""
            parts.append(f'<div class="widgets-output" data-slot="{index}"{live}>{start}</div>')
    data = {"fragments": frames.fragments, "frames": frames.frames, "start": frames.start_key,
            "resets": frames.resets, "button": any(c.kind == "button" for c in frames.controls),
            "values": [list(c.labels) for c in keyed]}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (f'<div class="widgets-static" id="{uid}" data-widget="{name}">{"".join(parts)}'
            '<p class="widgets-status" aria-live="polite"></p>'
            f"{offer_note(name, frames.controls)}"
            "<noscript><p class='static-widget-note'><em>Interactive in JupyterLab or on "
            "Binder; this page shows the starting settings.</em></p></noscript>"
            f'<script type="application/json" class="widgets-data">{payload}</script></div>')


# --- the book's hooks ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _inputs_digest() -> str:
    """Hash what every widget's frames depend on: the package, data and seeds."""
    digest = hashlib.sha256(_CACHE_VERSION.encode())
    inputs = [*sorted((ROOT / "course" / "ketamine_course").rglob("*.py")),
              *sorted((ROOT / "data").glob("*.csv")), *sorted((ROOT / "seeds").glob("*"))]
    for path in inputs:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(name: str) -> str:
    """Return the cache key of widget ``name``: its inputs and the settings the page offers."""
    settings = repr((STOPS.get(name), MAX_TICKED.get(name), ONLY_WITH.get(name)))
    return hashlib.sha256((_inputs_digest() + settings).encode()).hexdigest()[:16]


def _cached(name: str, out: Path = OUT) -> Path:
    return out / "widgets" / f"{name}-{fingerprint(name)}.json"


def widget_maker(notebook_source: str, cell_source: str) -> tuple[str, Callable] | None:
    """Return (name, function) of the lesson widget a cell shows, or None for anything else."""
    call = WIDGET_CALL.search(cell_source)
    module = WIDGETS_IMPORT.search(notebook_source)
    if call is None or module is None:
        return None
    lesson = importlib.import_module(f"ketamine_course.lessons.{module.group(1)}")
    return call.group(1), getattr(lesson, call.group(1))


def cached_frames(name: str, make: Callable[[], w.Widget], out: Path = OUT) -> Path:
    """Compute widget ``name``'s frames unless the cache has them; return the cache file."""
    cache = _cached(name, out)
    if not cache.is_file():
        frames = compute_frames(name, make, out)
        for stale in cache.parent.glob(f"{name}-*.json"):
            stale.unlink()
        frames.save(cache)
    return cache


def _code(nb: object) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


def lesson_widgets() -> list[tuple[str, Callable]]:
    """Return (name, function) of every lesson widget, in course order."""
    found = []
    for notebook in sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(notebook, as_version=4)
        code = _code(nb)
        found += [maker for cell in nb.cells if cell.cell_type == "code"
                  if (maker := widget_maker(code, cell.source))]
    return found


#: Widgets being computed in worker processes: name -> the future of its page HTML.
_PENDING: dict[str, Future] = {}


def _start_workers(out: Path = OUT, workers: int = 2) -> None:
    """Compute every uncached widget in worker processes, in course order (once per build).

    The book executes the lessons one after another; meanwhile the workers compute the
    widgets of the lessons still to come, so that most of their time is hidden.
    """
    todo = [(name, make) for name, make in lesson_widgets()
            if not _cached(name, out).is_file()]
    if not todo:
        return
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
    for name, make in todo:
        _PENDING[name] = pool.submit(cached_frames, name, make, out)
    pool.shutdown(wait=False)


def interactive_html(nb: object, cell: object) -> str | None:
    """Return the interactive HTML for a cell's lesson widget, or None if it shows none."""
    found = widget_maker(_code(nb), cell.source)
    if found is None:
        return None
    name, make = found
    if not _PENDING and not _cached(name).is_file():
        _start_workers()
    cache = _PENDING.pop(name).result() if name in _PENDING else cached_frames(name, make)
    return page_html(name, Frames.load(cache))


def install_figures(source: Path, out: Path = OUT) -> None:
    """Copy the widget figures the pages in ``source`` use into its ``_static`` folder.

    (``tools/book.py`` copies ``book_assets/``, with widgets.js and widgets.css, there too.)
    """
    static = source / "_static"
    static.mkdir(parents=True, exist_ok=True)
    used = {match for page in source.glob("*.ipynb")
            for match in re.findall(FIGURES_URL + r"/(\w+\.svg)", page.read_text())}
    target = static / "widgets-figures"
    target.mkdir(exist_ok=True)
    for name in used:
        shutil.copy(figures_dir(out) / name, target / name)

"""Accessibility checks that a program can make, on every lesson as executed.

Figures: alt text on every image, no bare image outputs (they cannot carry alt
text), colours only from the Okabe-Ito palette or greys.  Widgets: every
control has a text label, is a standard (keyboard-operable) ipywidgets control,
is enabled and not taken out of the tab order.  Headings: one title, no level
skipped, counting headings that outputs add.  The lessons come executed from
the book's cache (see conftest.py), so this costs no extra execution.
"""

import base64
import re

import pytest
from helpers import COURSE
from ketamine_course.core import plots

LESSONS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
SVG = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")
COLOUR = re.compile(r"(?:fill|stroke|color)\s*[:=]\s*\"?\s*(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b)")
GENERIC_ALT = {"image", "figure", "plot", "chart", "graph", "solution hint", "picture"}
# ipywidgets models that are not controls: containers, outputs, layout and style.
NOT_CONTROLS = re.compile(r"^(V|H|Grid)?BoxModel$|^(HTML|HTMLMath|Label|Output|Layout)Model$"
                          r"|StyleModel$")
CHOICE_MODELS = {"RadioButtonsModel", "DropdownModel", "ToggleButtonsModel",
                 "SelectionSliderModel", "SelectModel", "SelectMultipleModel"}
# The palette, and its darker shades (same hue) for text (4.5:1) and thin marks (3:1).
ALLOWED_CHROMATIC = {colour.lower() for palette in (plots.OKABE_ITO, plots.TEXT_COLOURS,
                                                     plots.MARK_COLOURS)
                     for colour in palette.values()}


def _id(path):
    return path.name


# --- the checks, as functions that return problems (tested on bad input below) ---------------


def html_fragments(nb) -> list[str]:
    """Every piece of HTML the executed notebook shows: outputs and HTML widgets' values."""
    fragments = [output["data"]["text/html"] for cell in nb.cells
                 for output in cell.get("outputs", []) if "text/html" in output.get("data", {})]
    models = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    for model in models.get("state", {}).values():
        if model["model_name"] in ("HTMLModel", "HTMLMathModel"):
            fragments.append(model["state"].get("value", ""))
    return fragments


def image_problems(fragment: str) -> list[str]:
    problems = []
    for tag in IMG.findall(fragment):
        alt = re.search(r'\balt="([^"]*)"', tag)
        text = alt.group(1).strip() if alt else ""
        if len(text) < 20 or text.lower() in GENERIC_ALT:
            problems.append(f"image without a real alt text: {tag[:80]}…")
    return problems


def colour_problems(fragment: str) -> list[str]:
    problems = set()
    for encoded in SVG.findall(fragment):
        svg = base64.b64decode(encoded).decode("utf-8", "replace")
        for colour in COLOUR.findall(svg):
            colour = colour.lower()
            if len(colour) == 4:
                colour = "#" + "".join(2 * c for c in colour[1:])
            grey = colour[1:3] == colour[3:5] == colour[5:7]
            if not grey and colour not in ALLOWED_CHROMATIC:
                problems.add(f"colour {colour} is neither grey nor in plots.OKABE_ITO "
                             "(or its darker TEXT_COLOURS and MARK_COLOURS)")
    return sorted(problems)


def control_problems(models: dict) -> list[str]:
    problems = []
    for model_id, model in models.items():
        name, state = model["model_name"], model["state"]
        if NOT_CONTROLS.search(name):
            continue
        where = f"{name} {model_id[:8]}"
        if model.get("model_module") != "@jupyter-widgets/controls":
            problems.append(f"{where} is not a standard control; check it works from the keyboard")
        if not state.get("description", "").strip():
            problems.append(f"{where} has no text label (description)")
        if name in CHOICE_MODELS and not all(str(o).strip() for o in state["_options_labels"]):
            problems.append(f"{where} has an option without a label")
        if state.get("disabled"):
            problems.append(f"{where} is disabled")
        if state.get("tabbable") is False:
            problems.append(f"{where} cannot be reached with Tab")
    return problems


def heading_problems(levels: list[int]) -> list[str]:
    problems = []
    if not levels or levels[0] != 1 or levels.count(1) != 1:
        problems.append("the page needs exactly one level-1 heading, first")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level {after} follows level {before}")
    return problems


def heading_levels(nb) -> list[int]:
    """Heading levels in reading order: Markdown cells, Markdown outputs and HTML outputs."""
    levels = []
    for cell in nb.cells:
        texts = [cell.source] if cell.cell_type == "markdown" else []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            texts += [data.get("text/markdown", "")]
            levels += [int(n) for n in re.findall(r"<h([1-6])\b", data.get("text/html", ""))]
        for text in texts:
            text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
            levels += [len(m) for m in re.findall(r"^(#{1,6}) ", text, re.MULTILINE)]
    return levels


# --- every lesson -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_figure_has_alt_text_and_none_is_a_bare_image(path, executed_lessons):
    nb = executed_lessons[path]
    fragments = html_fragments(nb)
    assert any(IMG.search(f) for f in fragments), f"{path.name} shows no figure"
    assert [p for f in fragments for p in image_problems(f)] == []
    bare = [kind for cell in nb.cells for output in cell.get("outputs", [])
            for kind in output.get("data", {}) if kind.startswith("image/")]
    assert bare == [], "show figures with plots.show(fig, alt_text, caption), not bare images"
    markdown = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    assert re.findall(r"!\[\s*\]\(", markdown) == [], "a Markdown image without alt text"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_figure_colours_come_from_the_palette(path, executed_lessons):
    fragments = html_fragments(executed_lessons[path])
    assert [p for f in fragments for p in colour_problems(f)] == []


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_widget_control_has_a_label_and_works_from_the_keyboard(path, executed_lessons):
    models = executed_lessons[path].metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    source = path.read_text()
    if "_widget(" in source:
        assert models, f"{path.name} shows widgets but none was saved when it was executed"
    assert control_problems(models) == []


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_headings_are_in_order_including_those_outputs_add(path, executed_lessons):
    assert heading_problems(heading_levels(executed_lessons[path])) == []


# --- the checks catch what they should ------------------------------------------------------


def test_checks_catch_missing_alt_text():
    assert image_problems('<img src="x.png">')
    assert image_problems('<img src="x.png" alt="figure">')
    assert not image_problems('<img src="x.png" alt="Bars of response rates by week, rising">')


def test_checks_catch_colours_outside_the_palette():
    def svg(colour):
        encoded = base64.b64encode(f'<path style="fill: {colour}"/>'.encode()).decode()
        return f'<img src="data:image/svg+xml;base64,{encoded}">'

    assert colour_problems(svg("#ff0000")) == ["colour #ff0000 is neither grey nor in "
                                               "plots.OKABE_ITO (or its darker TEXT_COLOURS "
                                               "and MARK_COLOURS)"]
    assert colour_problems(svg("#0072B2")) == colour_problems(svg("#777777")) == []
    assert colour_problems(svg(plots.TEXT_COLOURS["orange"])) == []


def test_checks_catch_unlabelled_or_unreachable_controls():
    def model(name, **state):
        return {"model_name": name, "model_module": "@jupyter-widgets/controls", "state": state}

    models = {"a": model("IntSliderModel", description=""),
              "b": model("CheckboxModel", description="Log scale", tabbable=False),
              "c": model("DropdownModel", description="Route", _options_labels=["IV", " "]),
              "d": model("VBoxModel"), "e": model("HTMLModel", value="<p>hi</p>")}
    problems = " ".join(control_problems(models))
    assert "IntSliderModel a" in problems and "no text label" in problems
    assert "cannot be reached with Tab" in problems and "option without a label" in problems
    assert "VBox" not in problems and "HTMLModel" not in problems


def test_checks_catch_skipped_heading_levels():
    assert heading_problems([1, 2, 3, 2, 3]) == []
    assert heading_problems([1, 3])
    assert heading_problems([2, 3])
    assert heading_problems([1, 2, 1])

"""Widget wiring shared by every lesson: questions, controls wired to view functions.

Each lesson widget has a pure "view" function (controls in, HTML out) that the tests call
directly; the widget itself only connects controls to it with :func:`wire` or :func:`stack`.

The layout rule every lesson widget follows (:func:`fit_control`, :func:`arrange`):

- every control's label sits in one column :data:`LABEL_WIDTH` wide, so labels are never cut
  and the controls line up;
- a slider's track is :data:`TRACK_WIDTH_PX` wide whatever its label, never squeezed;
- short choices are toggle buttons sized to their whole label (they wrap onto a second line
  rather than cut a label); arrow keys and letters typed into them do not reach JupyterLab's
  notebook shortcuts as they do from radio buttons and drop-downs;
- a selection slider (times, sample sizes) also announces its choice in words ("1 day") to a
  screen reader, which otherwise hears only the position ("1");
- controls come first, then the figure they change, then any long table: the figure is never
  pushed below a table, out of view;
- the text of readouts, cards and tables is single-spaced (:func:`single_spaced`).

A group of toggle buttons has its label on a line of its own, above the buttons, so that the
buttons can use the whole width.

"Pause and predict" comes before the output that answers it: :func:`after_question` holds a
figure, widget or table back until the learner has tried the question above it (an answer
checked, or *Show the answer* pressed), so that Run All does not show the answer under the
question.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from .quiz import Feedback, Question, get_question

#: Let a control's description take the width it needs instead of a fixed narrow column.
WIDE = {"description_width": "initial"}

#: Option buttons wrap long text instead of cutting it off (class ``kc-option``).
OPTION_STYLE = ("<style>.kc-option{white-space:normal !important;height:auto !important;"
                "min-height:2em;text-align:left !important;padding:0.3em 0.8em !important}"
                "</style>")

#: The column every control's label sits in (the longest label, "Significance threshold
#: (alpha)", fits it at JupyterLab's 13 px widget font).
LABEL_WIDTH = "17em"

#: The width of every slider's track, and room for its readout ("2023" to "2009–2024").
TRACK_WIDTH_PX = 300
READOUT_WIDTH = "6em"

#: The sliders the rule gives a fixed track.
SLIDERS = (w.IntSlider, w.FloatSlider, w.SelectionSlider, w.IntRangeSlider, w.FloatRangeSlider)

#: Visually hidden but read by screen readers (the usual "sr-only" pattern).
_SCREEN_READER_ONLY = ("position:absolute;width:1px;height:1px;margin:-1px;padding:0;"
                       "overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0")


def feedback_html(feedback: Feedback) -> str:
    """Render feedback with a mark and a colour that is not the only cue."""
    if feedback.correct:
        mark, colour = "✔ Correct", "#009E73"
    elif feedback.correct is None:
        mark, colour = "Answer shown", "#0072B2"
    else:
        mark = "✘ Not this time" if feedback.revealed else "✘ Not yet"
        colour = "#D55E00"
    return (
        f'<div role="status" style="border-left:4px solid {colour};padding:0.3em 0.8em">'
        f"<strong>{mark}.</strong> {html.escape(feedback.message)}</div>"
    )


def prompt_html(question: Question) -> str:
    """Return the question as the learner first sees it."""
    return f"<p><strong>Pause and predict.</strong> {html.escape(question.prompt)}</p>"


def _option_buttons(options: tuple[str, ...]) -> tuple[w.VBox, object]:
    """One toggle button per option, at most one pressed; return them and a reader of the pick.

    Toggle buttons rather than radio buttons: JupyterLab's arrow-key shortcuts (move between
    cells) fight with radio buttons, while a toggle is reached with Tab and pressed with Space.
    """
    buttons = [w.ToggleButton(value=False, description=option, tooltip=option,
                              layout=w.Layout(width="max-content", max_width="100%"))
               for option in options]
    for button in buttons:
        button.add_class("kc-option")

    def keep_one(change: dict) -> None:
        change["owner"].icon = "check" if change["new"] else ""  # a cue beyond colour
        if change["new"]:
            for other in buttons:
                if other is not change["owner"]:
                    other.value = False

    for button in buttons:
        button.observe(keep_one, names="value")

    def picked() -> str | None:
        return next((b.description for b in buttons if b.value), None)

    return w.VBox([w.HTML(OPTION_STYLE), *buttons]), picked


#: The questions the learner has tried in this kernel, and the held-back outputs waiting for each.
_TRIED: set[str] = set()
_WAITING: dict[str, list[Callable[[], None]]] = {}

#: What a held-back output says until its question has been tried.
HELD_NOTE = ("Answer the question above first (or press “Show the answer”): what answers it "
             "appears here after your first try.")


def mark_tried(question_id: str) -> None:
    """Record that the learner has tried ``question_id``; show what :func:`after_question` held."""
    _TRIED.add(question_id)
    for show in _WAITING.pop(question_id, []):
        show()


def _as_widget(content: object) -> w.Widget:
    """Return ``content`` as a widget: a widget as it is, a table by its HTML."""
    if isinstance(content, w.Widget):
        return content
    to_html = getattr(content, "_repr_html_", None)
    if to_html is None:
        raise ValueError("after_question holds back widgets and objects that show as HTML "
                         f"(tables, figures); got {type(content).__name__}.")
    return w.HTML(to_html())


def after_question(question_id: str, *contents: object) -> w.VBox:
    """Hold ``contents`` back until the learner has tried the bank's question ``question_id``.

    ``contents`` are the outputs that answer the question (a widget, a table, a figure): until
    the learner checks an answer or presses *Show the answer* in the question's widget, only a
    note (:data:`HELD_NOTE`) shows. A question already tried in this kernel shows them at once.
    Raises ValueError for an unknown question id, no contents, or contents that cannot show.
    """
    get_question(question_id)
    if not contents:
        raise ValueError(f"after_question({question_id!r}) needs the output(s) to hold back.")
    held = w.VBox([_as_widget(content) for content in contents])
    held.add_class("kc-held")
    note = w.HTML(f'<p class="kc-held-note" role="note"><em>{html.escape(HELD_NOTE)}</em></p>')

    def show() -> None:
        held.layout.display = ""
        note.layout.display = "none"

    if question_id in _TRIED:
        show()
    else:
        held.layout.display = "none"
        _WAITING.setdefault(question_id, []).append(show)
    return single_spaced(w.VBox([note, held]))


def question_widget(question_id: str) -> w.VBox:
    """Ask the bank's question ``question_id`` ("q03-1"): two tries, a hint, then the answer.

    The learner picks an option (or types a number) and presses *Check my answer*. A first
    wrong answer gets the hint; a second, or *Show the answer*, gives the answer and the
    worked explanation (see :mod:`ketamine_course.core.quiz`). The first answer checked, or
    *Show the answer*, shows what :func:`after_question` holds back for this question.
    """
    question = get_question(question_id)
    if question.kind == "choice":
        answer_box, picked = _option_buttons(question.options)
    else:
        answer_box = w.Text(value="", placeholder="a number", description="Your answer:",
                            style=WIDE)
        picked = lambda: answer_box.value  # noqa: E731 - the reader of the typed text
    check = w.Button(description="Check my answer", button_style="primary",
                     tooltip="Check my answer")
    show = w.Button(description="Show the answer", tooltip="Show the answer and explanation")
    result = w.HTML()
    wrong = {"count": 0}

    def on_check(_: w.Button) -> None:
        response = picked()
        result.value = feedback_html(question.respond(response, wrong["count"]))
        try:
            right = question.is_right(response)
        except ValueError:  # not one of the options, or not a number: not a try
            return
        if right is not None:
            wrong["count"] += right is False
            mark_tried(question_id)

    def on_show(_: w.Button) -> None:
        result.value = feedback_html(question.reveal())
        mark_tried(question_id)

    check.on_click(on_check)
    show.on_click(on_show)
    return single_spaced(w.VBox([w.HTML(prompt_html(question)), answer_box,
                                 w.HBox([check, show]), result]))


def fit_control(control: w.Widget) -> w.Widget:
    """Apply the layout rule (see the module's docstring) to one control; return it.

    Sliders get the label column and a fixed track; drop-downs and text boxes the label column;
    toggle buttons buttons as wide as their labels, wrapping onto more lines if need be;
    check boxes their whole label. Raises ValueError for something that is not a control.
    """
    if not isinstance(control, w.DOMWidget):
        raise ValueError(f"fit_control lays out ipywidgets controls; got {type(control).__name__}.")
    if isinstance(control, SLIDERS):
        control.style.description_width = LABEL_WIDTH
        control.layout.width = f"calc({LABEL_WIDTH} + {TRACK_WIDTH_PX}px + {READOUT_WIDTH})"
    elif isinstance(control, w.ToggleButtons):
        control.style.button_width = "auto"
        control.style.description_width = LABEL_WIDTH if control.description else "0px"
        control.layout.width = "100%"
        control.layout.flex_flow = "row wrap"
    elif isinstance(control, w.Checkbox):
        control.indent = False
        control.layout.width = "auto"
    elif isinstance(control, w.Dropdown | w.Text | w.Textarea | w.BoundedIntText | w.IntText):
        control.style.description_width = LABEL_WIDTH
        if not control.layout.width:
            control.layout.width = f"calc({LABEL_WIDTH} + 22em)"
    return control


def selection_announcer(slider: w.SelectionSlider) -> w.HTML:
    """Return a hidden live region that says a selection slider's choice in words.

    A screen reader hears a selection slider's position ("1"); this says "Time since treatment
    started: 1 day" each time the choice changes. Place it right after the slider.
    """
    if not isinstance(slider, w.SelectionSlider):
        raise ValueError("selection_announcer needs an ipywidgets SelectionSlider; got "
                         f"{type(slider).__name__}.")
    announcer = w.HTML(layout=w.Layout(height="0px", margin="0px"))

    def say(_: object = None) -> None:
        label = slider.description or "Choice"
        announcer.value = (f'<span role="status" aria-live="polite" class="slider-announcer" '
                           f'style="{_SCREEN_READER_ONLY}">{html.escape(label)}: '
                           f"{html.escape(str(slider.label))}</span>")

    slider.observe(say, names="value")
    say()
    return announcer


#: JupyterLab gives a widget's HTML the height of a control (28 px) per line of text; inside a
#: course widget, text and tables read at ordinary single spacing.
SPACING_CSS = ".course-widget .widget-html-content{line-height:1.45}"


def single_spaced(box: w.Box) -> w.Box:
    """Give the text of ``box``'s HTML outputs ordinary line spacing; return ``box``.

    Adds the class ``course-widget`` and, as the box's last child, a hidden style element
    that applies :data:`SPACING_CSS`.
    """
    if not isinstance(box, w.Box):
        raise ValueError(f"single_spaced needs an ipywidgets Box; got {type(box).__name__}.")
    box.add_class("course-widget")
    style = w.HTML(f"<style>{SPACING_CSS}</style>", layout=w.Layout(display="none"))
    box.children = (*box.children, style)
    return box


def arrange(controls: list[w.Widget], figure: w.Widget, readout: w.Widget | None = None, *,
            table: w.Widget | None = None) -> w.VBox:
    """Lay out a lesson widget by the rule: controls, then the readout and figure, then a table.

    Every control goes through :func:`fit_control`; a selection slider is followed by its
    :func:`selection_announcer`. A short ``readout`` sits between the controls and the figure;
    a long ``table`` always comes after the figure.
    """
    laid_out: list[w.Widget] = []
    for control in controls:
        laid_out.append(fit_control(control))
        if isinstance(control, w.SelectionSlider):
            laid_out.append(selection_announcer(control))
    box = w.VBox(laid_out, layout=w.Layout(margin="0 0 0.4em 0"))
    parts = [box] + [part for part in (readout, figure, table) if part is not None]
    return single_spaced(w.VBox(parts))


def wire(controls: list[w.Widget], view: object) -> tuple[w.HTML, w.HTML]:
    """Redraw on every change of ``controls``; return the readout and figure they drive.

    ``view`` takes no arguments and returns (readout HTML, figure HTML); it reads the
    controls' current values itself.  The outputs are filled once straight away.
    """
    readout, figure = w.HTML(), w.HTML()

    def update(_: object = None) -> None:
        readout.value, figure.value = view()

    for control in controls:
        control.observe(update, names="value")
    update()
    return readout, figure


def stack(controls: list[w.Widget], view: object, *, readout_is_table: bool = False) -> w.VBox:
    """Lay out ``controls`` by the rule (:func:`arrange`) above the outputs :func:`wire` fills.

    A readout of a sentence or two sits above the figure; one that holds a long table
    (``readout_is_table=True``) goes below it, so the figure that changes stays in view.
    """
    readout, figure = wire(controls, view)
    if readout_is_table:
        return arrange(controls, figure, table=readout)
    return arrange(controls, figure, readout)

"""Widget wiring shared by every lesson: questions, controls wired to view functions.

Each lesson widget has a pure "view" function (controls in, HTML out) that the tests call
directly; the widget itself only connects controls to it with :func:`wire` or :func:`stack`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .quiz import Feedback, Question, get_question

#: Let a control's description take the width it needs instead of a fixed narrow column.
WIDE = {"description_width": "initial"}

#: Option buttons wrap long text instead of cutting it off (class ``kc-option``).
OPTION_STYLE = ("<style>.kc-option{white-space:normal !important;height:auto !important;"
                "min-height:2em;text-align:left !important;padding:0.3em 0.8em !important}"
                "</style>")


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


def question_widget(question_id: str) -> w.VBox:
    """Ask the bank's question ``question_id`` ("q03-1"): two tries, a hint, then the answer.

    The learner picks an option (or types a number) and presses *Check my answer*. A first
    wrong answer gets the hint; a second, or *Show the answer*, gives the answer and the
    worked explanation (see :mod:`ketamine_course.core.quiz`).
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
            wrong["count"] += question.is_right(response) is False
        except ValueError:  # not one of the options, or not a number: not a try
            pass

    def on_show(_: w.Button) -> None:
        result.value = feedback_html(question.reveal())

    check.on_click(on_check)
    show.on_click(on_show)
    return w.VBox([w.HTML(prompt_html(question)), answer_box, w.HBox([check, show]), result])


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


def stack(controls: list[w.Widget], view: object) -> w.VBox:
    """Stack ``controls`` above the readout and figure that :func:`wire` connects to them."""
    return w.VBox([*controls, *wire(controls, view)])

"""Widget wiring shared by every lesson: questions, controls wired to view functions.

Each lesson widget has a pure "view" function (controls in, HTML out) that the tests call
directly; the widget itself only connects controls to it with :func:`wire` or :func:`stack`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from .quiz import Feedback, MultipleChoice, NumericQuestion

#: Let a control's description take the width it needs instead of a fixed narrow column.
WIDE = {"description_width": "initial"}


def feedback_html(feedback: Feedback) -> str:
    """Render feedback with a mark and a colour that is not the only cue."""
    mark, colour = ("✔ Correct", "#009E73") if feedback.correct else ("✘ Not yet", "#D55E00")
    return (
        f'<div role="status" style="border-left:4px solid {colour};padding:0.3em 0.8em">'
        f"<strong>{mark}.</strong> {html.escape(feedback.message)}</div>"
    )


def parse_number(text: str) -> float | None:
    """Read a typed answer such as ``"5"``, ``"5.0"``, ``" 5 % "`` or ``"1,234"``.

    Returns None for an empty box; raises ValueError for anything else that is not a number.
    """
    cleaned = text.strip().rstrip("%").strip().replace(",", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number: type digits, such as 12 or 0.5.") from None


def question_widget(question: MultipleChoice | NumericQuestion) -> w.VBox:
    """Show a "pause and predict" question with a button that checks the answer."""
    if not isinstance(question, MultipleChoice | NumericQuestion):
        raise ValueError("question_widget needs a MultipleChoice or NumericQuestion from "
                         f"ketamine_course.core.quiz; got {type(question).__name__}.")
    prompt = w.HTML(f"<p><strong>Pause and predict.</strong> {html.escape(question.prompt)}</p>")
    if isinstance(question, MultipleChoice):
        answer = w.RadioButtons(options=list(question.options), value=None,
                                description="Your answer:", style=WIDE,
                                layout=w.Layout(width="max-content"))
    else:
        answer = w.Text(value="", placeholder="a number", description="Your answer:",
                        style=WIDE)
    button = w.Button(description="Check my answer", button_style="primary",
                      tooltip="Check my answer")
    result = w.HTML()

    def check(_: w.Button) -> None:
        if isinstance(question, MultipleChoice):
            feedback = question.check(answer.value)
        else:
            try:
                feedback = question.check(parse_number(answer.value))
            except ValueError as error:
                feedback = Feedback(False, str(error))
        result.value = feedback_html(feedback)

    button.on_click(check)
    return w.VBox([prompt, answer, button, result])


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

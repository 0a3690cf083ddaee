"""Interactive widgets: thin wiring from ipywidgets controls to tested functions.

Each widget has a pure "view" function (controls in, HTML out) that the
tests call directly; the widget itself only connects controls to it.
"""

from __future__ import annotations

import html
import math

import ipywidgets as w

from . import plots
from .evidence import absolute_from_relative
from .quiz import Feedback, MultipleChoice, NumericQuestion

_WIDE = {"description_width": "initial"}


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
    prompt = w.HTML(f"<p><strong>Pause and predict.</strong> {html.escape(question.prompt)}</p>")
    if isinstance(question, MultipleChoice):
        answer = w.RadioButtons(options=list(question.options), value=None,
                                description="Your answer:", style=_WIDE,
                                layout=w.Layout(width="max-content"))
    else:
        answer = w.Text(value="", placeholder="a number", description="Your answer:",
                        style=_WIDE)
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


def risk_demo_view(control_risk: float, risk_ratio: float) -> tuple[str, str]:
    """Return the readout and the icon-array figure (both HTML) for the risk demo."""
    effect = absolute_from_relative(control_risk, risk_ratio)
    control, treated = effect["control_risk"] * 100, effect["treated_risk"] * 100
    nnt = "no difference" if math.isinf(effect["nnt"]) else f"{math.ceil(round(effect['nnt'], 9))}"
    readout = (
        f'<p class="readout">Relative: the treatment multiplies the chance by '
        f"<strong>{risk_ratio:.1f}</strong>. Absolute: <strong>{control:.0f} in 100</strong> "
        f"without it, <strong>{treated:.1f} in 100</strong> with it, so "
        f"<strong>{effect['per_100']:.1f} more people in 100</strong>. "
        f"Number needed to treat for one more to benefit: <strong>{nnt}</strong>.</p>"
    )
    fig = plots.icon_array_figure(
        {"Without treatment": control, "With treatment": treated},
        title=f"Risk ratio {risk_ratio:.1f} on a {control:.0f}% baseline",
        event_label="improves",
    )
    alt = (
        f"Two grids of 100 people. Without treatment {control:.0f} are filled in; with "
        f"treatment {treated:.0f} are. The same risk ratio, {risk_ratio:.1f}, means "
        f"{effect['per_100']:.1f} more people in 100."
    )
    return readout, plots.figure_html(fig, alt)


def max_risk_ratio(control_risk: float, ceiling: float = 3.0) -> float:
    """Return the largest risk ratio (to 0.1) that keeps the treated risk at or below 1."""
    if not 0 < control_risk <= 1:
        raise ValueError(f"control_risk must be above 0 and at most 1; got {control_risk!r}.")
    return min(ceiling, math.floor(10 / control_risk + 1e-9) / 10)


def risk_widget() -> w.VBox:
    """Show relative versus absolute effects, with sliders for baseline risk and risk ratio."""
    baseline = w.IntSlider(value=10, min=1, max=50, step=1, continuous_update=False,
                           description="Chance without treatment (%)", style=_WIDE)
    ratio = w.FloatSlider(value=2.0, min=1.0, max=3.0, step=0.1, continuous_update=False,
                          readout_format=".1f", description="Risk ratio (× chance)", style=_WIDE)
    readout, figure = w.HTML(), w.HTML()

    def update(_: object = None) -> None:
        ratio.max = max_risk_ratio(baseline.value / 100)
        readout.value, figure.value = risk_demo_view(baseline.value / 100, ratio.value)

    baseline.observe(update, names="value")
    ratio.observe(update, names="value")
    update()
    return w.VBox([baseline, ratio, readout, figure])

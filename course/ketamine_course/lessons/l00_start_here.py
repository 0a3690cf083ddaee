"""Lesson 00, start here: relative against absolute effects, the course's first widget."""

from __future__ import annotations

import math

import ipywidgets as w

from ..core import plots
from ..core.evidence import absolute_from_relative
from ..core.wiring import arrange


def risk_demo_view(control_risk: float, risk_ratio: float) -> tuple[str, str]:
    """Return the readout and the icon-array figure (both HTML) for the risk demo.

    The readout gives the exact numbers; where the chance with the treatment is not a whole
    person, it says how many people the grid draws instead (:func:`plots.drawn_people`), so
    that the readout and the grid never seem to disagree.
    """
    effect = absolute_from_relative(control_risk, risk_ratio)
    control, treated = effect["control_risk"] * 100, effect["treated_risk"] * 100
    drawn = plots.drawn_people(treated)
    nnt = "no difference" if math.isinf(effect["nnt"]) else f"{math.ceil(round(effect['nnt'], 9))}"
    rounded = ("" if _people(treated) == str(drawn) else
               f" The grids show whole people, so {_people(treated)} is drawn as {drawn}.")
    readout = (
        f'<p class="readout">Relative: the treatment multiplies the chance by '
        f"<strong>{risk_ratio:.1f}</strong>. Absolute: <strong>{control:.0f} in 100</strong> "
        f"without it, <strong>{_people(treated)} in 100</strong> with it, so "
        f"<strong>{_people(effect['per_100'])} more {_persons(effect['per_100'])} in 100"
        "</strong>. "
        f"Number needed to treat for one more to benefit: <strong>{nnt}</strong>.{rounded}</p>"
    )
    fig = plots.icon_array_figure(
        {"Without treatment": control, "With treatment": treated},
        title=f"Risk ratio {risk_ratio:.1f} on a {control:.0f}% baseline",
        event_label="improves",
    )
    alt = (
        f"Two grids of 100 people. Without treatment {plots.drawn_people(control)} are filled "
        f"in; with treatment {drawn} are. The same risk ratio, {risk_ratio:.1f}, means "
        f"{_people(effect['per_100'])} more {_persons(effect['per_100'])} in 100."
    )
    return readout, plots.figure_html(fig, alt)


def _people(count: float) -> str:
    """Write a number of people in 100: whole where it is whole ("20"), else one decimal ("2.5")."""
    return f"{round(count)}" if abs(count - round(count)) < 0.05 else f"{count:.1f}"


def _persons(count: float) -> str:
    """Return "person" for exactly one, "people" for any other number."""
    return "person" if _people(count) == "1" else "people"


def max_risk_ratio(control_risk: float, ceiling: float = 3.0) -> float:
    """Return the largest risk ratio (to 0.1) that keeps the treated risk at or below 1."""
    if not 0 < control_risk <= 1:
        raise ValueError(f"control_risk must be above 0 and at most 1; got {control_risk!r}.")
    return min(ceiling, math.floor(10 / control_risk + 1e-9) / 10)


def risk_widget() -> w.VBox:
    """Show relative versus absolute effects, with sliders for baseline risk and risk ratio."""
    baseline = w.IntSlider(value=10, min=1, max=50, step=1, continuous_update=False,
                           description="Chance without treatment (%)")
    ratio = w.FloatSlider(value=2.0, min=1.0, max=3.0, step=0.1, continuous_update=False,
                          readout_format=".1f", description="Risk ratio (× chance)")
    readout, figure = w.HTML(), w.HTML()

    def update(_: object = None) -> None:
        ratio.max = max_risk_ratio(baseline.value / 100)
        readout.value, figure.value = risk_demo_view(baseline.value / 100, ratio.value)

    baseline.observe(update, names="value")
    ratio.observe(update, names="value")
    update()
    return arrange([baseline, ratio], figure, readout)

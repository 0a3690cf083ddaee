"""Effect-size arithmetic that runs through the course.

Relative effects ("doubles your chance") sound large or small depending on
a number they leave out: how common the outcome is without treatment.  These
functions turn one into the other.
"""

from __future__ import annotations

import math


def _check_probability(name: str, value: float) -> float:
    """Return ``value`` as a float if it is a probability in [0, 1], else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{name} must be a number between 0 and 1; got {value!r}.")
    if not 0.0 <= value <= 1.0:
        raise ValueError(
            f"{name} must be a proportion between 0 and 1 (for 10% write 0.10); got {value!r}."
        )
    return float(value)


def absolute_from_relative(control_risk: float, risk_ratio: float) -> dict[str, float]:
    """Turn a risk ratio into absolute terms, given the risk without treatment.

    Args:
        control_risk: the proportion with the outcome without treatment, 0 to 1.
        risk_ratio: the treated risk divided by the control risk; must be > 0 and
            must not push the treated risk above 1.

    Returns:
        ``control_risk`` and ``treated_risk`` (proportions), ``risk_difference``
        (treated minus control), ``per_100`` (the difference in people per 100)
        and ``nnt``, the number who must be treated for one more person to have
        the outcome (``math.inf`` when there is no difference; negative when
        the treated risk is lower, in which case its size is the number treated
        for one fewer person to have the outcome).

    Example:
        >>> absolute_from_relative(0.05, 2.0)["per_100"]
        5.0

    """
    control = _check_probability("control_risk", control_risk)
    if isinstance(risk_ratio, bool) or not isinstance(risk_ratio, int | float):
        raise ValueError(f"risk_ratio must be a positive number; got {risk_ratio!r}.")
    if not risk_ratio > 0 or math.isinf(risk_ratio):
        raise ValueError(f"risk_ratio must be a positive, finite number; got {risk_ratio!r}.")
    treated = control * risk_ratio
    if treated > 1.0 + 1e-12:
        raise ValueError(
            f"A risk ratio of {risk_ratio} on a control risk of {control} gives a treated risk "
            f"of {treated:.3g}, above 1: no treatment can do that. For this control risk the "
            f"risk ratio can be at most {1 / control:.3g}."
        )
    difference = treated - control
    return {
        "control_risk": control,
        "treated_risk": treated,
        "risk_difference": difference,
        "per_100": round(difference * 100, 10),
        "nnt": math.inf if difference == 0 else 1.0 / difference,
    }

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


def _check_fraction_open(name: str, value: float, *, allow_zero: bool = False) -> float:
    """Return ``value`` if it lies in (0, 1) (or [0, 1) with ``allow_zero``), else raise."""
    checked = _check_probability(name, value)
    low_ok = checked >= 0 if allow_zero else checked > 0
    if not (low_ok and checked < 1):
        bounds = "from 0 up to (not including) 1" if allow_zero else "strictly between 0 and 1"
        raise ValueError(f"{name} must be {bounds}; got {value!r}.")
    return checked


def findings_breakdown(
    prior: float, power: float, alpha: float, bias: float = 0.0, n_hypotheses: int = 1000
) -> dict[str, float]:
    """Count what happens when ``n_hypotheses`` ideas are each tested once.

    Uses the model of Ioannidis (2005, PLoS Med 2:e124, doi:10.1371/journal.pmed.0020124):
    a share ``prior`` of the hypotheses are true; a study detects a true one with
    probability ``power`` and wrongly "detects" a false one with probability
    ``alpha``; ``bias`` is the share of analyses that would not have been positive
    but are reported as positive anyway (flexible analysis, selective reporting).

    Returns:
        ``true_positive``, ``false_positive``, ``false_negative``, ``true_negative``
        (expected counts, summing to ``n_hypotheses``) and ``ppv``, the share of
        positive findings that are true.
    """
    prior = _check_fraction_open("prior", prior)
    power = _check_fraction_open("power", power)
    alpha = _check_fraction_open("alpha", alpha)
    bias = _check_fraction_open("bias", bias, allow_zero=True)
    if isinstance(n_hypotheses, bool) or not isinstance(n_hypotheses, int) or n_hypotheses < 1:
        raise ValueError(f"n_hypotheses must be a whole number of 1 or more; got {n_hypotheses!r}.")
    true, false = n_hypotheses * prior, n_hypotheses * (1 - prior)
    true_positive = true * power + bias * true * (1 - power)
    false_positive = false * alpha + bias * false * (1 - alpha)
    return {
        "true_positive": true_positive,
        "false_positive": false_positive,
        "false_negative": true - true_positive,
        "true_negative": false - false_positive,
        "ppv": true_positive / (true_positive + false_positive),
    }


def positive_predictive_value(
    prior: float, power: float, alpha: float, bias: float = 0.0
) -> float:
    """Return the probability that a positive ("significant") finding is true.

    With no bias this is ``power·prior / (power·prior + alpha·(1 − prior))``;
    see :func:`findings_breakdown` for the model and the arguments.

    Example:
        >>> round(positive_predictive_value(prior=0.1, power=0.8, alpha=0.05), 2)
        0.64
    """
    return findings_breakdown(prior, power, alpha, bias)["ppv"]


def cumulative_remission(step_rates: list[float]) -> float:
    """Return the share who remit at some step of a sequence of treatment steps.

    Each rate is the share remitting among those *entering* that step.  The
    calculation assumes that everyone who does not remit goes on to the next
    step: nobody drops out.  That assumption is exactly what critics of
    STAR*D's 67% figure question.

    Example:
        >>> round(cumulative_remission([0.368, 0.306, 0.137, 0.130]), 2)
        0.67
    """
    if isinstance(step_rates, str) or not list(step_rates):
        raise ValueError(f"step_rates must be a non-empty list of proportions; got {step_rates!r}.")
    still_ill = 1.0
    for number, rate in enumerate(step_rates, start=1):
        still_ill *= 1 - _check_probability(f"step {number} remission rate", rate)
    return 1 - still_ill

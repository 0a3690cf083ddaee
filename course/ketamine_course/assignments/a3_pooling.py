"""Pooling studies: a simulated literature, p-values, forest and funnel plots.

Assignment 3 asks learners to write the steps of meta-analysis that carry its
ideas (weights, pooled estimates, Q, I² and τ², Egger's variables); this module
supplies what they should not have to write: a reproducible literature to
analyse, a least-squares line with the intercept's standard error, the t
distribution's two-sided p-value, and the two figures of the trade (forest plot
and funnel plot).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from ..core.plots import NEUTRAL, OKABE_ITO, new_figure

#: The publication rules :func:`simulate_literature` understands.
PUBLICATION_RULES = ("all", "significant_or_lucky")


@dataclass(frozen=True)
class Literature:
    """A simulated set of two-arm studies of a standardised mean difference."""

    estimates: np.ndarray
    standard_errors: np.ndarray
    sizes_per_arm: np.ndarray
    published: np.ndarray
    true_effect: float

    def published_only(self) -> tuple[list[float], list[float]]:
        """Return the published studies' estimates and standard errors as plain lists."""
        keep = self.published
        return ([float(x) for x in self.estimates[keep]],
                [float(x) for x in self.standard_errors[keep]])


def simulate_literature(
    seed: int,
    n_studies: int = 60,
    true_effect: float = 0.2,
    rule: str = "significant_or_lucky",
    publish_null_chance: float = 0.2,
) -> Literature:
    """Simulate ``n_studies`` trials and decide which of them get published.

    Each study has 10 to 150 people per arm; its estimate of the standardised
    mean difference is drawn around ``true_effect`` with standard error
    sqrt(2 / n) (the large-sample value for two arms of n).  Under the rule
    ``"significant_or_lucky"`` a study is published if its result is positive and
    significant at the two-sided 5% level, and otherwise only with probability
    ``publish_null_chance``; under ``"all"`` every study is published.

    Raises:
        ValueError: for a non-integer seed, fewer than 3 studies, an unknown rule
            or a chance outside 0 to 1.

    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(f"seed must be a whole number; got {seed!r}.")
    if isinstance(n_studies, bool) or not isinstance(n_studies, int) or n_studies < 3:
        raise ValueError(f"n_studies must be a whole number of at least 3; got {n_studies!r}.")
    if rule not in PUBLICATION_RULES:
        raise ValueError(f"rule must be one of {PUBLICATION_RULES}; got {rule!r}.")
    if not 0.0 <= publish_null_chance <= 1.0:
        raise ValueError(
            f"publish_null_chance must be between 0 and 1; got {publish_null_chance!r}."
        )
    rng = np.random.default_rng(seed)
    sizes = rng.integers(10, 151, size=n_studies)
    standard_errors = np.sqrt(2.0 / sizes)
    estimates = rng.normal(true_effect, standard_errors)
    if rule == "all":
        published = np.ones(n_studies, dtype=bool)
    else:
        significant = estimates / standard_errors > 1.959964
        lucky = rng.random(n_studies) < publish_null_chance
        published = significant | lucky
    return Literature(estimates, standard_errors, sizes, published, float(true_effect))


def _continued_fraction(a: float, b: float, x: float) -> float:
    """Evaluate the continued fraction of the incomplete beta function (Lentz's method)."""
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 300):
        for numerator in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                          -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return result


def _incomplete_beta(a: float, b: float, x: float) -> float:
    """Return the regularised incomplete beta function I_x(a, b) for 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _continued_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _continued_fraction(b, a, 1.0 - x) / b


def fit_line(x: list[float], y: list[float]) -> tuple[float, float, float]:
    """Fit y = intercept + slope * x by ordinary least squares.

    Returns ``(intercept, intercept_se, slope)``, where the intercept's standard
    error uses the residual variance with k - 2 degrees of freedom, as Egger's
    test does.

    Raises:
        ValueError: if the lists differ in length, hold fewer than 3 points, or
            all x are equal (no line can be fitted).

    """
    k = len(x)
    if k != len(y) or k < 3:
        raise ValueError(f"fit_line needs two lists of equal length, at least 3 points; "
                         f"got {k} x and {len(y)} y.")
    sx, sy = sum(x), sum(y)
    sxx = sum(v * v for v in x)
    sxy = sum(a * b for a, b in zip(x, y, strict=True))
    spread = k * sxx - sx * sx
    if not spread > 0:
        raise ValueError("fit_line needs at least two different x values.")
    slope = (k * sxy - sx * sy) / spread
    intercept = (sy - slope * sx) / k
    residual_variance = sum((b - intercept - slope * a) ** 2
                            for a, b in zip(x, y, strict=True)) / (k - 2)
    return intercept, math.sqrt(residual_variance * sxx / spread), slope


def t_two_sided_p(t: float, df: float) -> float:
    """Return the two-sided p-value of a t statistic with ``df`` degrees of freedom.

    Raises:
        ValueError: if ``df`` is not positive or ``t`` is not a finite number.

    """
    if not df > 0:
        raise ValueError(f"df (degrees of freedom) must be positive; got {df!r}.")
    if not math.isfinite(t):
        raise ValueError(f"t must be a finite number; got {t!r}.")
    return _incomplete_beta(df / 2.0, 0.5, df / (df + t * t))


def forest_figure(labels: list[str], estimates: list[float], standard_errors: list[float],
                  pooled: dict[str, float], measure: str) -> Figure:
    """Draw a forest plot: each study's estimate and 95% interval, and the pooled diamond.

    ``pooled`` needs the keys ``estimate``, ``lower`` and ``upper``.
    """
    if not len(labels) == len(estimates) == len(standard_errors) > 0:
        raise ValueError(
            "labels, estimates and standard_errors must be non-empty and equally long."
        )
    missing = {"estimate", "lower", "upper"} - set(pooled)
    if missing:
        raise ValueError(f"pooled lacks {sorted(missing)}; give estimate, lower and upper.")
    height = 2.0 + 0.45 * len(labels)
    fig, ax = new_figure("Forest plot", f"{measure} (95% confidence interval)", "Study",
                         size=(7.0, height))
    fig.subplots_adjust(left=0.34, bottom=0.75 / height, top=1 - 0.45 / height)
    rows = np.arange(len(labels), 0, -1)
    est, se = np.asarray(estimates, float), np.asarray(standard_errors, float)
    ax.errorbar(est, rows, xerr=1.96 * se, fmt="s", color=OKABE_ITO["blue"], capsize=3,
                label="study estimate and 95% CI")
    diamond_x = [pooled["lower"], pooled["estimate"], pooled["upper"], pooled["estimate"]]
    ax.fill(diamond_x, [0, 0.25, 0, -0.25], color=OKABE_ITO["vermillion"], label="pooled")
    ax.axvline(0, color=NEUTRAL, linewidth=1)
    ax.set_yticks([*rows, 0], [*labels, "Pooled"])
    ax.legend(loc="lower right", fontsize=8)
    return fig


def funnel_figure(estimates: list[float], standard_errors: list[float],
                  published: list[bool] | None = None) -> Figure:
    """Draw a funnel plot: estimate against standard error (inverted); unpublished ones hollow."""
    est, se = np.asarray(estimates, float), np.asarray(standard_errors, float)
    if est.shape != se.shape or est.size == 0:
        raise ValueError("estimates and standard_errors must be non-empty and equally long.")
    shown = np.ones(est.size, bool) if published is None else np.asarray(published, bool)
    fig, ax = new_figure("Funnel plot", "Standardised mean difference (d, no unit)",
                         "Standard error (d units; larger studies at the top)", size=(6.0, 4.5))
    ax.scatter(est[shown], se[shown], color=OKABE_ITO["blue"], label="published")
    if not shown.all():
        ax.scatter(est[~shown], se[~shown], facecolors="none", edgecolors=NEUTRAL,
                   label="never published")
    centre = float(np.average(est[shown], weights=1 / se[shown] ** 2))
    edge = np.linspace(0, se.max() * 1.05, 50)
    ax.plot(centre - 1.96 * edge, edge, color=NEUTRAL, linestyle="--", linewidth=1)
    ax.plot(centre + 1.96 * edge, edge, color=NEUTRAL, linestyle="--", linewidth=1,
            label="95% limits around the fixed-effect estimate")
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize=8)
    return fig

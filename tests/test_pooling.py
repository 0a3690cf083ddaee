"""The pooling helpers behind assignment 3: simulated literature, t p-values, figures."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest
from ketamine_course.assignments import a3_pooling as pooling
from ketamine_course.core import plots
from scipy import stats


@pytest.mark.parametrize(("t", "df"), [(0.0, 5), (1.0, 1), (2.1, 8), (-3.5, 3), (1.96, 1000),
                                       (10.0, 2), (0.3, 57.5)])
def test_t_p_value_matches_scipy(t, df):
    assert pooling.t_two_sided_p(t, df) == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-9,
                                                         abs=1e-14)


@pytest.mark.parametrize(("t", "df"), [(1.0, 0), (1.0, -2), (math.nan, 3), (math.inf, 3)])
def test_t_p_value_refuses_bad_input(t, df):
    with pytest.raises(ValueError, match="df|t must"):
        pooling.t_two_sided_p(t, df)


def test_same_seed_same_literature_and_different_seed_different():
    a, b = pooling.simulate_literature(7), pooling.simulate_literature(7)
    assert np.array_equal(a.estimates, b.estimates) and np.array_equal(a.published, b.published)
    assert not np.array_equal(a.estimates, pooling.simulate_literature(8).estimates)


def test_publication_rule_keeps_significant_and_drops_most_null_results():
    lit = pooling.simulate_literature(1, n_studies=2000, true_effect=0.0)
    significant = lit.estimates / lit.standard_errors > 1.96
    assert lit.published[significant].all()
    share_null_published = lit.published[~significant].mean()
    assert 0.15 < share_null_published < 0.25  # publish_null_chance = 0.2


def test_publication_bias_inflates_the_published_average():
    lit = pooling.simulate_literature(3, n_studies=3000, true_effect=0.1)
    assert abs(lit.estimates.mean() - 0.1) < 0.02  # all studies: unbiased
    estimates, _ = lit.published_only()
    assert np.mean(estimates) > 0.15  # the published ones: inflated (measured 0.17)


def test_rule_all_publishes_everything_and_lists_are_plain():
    lit = pooling.simulate_literature(2, n_studies=10, rule="all")
    estimates, errors = lit.published_only()
    assert len(estimates) == 10 and all(type(x) is float for x in estimates + errors)
    assert np.allclose(lit.standard_errors, np.sqrt(2 / lit.sizes_per_arm))


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"seed": 1.5}, "seed"), ({"seed": 1, "n_studies": 2}, "n_studies"),
    ({"seed": 1, "rule": "most"}, "rule"), ({"seed": 1, "publish_null_chance": 2}, "between"),
])
def test_simulation_refuses_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        pooling.simulate_literature(**kwargs)


def test_forest_and_funnel_figures_are_complete():
    fig = pooling.forest_figure(["A", "B"], [0.7, 1.8], [0.13, 0.2],
                                {"estimate": 1.0, "lower": 0.8, "upper": 1.2}, "Cohen's d")
    assert plots.figure_problems(fig) == []
    lit = pooling.simulate_literature(4)
    fig2 = pooling.funnel_figure(lit.estimates, lit.standard_errors, lit.published)
    assert plots.figure_problems(fig2) == []
    assert fig2.axes[0].yaxis_inverted()
    plt.close("all")


def test_figures_refuse_bad_input():
    with pytest.raises(ValueError, match="equally long"):
        pooled = {"estimate": 1, "lower": 0, "upper": 2}
        pooling.forest_figure(["A"], [0.7, 1.8], [0.1, 0.2], pooled, "d")
    with pytest.raises(ValueError, match="pooled lacks"):
        pooling.forest_figure(["A"], [0.7], [0.1], {"estimate": 1}, "d")
    with pytest.raises(ValueError, match="equally long"):
        pooling.funnel_figure([], [])


def test_fit_line_matches_scipy_least_squares():
    x = [10.0, 4.8, 6.7, 3.3, 3.8, 12.5, 3.6]
    y = [1.2, 2.1, 2.0, 2.7, 2.0, 0.6, 2.4]
    intercept, intercept_se, slope = pooling.fit_line(x, y)
    fit = stats.linregress(x, y)
    assert (intercept, intercept_se, slope) == pytest.approx(
        (fit.intercept, fit.intercept_stderr, fit.slope), rel=1e-9)


@pytest.mark.parametrize(("x", "y"), [([1.0, 2.0], [1.0, 2.0]), ([1.0, 2.0, 3.0], [1.0, 2.0]),
                                      ([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])])
def test_fit_line_refuses_what_cannot_be_fitted(x, y):
    with pytest.raises(ValueError, match="fit_line needs"):
        pooling.fit_line(x, y)

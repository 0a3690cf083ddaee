"""Every figure the course draws fits its canvas: nothing runs off the edges.

Figures are rendered at their own size with fixed margins (no cropping pass, which
would draw each figure twice and slow every widget down), so the margins must leave
room for titles, labels and legends. This draws every widget's figures over a sample
of its controls (``widget_sweep.sample`` of the benchmark's sweep: every control at its
extremes, and a spread; drawn once for this file and tests/test_legibility.py) and the
lessons' static figures, and checks.
"""

import sys

import pytest
from helpers import ROOT, static_figures
from ketamine_course.core import plots

sys.path.insert(0, str(ROOT / "tools"))
import widget_sweep  # noqa: E402  (lives in tools/, shared with `make bench`)

SWEEPS = widget_sweep.sweeps()


@pytest.mark.parametrize("sweep", SWEEPS, ids=[s.widget for s in SWEEPS])
def test_widget_figures_fit_their_canvas(sweep, swept):
    for problems in swept(sweep).clipped:  # every figure of the sample (widget_sweep.sample)
        assert problems == [], f"{sweep.widget}: runs off the figure: {problems}"


def test_lesson_and_assignment_figures_fit_their_canvas():
    for name, fig in static_figures().items():
        assert plots.clipped_parts(fig) == [], name


def test_the_check_finds_a_label_that_runs_off_the_edge():
    fig, ax = plots.new_figure("A title", "x (unit)", "y (unit)", size=(7, 4))
    assert plots.clipped_parts(fig) == []
    ax.set_yticks([0, 1], ["short", "a very long tick label that cannot fit in the margin"])
    long_label = "axes 1 y tick label 'a very long tick label that cannot fit in the margin'"
    assert plots.clipped_parts(fig) == ["axes 1 y label", long_label]
    with pytest.raises(ValueError, match="Figure"):
        plots.clipped_parts("not a figure")


def test_text_stays_text_in_the_rendered_figure():
    fig, ax = plots.new_figure("A title", "Time (hours)", "Level (ng/mL)")
    ax.plot([0, 1], [0, 1])
    page = plots.figure_html(fig, "A rising line from zero to one, a test figure.")
    import base64
    svg = base64.b64decode(page.split("base64,")[1].split('"')[0]).decode()
    assert "<text" in svg and "Time (hours)" in svg


class _KeepNothing(dict):
    """Stands in for the figures kept between redraws: every figure is new."""

    def __setitem__(self, key, value) -> None:
        pass


@pytest.mark.parametrize("sweep", SWEEPS, ids=[s.widget for s in SWEEPS])
def test_a_redrawn_widget_figure_is_exactly_a_new_figure(sweep, swept, monkeypatch):
    """Widgets redraw their last figure; nothing of an earlier setting may stay in it."""
    record = swept(sweep)  # the sample, called in order, each redraw on the kept figure
    monkeypatch.setattr(plots, "_KEPT", _KeepNothing())
    for call, kept in zip(record.calls, record.outputs, strict=True):
        assert call() == kept, f"{sweep.widget}: the redrawn figure differs from a new one"


@pytest.mark.parametrize("reuse", ["", "  ", 3, ["routes"]])
def test_reuse_must_name_a_widget(reuse):
    with pytest.raises(ValueError, match="reuse names a widget"):
        plots.new_figure("A title", "x (unit)", "y (unit)", reuse=reuse)

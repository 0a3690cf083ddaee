"""Every figure is legible where the course is read: text at least 9 px, enough contrast.

At the size JupyterLab and the book show a figure (``plots.shown_scale``), no text may be
smaller than ``plots.MIN_TEXT_PX`` (9 CSS px); text must reach 4.5:1 against what is behind
it, and a mark with a legend entry (its colour carries meaning) 3:1 (WCAG 2.1). Checked over
every widget's sweep, as tests/test_figures.py checks that nothing is clipped, and over the
lessons' and assignments' own figures.
"""

import sys

import matplotlib.pyplot as plt
import pytest
from helpers import ROOT, static_figures
from ketamine_course.core import plots

sys.path.insert(0, str(ROOT / "tools"))
import widget_sweep  # noqa: E402  (lives in tools/, shared with `make bench`)


def _params() -> list:
    """Every widget's sweep, one test each."""
    return [pytest.param(sweep, id=sweep.widget) for sweep in widget_sweep.sweeps()]


@pytest.mark.parametrize("sweep", _params())
def test_widget_figures_are_legible(sweep, swept):
    for problems in swept(sweep).illegible:  # every figure of the sample (widget_sweep.sample)
        assert problems == [], f"{sweep.widget}: {problems}"


def test_lesson_and_assignment_figures_are_legible():
    for name, fig in static_figures().items():
        assert plots.small_texts(fig) + plots.pale_parts(fig) == [], name
        plt.close(fig)


# --- the checks themselves ---------------------------------------------------------------------


def test_contrast_ratio_follows_wcag():
    assert plots.contrast_ratio("black", "white") == pytest.approx(21.0)
    assert plots.contrast_ratio("white", "white") == pytest.approx(1.0)
    assert plots.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)
    assert plots.contrast_ratio("#999999") == pytest.approx(2.85, abs=0.01)
    assert plots.contrast_ratio((0, 0, 0, 0.5)) == pytest.approx(3.98, abs=0.02)  # #808080


def test_course_colours_reach_their_contrast_on_white():
    for name, colour in plots.TEXT_COLOURS.items():
        assert plots.contrast_ratio(colour) >= plots.MIN_TEXT_CONTRAST, name
    for name, colour in plots.MARK_COLOURS.items():
        assert plots.contrast_ratio(colour) >= plots.MIN_MARK_CONTRAST, name
    assert plots.contrast_ratio(plots.NEUTRAL) >= plots.MIN_MARK_CONTRAST
    pale = [name for name, colour in plots.OKABE_ITO.items()
            if plots.contrast_ratio(colour) < plots.MIN_MARK_CONTRAST]
    assert sorted(pale) == ["orange", "sky_blue", "yellow"]  # why MARK_COLOURS exists


def test_small_texts_measures_text_at_the_size_it_is_shown():
    wide, ax = plots.new_figure("Wide", "x (unit)", "y (unit)", size=(11, 4))
    ax.text(0.5, 0.5, "7.5 pt on an 11-inch figure", fontsize=7.5)
    # 7.5 pt = 10 px, shown 630 px wide of 1,056: about 6 px, as measured in the book
    assert "axes 1 text '7.5 pt on an 11-inch figure' is 6.0 px" in plots.small_texts(wide)
    assert "axes 1 x label is 8.8 px" in plots.small_texts(wide)  # 11 pt shrunk to 0.6
    narrow, ax = plots.new_figure("Narrow", "x (unit)", "y (unit)", size=(6, 4))
    ax.text(0.5, 0.5, "7 pt on a 6-inch figure", fontsize=7)
    assert plots.shown_scale(narrow) == 1.0 and plots.small_texts(narrow) == []
    with pytest.raises(ValueError, match="matplotlib Figure"):
        plots.small_texts("figure")


def test_pale_parts_finds_pale_text_boxes_and_marks():
    fig, ax = plots.new_figure("Pale", "x (unit)", "y (unit)", size=(6, 4))
    ax.text(0.1, 0.9, "grey #999", color="#999999")
    ax.text(0.1, 0.1, "black", color="black")
    ax.plot([0, 1], [0.5, 0.5], color=plots.OKABE_ITO["yellow"], label="yellow line")
    ax.plot([0, 1], [0.2, 0.2], color=plots.MARK_COLOURS["yellow"], label="darker yellow")
    ax.add_patch(plt.Rectangle((0.6, 0.6), 0.3, 0.3, facecolor=plots.OKABE_ITO["bluish_green"]))
    ax.text(0.75, 0.75, "white on green", color="white", ha="center", va="center")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend()
    found = plots.pale_parts(fig)
    assert found == ["axes 1 text 'grey #999' has contrast 2.8:1",
                     "axes 1 text 'white on green' has contrast 3.4:1",
                     "axes 1 mark 'yellow line' has contrast 1.3:1"]

"""What the learner sees of each widget in JupyterLab: tracks, whole labels, legible figures.

Each lesson is opened in a fresh workspace and run with Run All (one Run All per lesson,
shared with its test in tests/test_browser.py, which runs next); then, in every widget cell,
Chromium measures:

- every slider's track: at least :data:`MIN_TRACK_PX` wide (a 6 px track cannot be used);
- every label, toggle button and tick-box: its whole text shown (scrollWidth <= clientWidth,
  so nothing ends in "…");
- every figure's smallest text as drawn on screen, in widgets and in the lesson's own
  figures: at least 9 px (the SVG's font size times the scale at which the image is shown);
- no figure below a table of more than :data:`LONG_TABLE_ROWS` rows in the same widget.

Screenshots of every widget cell go to artefacts/browser/layout-<lesson>-cell<N>.png.
Without Chromium these tests are skipped (CI fails instead), as in tests/test_browser.py.
"""

from __future__ import annotations

import browser as b
import pytest
from helpers import COURSE
from ketamine_course.core import plots

LESSONS = sorted(path.name for path in COURSE.glob("[0-9][0-9]_*.ipynb"))
MIN_TRACK_PX = 250
LONG_TABLE_ROWS = 6

#: Measures one widget cell (by index) of the visible notebook; returns plain data.
MEASURE = """(index) => {
  const cell = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')[index];
  const shown = e => e.offsetParent !== null && e.getBoundingClientRect().width > 0;
  const tracks = [...cell.querySelectorAll('.widget-slider')].filter(shown).map(slider => {
    const label = (slider.querySelector('.widget-label') || {}).textContent || '';
    const track = slider.querySelector('.slider-container') || slider.querySelector('.noUi-target');
    return [label.trim(), track ? track.getBoundingClientRect().width : 0];
  });
  const texts = '.widget-label, .widget-toggle-button, button, .widget-checkbox label, '
    + '.widget-dropdown select, .widget-html-content th';
  const truncated = [...cell.querySelectorAll(texts)].filter(shown)
    .filter(e => e.scrollWidth > e.clientWidth + 1 && e.textContent.trim())
    .map(e => `${e.textContent.trim()} (${e.clientWidth} of ${e.scrollWidth} px shown)`);
  const figures = [...cell.querySelectorAll('img[src^="data:image/svg+xml"]')].filter(shown)
    .map(img => {
      const svg = new DOMParser().parseFromString(atob(img.src.split(',')[1]), 'image/svg+xml')
        .documentElement;
      const box = svg.getAttribute('viewBox').trim().split(/\\s+/).map(Number);
      const scale = img.getBoundingClientRect().width / box[2];
      let smallest = Infinity, which = '';
      for (const text of svg.querySelectorAll('text')) {
        const style = (text.getAttribute('style') || '') + ';font-size:'
          + (text.getAttribute('font-size') || '');
        const size = parseFloat((style.match(/font:\\s*([\\d.]+)px/)
          || style.match(/font-size:\\s*([\\d.]+)/) || [])[1]);
        if (text.textContent.trim() && size * scale < smallest) {
          smallest = size * scale; which = text.textContent.trim().slice(0, 40);
        }
      }
      return {alt: img.alt.slice(0, 60), width: img.getBoundingClientRect().width,
              top: img.getBoundingClientRect().top, smallest, which};
    });
  const tables = [...cell.querySelectorAll('.widget-html-content table')].filter(shown)
    .map(t => ({rows: t.querySelectorAll('tbody tr').length, top: t.getBoundingClientRect().top}));
  const lineHeights = [...cell.querySelectorAll('.widget-html-content td')].slice(0, 3)
    .map(td => parseFloat(getComputedStyle(td).lineHeight));
  return {tracks, truncated, figures, tables, lineHeights};
}"""


#: The cells of the visible notebook whose output shows a figure (an SVG image).
FIGURE_CELLS = """() => [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')].flatMap((cell, index) =>
  cell.querySelector('.jp-OutputArea img[src^="data:image/svg+xml"]') ? [index] : [])"""


def measure_lesson(page, lesson: str) -> dict[int, dict]:
    """Return {widget or figure cell: measurements} of ``lesson`` just after Run All in
    ``page``, screenshotting each; the page is only read (scrolled), never changed."""
    cells = b.widget_cells(COURSE / lesson)
    assert b.output_errors(page) == []
    assert b.unrendered_widgets(page, cells) == []
    page.wait_for_timeout(500)  # let the last figures lay out
    found = {}
    for index in sorted(set(cells) | set(page.evaluate(FIGURE_CELLS))):
        cell = b.cell_of(page, index)
        cell.scroll_into_view_if_needed()
        b.screenshot(page, f"layout-{lesson[:2]}-cell{index}", cell)
        found[index] = page.evaluate(MEASURE, index)
    return found


def problems_in(measured: dict[int, dict]) -> list[str]:
    """Every breach of the layout rule in one lesson's measurements, in words."""
    problems = []
    for index, seen in measured.items():
        problems += [f"cell {index}: slider {label!r} has a {width:.0f} px track"
                     for label, width in seen["tracks"] if width < MIN_TRACK_PX]
        problems += [f"cell {index}: cut-off text {text!r}" for text in seen["truncated"]]
        problems += [f"cell {index}: figure {f['alt']!r} has {f['smallest']:.1f} px text "
                     f"({f['which']!r})"
                     for f in seen["figures"] if f["smallest"] < plots.MIN_TEXT_PX - 0.05]
        for figure in seen["figures"]:
            problems += [f"cell {index}: figure {figure['alt']!r} is below a table of "
                         f"{table['rows']} rows"
                         for table in seen["tables"]
                         if table["rows"] > LONG_TABLE_ROWS and table["top"] < figure["top"]]
        problems += [f"cell {index}: table rows are {height:.0f} px high (double-spaced)"
                     for height in seen["lineHeights"] if height > 22]
    return problems


@pytest.mark.reads_lesson  # the lesson's Run All is reused by its test in test_browser.py
@pytest.mark.parametrize("lesson", LESSONS)
def test_widgets_follow_the_layout_rule_in_the_browser(lesson, lesson_tab):
    page, _, _ = lesson_tab(f"course/{lesson}")
    measured = measure_lesson(page, lesson)
    for index, seen in measured.items():
        print(f"\n[layout] {lesson} cell {index}: tracks {seen['tracks']}; smallest figure "
              f"text {[round(f['smallest'], 1) for f in seen['figures']]} px; figure widths "
              f"{[round(f['width']) for f in seen['figures']]} px")
    assert problems_in(measured) == []


def test_the_layout_check_finds_each_kind_of_problem():
    """The check is not vacuous: measurements of the old layout (issue 16) fail it."""
    old = {5: {"tracks": [["Chance without treatment (%)", 6.0]],
               "truncated": ["What changed af… (148 of 201 px shown)"],
               "figures": [{"alt": "timeline", "smallest": 7.0, "which": "1954", "top": 900,
                            "width": 700}],
               "tables": [{"rows": 15, "top": 100}], "lineHeights": [28.0]}}
    found = problems_in(old)
    assert len(found) == 5, found
    assert "6 px track" in found[0] and "cut-off" in found[1] and "7.0 px text" in found[2]
    assert "below a table of 15 rows" in found[3] and "double-spaced" in found[4]

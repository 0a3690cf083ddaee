"""Every figure the course draws fits its canvas: nothing runs off the edges.

Figures are rendered at their own size with fixed margins (no cropping pass, which
would draw each figure twice and slow every widget down), so the margins must leave
room for titles, labels and legends. This draws every widget's figures over a sample
of its controls (``widget_sweep.sample`` of the benchmark's sweep: every control at its
extremes, and a spread; drawn once for this file and tests/test_legibility.py) and the
lessons' static figures, and checks.
"""

import re
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


# --- references in captions are links ---------------------------------------------------------

#: A DOI or PMID as text, wherever it is.
NAMED_REFERENCE = re.compile(r"\b10\.\d{4,9}/|\bPMID\b", re.IGNORECASE)


def unlinked_references(figure: str) -> list[str]:
    """Return each DOI or PMID a figure's caption names outside a link."""
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", figure, re.DOTALL)
    outside = [re.sub(r"<a\b[^>]*>.*?</a>", "", caption, flags=re.DOTALL) for caption in captions]
    return [text for text in outside if NAMED_REFERENCE.search(text)]


def test_a_caption_links_its_dois_and_pmids_visibly():
    caption = plots.caption_html("Model: Ioannidis 2005, doi:10.1371/journal.pmed.0020124. "
                                 "See PMID: 16060722 & more <here>.")
    assert ('<a href="https://doi.org/10.1371/journal.pmed.0020124" target="_blank" '
            'rel="noopener" style="') in caption
    assert ">doi:10.1371/journal.pmed.0020124</a>. " in caption, "the full stop is not the DOI's"
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/16060722/"' in caption
    assert "&amp; more &lt;here&gt;." in caption
    assert "text-decoration:underline" in plots.LINK_STYLE, "a link is not told by colour alone"
    colour = re.search(r"color:(#[0-9A-Fa-f]{6})", plots.LINK_STYLE).group(1)
    assert plots.contrast_ratio(colour) >= plots.MIN_TEXT_CONTRAST
    assert plots.caption_html("Source: data/x.csv.") == "Source: data/x.csv."
    with pytest.raises(ValueError, match="A caption is text"):
        plots.caption_html(None)


def test_the_unlinked_reference_check_can_fail():
    assert unlinked_references("<figcaption>Ioannidis 2005, doi:10.1371/x.</figcaption>")
    assert not unlinked_references(
        f"<figcaption>{plots.caption_html('Ioannidis 2005, doi:10.1371/x.')}</figcaption>")


@pytest.mark.parametrize("sweep", SWEEPS, ids=[s.widget for s in SWEEPS])
def test_every_doi_or_pmid_in_a_widget_caption_is_a_link(sweep):
    for call in sweep.calls[:: max(1, len(sweep.calls) // 3)]:
        output = call()
        for fragment in output if isinstance(output, tuple) else (output,):
            assert unlinked_references(str(fragment)) == [], sweep.widget


# --- labels a figure places itself are never drawn over each other ---------------------------


def test_overlapping_texts_finds_labels_drawn_over_each_other_and_separate_labels_fixes_them():
    fig, ax = plots.new_figure("Two close values", "Year", "Percent (%)")
    ax.plot([2019, 2019], [0.8, 0.9], "o")
    labels = [ax.annotate(f"{value}%", (2019, value), textcoords="offset points",
                          xytext=(0, 6), ha="center", fontsize=8.5) for value in (0.9, 0.8)]
    ax.set_ylim(0, 5)
    assert plots.overlapping_texts(fig) == ["axes 1 text '0.9%' overlaps axes 1 text '0.8%'"]
    plots.separate_labels(fig, labels)
    assert plots.overlapping_texts(fig) == []
    lower, upper = sorted(labels, key=lambda label: label.xy[1])
    assert lower.xyann == (0, 6) and upper.xyann[1] > 6, "the lower value keeps its place"
    with pytest.raises(ValueError, match="annotations"):
        plots.separate_labels(fig, [ax.title])


@pytest.mark.parametrize("sweep", SWEEPS, ids=[s.widget for s in SWEEPS])
def test_no_widget_figure_draws_labels_over_each_other(sweep, monkeypatch):
    drawn = []
    render = plots.figure_html

    def keep(fig, alt_text, caption=None):
        drawn.append(plots.overlapping_texts(fig))
        return render(fig, alt_text, caption)

    monkeypatch.setattr(plots, "figure_html", keep)
    for call in sweep.calls[:: max(1, len(sweep.calls) // 6)]:
        call()
    assert all(problems == [] for problems in drawn), f"{sweep.widget}: {drawn}"

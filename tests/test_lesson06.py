"""Lesson 06's widgets: highlighter, claim cards and the summary chart, and their bad input."""

import pytest
from helpers import laid_out
from ketamine_course.lessons import l06_reading_seeds as seeds
from ketamine_course.lessons import l06_reading_seeds_widgets as seed_widgets


def test_highlighter_view_marks_the_sample():
    legend, marked = seed_widgets.highlighter_view(seed_widgets.SAMPLE)
    assert "reworded phrase</mark>: " in legend
    assert marked.count('class="kc-citation"') == 3
    assert "physique mass index" in marked and "kc-spun" in marked


def test_highlighter_widget_reports_bad_input_instead_of_failing():
    widget = seed_widgets.highlighter_widget()
    source, box, legend, _, _ = widget.children
    box.value = "x" * (seeds.MAX_CHARS + 1)
    assert "at most" in legend.value
    source.value = seeds.SEED_FILES[0]
    assert box.value == seeds.load_seed(seeds.SEED_FILES[0])
    assert "32 sentences" in legend.value


def test_claim_card_shows_every_field_escaped():
    card = seed_widgets.claim_card_html(seeds.SEED_FILES[1], 52)
    for text in ("contradicted", "marketing", "doi:10.1097/ALN.0b013e3181ed09a2",
                 "Cites references", "What is true"):
        assert text in card
    quoted = seed_widgets.claim_card_html(seeds.SEED_FILES[0], 9)
    assert "&quot;angel dust,&quot;" in quoted


@pytest.mark.parametrize(("seed", "number", "message"), [
    ("nope.txt", 1, "Unknown seed"), (seeds.SEED_FILES[0], 0, "sentences 1 to 32"),
    (seeds.SEED_FILES[0], 33, "sentences 1 to 32"),
])
def test_claim_card_bad_input(seed, number, message):
    with pytest.raises(ValueError, match=message):
        seed_widgets.claim_card_html(seed, number)


def test_claim_cards_widget_clamps_the_number_to_the_seed():
    controls, (readout, card) = laid_out(seed_widgets.claim_cards_widget())
    seed, number = controls["Seed"], controls["Sentence number"]
    seed.value = seeds.SEED_FILES[0]
    assert number.max == 32 and "32 sentences" in readout.value and "claim-card" in card.value


@pytest.mark.parametrize("seed_file", [None, *seeds.SEED_FILES])
def test_summary_chart_counts_and_describes_every_sentence(seed_file):
    readout, figure = seed_widgets.summary_figure_html(seed_file)
    total = int(seeds.summary_counts(seed_file).to_numpy().sum())
    assert f"{total} sentences" in readout
    assert f"the {total} sentences" in figure and "<img" in figure


def test_every_verdict_has_a_colour_and_a_meaning():
    verdicts = set(seeds.claims_table()["verdict"])
    assert verdicts <= set(seed_widgets.VERDICT_COLOURS) == set(seed_widgets.VERDICT_MEANINGS)


def test_summary_widget_switches_seed():
    controls, (readout, _) = laid_out(seed_widgets.summary_widget())
    controls["Show"].value = seeds.SEED_FILES[0]
    assert "32 sentences in Seed 000" in readout.value


def test_summary_readout_keeps_garbled_apart_from_false():
    controls, (readout, _) = laid_out(seed_widgets.summary_widget())
    choice = controls["Show"]
    choice.value = seeds.SEED_FILES[0]
    choice.value = ""  # both seeds
    text = readout.value
    assert "<strong>13</strong> contradicted, overstated or outdated" in text
    assert "<strong>23</strong> garbled" in text


def test_the_counts_quoted_in_the_lesson_match_the_data():
    verdicts = seeds.claims_table()["verdict"].value_counts()
    critical = ["garbled", "overstated", "outdated", "contradicted", "unsupported"]
    assert len(seeds.claims_table()) == 100
    assert verdicts["supported"] == 24 and verdicts["unchecked"] == 21
    assert verdicts["not_a_claim"] == 19 and verdicts.reindex(critical).fillna(0).sum() == 36
    assert verdicts["garbled"] == 23, "the lesson reports garbled apart from the other verdicts"
    assert verdicts.reindex(["contradicted", "overstated", "outdated"]).sum() == 13
    largest = verdicts.idxmax()
    assert largest == "supported", "the lesson says no single verdict dominates, led by supported"


def test_the_lesson_tables_show_what_the_text_teaches():
    kinds = dict((row[0], row[1:]) for row in seeds.kinds_table().cells)
    assert kinds["scholarly"] == ("21", "32", "53") and kinds["marketing"] == ("0", "19", "19")
    assert all("supported" not in header for header in seeds.kinds_table().headers)
    claims = seeds.claims_table()
    opening = claims[(claims["seed_file"] == seeds.SEED_FILES[0])
                     & claims["sentence_id"].isin([16, 17])]
    table = seeds.spun_phrases_table(" ".join(opening["sentence"]))
    assert len(table) == 9 and table.cells[0] == ("Big depressive condition",
                                                  "major depressive disorder")


def test_a_claim_cards_doi_is_a_link():
    card = seed_widgets.claim_card_html(seeds.SEED_FILES[0], 32)
    assert ('<a href="https://doi.org/10.1038/s41386-020-0644-9" target="_blank" '
            'rel="noopener">doi:10.1038/s41386-020-0644-9</a>') in card

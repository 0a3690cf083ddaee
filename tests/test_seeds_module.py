"""The lesson 06 module (l06_reading_seeds): sentences, citations, reworded phrases, hedges."""

import time

import pytest
from ketamine_course.lessons import l06_reading_seeds as seeds

CLEAN = ("In a randomised controlled trial, 73 adults with treatment-resistant depression received "
         "ketamine or midazolam. Response at 24 h was 64% and 28%. In 2012, 1,234 people aged "
         "18-65 took 20 mg.")


def test_splitter_reproduces_the_annotated_sentences():
    table = seeds.claims_table()
    for name in seeds.SEED_FILES:
        text = seeds.load_seed(name)
        sentences = seeds.split_sentences(text)
        assert [s.text for s in sentences] == list(table[table["seed_file"] == name]["sentence"])
        assert all(text[s.start:s.end] == s.text for s in sentences)


def test_citations_found_match_the_annotations_for_every_sentence():
    table = seeds.claims_table()
    for row in table.itertuples():
        found = [n for c in seeds.find_citations(row.sentence) for n in c.numbers]
        expected = [int(n) for n in str(row.cited_refs).split(";") if n]
        assert found == expected, f"{row.seed_file} sentence {row.sentence_id}"


@pytest.mark.parametrize(("text", "numbers"), [
    ("abolished by rapamycin, an inhibitor of mTORC1.102,106 However", (102, 106)),
    ("differs among controls,198–200 and it", (198, 199, 200)),
    ("differs among controls,198–two hundred and it", (198, 199, 200)),
    ("causes of worldwide disability.one Inside a study", (1,)),
    ("was noted at 11.three%.two", (2,)),
    ("the central nervous program,three,four has been", (3, 4)),
    ("in A different study197 elevated BMI", (197,)),
    ("expression manifest in mice during adulthood 96, 99.", (96, 99)),
    ("depression and anxiety 321necessitates the development", (321,)),
    ("eight At reduced doses, ketamine", (8,)),
])
def test_citation_forms(text, numbers):
    assert [n for c in seeds.find_citations(text) for n in c.numbers] == list(numbers)


def test_no_citations_in_ordinary_numbers():
    assert seeds.find_citations(CLEAN) == []
    assert seeds.find_citations("") == []


def test_reference_numbers_and_number_words():
    assert seeds.parse_reference_numbers("102,106") == (102, 106)
    assert seeds.parse_reference_numbers("198–two hundred") == (198, 199, 200)
    assert seeds.parse_reference_numbers("96, 99") == (96, 99)
    assert seeds.words_to_number("two hundred") == 200
    assert seeds.words_to_number("twenty-one") == 21
    assert seeds.words_to_number("two hundred and one") == 201


@pytest.mark.parametrize("bad", ["", "banana", 7])
def test_bad_number_words_raise(bad):
    with pytest.raises(ValueError, match="number"):
        seeds.words_to_number(bad)


def test_bad_citation_text_raises():
    with pytest.raises(ValueError, match="citation"):
        seeds.parse_reference_numbers("  ")


def test_splitter_keeps_abbreviations_and_splits_before_lower_case_gene_names():
    parts = [s.text for s in seeds.split_sentences(
        "Microglia matter (Fig. 4) 156. Rapamycin inhibits mTOR (mTOR). mTOR regulates growth.")]
    assert parts == ["Microglia matter (Fig. 4) 156.", "Rapamycin inhibits mTOR (mTOR).",
                     "mTOR regulates growth."]


def test_splitter_drops_bullet_markers_and_blank_lines():
    sentences = seeds.split_sentences("- First point.\n\n- Second point. Third.")
    assert [(s.line, s.text) for s in sentences] == [(1, "First point."), (3, "Second point."),
                                                      (3, "Third.")]


def test_spun_phrases_from_the_table_and_the_general_list():
    found = seeds.find_spun("Elevated physique mass index and aspect effects in Big  depressive "
                            "condition.")
    assert [(m.text, m.note) for m in found] == [
        ("physique mass index", "body mass index"), ("aspect effects", "side effects"),
        ("Big  depressive condition", "major depressive disorder")]


def test_slips_and_ordinary_english_are_not_marked_as_reworded():
    text = ("They may likely account for it; hey also investigated lipocalcin 2. Ask a health "
            "practitioner about the medical trial.")
    assert seeds.find_spun(text) == []


def test_every_catalogued_phrase_is_found_in_its_seed():
    for name in seeds.SEED_FILES:
        found = {m.text.lower() for m in seeds.find_spun(seeds.load_seed(name))}
        assert len(found) >= (50 if name.startswith("000") else 2)


def test_hedges_and_boosters():
    text = "These results may suggest a role. Trials demonstrated potent, compelling effects."
    assert [m.text for m in seeds.find_hedges(text)] == ["may", "suggest"]
    assert [m.text for m in seeds.find_boosters(text)] == ["demonstrated", "potent", "compelling"]


def test_clean_text_has_nothing_to_mark():
    result = seeds.analyse(CLEAN)
    assert result.counts() == {"sentences": 3, "reworded phrases": 0, "hedges": 0,
                               "boosters": 0, "citations": 0}
    assert "<mark" not in seeds.highlight_html(CLEAN)


def test_words_inside_other_words_are_not_marked():
    assert seeds.find_hedges("The mayor's suggestion: couldn't, unlikelihood.") == []
    assert seeds.find_boosters("unproven, nevertheless") == []


def test_highlight_escapes_the_input_and_marks_what_it_finds():
    page = seeds.highlight_html('<script>alert("x")</script> It may work.102,106 Trust me & '
                                "see physique mass index.")
    assert "<script>" not in page and "&lt;script&gt;" in page and "&amp;" in page
    assert page.count('class="kc-hedge"') == 1
    assert page.count('class="kc-citation"') == 1 and "references 102, 106" in page
    assert 'title="reworded phrase: body mass index"' in page


def test_overlapping_marks_keep_the_longer_reworded_phrase():
    page = seeds.highlight_html("the drug of misuse")
    assert page.count("<mark") == 1 and "kc-spun" in page


def test_legend_counts():
    legend = seeds.legend_html(seeds.analyse("It may be potent."))
    assert "hedge</mark>: 1" in legend and "booster</mark>: 1" in legend


@pytest.mark.parametrize("call", [
    lambda: seeds.analyse(None),
    lambda: seeds.split_sentences(b"bytes"),
    lambda: seeds.highlight_html("x" * (seeds.MAX_CHARS + 1)),
    lambda: seeds.load_seed("../README.md"),
    lambda: seeds.summary_counts("nope.txt"),
])
def test_bad_input_raises_a_clear_value_error(call):
    with pytest.raises(ValueError, match="Expected|at most|Unknown seed"):
        call()


def test_summary_counts_cover_every_annotated_sentence():
    counts = seeds.summary_counts()
    assert counts.to_numpy().sum() == len(seeds.claims_table())
    assert counts.loc["marketing", "contradicted"] >= 2
    one = seeds.summary_counts(seeds.SEED_FILES[0])
    assert one.to_numpy().sum() == 32


def test_highlighting_a_whole_seed_is_fast_enough_for_a_widget():
    text = seeds.load_seed(seeds.SEED_FILES[1])
    seeds.highlight_html(text)
    times = []
    for _ in range(15):
        start = time.perf_counter()
        seeds.highlight_html(text)
        times.append(time.perf_counter() - start)
    assert sorted(times)[len(times) // 2] < 0.1, "median over 100 ms for a 10 kB text"

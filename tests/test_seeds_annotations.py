"""The annotated seeds: rows reproduce each seed, vocabularies hold, verdicts are backed.

"Reproduce" means: for each seed, the ``sentence`` cells in ``sentence_id`` order occur in the
file one after another, each verbatim, with nothing between two of them but whitespace and the
``- `` that starts a bullet line; and nothing else is left before the first or after the last.
Equivalently, joining the sentences with spaces and collapsing whitespace gives the seed's text
with bullet markers removed and whitespace collapsed.
"""

import re

import pytest
from helpers import SEEDS
from ketamine_course.core import data

CLAIMS = data.load_table("seed_claims.csv").fillna("")
SPUN = data.load_table("spun_phrases.csv")
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))

KINDS = {"scholarly", "marketing", "anecdote", "news", "advice", "heading"}
SPECIES = {"human", "animal", "in_vitro", "none", "unclear"}
VERDICTS = {"supported", "contradicted", "outdated", "overstated", "unsupported", "garbled",
            "unchecked", "not_a_claim"}
NOT_SCHOLARLY = {"marketing", "advice"}
CRITICAL = {"contradicted", "outdated", "overstated", "unsupported", "garbled"}
DOI_OR_PMID = re.compile(r"doi:10\.\d{4,9}/\S+|PMID: \d{6,9}")
#: A critical verdict about a service or an institution rests on an official page, not a paper.
OFFICIAL_PAGE = re.compile(r"https://\S+")


def _seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def _normalise(text: str) -> str:
    text = re.sub(r"(?m)^\s*-\s+", "", text)
    return " ".join(text.split())


def test_both_seeds_are_annotated():
    assert sorted(set(CLAIMS["seed_file"])) == SEED_FILES


@pytest.mark.parametrize("name", SEED_FILES)
def test_rows_reproduce_the_seed_in_order(name):
    rows = CLAIMS[CLAIMS["seed_file"] == name].sort_values("sentence_id")
    assert list(rows["sentence_id"]) == list(range(1, len(rows) + 1))
    text, position = _seed(name), 0
    for row in rows.itertuples():
        found = text.find(row.sentence, position)
        assert found >= 0, f"sentence {row.sentence_id} is not verbatim after the previous one"
        gap = text[position:found]
        skipped = f"text skipped before sentence {row.sentence_id}: {gap!r}"
        assert re.fullmatch(r"(\s|(?m:^)-\s)*", gap), skipped
        assert text.count("\n", 0, found) + 1 == row.line, f"sentence {row.sentence_id}: wrong line"
        position = found + len(row.sentence)
    assert not text[position:].strip(), "text left over after the last row"
    assert _normalise(" ".join(rows["sentence"])) == _normalise(text)


def test_the_reproduction_check_catches_a_dropped_sentence():
    name = SEED_FILES[0]
    rows = CLAIMS[CLAIMS["seed_file"] == name].sort_values("sentence_id")
    assert _normalise(" ".join(rows["sentence"].iloc[1:])) != _normalise(_seed(name))


@pytest.mark.parametrize(("column", "allowed"), [
    ("kind", KINDS), ("species", SPECIES), ("verdict", VERDICTS),
])
def test_vocabulary(column, allowed):
    assert set(CLAIMS[column]) <= allowed, set(CLAIMS[column]) - allowed


def test_cited_refs_are_numbers_separated_by_semicolons():
    for refs in CLAIMS["cited_refs"]:
        assert refs == "" or re.fullmatch(r"\d+(;\d+)*", str(refs)), refs


def test_every_critical_verdict_has_a_correction_and_a_checkable_source():
    critical = CLAIMS[CLAIMS["verdict"].isin(CRITICAL)]
    assert len(critical) >= 10
    for row in critical.itertuples():
        where = f"{row.seed_file} sentence {row.sentence_id}"
        assert len(row.correction) >= 20, f"{where}: a {row.verdict} verdict needs a correction"
        assert DOI_OR_PMID.search(row.source) or (row.kind in NOT_SCHOLARLY
                                                  and OFFICIAL_PAGE.search(row.source)), (
            f"{where}: its source needs a DOI or PMID (or, for advice or marketing copy about a "
            f"service, the official page's address)")


def test_supported_verdicts_name_a_checked_source():
    for row in CLAIMS[CLAIMS["verdict"] == "supported"].itertuples():
        assert not row.source.startswith(("Not checked", "No claim")), row.sentence_id


def test_known_errors_are_flagged():
    def verdict(fragment):
        return CLAIMS[CLAIMS["sentence"].str.contains(fragment, regex=False)]["verdict"].iloc[0]
    assert verdict("originally developed as an alternative to PCP") == "contradicted"
    assert verdict("without the risk of addiction") == "contradicted"
    assert verdict("11.three%") == "garbled"
    assert verdict("the charity Frank") == "contradicted", "FRANK is a government service"
    assert verdict("lower adverse reaction rates") == "contradicted"
    assert verdict("most common short-term side effect") == "contradicted"
    assert verdict("temporarily paralyzed") == "contradicted"


def test_a_study_traced_to_rats_is_not_coded_unclear():
    row = CLAIMS[CLAIMS["sentence"].str.contains("cortical-striatal cross-frequency")].iloc[0]
    assert "rats" in row.correction and row.species == "animal"


def test_spun_refs_are_resolved():
    row = CLAIMS[CLAIMS["sentence"].str.contains("198–two hundred")].iloc[0]
    assert row["cited_refs"] == "198;199;200;201"


def test_every_spun_phrase_occurs_verbatim_in_its_seed():
    assert set(SPUN["seed_file"]) <= set(SEED_FILES)
    texts = {name: _seed(name) for name in SEED_FILES}
    missing = [r.spun for r in SPUN.itertuples() if r.spun not in texts[r.seed_file]]
    assert missing == []


def test_typos_and_the_authors_own_wording_are_slips_not_spinning():
    assert set(SPUN["kind"]) == {"spun", "slip"}
    slips = set(SPUN.loc[SPUN["kind"] == "slip", "spun"])
    assert slips == {"hey also investigated", "lipocalcin 2", "inducted depression-like behaviors",
                     "may likely account"}


def test_no_source_cites_notes_outside_the_course():
    for table in (CLAIMS, SPUN):
        assert not table["source"].str.contains("shared/reference|facts\\.md|seeds\\.md").any()


def test_spun_phrases_are_many_distinct_and_differ_from_their_original():
    assert len(SPUN[SPUN["seed_file"] == "000_2017addb5b702474.txt"]) >= 50
    assert not SPUN["spun"].duplicated().any()
    assert (SPUN["spun"] != SPUN["original"]).all()
    assert set(SPUN["basis"]) <= {"original_seen", "inferred"}

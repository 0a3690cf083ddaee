"""Tables and wording a learner reads: one table maker, and no plumbing on screen (issue 16).

``core.tables.learner_table`` is checked on its own, then every table and readout the widgets
of lessons 00-02 and 04-06 can show (over the benchmark's sweep of their controls) and the
tables the lessons show through the package.
"""

import html.parser
import math
import re
import sys

import pandas as pd
import pytest
from helpers import ROOT
from ketamine_course.core import data, tables
from ketamine_course.core.tables import Column, learner_table, plural
from ketamine_course.lessons import l02_nmda_mtorc1 as pathway
from ketamine_course.lessons import l05_misuse_harm_widgets as harm_widgets
from ketamine_course.lessons import l06_reading_seeds as seeds
from ketamine_course.lessons import l06_reading_seeds_widgets as seed_widgets

sys.path.insert(0, str(ROOT / "tools"))
import widget_sweep  # noqa: E402  (lives in tools/, shared with `make bench`)

#: Lesson 03's widgets are laid out by another change; every other lesson's are checked here.
SWEEPS = [sweep for sweep in widget_sweep.sweeps() if sweep.lesson != "03"]

#: Wording that must never reach the screen: a hedge-all plural, a count of one in the plural,
#: a whole number of people written with a decimal, a hashed seed file name, a model key.
SLIPS = {
    "(s) plural": re.compile(r"\w\(s\)"),
    "one in the plural": re.compile(r"(?<![\d.,])1 (?:sentences|findings|figures|studies|"
                                    r"markers|survey figures|people|patients)\b"),
    "whole number with .0": re.compile(r"\b\d+\.0 (?:in 100|more people)"),
    "hashed seed name": re.compile(r"\d{3}_[0-9a-f]{16}\.txt"),
    "a model's key": re.compile(r"(?:Pathway model:|With) (?:hnk|none)\b|hnk_instead|"
                              r"model_predicts"),
    "None or NaN": re.compile(r"\b(?:None|NaN|nan)\b"),
}


class _Tables(html.parser.HTMLParser):
    """Collect every table in an HTML fragment: its class, headers and rows of cell text."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict] = []
        self._cell: list[str] | None = None
        self._row: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.found.append({"class": dict(attrs).get("class", ""), "headers": [],
                               "rows": []})
        elif tag in ("th", "td"):
            self._cell = []
        elif tag == "tr":
            self._row = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            text = "".join(self._cell).strip()
            (self.found[-1]["headers"] if tag == "th" else self._row).append(text)
            self._cell = None
        elif tag == "tr" and self._row:
            self.found[-1]["rows"].append(self._row)

    def handle_data(self, text: str) -> None:
        if self._cell is not None:
            self._cell.append(text)


def tables_in(fragment: str) -> list[dict]:
    """Return the tables of an HTML fragment (see :class:`_Tables`)."""
    parser = _Tables()
    parser.feed(fragment)
    return parser.found


def visible_text(fragment: str) -> str:
    """Return the text of an HTML fragment and its images' alt texts, without tags or data."""
    alts = " ".join(re.findall(r'alt="([^"]*)"', fragment))
    without_images = re.sub(r"<img[^>]*>", " ", fragment)
    return re.sub(r"<[^>]+>", " ", without_images) + " " + alts


def table_problems(found: dict) -> list[str]:
    """What a shown table does wrong: not made by learner_table, column names, raw values."""
    problems = []
    if "learner-table" not in found["class"]:
        problems.append(f"a table not made by learner_table: {found['headers']}")
    problems += [f"header {h!r} is a column name" for h in found["headers"]
                 if "_" in h or not h]
    for row in found["rows"]:
        for header, cell in zip(found["headers"], row, strict=False):
            if cell in tables.PLUMBING:
                problems.append(f"{header}: {cell!r}")
            if "(n)" in header and re.fullmatch(r"[\d,]+\.\d+", cell):
                problems.append(f"{header}: count written {cell!r}")
    return problems


# --- learner_table ------------------------------------------------------------------------------


def test_learner_table_writes_counts_numbers_yes_no_and_gaps_in_words():
    frame = pd.DataFrame({"n": [20.0, 1234, None], "share": [0.456, 12.0, float("nan")],
                          "agrees": [True, False, True], "name": ["a", None, "c"]})
    table = learner_table(frame, [
        Column("name", "Study", missing="unnamed"), Column("n", "Participants (n)", "count",
                                                           missing="not given"),
        Column("share", "Share (%)", "percent", decimals=1),
        Column("agrees", "Model and experiment", "yesno", yes_no=("agree", "disagree")),
    ])
    assert table.headers == ("Study", "Participants (n)", "Share (%)", "Model and experiment")
    assert table.cells == (("a", "20", "0.5%", "agree"), ("unnamed", "1,234", "12.0%",
                                                          "disagree"),
                           ("c", "not given", "—", "agree"))
    assert len(table) == 3 and table._repr_html_() == table.html


def test_learner_table_html_is_single_spaced_scrolls_and_aligns_numbers_right():
    frame = pd.DataFrame({"n": range(40), "text": ["x"] * 40})
    shown = learner_table(frame, [Column("n", "Participants (n)", "count"),
                                  Column("text", "Note")], caption="Long", max_height_em=20)
    assert "line-height:1.35" in shown.html and "overflow-x:auto" in shown.html
    assert "max-height:20em;overflow-y:auto" in shown.html
    assert 'tabindex="0"' in shown.html and 'aria-label="Long"' in shown.html
    assert shown.html.count("text-align:right") == 41 and '<th scope="col"' in shown.html
    short = learner_table(frame.head(2), [Column("text", "Note")])
    assert "max-height" not in short.html and "min-width" not in short.html


def test_a_column_of_sentences_keeps_its_minimum_width():
    frame = pd.DataFrame({"n": [1], "text": ["a sentence that must not shrink to a word a line"]})
    shown = learner_table(frame, [Column("n", "Participants (n)", "count"),
                                  Column("text", "Note", min_width_em=22)])
    assert shown.html.count("min-width:22em;") == 2  # its header and its one cell


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Column("n", "model_predicts"), "looks like a column name"),
    (lambda: Column("n", "  "), "header in plain English"),
    (lambda: Column("n", "Participants", "integer"), "not one of"),
    (lambda: Column("n", "Participants", "number", decimals=7), "decimals"),
    (lambda: Column("n", "Note", min_width_em=100), "min_width_em"),
    (lambda: Column("n", "Note", min_width_em="wide"), "min_width_em"),
    (lambda: Column("n", "Participants (n)", "count").format(2.5), "not a whole number"),
    (lambda: Column("n", "Participants (n)", "count").format("many"), "holds numbers"),
    (lambda: Column("ok", "Agrees", "yesno").format("maybe"), "yes/no"),
    (lambda: learner_table(pd.DataFrame({"a": [1]}), [Column("b", "B")]), "has: a"),
    (lambda: learner_table([1, 2], [Column("a", "A")]), "pandas DataFrame"),
    (lambda: learner_table(pd.DataFrame({"a": [1]}), []), "at least one Column"),
    (lambda: learner_table(pd.DataFrame({"a": [1]}), [Column("a", "A")], max_height_em=2),
     "at least 5"),
    (lambda: plural(1.5, "study"), "whole number"),
])
def test_bad_tables_are_refused_with_a_clear_message(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_plural_and_seed_names():
    assert plural(1, "sentence") == "1 sentence" and plural(2, "sentence") == "2 sentences"
    assert plural(1200, "study", "studies") == "1,200 studies"
    assert data.seed_label("003_287865f12472afc9.txt") == "Seed 003"
    with pytest.raises(ValueError, match="not a seed file name"):
        data.seed_label("notes.txt")


# --- every table and readout the learner can see -----------------------------------------------


def _fragments(output: object) -> list[str]:
    """The HTML strings a view returns (a readout and a figure, or a card)."""
    return list(output) if isinstance(output, tuple) else [output]


@pytest.mark.parametrize("sweep", SWEEPS, ids=[s.widget for s in SWEEPS])
def test_widget_tables_and_readouts_show_no_plumbing(sweep, swept):
    shown_tables = 0
    for output in swept(sweep).outputs:  # the sample (widget_sweep.sample), shown once
        for fragment in _fragments(output):
            for found in tables_in(fragment):
                shown_tables += 1
                assert table_problems(found) == [], sweep.widget
            text = visible_text(fragment)
            slips = [name for name, pattern in SLIPS.items() if pattern.search(text)]
            assert slips == [], f"{sweep.widget}: {slips} in {text[:300]!r}"
    if sweep.widget in ("pathway", "studies", "tryptophan", "prevalence", "harms"):
        assert shown_tables, f"{sweep.widget} shows its table"


LESSON_TABLES = {
    "pathway.experiments_table()": pathway.experiments_table,
    "pathway.experiments_table(details=True)": lambda: pathway.experiments_table(details=True),
    "pathway.hypotheses_table()": pathway.hypotheses_table,
    "seeds.kinds_table()": seeds.kinds_table,
    "seeds.spun_phrases_table(...)": lambda: seeds.spun_phrases_table(seed_widgets.SAMPLE),
}


@pytest.mark.parametrize("name", LESSON_TABLES)
def test_the_tables_lessons_show_through_the_package_are_learner_tables(name):
    table = LESSON_TABLES[name]()
    found = tables_in(table.html)
    assert len(found) == 1 and table_problems(found[0]) == []
    assert len(table) >= 1 and all(cell not in tables.PLUMBING for row in table.cells
                                   for cell in row)


def test_lesson_02_overview_table_counts_people_and_names_interventions_in_words():
    table = pathway.experiments_table()
    assert "Participants (n)" in table.headers and "intervention" not in table.headers
    people = [row[2] for row in table.cells if row[1] == "Human"]
    assert people and all(re.fullmatch(r"\d+", n) for n in people)
    assert {row[0] for row in table.cells} <= set(pathway.INTERVENTION_NAMES.values())
    agreements = pathway.hypotheses_table().cells
    assert [row[1] for row in agreements] == [
        str(int(pathway.compare_with_experiments(**switches)["agrees"].sum()))
        for switches, _ in pathway.HYPOTHESES]


def test_lesson_06_kinds_table_does_not_give_away_the_next_answer():
    """The question after it asks how many sentences were supported: no verdicts here."""
    table = seeds.kinds_table()
    shown = " ".join(table.headers) + " " + " ".join(" ".join(row) for row in table.cells)
    for verdict in set(seeds.claims_table()["verdict"]):
        assert verdict.replace("_", " ") not in shown
    assert sum(int(row[-1]) for row in table.cells) == len(seeds.claims_table())


def test_no_widget_offers_a_hashed_seed_name():
    cards = seed_widgets.claim_cards_widget().children[0].children
    menus = [seed_widgets.highlighter_widget().children[0], cards[0],
             seed_widgets.summary_widget().children[0].children[0]]
    labels = [label for menu in menus for label, _ in menu.options]
    assert labels and not any(SLIPS["hashed seed name"].search(label) for label in labels)
    assert "Seed 003" in harm_widgets.claim_view("C01", None)[0]


def test_whole_people_are_written_as_whole_numbers(monkeypatch):
    from ketamine_course.core import plots
    from ketamine_course.lessons import l00_start_here as start_here

    # only the readout is read: its figure is drawn (the view runs whole) but not rendered
    monkeypatch.setattr(plots, "figure_html", lambda fig, alt_text, caption=None: "")
    for percent in range(1, 51):
        for ratio in (1.0, 1.5, 2.0, 3.0):
            if ratio * percent > 100:
                continue
            text = visible_text(start_here.risk_demo_view(percent / 100, ratio)[0])
            for number in re.findall(r"(\d+(?:\.\d)?) (?:more people|more person|in 100)", text):
                value = float(number)
                assert "." not in number or not math.isclose(value, round(value)), text


def test_a_doi_or_pmid_in_a_cell_is_a_link_and_the_cell_text_is_unchanged():
    frame = pd.DataFrame({"source": ["Chu 2008. doi:10.1111/j.1464-410X.2008.07920.x.",
                                     "Berman 2000. PMID: 10686270", "a report with no identifier"]})
    table = learner_table(frame, [Column("source", "Source")])
    assert ('<a href="https://doi.org/10.1111/j.1464-410X.2008.07920.x" target="_blank" '
            'rel="noopener">doi:10.1111/j.1464-410X.2008.07920.x</a>.') in table.html
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/10686270/"' in table.html
    assert table.html.count("<a href=") == 2
    assert table.cells[1] == ("Berman 2000. PMID: 10686270",)

"""References and repository hygiene: identifiers for every journal article, no machine paths.

Lesson 00 promises a DOI or PubMed ID for every source. Each reference-list entry in a lesson
that names a journal (an italic title followed by a year) must carry one, as a link, in one form
per paper: the DOI where the paper has one, otherwise the PMID, never both. Data tables cite the
same papers in their ``source`` columns, with the same rule in plain text.

A few papers have no identifier the course could verify. They are listed below, each entry says
so to the reader, and the list can only shrink: an entry that gains an identifier must leave it.
"""

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from helpers import ROOT
from ketamine_course.core import data

LESSONS = sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb"))

#: An italic journal name followed by a year (or ", published online" for online-first papers).
NAMES_A_JOURNAL = re.compile(r"\*[^*]{2,80}\*(?:\s*(?:19|20)\d{2}|,\s*published online)")
DOI_LINK = re.compile(r"\[doi:(10\.\d{4,9}/[^\]\s]+)\]\(https://doi\.org/([^)\s]+)\)")
PMID_LINK = re.compile(r"\[PMID: (\d{6,9})\]\(https://pubmed\.ncbi\.nlm\.nih\.gov/(\d{6,9})/\)")
BARE_ID = re.compile(r"(?<!\[)doi:10\.|(?<!\[)PMID: ?\d")
NOT_VERIFIED = "not yet verified"

#: Journal articles whose DOI or PMID the course could not verify (first author and year, as in
#: the entry). Each entry must say "not yet verified" to the reader. Why each is still here
#: (searched again for issue 17): the stored records of Shahani 2007 (metajournal, em-consulte),
#: Chan 2022 (hkmj.org abstract page), Lipsitz 2020 (cambridge.org) and the consortium's 2022
#: paper (Mayo Clinic research portal) confirm authors, title, journal and pages but show no
#: DOI or PMID; no record of Freis 1954, Loomer 1957, Villaseñor 2014 or Kuhn 1957 with an
#: identifier was found (Kuhn's journal, volume and pages are as Ban 2013 gives them).
UNVERIFIED = {
    "Freis ED": "1954", "Loomer HP": "1957", "Lipsitz O": "2020",
    "Mood Disorders Precision Medicine Consortium": "2022", "Villaseñor A": "2014",
    "Shahani R": "2007", "Chan EOT": "2022", "Kuhn R": "1957",
}

#: Published items that have no DOI or PMID at all (conference abstracts); the entry says so.
WITHOUT_IDENTIFIER = {"Chong C": "2006"}
NO_IDENTIFIER_NOTE = "no DOI or PMID"

#: Source segments in data tables that cite a paper (journal, year;volume) without a verified
#: identifier, by first author. ``pk_*.csv`` belong to the PK lesson and are checked with it.
UNVERIFIED_IN_DATA = {"Shahani R", "Chan EOT", "Loomer HP", "Jansen KL", "Sherman SJ", "Bowdle TA",
                      "Chong C", "Anderson BJ", "Zanos P", "Kuhn R"}


def reference_entries(notebook: Path) -> list[str]:
    """Return the entries ("- ..." items with their continuation lines) under "## References"."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    entries: list[str] = []
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown" or "## References" not in source:
            continue
        current: list[str] | None = None
        for line in source.split("## References", 1)[1].split("\n"):
            if line.startswith("- "):
                if current:
                    entries.append("\n".join(current))
                current = [line]
            elif current is not None and line.startswith("  "):
                current.append(line)
            else:
                if current:
                    entries.append("\n".join(current))
                current = None
        if current:
            entries.append("\n".join(current))
    return entries


def identifiers(entry: str) -> tuple[list[str], list[str]]:
    """Return the entry's linked DOIs and PMIDs, checking that each link points where it says."""
    dois = []
    for match in DOI_LINK.finditer(entry):
        target = unquote(match.group(2))
        assert match.group(1) == target, f"DOI link goes elsewhere: {match.group(0)}"
        dois.append(match.group(1))
    pmids = []
    for match in PMID_LINK.finditer(entry):
        assert match.group(1) == match.group(2), f"PMID link goes elsewhere: {match.group(0)}"
        pmids.append(match.group(1))
    return dois, pmids


def _journal_entries():
    for lesson in LESSONS:
        for entry in reference_entries(lesson):
            if NAMES_A_JOURNAL.search(entry):
                yield lesson.name, entry


def _first_author(entry: str) -> str:
    return entry[2:].split(",")[0].split(".")[0].replace(" et al", "").strip()


def test_the_parser_finds_reference_lists_in_every_lesson():
    for lesson in LESSONS:
        assert len(reference_entries(lesson)) >= 4, lesson.name


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.name[:2])
def test_every_journal_article_carries_a_linked_doi_or_pmid(lesson):
    missing = []
    for entry in reference_entries(lesson):
        if not NAMES_A_JOURNAL.search(entry):
            continue
        assert not BARE_ID.search(entry), f"{lesson.name}: identifier not linked: {entry[:80]}"
        dois, pmids = identifiers(entry)
        author = _first_author(entry)
        if author in UNVERIFIED and UNVERIFIED[author] in entry and not dois and not pmids:
            assert NOT_VERIFIED in entry, f"{lesson.name}: say so to the reader: {entry[:80]}"
            continue
        if (WITHOUT_IDENTIFIER.get(author, "-") in entry and NO_IDENTIFIER_NOTE in entry
                and not dois and not pmids):
            continue
        if not dois and not pmids:
            missing.append(entry.splitlines()[0][:90])
    assert not missing, f"{lesson.name}: journal articles without a DOI or PMID: {missing}"


def test_one_form_per_paper_and_the_same_identifier_everywhere():
    seen: dict[tuple[str, str], set[str]] = {}
    for name, entry in _journal_entries():
        dois, pmids = identifiers(entry)
        assert not (dois and pmids), f"{name}: give the DOI only, not both: {entry[:80]}"
        journal = NAMES_A_JOURNAL.search(entry).group(0)
        year = re.search(r"(19|20)\d{2}", journal)
        key = (_first_author(entry), year.group(0) if year else "", journal.split("*")[1])
        seen.setdefault(key, set()).add(str((dois + pmids) or None))
    clashes = {key: forms for key, forms in seen.items() if len(forms) > 1}
    assert not clashes, f"one paper cited with different identifiers: {clashes}"


def test_the_unverified_list_only_shrinks():
    for author, year in UNVERIFIED.items():
        entries = [entry for _, entry in _journal_entries()
                   if _first_author(entry) == author and year in entry]
        assert entries, f"{author} {year} is no longer cited: remove it from UNVERIFIED"
        assert any(not any(identifiers(entry)) for entry in entries), (
            f"{author} {year} now has an identifier: remove it from UNVERIFIED")


def test_a_journal_article_without_an_identifier_fails_the_check():
    entry = "- Someone A. A study. *J Something* 2020;1:1–2."
    assert NAMES_A_JOURNAL.search(entry) and identifiers(entry) == ([], [])


#: "Journal 2007;69(5):810-812": a year, a semicolon and a volume, the way a paper is cited.
CITES_A_PAPER = re.compile(r"\b(?:19|20)\d{2};\s?\d+")
PLAIN_ID = re.compile(r"doi:10\.\d{4,9}/\S+|PMID: ?\d{6,9}")
#: Splits a source cell into its citations: "...; Surname AB..." starts a new one.
NEXT_CITATION = re.compile(r";\s(?=[A-Z][\w'-]+ [A-Z]{1,3}\b)")


def test_data_sources_that_cite_a_paper_carry_its_identifier():
    missing = []
    for path in sorted((ROOT / "data").glob("*.csv")):
        table = data.load_table(path.name)
        if "source" not in table.columns or path.name.startswith("pk_"):
            continue
        for source in table["source"].dropna():
            for citation in NEXT_CITATION.split(source):
                author = " ".join(citation.split()[:2]).rstrip(",.")
                if (CITES_A_PAPER.search(citation) and not PLAIN_ID.search(citation)
                        and author not in UNVERIFIED_IN_DATA):
                    missing.append(f"{path.name}: {citation[:80]}")
    assert not missing, missing


def test_data_sources_give_one_form_per_paper():
    for path in sorted((ROOT / "data").glob("*.csv")):
        if path.name.startswith("pk_"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"doi:10\.\S+?\.? ?PMID: ?\d", text), f"{path.name}: DOI and PMID"


#: A path on a particular machine (under work, tmp, root, home or Users at the top of its file
#: system) means nothing to anyone else.
MACHINE_PATH = re.compile("(?<![\\w.~-])/(?:" + "|".join(("work", "tmp", "root", "home", "Users"))
                          + ")/")


#: Paths of the grading sandbox's own file system (made by bubblewrap for each submission, the
#: same on every machine), which are not paths of the machine the course was built on.
INSIDE_THE_SANDBOX = ("/home/student", "/tmp/matplotlib")


def _tracked_files() -> list[Path]:
    try:
        listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                                 check=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [ROOT / name for name in listing.split("\0") if name]


def test_no_tracked_file_holds_a_machine_path():
    offenders = []
    for path in _tracked_files():
        if not path.is_file() or path.suffix in {".png", ".jpg", ".pdf", ".ico"}:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if any(not line[match.start():].startswith(INSIDE_THE_SANDBOX)
                   for match in MACHINE_PATH.finditer(line)):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert not offenders, offenders


def test_the_machine_path_check_catches_one():
    root = "/"  # built in pieces so that this file does not hold a machine path itself
    assert MACHINE_PATH.search(f"as summarised in {root}work/shared/reference/facts.md")
    assert MACHINE_PATH.search(f'"{root}home/someone/notes.md"')
    assert not MACHINE_PATH.search("see shared/reference and ~/notes and https://x.org/work/a")

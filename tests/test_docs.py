"""README, licence, citation and CI script say what they must."""

import re

import yaml
from helpers import ROOT
from ketamine_course.core import syllabus

README = (ROOT / "README.md").read_text()


def test_readme_gives_the_two_commands_first():
    commands = re.findall(r"^\s*(make \w+|git clone \S+.*|cd \S+)$", README, re.MULTILINE)
    make_commands = [c for c in commands if c.startswith("make")]
    assert make_commands[:2] == ["make lab", "make test"]


def test_readme_has_a_binder_badge_opening_the_start_notebook():
    badge = re.search(r"\[!\[[^\]]*Binder[^\]]*\]\([^)]*\)\]\((https://mybinder\.org/[^)]+)\)",
                      README)
    assert badge, "README needs a Binder badge"
    assert badge.group(1).endswith("?urlpath=lab/tree/workspace/00_start_here.ipynb")


def test_readme_says_where_work_is_saved_and_documents_the_lab_settings():
    for phrase in ("`workspace/`", "git pull", "Start a lesson afresh", "`PORT=", "`TOKEN=",
                   "`OPEN=no`", "make lab-instructor"):
        assert phrase in README, phrase


def test_readme_course_map_lists_every_lesson_and_assignment():
    for unit in syllabus.LESSONS + syllabus.ASSIGNMENTS:
        assert unit.title in README, f"README's course map lacks {unit.title!r}"


def test_readme_covers_what_a_newcomer_needs():
    for phrase in ("not medical advice", "How to cite", "Licence", "instructors",
                   "How notebooks are stored"):
        assert phrase.lower() in README.lower(), phrase


def test_licence_names_both_licences_and_what_they_cover():
    text = (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in text and "MIT" in text and "seeds" in text


def test_citation_file_is_valid_cff():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    for key in ("cff-version", "message", "title", "authors", "version", "license"):
        assert key in citation, key
    assert citation["version"] == "0.1.0"


def test_ci_runs_make_test_and_only_installs_system_packages_besides():
    script = (ROOT / ".ci" / "run").read_text()
    commands = [line.strip() for line in script.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "make test"
    allowed = re.compile(r"^(set |cd |if |fi$|then$|else$|apt-get |export DEBIAN)")
    for command in commands[:-1]:
        assert allowed.match(command), f".ci/run does something make test would not: {command}"


def test_layout_is_described_where_a_newcomer_looks():
    import ketamine_course

    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    package = ROOT / "course" / "ketamine_course"
    for folder in ("core", "lessons", "grading", "assignments"):
        assert (package / folder / "__init__.py").is_file(), folder
        for text in (README, contributing, ketamine_course.__doc__):
            assert f"{folder}/" in text, f"{folder}/ is not described"
    assert "review checklist" in contributing.lower()
    assert "lesson_template.ipynb" in contributing


def test_every_lesson_has_its_module_named_after_it():
    lessons = ROOT / "course" / "ketamine_course" / "lessons"
    for unit in syllabus.LESSONS:
        modules = sorted(lessons.glob(f"l{unit.code}_*.py"))
        assert modules, f"lesson {unit.code} has no module lessons/l{unit.code}_*.py"


def test_glossary_is_linked_from_lesson_00_and_names_real_lessons():
    glossary = (ROOT / "course" / "GLOSSARY.md").read_text()
    start = (ROOT / "course" / "00_start_here.ipynb").read_text()
    assert "GLOSSARY.md" in start
    codes = {unit.code for unit in syllabus.LESSONS + syllabus.ASSIGNMENTS}
    rows = re.findall(r"^\| ([^|]+) \| [^|]+ \| (\w+) \|$", glossary, re.MULTILINE)
    assert len(rows) >= 30
    for term, code in rows:
        if term.strip() != "Term":
            assert code in codes, f"glossary: {term} names an unknown lesson {code}"

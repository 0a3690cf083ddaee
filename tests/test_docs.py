"""README, licence, citation and CI script say what they must."""

import re

import yaml
from helpers import ROOT
from ketamine_course import syllabus

README = (ROOT / "README.md").read_text()


def test_readme_gives_the_two_commands_first():
    commands = re.findall(r"^\s*(make \w+|git clone \S+.*|cd \S+)$", README, re.MULTILINE)
    make_commands = [c for c in commands if c.startswith("make")]
    assert make_commands[:2] == ["make lab", "make test"]


def test_readme_has_a_binder_badge_opening_the_start_notebook():
    badge = re.search(r"\[!\[[^\]]*Binder[^\]]*\]\([^)]*\)\]\((https://mybinder\.org/[^)]+)\)",
                      README)
    assert badge, "README needs a Binder badge"
    assert badge.group(1).endswith("?urlpath=lab/tree/course/00_start_here.ipynb")


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

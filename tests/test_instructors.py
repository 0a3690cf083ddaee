"""The instructor guide has a 50-minute plan for every lesson and says how to run the course."""

import re

import pytest
from helpers import COURSE, ROOT
from ketamine_course.core import syllabus

GUIDE = COURSE / "INSTRUCTORS.md"
LESSONS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
PARTS = ("### Pause points", "### Widgets to project", "### Discussion prompts",
         "### Common misconceptions")


def _id(path):
    return path.name


def sections(text: str) -> dict[str, str]:
    """Map each level-2 heading to the text under it."""
    found = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {heading.strip(): body for heading, body in zip(found[1::2], found[2::2], strict=True)}


def lesson_section(path) -> str:
    (unit,) = [u for u in syllabus.LESSONS if u.notebook == path.name]
    heading = f"Lesson {unit.code}: {unit.title}"
    guide = sections(GUIDE.read_text())
    assert heading in guide, f"INSTRUCTORS.md needs a section '## {heading}'"
    return guide[heading]


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_every_lesson_has_a_fifty_minute_plan(path):
    body = lesson_section(path)
    spans = [(int(a), int(b)) for a, b in re.findall(r"^\| (\d+)[–-](\d+) \|", body, re.MULTILINE)]
    assert spans, "a timing table with rows like '| 0–5 | ... |'"
    assert spans[0][0] == 0 and spans[-1][1] == 50, f"the plan runs {spans[0][0]}–{spans[-1][1]}"
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start == end, f"the timings jump from {end} to {start} minutes"
    for part in PARTS:
        assert part in body, f"{path.name}'s plan lacks '{part}'"
    assert len(re.findall(r"A good\s+answer", body)) >= 2, "prompts say what a good answer makes"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_plan_names_every_widget_the_lesson_shows(path):
    body = lesson_section(path)
    source = path.read_text()
    widgets = set(re.findall(r"\b\w+\.((?!question_)\w+_widget)\(", source))
    missing = {name for name in widgets if f"{name}()" not in body}
    assert not missing, f"the plan should say how to project {sorted(missing)}"


def test_every_plan_is_for_a_lesson_that_exists():
    names = {path.name for path in LESSONS}
    units = {f"Lesson {u.code}: {u.title}": u.notebook for u in syllabus.LESSONS}
    for heading in sections(GUIDE.read_text()):
        if heading.startswith("Lesson "):
            assert units.get(heading) in names, f"a plan for a lesson not in course/: {heading}"


def test_guide_says_how_to_run_the_course():
    guide = sections(GUIDE.read_text())
    running = guide["Running the course"]
    for phrase in ("Binder", "The Littlest JupyterHub", "nbgrader", "assignments/README.md",
                   "make lab", "make book", "Download", "100 simultaneous users",
                   "10 minutes without activity"):
        assert phrase in running, phrase
    assert "https://mybinder.readthedocs.io/en/latest/about/user-guidelines.html" in running, (
        "Binder's limits need their source")


def test_guide_links_point_to_files_that_exist():
    text = GUIDE.read_text()
    for target in re.findall(r"`((?:course|tests|assignments|data)/[\w./-]+\.(?:md|py|ipynb))`",
                             text):
        # assignments/ is written in parallel with this guide; check it once it exists.
        if target.startswith("assignments/") and not (ROOT / "assignments").exists():
            continue
        assert (ROOT / target).is_file(), f"INSTRUCTORS.md names {target}, which does not exist"


def test_guide_headings_are_in_order():
    levels = [len(m) for m in re.findall(r"^(#+) ", GUIDE.read_text(), re.MULTILINE)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1

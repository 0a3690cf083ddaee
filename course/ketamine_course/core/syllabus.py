"""The course map: lessons and assignments, in order, with the time each takes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .data import project_root


@dataclass(frozen=True)
class Unit:
    """One lesson or assignment on the course map."""

    code: str
    notebook: str
    title: str
    minutes: int
    question: str


#: The lessons, in the order they are meant to be taken.
LESSONS: tuple[Unit, ...] = (
    Unit("00", "00_start_here.ipynb", "Start here", 35,
         "What is this course, how do I use it, and where do I get help?"),
    Unit("01", "01_monoamine_hypothesis.ipynb", "The monoamine hypothesis", 65,
         "What did the serotonin story explain, and what did it never explain?"),
    Unit("02", "02_nmda_mtorc1.ipynb", "NMDA antagonism and the mTORC1 pathway", 70,
         "Which steps from receptor to synapse have been tested, and in whom?"),
    Unit("03", "03_dosing_routes_onset.ipynb", "Dosing routes and onset", 60,
         "Why does the route change how fast and how strongly ketamine acts?"),
    Unit("04", "04_metabolism_inflammation.ipynb", "Metabolic and inflammatory links", 60,
         "Can a blood test predict who responds, or are we fooled by small samples?"),
    Unit("05", "05_misuse_and_harm.ipynb", "Misuse and harm", 60,
         "Which harms are well established, and how does marketing borrow the look of evidence?"),
    Unit("06", "06_reading_the_seeds.ipynb", "Reading the seeds", 75,
         "How do you take apart a web page that looks like a scholarly review?"),
)

#: The graded assignments (nbgrader), one per theme of critical reading.
ASSIGNMENTS: tuple[Unit, ...] = (
    Unit("A1", "", "Relative and absolute effects", 45,
         "How big is 'doubles your chance' for one patient?"),
    Unit("A2", "", "Comparators and blinding", 45,
         "What does an active placebo change, and can patients tell which arm they are in?"),
    Unit("A3", "", "Pooling the trials", 60,
         "What do the trials say together, and what might be missing from them?"),
    Unit("A4", "", "From rat to patient", 40,
         "How far does an animal result carry to people?"),
    Unit("A5", "", "Reworded text and spin", 45,
         "Can you detect machine-reworded text and overclaiming with code?"),
)


def lesson_path(unit: Unit, course_dir: Path | None = None) -> Path:
    """Return where a lesson's notebook lives (``course/NN_topic.ipynb``)."""
    return (course_dir or project_root() / "course") / unit.notebook


def course_map_markdown(course_dir: Path | None = None) -> str:
    """Return the course map as a Markdown table.

    Lessons whose notebook exists are linked (relative to ``course/``); a
    lesson still being written is marked so instead of linking nowhere.
    """
    rows = ["| | Lesson | Time | The question it answers |", "|---|---|---|---|"]
    for unit in LESSONS:
        if lesson_path(unit, course_dir).is_file():
            title = f"[{unit.title}]({unit.notebook})"
        else:
            title = f"{unit.title} *(being written)*"
        rows.append(f"| {unit.code} | {title} | {unit.minutes} min | {unit.question} |")
    for unit in ASSIGNMENTS:
        rows.append(
            f"| {unit.code} | {unit.title} (graded assignment) | {unit.minutes} min "
            f"| {unit.question} |"
        )
    total = sum(unit.minutes for unit in LESSONS + ASSIGNMENTS)
    rows.append(f"| | **Whole course** | **about {round(total / 60)} hours** | |")
    return "\n".join(rows)

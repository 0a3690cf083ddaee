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
    prepared_by: tuple[str, ...] = ()  # for an assignment: the lessons whose exercises rehearse it


#: The lessons, in the order they are meant to be taken.
LESSONS: tuple[Unit, ...] = (
    Unit("00", "00_start_here.ipynb", "Start here", 35,
         "What is this course, how do I use it, and where do I get help?"),
    Unit("01", "01_monoamine_hypothesis.ipynb", "The monoamine hypothesis", 75,
         "What did the serotonin story explain, and what did it never explain?"),
    Unit("02", "02_nmda_mtorc1.ipynb", "NMDA antagonism and the mTORC1 pathway", 70,
         "Which steps from receptor to synapse have been tested, and in whom?"),
    Unit("03", "03_dosing_routes_onset.ipynb", "Dosing routes and onset", 60,
         "Why does the route change how fast and how strongly ketamine acts?"),
    Unit("04", "04_metabolism_inflammation.ipynb", "Metabolic and inflammatory links", 65,
         "Can a blood test predict who responds, or are we fooled by small samples?"),
    Unit("05", "05_misuse_and_harm.ipynb", "Misuse and harm", 60,
         "Which harms are well established, and how does marketing borrow the look of evidence?"),
    Unit("06", "06_reading_the_seeds.ipynb", "Reading the seeds", 75,
         "How do you take apart a web page that looks like a scholarly review?"),
)

#: The graded assignments (nbgrader), one per theme of critical reading.
ASSIGNMENTS: tuple[Unit, ...] = (
    Unit("A1", "a1_absolute_effects/a1_absolute_effects.ipynb", "Relative and absolute effects", 45,
         "How big is 'doubles your chance' for one patient?", ("00", "01")),
    Unit("A2", "a2_blinding/a2_blinding.ipynb", "Comparators and blinding", 45,
         "What does an active placebo change, and can patients tell which arm they are in?",
         ("00", "01")),
    Unit("A3", "a3_pooling/a3_pooling.ipynb", "Pooling the trials", 60,
         "What do the trials say together, and what might be missing from them?", ("01", "04")),
    Unit("A4", "a4_rat_to_patient/a4_rat_to_patient.ipynb", "From rat to patient", 40,
         "How far does an animal result carry to people?", ("02", "05")),
    Unit("A5", "a5_spin/a5_spin.ipynb", "Reworded text and spin", 45,
         "Can you detect machine-reworded text and overclaiming with code?", ("06",)),
)

#: Where a lesson links to an assignment's student version (lessons sit one folder below the
#: course root, in ``course/`` or in a learner's working copy beside it).
ASSIGNMENT_LINK_PREFIX = "../assignments/release/"


def lesson_path(unit: Unit, course_dir: Path | None = None) -> Path:
    """Return where a lesson's notebook lives (``course/NN_topic.ipynb``)."""
    return (course_dir or project_root() / "course") / unit.notebook


def course_map_markdown(course_dir: Path | None = None) -> str:
    """Return the course map as a Markdown table.

    Lessons whose notebook exists are linked (relative to ``course/``); a
    lesson still being written is marked so instead of linking nowhere.
    """
    rows = ["| Unit | Lesson or assignment | Time | The question it answers |", "|---|---|---|---|"]
    for unit in LESSONS:
        if lesson_path(unit, course_dir).is_file():
            title = f"[{unit.title}]({unit.notebook})"
        else:
            title = f"{unit.title} *(being written)*"
        rows.append(f"| {unit.code} | {title} | {unit.minutes} min | {unit.question} |")
    for unit in ASSIGNMENTS:
        rows.append(
            f"| {unit.code} | [{unit.title}]({ASSIGNMENT_LINK_PREFIX}{unit.notebook}) (graded "
            f"assignment, after {_lessons_phrase(unit.prepared_by)}) | {unit.minutes} min "
            f"| {unit.question} |"
        )
    total = sum(unit.minutes for unit in LESSONS + ASSIGNMENTS)
    rows.append(f"| | **Whole course** | **about {round(total / 60)} hours** | |")
    return "\n".join(rows)


def _lessons_phrase(codes: tuple[str, ...]) -> str:
    """Say "lesson 06" or "lessons 00 and 01"."""
    return f"lesson{'s' if len(codes) > 1 else ''} {' and '.join(codes)}"


def _lesson(code: str) -> Unit:
    """Return the lesson with this two-digit code, or raise a ValueError naming the codes."""
    for unit in LESSONS:
        if unit.code == code:
            return unit
    known = ", ".join(unit.code for unit in LESSONS)
    raise ValueError(f"No lesson {code!r}; the lessons are {known}.")


def next_steps_markdown(code: str) -> str:
    """Return the "What next" section that ends lesson ``code``, with links.

    It names the next lesson, and the graded assignments whose preparation this lesson
    completes (an assignment's last ``prepared_by`` lesson).
    """
    unit = _lesson(code)
    later = [lesson for lesson in LESSONS if lesson.code > unit.code]
    lines = ["## What next", ""]
    if later:
        following = later[0]
        lines.append(f"**Next lesson:** [{following.code}. {following.title}]({following.notebook})"
                     f" ({following.minutes} min): {following.question}")
    else:
        lines.append("This was the last lesson. The graded assignments put its skills to work; "
                     "each one names the lessons it builds on.")
    ready = [a for a in ASSIGNMENTS if a.prepared_by and a.prepared_by[-1] == unit.code]
    if ready:
        lines += ["", "**Ready for graded work:** you have now practised everything these "
                      "assignments ask for:"]
        lines += [f"- [{a.code}. {a.title}]({ASSIGNMENT_LINK_PREFIX}{a.notebook}) "
                  f"({a.minutes} min; builds on {_lessons_phrase(a.prepared_by)}): "
                  f"{a.question}" for a in ready]
    return "\n".join(lines)

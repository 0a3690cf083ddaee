"""The instructor's grading steps, one command each, with a report a person can act on.

Run from the repository root with the course's venv (the Makefile does this)::

    python -m ketamine_course.instructor autograde a1_absolute_effects
    python -m ketamine_course.instructor audit a1_absolute_effects

``autograde`` runs ``nbgrader autograde`` on every submission of an assignment
and then prints one line per student: score, or the reason grading failed (a
kernel that died, an error), so that one broken submission never hides in a
log while the rest of the class is graded. ``audit`` lists submissions whose
answers reach for things a test could be fooled by (Python's builtins, the
grading module, the import system, comparison methods), for a person to read.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .data import project_root

#: Patterns in a student's answer cells that deserve a human look.
SUSPICIOUS = {
    "builtins": r"\bbuiltins\b|__builtins__",
    "grading module": r"ketamine_course\.grading|\bgrading\b\s*\.",
    "import system": r"\bimportlib\b|sys\.modules|__import__",
    "comparison methods": r"def\s+__(eq|ne|lt|le|gt|ge|float|abs|sub|rsub|getitem)__",
    "attribute patching": r"\bsetattr\s*\(",
    "kills the kernel": r"os\._exit|os\.kill|sys\.exit|signal\.",
}


@dataclass(frozen=True)
class GradeReport:
    """How grading went for one student's submission."""

    student: str
    status: str  # "graded" or "failed"
    score: float | None
    max_score: float | None
    reason: str


def course_root() -> Path:
    """Return the nbgrader course root (``assignments/`` in the repository)."""
    return project_root() / "assignments"


def _students(root: Path, assignment: str) -> list[str]:
    """Return the students with a submission of ``assignment``, sorted."""
    submitted = root / "submitted"
    if not (root / "source" / assignment).is_dir():
        known = sorted(p.name for p in (root / "source").iterdir() if p.is_dir())
        raise ValueError(f"No assignment called {assignment!r}; the course has {known}.")
    return sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())


def _failure_reasons(log: str, assignment: str) -> dict[str, str]:
    """Read nbgrader's log and return, per student, why their submission failed."""
    reasons: dict[str, str] = {}
    pending = "an error while grading (see the log above)"
    for line in log.splitlines():
        if "Kernel died" in line:
            pending = "the kernel died (the notebook exits or crashes Python)"
        elif "Timeout waiting" in line and "kernel" not in pending:
            pending = "a cell ran past the time limit"
        found = re.search(rf"error processing assignment '{re.escape(assignment)}' "
                          r"for student '([^']+)'", line)
        if found:
            reasons[found.group(1)] = pending
            pending = "an error while grading (see the log above)"
    return reasons


def _scores(root: Path, assignment: str, students: list[str]) -> dict[str, tuple[float, float]]:
    """Return each student's autograded score and the maximum, from the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            scores[student] = (float(submission.score), float(submission.max_score))
    return scores


def autograde(assignment: str, root: Path | None = None,
              extra_args: list[str] | None = None) -> list[GradeReport]:
    """Autograde every submission of ``assignment`` and report each student's outcome."""
    root = root or course_root()
    students = _students(root, assignment)
    if not students:
        raise ValueError(f"No submissions of {assignment!r} in {root / 'submitted'}; put each "
                         f"in submitted/<student>/{assignment}/ (or run nbgrader collect).")
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, *(extra_args or [])]
    run = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    log = run.stdout + run.stderr
    reasons = _failure_reasons(log, assignment)
    scores = _scores(root, assignment, students)
    reports = []
    for student in students:
        graded = (root / "autograded" / student / assignment).is_dir()
        score, most = scores.get(student, (None, None))
        if student in reasons or not graded:
            reason = reasons.get(student, "no autograded notebook was written")
            reports.append(GradeReport(student, "failed", None, most, reason))
        else:
            reports.append(GradeReport(student, "graded", score, most, ""))
    return reports


def audit(assignment: str, root: Path | None = None) -> list[tuple[str, str, str]]:
    """Return (student, concern, line) for answer code that deserves a human look."""
    import nbformat

    root = root or course_root()
    findings = []
    for student in _students(root, assignment):
        for path in sorted((root / "submitted" / student / assignment).glob("*.ipynb")):
            notebook = nbformat.read(path, as_version=4)
            for cell in notebook.cells:
                answer = cell.get("metadata", {}).get("nbgrader", {}).get("solution")
                if cell.cell_type != "code" or not answer:
                    continue
                for line in cell.source.splitlines():
                    for concern, pattern in SUSPICIOUS.items():
                        if re.search(pattern, line):
                            findings.append((student, concern, line.strip()))
    return findings


def _print_reports(reports: list[GradeReport]) -> None:
    """Print one line per student, failures first."""
    for report in sorted(reports, key=lambda r: (r.status == "graded", r.student)):
        if report.status == "graded":
            print(f"  {report.student:<24} {report.score:g} / {report.max_score:g} (autograded)")
        else:
            print(f"  {report.student:<24} NOT GRADED: {report.reason}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (1 if any submission failed or was flagged)."""
    parser = argparse.ArgumentParser(prog="python -m ketamine_course.instructor",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("autograde", "audit"))
    parser.add_argument("assignment", help="e.g. a1_absolute_effects")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "autograde":
            reports = autograde(arguments.assignment)
            print(f"Autograded {arguments.assignment}:")
            _print_reports(reports)
            failed = [r for r in reports if r.status == "failed"]
            if failed:
                print(f"{len(failed)} submission(s) not graded; the others were. Open each one, "
                      "fix or grade it by hand (assignments/README.md, 'When grading fails').")
            return 1 if failed else 0
        findings = audit(arguments.assignment)
        for student, concern, line in findings:
            print(f"  {student:<24} {concern:<20} {line}")
        print(f"{len(findings)} line(s) to read." if findings else "Nothing to flag.")
        return 1 if findings else 0
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

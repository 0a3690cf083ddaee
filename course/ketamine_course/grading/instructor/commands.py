"""The instructor's grading steps, one command each, with a report a person can act on.

Run from the repository root with the course's venv (the Makefile does this)::

    python -m ketamine_course.grading.instructor autograde a1_absolute_effects
    python -m ketamine_course.grading.instructor audit a1_absolute_effects

``autograde`` runs ``nbgrader autograde`` on every submission of an assignment
and then prints one line per student: score, or the reason grading failed (a
kernel that died, an error), so that one broken submission never hides in a
log while the rest of the class is graded. With ``--jobs N`` (default: two per
CPU core) N workers grade at once and their results are merged into the one
gradebook (:mod:`ketamine_course.grading.instructor.parallel`); ``--jobs 1`` is one plain
``nbgrader autograde``. ``audit`` lists submissions whose
answers reach for things a test could be fooled by (Python's builtins, the
grading module, the import system, comparison methods), for a person to read.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ...core.data import project_root
from . import gradebooks, sandbox
from . import parallel as parallel_grading

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
        if "Sandbox: " in line and "wall-clock limit" in line:
            pending = line[line.index("Sandbox: ") + len("Sandbox: "):].strip()
        elif "Kernel died" in line and "wall-clock" not in pending:
            pending = "the kernel died (the notebook exits or crashes Python, or hit a limit)"
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
    from nbgrader.api import MissingEntry

    scores = {}
    if not (root / "gradebook.db").is_file():
        return scores
    with gradebooks.open_gradebook(root / "gradebook.db") as gradebook:
        for student in students:
            try:
                submission = gradebook.find_submission(assignment, student)
            except MissingEntry:
                continue
            scores[student] = (float(submission.score), float(submission.max_score))
    return scores


@dataclass(frozen=True)
class GradingRun:
    """One run of the grading command: each student's outcome, and how the run went."""

    reports: list[GradeReport]
    parallel: bool  # False: one plain ``nbgrader autograde``
    workers: int  # processes that graded (0 if nothing needed grading)
    graded: int  # submissions (re)graded in this run; the others were already autograded
    seconds: float  # wall time


#: Workers per CPU core by default: a worker waits while its kernel starts and between
#: cells, so two per core keep the cores busy (measured on 2 cores, 20 submissions:
#: 2 workers 1.7x plain nbgrader, 4 workers 2.1x). Capped so a big server stays sane.
WORKERS_PER_CORE = 2
MAX_DEFAULT_WORKERS = 16


def resolve_jobs(jobs: int | None) -> int:
    """Return the number of workers to use (default: two per CPU core, at most 16)."""
    if jobs is None:
        return min(MAX_DEFAULT_WORKERS, WORKERS_PER_CORE * (os.cpu_count() or 1))
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of workers, 1 or more, not {jobs!r}")
    return jobs


def _timestamp(folder: Path):
    """Return the time in ``folder/timestamp.txt`` as nbgrader reads it, or None."""
    from nbgrader.utils import parse_utc

    path = folder / "timestamp.txt"
    text = path.read_text().strip() if path.is_file() else ""
    try:
        return parse_utc(text) if text else None
    except ValueError:
        return None


def _needs_grading(root: Path, assignment: str, student: str) -> bool:
    """Decide as ``nbgrader autograde`` (without --force) does whether to grade a submission.

    It grades a submission with no autograded folder yet, or one submitted again since
    (a newer timestamp.txt), and skips the rest.
    """
    graded = root / "autograded" / student / assignment
    if not graded.exists():
        return True
    new = _timestamp(root / "submitted" / student / assignment)
    old = _timestamp(graded)
    return new is not None and old is not None and new > old


def _plain(root: Path, assignment: str, extra_args: list[str]) -> dict[str, str]:
    """Run one ``nbgrader autograde`` on the whole class; return the failure reasons."""
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, *extra_args]
    run = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    return _failure_reasons(run.stdout + run.stderr, assignment)


def _parallel(root: Path, todo: list[str], assignment: str, extra_args: list[str],
              workers: int) -> dict[str, str]:
    """Grade the submissions in ``todo`` in parallel; return the failure reasons."""
    if not (root / "gradebook.db").is_file():
        raise ValueError(f"No gradebook in {root}: run `make assignments` (nbgrader "
                         "generate_assignment) before grading.")
    if any(arg == "--student" or arg.startswith(("--student=", "--CourseDirectory.student_id"))
           for arg in extra_args):
        raise ValueError("Parallel grading grades every submission; to grade one student, "
                         "use jobs=1 (JOBS=1) with --student, or nbgrader itself.")
    outcomes = parallel_grading.grade(root, assignment, todo, workers, extra_args)
    reasons = {}
    for student, outcome in outcomes.items():
        if outcome.crashed:
            reasons[student] = outcome.crashed
        elif not outcome.success:
            reasons |= _failure_reasons(outcome.log, assignment)
    return reasons


def _sandbox_options(use_sandbox: bool, limits: sandbox.Limits | None) -> list[str]:
    """Return the nbgrader options that run each kernel in the sandbox, after checking it starts.

    Without the sandbox, say loudly what that means and return no options.
    """
    if not use_sandbox:
        print(sandbox.NO_SANDBOX_WARNING, file=sys.stderr)
        return []
    try:
        sandbox.check_available()
    except sandbox.SandboxUnavailableError as error:
        raise ValueError(str(error)) from error
    return sandbox.nbgrader_options(limits)


def autograde_run(assignment: str, root: Path | None = None,
                  extra_args: list[str] | None = None, jobs: int | None = None,
                  use_sandbox: bool = True, limits: sandbox.Limits | None = None) -> GradingRun:
    """Autograde every submission of ``assignment``; report each student and how the run went.

    ``jobs`` workers grade at once (default: two per CPU core, at most 16) and their results
    are merged into the one gradebook; ``jobs=1`` runs one plain ``nbgrader autograde``. Either way,
    submissions already autograded are skipped unless ``extra_args`` has ``--force``, and
    ``extra_args`` (``nbgrader autograde`` options, e.g. ``--Execute.timeout=10``) apply.
    Every notebook runs in the sandbox (:mod:`.sandbox`, with ``limits``) unless
    ``use_sandbox`` is False; grading stops with a ValueError if the sandbox cannot start.
    """
    root = Path(root or course_root())
    jobs = resolve_jobs(jobs)
    students = _students(root, assignment)
    if not students:
        raise ValueError(f"No submissions of {assignment!r} in {root / 'submitted'}; put each "
                         f"in submitted/<student>/{assignment}/ (or run nbgrader collect).")
    extra_args = list(extra_args or [])
    force = any(arg in ("--force", "-f") for arg in extra_args)
    extra_args += _sandbox_options(use_sandbox, limits)
    todo = [s for s in students if force or _needs_grading(root, assignment, s)]
    workers = min(jobs, len(todo))
    started = time.perf_counter()
    if jobs == 1:
        reasons = _plain(root, assignment, extra_args)
    else:
        reasons = _parallel(root, todo, assignment, extra_args, workers) if todo else {}
    seconds = time.perf_counter() - started
    return GradingRun(_reports(root, assignment, students, reasons), jobs > 1, workers,
                      len(todo), seconds)


def autograde(assignment: str, root: Path | None = None, extra_args: list[str] | None = None,
              jobs: int | None = None, use_sandbox: bool = True) -> list[GradeReport]:
    """Autograde every submission of ``assignment`` and report each student's outcome.

    See :func:`autograde_run`; ``jobs=1`` is one plain ``nbgrader autograde``.
    """
    return autograde_run(assignment, root, extra_args, jobs, use_sandbox).reports


def _reports(root: Path, assignment: str, students: list[str],
             reasons: dict[str, str]) -> list[GradeReport]:
    """Return each student's report from the failure reasons, the files and the gradebook."""
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
    parser = argparse.ArgumentParser(prog="python -m ketamine_course.grading.instructor",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("autograde", "audit"))
    parser.add_argument("assignment", help="e.g. a1_absolute_effects")
    parser.add_argument("--jobs", type=int, default=None,
                        help="autograde: workers grading at once (default: two per CPU core; "
                             "1 runs plain nbgrader autograde)")
    parser.add_argument("--force", action="store_true",
                        help="autograde: regrade submissions that were already autograded")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="autograde: run student code WITHOUT the bubblewrap sandbox, with "
                             "your rights in your course folder (unsafe; see the guide)")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "autograde":
            run = autograde_run(arguments.assignment, extra_args=["--force"] * arguments.force,
                                jobs=arguments.jobs, use_sandbox=not arguments.no_sandbox)
            how = f"{run.workers} worker(s)" if run.parallel else "plain nbgrader autograde"
            kept = len(run.reports) - run.graded
            print(f"Autograded {arguments.assignment}: {run.graded} submission(s) graded with "
                  f"{how} in {run.seconds:.1f} s"
                  + (f"; {kept} autograded before were kept (--force regrades them)." if kept
                     else "."))
            reports = run.reports
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


"""The instructor's grading steps, one command each, with a report a person can act on.

Run from the repository root with the course's venv (the Makefile does this)::

    python -m ketamine_course.grading.instructor autograde a1_absolute_effects
    python -m ketamine_course.grading.instructor audit a1_absolute_effects

``autograde`` runs ``nbgrader autograde`` on every submission of an assignment
and then prints one line per student: score, or the reason grading failed (a
kernel that died, an error), so that one broken submission never hides in a
log while the rest of the class is graded. Every notebook's kernel runs in a bubblewrap
sandbox (:mod:`ketamine_course.grading.instructor.sandbox`); grading stops, saying what
to install, if the sandbox cannot start (``--no-sandbox`` overrides that, loudly).
``feedback`` and ``grades`` wrap nbgrader's ``generate_feedback`` and ``export`` and
report every student. With ``--jobs N`` (default: two per
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
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ...core.data import project_root
from . import exports, gradebooks, sandbox
from . import parallel as parallel_grading
from . import students as student_ids

#: Patterns in a student's answer cells that deserve a human look.
SUSPICIOUS = {
    "builtins": r"\bbuiltins\b|__builtins__",
    "grading module": r"ketamine_course\.grading|\bgrading\b\s*\.",
    "import system": r"\bimportlib\b|sys\.modules|__import__",
    "comparison methods": r"def\s+__(eq|ne|lt|le|gt|ge|float|abs|sub|rsub|getitem)__",
    "attribute patching": r"\bsetattr\s*\(|__path__|__getattribute__|__class__\s*=|ModuleType",
    "kills the kernel": r"os\._exit|os\.kill|sys\.exit|signal\.",
    "dynamic code": r"(?<![\w.])(exec|eval|compile)\b|\bgetattr\s*\(\s*(builtins|__builtins__)",
    "encoded code": r"fromhex|unhexlify|b64decode|b32decode|a85decode|codecs\.decode|rot.?13|"
                    r"(\\x[0-9a-fA-F]{2}){4}|zlib\.decompress|marshal\.loads",
    "leaves Python": r"\bsubprocess\b|os\.system|os\.popen|os\.exec|os\.spawn|\bctypes\b|"
                     r"\bsocket\b|os\.fork",
    "files outside": r"\.\./|gradebook|\bsource/|submitted/|autograded/|nbgrader_config|"
                     r"site-packages|\.pth\b|__pycache__|\.ipython",
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


def _plain(root: Path, assignment: str, extra_args: list[str],
           refused: list[str]) -> dict[str, str]:
    """Run one ``nbgrader autograde`` on the class but the ``refused`` ids; return the reasons."""
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, *extra_args]
    if refused:
        command.append(f"--CourseDirectory.student_id_exclude={','.join(refused)}")
    run = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    return _failure_reasons(run.stdout + run.stderr, assignment)


def _parallel(root: Path, todo: list[str], assignment: str, extra_args: list[str],
              workers: int) -> dict[str, str]:
    """Grade the submissions in ``todo`` in parallel; return the failure reasons."""
    if not (root / "gradebook.db").is_file():
        raise ValueError(f"No gradebook in {root}: run `make assignments` (nbgrader "
                         "generate_assignment) before grading.")
    outcomes = parallel_grading.grade(root, assignment, todo, workers, extra_args)
    reasons = {}
    for student, outcome in outcomes.items():
        if outcome.crashed:
            reasons[student] = outcome.crashed
        elif not outcome.success:
            reasons |= _failure_reasons(outcome.log, assignment)
    return reasons


def _check_stored_cells(root: Path, assignment: str) -> None:
    """Refuse to grade if the gradebook's test cells or points differ from the source's."""
    if not (root / "gradebook.db").is_file():
        return  # nbgrader itself says to run generate_assignment
    problems = gradebooks.stored_cell_problems(root, assignment)
    if problems:
        raise ValueError(
            "gradebook.db holds test cells or points that differ from source/"
            f"{assignment}/, and autograding would use them: " + "; ".join(problems)
            + ". If you edited the source, run `make assignments` to store it again; if not, "
            "someone changed the gradebook: restore it from a backup before grading.")


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
    refused = {s: student_ids.id_problem(s) for s in students if student_ids.id_problem(s)}
    if any("," in s for s in refused):
        raise ValueError("; ".join(refused[s] for s in refused if "," in s))
    _check_stored_cells(root, assignment)
    extra_args = list(extra_args or [])
    if jobs > 1 and any(arg == "--student" or arg.startswith(
            ("--student=", "--CourseDirectory.student_id")) for arg in extra_args):
        raise ValueError("Parallel grading grades every submission; to grade one student, "
                         "use jobs=1 (JOBS=1) with --student.")
    force = any(arg in ("--force", "-f") for arg in extra_args)
    extra_args += _sandbox_options(use_sandbox, limits)
    for student in students:  # what a killed run left half written is graded again
        if student not in refused and student_ids.incomplete_autograded(root, assignment, student):
            shutil.rmtree(root / "autograded" / student / assignment)
    todo = [s for s in students if s not in refused
            and (force or _needs_grading(root, assignment, s))]
    if "--student" in extra_args:
        todo = [s for s in todo if s == extra_args[extra_args.index("--student") + 1]]
    workers = min(jobs, len(todo))
    started = time.perf_counter()
    if jobs == 1:
        reasons = _plain(root, assignment, extra_args, sorted(refused)) if todo else {}
    else:
        reasons = _parallel(root, todo, assignment, extra_args, workers) if todo else {}
    seconds = time.perf_counter() - started
    reasons |= refused
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


def _cell_text(cell: dict) -> str:
    """Return a cell's source as one string, whatever shape the (possibly hand-made) JSON has."""
    source = cell.get("source", "") if isinstance(cell, dict) else ""
    return "".join(map(str, source)) if isinstance(source, list) else str(source)


def _instructor_tests(root: Path, assignment: str) -> set[str]:
    """Return the instructor's own code cells (source and student versions), left unflagged."""
    import nbformat

    given = set()
    for folder in ("source", "release"):
        for path in (root / folder / assignment).glob("*.ipynb"):
            for cell in nbformat.read(path, as_version=4).cells:
                marks = cell.get("metadata", {}).get("nbgrader", {})
                if cell.cell_type == "code" and not marks.get("solution"):
                    given.add(cell.source)
    return given


def audit_notebook(path: Path, tests: set[str] = frozenset()) -> list[tuple[str, str]]:
    """Return (concern, line) for the code in one submitted notebook that deserves a human look.

    Reads every code cell the student handed in (answers, cells they added, test cells they
    changed; cells equal to the instructor's own, in ``tests``, are skipped), after NFKC
    normalisation (Python reads ``ｅｘｅｃ`` as ``exec``). A notebook that is not valid JSON
    or has no cell list is itself a finding, never a crash.
    """
    import json
    import unicodedata

    try:
        cells = json.loads(path.read_text(encoding="utf-8", errors="replace")).get("cells")
    except (ValueError, AttributeError, OSError) as error:
        return [("unreadable notebook", f"{path.name}: {type(error).__name__}: {error}"[:200])]
    if not isinstance(cells, list):
        return [("unreadable notebook", f"{path.name}: no list of cells")]
    findings = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = _cell_text(cell)
        if text in tests:
            continue
        for line in unicodedata.normalize("NFKC", text).splitlines():
            for concern, pattern in SUSPICIOUS.items():
                if re.search(pattern, line):
                    findings.append((concern, line.strip()[:200]))
    return findings


def audit(assignment: str, root: Path | None = None) -> list[tuple[str, str, str]]:
    """Return (student, concern, line) for submitted code that deserves a human look."""
    root = Path(root or course_root())
    tests = _instructor_tests(root, assignment)
    findings = []
    for student in _students(root, assignment):
        for path in sorted((root / "submitted" / student / assignment).glob("*.ipynb")):
            findings += [(student, concern, line) for concern, line in audit_notebook(path, tests)]
    return findings


def _print_reports(reports: list[GradeReport]) -> None:
    """Print one line per student, failures first."""
    for report in sorted(reports, key=lambda r: (r.status == "graded", r.student)):
        if report.status == "graded":
            print(f"  {report.student:<24} {report.score:g} / {report.max_score:g} (autograded)")
        else:
            print(f"  {report.student:<24} NOT GRADED: {report.reason}")


def _interrupted(assignment: str) -> int:
    """Report every student after Ctrl-C or SIGTERM: graded so far, or still to grade."""
    root = course_root()
    everyone = _students(root, assignment)
    reasons = {s: "the run was stopped before this submission was graded; run the same "
                  "command again to finish the class (nothing is graded twice)"
               for s in everyone
               if not (root / "autograded" / s / assignment).is_dir()
               or student_ids.incomplete_autograded(root, assignment, s)}
    reasons |= {s: student_ids.id_problem(s) for s in everyone if student_ids.id_problem(s)}
    print(f"Autograding {assignment} was interrupted.")
    _print_reports(_reports(root, assignment, everyone, reasons))
    return 130


def _stop(signum, frame) -> None:
    """Turn SIGTERM into KeyboardInterrupt, so a killed run still reports and cleans up."""
    raise KeyboardInterrupt


def _autograde_command(arguments) -> int:
    extra_args = ["--force"] * arguments.force
    if arguments.student:
        extra_args += ["--student", arguments.student]
    run = autograde_run(arguments.assignment, extra_args=extra_args,
                        jobs=1 if arguments.student else arguments.jobs,
                        use_sandbox=not arguments.no_sandbox)
    how = f"{run.workers} worker(s)" if run.parallel else "plain nbgrader autograde"
    refused = sum("cannot be graded" in r.reason for r in run.reports)
    kept = len(run.reports) - run.graded - refused
    print(f"Autograded {arguments.assignment}: {run.graded} submission(s) graded with "
          f"{how} in {run.seconds:.1f} s"
          + (f"; {kept} autograded before were kept (--force regrades them)." if kept
             else "."))
    _print_reports(run.reports)
    failed = [r for r in run.reports if r.status == "failed"]
    if failed:
        print(f"{len(failed)} submission(s) not graded; the others were. Open each one, "
              "fix or grade it by hand (assignments/README.md, 'When grading fails').")
    return 1 if failed else 0


def _feedback_command(assignment: str) -> int:
    outcome = exports.generate_feedback(course_root(), assignment)
    for student, problem in sorted(outcome.items(), key=lambda item: (not item[1], item[0])):
        print(f"  {student:<24} " + (f"NO FEEDBACK: {problem}" if problem
                                     else "feedback written"))
    missing = sum(bool(problem) for problem in outcome.values())
    print(f"Feedback for {assignment}: {len(outcome) - missing} written, {missing} not, in "
          f"{course_root() / 'feedback'}.")
    return 1 if missing else 0


def _grades_command() -> int:
    root = course_root()
    rows = exports.export_grades(root)
    print(f"Grades written to {root / 'grades.csv'}: {len(rows)} row(s), "
          f"{len({row.get('student_id') for row in rows})} student(s).")
    refused = sorted({p.name for p in (root / "submitted").glob("*") if p.is_dir()
                      and student_ids.id_problem(p.name)})
    for student in refused:
        print(f"  NOT IN grades.csv: {student_ids.id_problem(student)}")
    return 1 if refused else 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (1 if any submission failed or was flagged)."""
    parser = argparse.ArgumentParser(prog="python -m ketamine_course.grading.instructor",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("autograde", "audit", "feedback", "grades"))
    parser.add_argument("assignment", nargs="?", default="",
                        help="e.g. a1_absolute_effects (not needed for grades)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="autograde: workers grading at once (default: two per CPU core; "
                             "1 runs plain nbgrader autograde)")
    parser.add_argument("--force", action="store_true",
                        help="autograde: regrade submissions that were already autograded")
    parser.add_argument("--student", default=None,
                        help="autograde: grade only this student (with plain nbgrader)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="autograde: run student code WITHOUT the bubblewrap sandbox, with "
                             "your rights in your course folder (unsafe; see the guide)")
    arguments = parser.parse_args(argv)
    try:
        if arguments.command == "grades":
            return _grades_command()
        if not arguments.assignment:
            raise ValueError(f"say which assignment: {arguments.command} <assignment>")
        if arguments.command == "feedback":
            return _feedback_command(arguments.assignment)
        if arguments.command == "autograde":
            previous = signal.signal(signal.SIGTERM, _stop)
            try:
                return _autograde_command(arguments)
            except KeyboardInterrupt:
                return _interrupted(arguments.assignment)
            finally:
                signal.signal(signal.SIGTERM, previous)
        findings = audit(arguments.assignment)
        for student, concern, line in findings:
            print(f"  {student:<24} {concern:<20} {line}")
        print(f"{len(findings)} line(s) to read." if findings else "Nothing to flag.")
        return 1 if findings else 0
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

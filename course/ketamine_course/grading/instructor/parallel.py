"""Autograde many submissions at once: nbgrader in long-lived workers, one gradebook at the end.

nbgrader grades submissions one after another. Here ``jobs`` worker processes each get a copy
of the course root in a temporary folder (``nbgrader_config.py``, ``source/<assignment>/`` and
a snapshot of ``gradebook.db``) and pull students one at a time, so one slow submission (a
loop that runs into the cell time limit) does not hold up the others. Each worker runs
nbgrader's own ``Autograde`` converter in-process for each student, with the same
configuration and command-line options as ``nbgrader autograde``, after copying that
student's submitted folder into its copy.

Why this shape: importing nbgrader costs 1-2 s of CPU, as much as grading one submission.
The parent imports it once and, on Linux, forks its workers, which inherit it; one process
per submission, or one ``nbgrader autograde`` per worker, would pay it again and again.

The parent merges each result as it arrives: the rows autograding wrote for that student go
into the course's one ``gradebook.db`` (:func:`.gradebooks.merge_record`) and
``autograded/<student>/<assignment>/`` is copied back. A worker that dies takes only the
submission it was grading with it: that student is reported as not graded, a fresh worker
takes over, and everyone else is graded and merged. The temporary copies are removed at the
end, whatever happens; submitted files are only ever read.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from . import gradebooks


@dataclass(frozen=True)
class Outcome:
    """What happened to one student's submission in a worker."""

    student: str
    success: bool
    log: str  # nbgrader's log for this submission ("" if the worker died)
    record: dict[str, Any] | None = None  # its rows in the worker's gradebook
    crashed: str = ""  # why it was not graded if its worker died or none could start, or ""


def grade(root: Path, assignment: str, students: list[str], jobs: int,
          extra_args: list[str]) -> dict[str, Outcome]:
    """Autograde ``students``' submissions of ``assignment`` with ``jobs`` workers; merge them.

    ``extra_args`` are ``nbgrader autograde`` options (e.g. ``--Execute.timeout=10``). Every
    student given is graded (decide beforehand whom to skip). Returns each student's outcome.
    """
    import nbgrader.apps.autogradeapp  # noqa: F401 - imported once, inherited by forked workers

    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1, not {jobs!r}")
    root = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="autograde-") as scratch:
        snapshot = Path(scratch) / "gradebook.db"
        shutil.copy2(root / "gradebook.db", snapshot)
        pool = _Pool(jobs, Path(scratch), (str(root), str(snapshot), assignment, list(extra_args)))
        try:
            with gradebooks.open_gradebook(root / "gradebook.db") as gradebook:
                return pool.run(deque(students), lambda outcome, workdir: _bring_home(
                    gradebook, root, workdir, assignment, outcome))
        finally:
            pool.stop()


def _bring_home(gradebook, root: Path, workdir: Path, assignment: str, outcome: Outcome) -> None:
    """Merge one graded submission's rows and copy its autograded folder back to ``root``."""
    student = outcome.student
    if outcome.record is not None:
        try:
            gradebooks.check_record(gradebook, outcome.record)
            gradebooks.merge_record(gradebook, outcome.record)
        except Exception:
            gradebook.db.rollback()
            raise
    # nbgrader removes the old autograded folder of a submission it regrades (and of one that
    # fails); it leaves a new one only when grading worked.
    home = root / "autograded" / student / assignment
    if home.exists():
        shutil.rmtree(home)
    graded = workdir / "autograded" / student / assignment
    if graded.is_dir():
        shutil.copytree(graded, home)


class _Worker:
    """One worker process, the pipe to it, and the student it is grading (if any)."""

    def __init__(self, context, workdir: Path, arguments: tuple) -> None:
        self.workdir = workdir
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=serve, args=(theirs, str(workdir), *arguments),
                                       daemon=True)
        self.process.start()
        theirs.close()
        self.student: str | None = None

    def give(self, student: str | None) -> None:
        """Send the next student, or None to tell the worker to finish."""
        self.student = student
        self.connection.send(student)


class _Pool:
    """Start workers, feed them students one at a time, replace one that dies."""

    def __init__(self, jobs: int, scratch: Path, arguments: tuple) -> None:
        self.jobs = jobs
        # fork shares the parent's imported nbgrader; elsewhere a worker imports its own
        method = "fork" if sys.platform == "linux" else "spawn"
        self.context = multiprocessing.get_context(method)
        self.scratch, self.arguments = scratch, arguments
        self.workers: list[_Worker] = []
        self.started = 0
        self.startup_error = ""

    def _start(self) -> None:
        self.started += 1
        self.workers.append(_Worker(self.context, self.scratch / f"worker-{self.started}",
                                    self.arguments))

    def run(self, todo: deque, bring_home) -> dict[str, Outcome]:
        """Grade every student in ``todo``; call ``bring_home(outcome, workdir)`` for each."""
        outcomes: dict[str, Outcome] = {}
        for _ in range(min(self.jobs, len(todo))):
            self._start()
        while self.workers:
            ready = wait([worker.connection for worker in self.workers])
            for worker in [w for w in self.workers if w.connection in ready]:
                try:
                    kind, payload = worker.connection.recv()
                except (EOFError, OSError):
                    self._lost(worker, todo, outcomes)
                    continue
                if kind == "failed":  # the worker could not start nbgrader
                    self.startup_error = f"no grading worker could start: {payload}"
                    self._retire(worker)
                    continue
                if kind == "result":
                    outcome = Outcome(worker.student, payload["success"], payload["log"],
                                      payload["record"])
                    outcomes[outcome.student] = self._home(bring_home, outcome, worker.workdir)
                worker.give(todo.popleft() if todo else None)
                if worker.student is None:
                    self._retire(worker)
        for student in todo:  # every worker failed to start
            outcomes[student] = Outcome(student, False, "", crashed=self.startup_error)
        return outcomes

    @staticmethod
    def _home(bring_home, outcome: Outcome, workdir: Path) -> Outcome:
        """Bring one result home; if that fails, report the student as not graded."""
        try:
            bring_home(outcome, workdir)
        except Exception as error:  # noqa: BLE001 - one bad merge must not stop the class
            return Outcome(outcome.student, False, outcome.log, crashed=(
                f"graded, but the result could not be merged into gradebook.db or copied to "
                f"autograded/ ({type(error).__name__}: {error}); grade it again"))
        return outcome

    def _lost(self, worker: _Worker, todo: deque, outcomes: dict[str, Outcome]) -> None:
        """Report the student of a worker that died; start a fresh worker if work is left."""
        worker.process.join()
        code = worker.process.exitcode
        self._retire(worker)
        if worker.student is None:
            self.startup_error = f"no grading worker could start (exit code {code})"
            return
        how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        outcomes[worker.student] = Outcome(
            worker.student, False, "", crashed=f"the grading worker crashed while grading it "
            f"({how})")
        if todo:
            self._start()

    def _retire(self, worker: _Worker) -> None:
        worker.connection.close()
        worker.process.join()
        self.workers.remove(worker)

    def stop(self) -> None:
        """End every worker still running (after an error or Ctrl-C in the parent)."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.kill()
            worker.process.join()


# --- the worker process ------------------------------------------------------------------------

def _prepare(root: Path, workdir: Path, snapshot: Path, assignment: str) -> None:
    """Make a worker's copy of the course root: config, the assignment's source, the gradebook."""
    workdir.mkdir()
    if (root / "nbgrader_config.py").is_file():
        shutil.copy2(root / "nbgrader_config.py", workdir / "nbgrader_config.py")
    shutil.copytree(root / "source" / assignment, workdir / "source" / assignment)
    shutil.copy2(snapshot, workdir / "gradebook.db")


def _nbgrader(workdir: Path, assignment: str, extra_args: list[str]):
    """Return an initialised ``nbgrader autograde`` app that works in ``workdir``."""
    from nbgrader.apps.autogradeapp import AutogradeApp

    os.chdir(workdir)
    app = AutogradeApp()
    app.initialize([assignment, *extra_args])
    app.coursedir.root = str(workdir)
    app.coursedir.db_url = f"sqlite:///{workdir / 'gradebook.db'}"
    app.coursedir.assignment_id = assignment
    return app


def _grade_one(app, workdir: Path, root: Path, assignment: str, student: str) -> dict[str, Any]:
    """Copy one submission into the worker's copy and autograde it there with nbgrader."""
    from nbgrader.converters import Autograde
    from nbgrader.utils import capture_log

    try:
        shutil.copytree(root / "submitted" / student / assignment,
                        workdir / "submitted" / student / assignment)
    except OSError:
        return {"success": False, "log": traceback.format_exc(), "record": None}
    app.coursedir.student_id = student
    converter = Autograde(coursedir=app.coursedir, parent=app)
    converter.force = True  # this copy has no autograded folder; the parent decided to grade
    result = capture_log(converter)
    with gradebooks.open_gradebook(workdir / "gradebook.db") as gradebook:
        record = gradebooks.submission_record(gradebook, assignment, student)
    return {"success": result["success"], "record": record,
            "log": result.get("log", "") + result.get("error", "")}


def serve(connection, workdir: str, root: str, snapshot: str, assignment: str,
          extra_args: list[str]) -> None:
    """Worker process: set up a copy of the course, then grade each student the parent sends.

    Everything nbgrader and the kernels print goes to ``<workdir>.log``, not the terminal.
    Answers ``("ready", None)``, then ``("result", {...})`` per student; ``("failed", why)``
    if nbgrader cannot start. A None from the parent ends the worker.
    """
    log = os.open(f"{workdir}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    workdir_path, root_path = Path(workdir), Path(root)
    try:
        _prepare(root_path, workdir_path, Path(snapshot), assignment)
        sys.path.insert(0, root)  # as for nbgrader run in the course root
        app = _nbgrader(workdir_path, assignment, extra_args)
    except BaseException as error:  # noqa: BLE001 - nbgrader exits on bad options
        said = Path(f"{workdir}.log").read_text(errors="replace").strip().splitlines()
        connection.send(("failed", said[-1] if said else f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready", None))
    while (student := connection.recv()) is not None:
        connection.send(("result", _grade_one(app, workdir_path, root_path, assignment, student)))

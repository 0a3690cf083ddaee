"""Parallel autograding gives what plain `nbgrader autograde` gives, and loses nothing.

One small class (right, partly right, empty, faked and kernel-killing submissions, two with
timestamps and a due date) is graded twice from the same start: once with plain nbgrader
(jobs=1), once in parallel (jobs=2). The gradebooks and autograded notebooks must agree cell by
cell; the comparison itself must notice a changed score, a missing row and a doubled one.
"""

import hashlib
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

import grading_cases as cases
import nbformat
import pytest
from ketamine_course.grading.instructor import commands as instructor
from ketamine_course.grading.instructor import gradebooks

NAME = "a1_absolute_effects"
# Options pass through to nbgrader in both modes; late work scores zero (penalty = score).
OPTIONS = ["--Execute.timeout=10", "--LateSubmissionPlugin.penalty_method=zero"]
DUE = "2026-03-01 12:00:00 UTC"
STAMPS = {"correct": "2026-03-01 10:00:00.000000 UTC", "partly": "2026-03-02 09:30:00.000000 UTC"}
CRASH = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"  # kills the grading process


def _path(root: Path, student: str) -> Path:
    return root / "submitted" / student / NAME / f"{NAME}.ipynb"


def _leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("autograde-*")}


def _course(root: Path) -> tuple:
    """Make a course root with the assignment generated and a due date; return (release, source)."""
    release, source = cases.generated_course(root, NAME)
    with gradebooks.open_gradebook(root / "gradebook.db") as gradebook:
        gradebook.update_or_create_assignment(NAME, duedate=DUE)
    return release, source


def _hand_in(root: Path, submissions: dict) -> None:
    for student, notebook in submissions.items():
        _path(root, student).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, _path(root, student))
        if student in STAMPS:
            (_path(root, student).parent / "timestamp.txt").write_text(STAMPS[student])


def _digests(root: Path) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "submitted").rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the same class with plain nbgrader (jobs=1) and in parallel (jobs=2)."""
    folder = tmp_path_factory.mktemp("parallel")
    base = folder / "base"
    release, source = _course(base)
    ids = cases.code_answer_ids(source)
    stub = {c.metadata["nbgrader"]["grade_id"]: c.source for c in release.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") == ids[1]}
    fake = {c.metadata["nbgrader"]["grade_id"]: cases.FAKE_OBJECTS + "\n".join(
        f"{name} = anything" for name in re.findall(r"^def (\w+)\(", c.source, re.M))
        for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") in ids}
    _hand_in(base, {
        "correct": cases.correct(release, source),
        "partly": cases.with_code_answers(release, source, stub),
        "untouched": cases.untouched(release, source),
        "fake": cases.with_code_answers(release, source, fake),
        "kill": cases.with_code_answers(release, source, {ids[0]: "import os\nos._exit(1)"}),
    })
    before = _leftovers()
    runs, digests = {}, {}
    for label, jobs in (("plain", 1), ("parallel", 2)):
        shutil.copytree(base, folder / label)
        digests[label] = _digests(folder / label)
        runs[label] = instructor.autograde_run(NAME, folder / label, OPTIONS, jobs=jobs)
    return {"folder": folder, "base": base, "release": release, "source": source,
            "plain": folder / "plain", "parallel": folder / "parallel", "runs": runs,
            "digests": digests, "leftovers": _leftovers() - before}


def _summary(run) -> dict:
    return {r.student: (r.status, r.score, r.max_score, r.reason) for r in run.reports}


def test_parallel_grading_gives_the_same_gradebook_and_notebooks_as_plain_nbgrader(graded):
    runs = graded["runs"]
    assert not runs["plain"].parallel and runs["parallel"].parallel
    assert runs["parallel"].workers == 2 and runs["parallel"].graded == 5
    assert gradebooks.compare_grading(graded["plain"], graded["parallel"], NAME) == []
    assert _summary(runs["plain"]) == _summary(runs["parallel"])


def test_the_class_has_full_marks_partial_marks_zero_and_a_failure(graded):
    reports = _summary(graded["runs"]["parallel"])
    full = reports["correct"][1]  # every autograded point (the written answers wait for a human)
    assert reports["correct"][0] == "graded" and full > 0
    assert reports["partly"][0] == "graded" and 0 < reports["partly"][1] < full
    assert reports["untouched"][:2] == reports["fake"][:2] == ("graded", 0)
    assert reports["kill"][0] == "failed" and "kernel died" in reports["kill"][3]
    records = {r["student"]: r for r in gradebooks.gradebook_records(
        graded["parallel"] / "gradebook.db", NAME)}
    assert records["partly"]["timestamp"] == "2026-03-02T09:30:00"
    assert records["partly"]["notebooks"][0]["late_submission_penalty"] == reports["partly"][1]
    assert records["correct"]["notebooks"][0]["late_submission_penalty"] is None


def test_no_copies_left_behind_and_submissions_untouched(graded):
    assert graded["leftovers"] == set()
    for label in ("plain", "parallel"):
        assert _digests(graded[label]) == graded["digests"][label]


# --- the comparison notices what it must ----------------------------------------------------------

@pytest.fixture
def tampered(graded, tmp_path):
    """Return a fresh copy of the parallel run's gradebook to tamper with."""
    path = tmp_path / "gradebook.db"
    shutil.copy(graded["parallel"] / "gradebook.db", path)
    return path


def _grade_row(path: Path, student: str) -> str:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT grade.id FROM grade JOIN submitted_notebook ON grade.notebook_id = "
            "submitted_notebook.id JOIN submitted_assignment ON submitted_notebook.assignment_id"
            " = submitted_assignment.id WHERE submitted_assignment.student_id = ? LIMIT 1",
            (student,)).fetchone()[0]


def test_comparison_notices_a_changed_score(graded, tampered):
    with sqlite3.connect(tampered) as db:
        db.execute("UPDATE grade SET auto_score = auto_score + 1 WHERE id = ?",
                   (_grade_row(tampered, "partly"),))
    differences = gradebooks.compare_gradebooks(graded["plain"] / "gradebook.db", tampered, NAME)
    assert len(differences) == 1 and differences[0].startswith("partly:")
    assert "auto_score" in differences[0]


def _grade_cells(source) -> int:
    """Return how many graded cells (autograded tests and written answers) the notebook has."""
    return sum(bool(c.metadata.get("nbgrader", {}).get("grade")) for c in source.cells)


def test_comparison_notices_a_missing_row(graded, tampered):
    with sqlite3.connect(tampered) as db:
        db.execute("DELETE FROM grade WHERE id = ?", (_grade_row(tampered, "correct"),))
    differences = gradebooks.compare_gradebooks(graded["plain"] / "gradebook.db", tampered, NAME)
    rows = _grade_cells(graded["source"])
    assert f"correct: {rows} grades row(s) in a, {rows - 1} in b" in differences


def test_comparison_notices_a_doubled_row(graded, tampered):
    row = _grade_row(tampered, "untouched")
    with sqlite3.connect(tampered) as db:  # a copy of the table without its unique constraint
        columns = [c[1] for c in db.execute("PRAGMA table_info(grade)")]
        db.execute("CREATE TABLE loose AS SELECT * FROM grade")
        db.execute("DROP TABLE grade")
        db.execute("ALTER TABLE loose RENAME TO grade")
        rest = ", ".join(columns[1:])
        db.execute(f"INSERT INTO grade (id, {rest}) SELECT 'doubled', {rest} FROM grade "
                   "WHERE id = ?", (row,))
    differences = gradebooks.compare_gradebooks(graded["plain"] / "gradebook.db", tampered, NAME)
    rows = _grade_cells(graded["source"])
    assert f"untouched: {rows} grades row(s) in a, {rows + 1} in b" in differences
    assert any("appears 2 times in b" in line for line in differences)


def _editable_copy(graded: dict, side: str, student: str, tmp_path: Path) -> tuple[Path, Path]:
    """Copy one side's autograded folders; return the copy's root and ``student``'s notebook."""
    copy = tmp_path / "course"
    shutil.copytree(graded[side] / "autograded", copy / "autograded")
    path = copy / "autograded" / student / NAME / f"{NAME}.ipynb"
    path.chmod(0o644)  # autograded notebooks are stored read-only
    return copy, path


def test_comparison_notices_a_different_output(graded, tmp_path):
    copy, path = _editable_copy(graded, "parallel", "partly", tmp_path)
    notebook = nbformat.read(path, as_version=4)
    cell = next(i for i, c in enumerate(notebook.cells) if c.get("outputs"))
    notebook.cells[cell].outputs = []
    nbformat.write(notebook, path)
    assert gradebooks.compare_autograded(graded["plain"], copy, NAME) == [
        f"partly: {NAME}.ipynb cell {cell} differs"]


def test_comparison_reads_a_print_split_in_two_messages_as_one(graded, tmp_path):
    copy, path = _editable_copy(graded, "plain", "correct", tmp_path)
    notebook = nbformat.read(path, as_version=4)
    index, cell = next((i, c) for i, c in enumerate(notebook.cells)
                       if any(o.output_type == "stream" and len(o.text) > 2
                              for o in c.get("outputs", [])))
    stream = next(o for o in cell.outputs if o.output_type == "stream")
    half = len(stream.text) // 2
    first = nbformat.v4.new_output("stream", name=stream.name, text=stream.text[:half])
    stream.text = stream.text[half:]
    cell.outputs.insert(cell.outputs.index(stream), first)
    nbformat.write(notebook, path)
    assert gradebooks.compare_autograded(graded["plain"], copy, NAME) == []
    stream.text += "changed"
    nbformat.write(notebook, path)
    assert gradebooks.compare_autograded(graded["plain"], copy, NAME) == [
        f"correct: {NAME}.ipynb cell {index} differs"]


# --- running again, regrading, and a worker that dies ---------------------------------------------

def test_merging_the_same_result_twice_doubles_nothing(graded, tmp_path):
    fresh = tmp_path / "gradebook.db"  # the gradebook as it was before grading
    shutil.copy(graded["base"] / "gradebook.db", fresh)
    records = [r for r in gradebooks.gradebook_records(graded["plain"] / "gradebook.db", NAME)
               if r["student"] in ("correct", "kill")]
    with gradebooks.open_gradebook(fresh) as gradebook:
        for record in records * 2:
            gradebooks.merge_record(gradebook, record)
    assert len(records) == 2
    assert gradebooks.compare_records(records, gradebooks.gradebook_records(fresh, NAME)) == []


def test_grading_again_skips_what_is_graded_and_doubles_nothing(graded, tmp_path):
    again = tmp_path / "again"
    shutil.copytree(graded["parallel"], again)
    run = instructor.autograde_run(NAME, again, OPTIONS, jobs=2)
    assert run.graded == 1 and run.workers == 1, "only the ungradable one is tried again"
    assert _summary(run) == _summary(graded["runs"]["plain"])
    assert gradebooks.compare_grading(graded["plain"], again, NAME) == []


def test_force_regrades_a_resubmission_in_place(graded, tmp_path):
    root = tmp_path / "force"
    shutil.copytree(graded["parallel"], root)
    for student in ("fake", "kill", "partly"):
        shutil.rmtree(root / "submitted" / student)
    _path(root, "untouched").chmod(0o644)
    nbformat.write(cases.correct(graded["release"], graded["source"]), _path(root, "untouched"))
    kept = instructor.autograde_run(NAME, root, OPTIONS, jobs=2)
    assert kept.graded == 0 and _summary(kept)["untouched"][1] == 0, "no --force: kept"
    run = instructor.autograde_run(NAME, root, [*OPTIONS, "--force"], jobs=2)
    assert run.graded == 2
    full = _summary(run)["correct"][1]
    assert _summary(run)["untouched"][:2] == ("graded", full) and full > 0
    differences = gradebooks.compare_gradebooks(graded["parallel"] / "gradebook.db",
                                                root / "gradebook.db", NAME)
    assert differences and all(line.startswith("untouched:") for line in differences)
    assert not any("row(s)" in line for line in differences), "regrading doubled a row"
    graded_text = (root / "autograded" / "untouched" / NAME / f"{NAME}.ipynb").read_text()
    assert "NotImplementedError" not in graded_text


def test_a_worker_that_dies_loses_only_the_submission_it_was_grading(graded, tmp_path):
    root = tmp_path / "crash"
    shutil.copytree(graded["base"], root)
    for student in ("fake", "kill", "partly"):
        shutil.rmtree(root / "submitted" / student)
    ids = cases.code_answer_ids(graded["source"])
    _hand_in(root, {"crash": cases.with_code_answers(graded["release"], graded["source"],
                                                     {ids[0]: CRASH})})
    before = _leftovers()
    # In the sandbox the kernel cannot reach the worker (tests/test_grading_sandbox.py checks
    # that); without it, this submission kills its worker, which is what this test needs.
    reports = _summary(instructor.autograde_run(NAME, root, OPTIONS, jobs=2, use_sandbox=False))
    assert reports["crash"][0] == "failed" and "grading worker crashed" in reports["crash"][3]
    expected = _summary(graded["runs"]["plain"])
    assert reports["correct"] == expected["correct"]
    assert reports["untouched"] == expected["untouched"]
    assert _leftovers() == before


# --- options --------------------------------------------------------------------------------------

@pytest.mark.parametrize("jobs", [0, -1, 1.5, "2", True])
def test_jobs_must_be_a_whole_number_of_workers(jobs, graded):
    with pytest.raises(ValueError, match="jobs must be a whole number"):
        instructor.autograde(NAME, graded["parallel"], OPTIONS, jobs=jobs)


def test_parallel_grading_refuses_to_pick_one_student(graded):
    with pytest.raises(ValueError, match="--student"):
        instructor.autograde(NAME, graded["parallel"], [*OPTIONS, "--student", "correct"],
                             jobs=2)


def test_command_line_says_how_many_workers_and_how_long(graded, tmp_path, monkeypatch, capsys):
    root = tmp_path / "cli"
    shutil.copytree(graded["parallel"], root)
    monkeypatch.setattr(instructor, "course_root", lambda: root)
    assert instructor.main(["autograde", NAME, "--jobs", "2"]) == 1  # kill is not graded
    out = capsys.readouterr().out
    assert "1 submission(s) graded with 1 worker(s) in " in out
    assert "4 autograded before were kept (--force regrades them)" in out
    assert "kill" in out and "NOT GRADED: the kernel died" in out
    assert instructor.main(["autograde", NAME, "--jobs", "0"]) == 2


def test_a_result_that_cannot_be_merged_is_reported_and_the_rest_merged(graded, tmp_path,
                                                                        monkeypatch):
    root = tmp_path / "merge"
    shutil.copytree(graded["base"], root)
    for student in ("fake", "kill", "partly"):
        shutil.rmtree(root / "submitted" / student)
    merge = gradebooks.merge_record

    def failing_merge(gradebook, record):
        if record["student"] == "untouched":
            raise OSError("disk full")
        merge(gradebook, record)

    monkeypatch.setattr(gradebooks, "merge_record", failing_merge)
    reports = _summary(instructor.autograde_run(NAME, root, OPTIONS, jobs=2))
    assert reports["untouched"][0] == "failed" and "could not be merged" in reports["untouched"][3]
    assert reports["correct"] == _summary(graded["runs"]["plain"])["correct"]


@pytest.mark.parametrize(("cores", "workers"), [(1, 2), (2, 4), (8, 16), (64, 16), (None, 2)])
def test_default_is_two_workers_per_core_at_most_sixteen(cores, workers, monkeypatch):
    monkeypatch.setattr(instructor.os, "cpu_count", lambda: cores)
    assert instructor.resolve_jobs(None) == workers

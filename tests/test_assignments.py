"""The nbgrader assignments: student versions, leaks, and grading that holds up, run by nbgrader.

The pipeline runs once per test session in a temporary copy of the course root:
generate every assignment, hand in sample submissions (right, empty and hostile
ones), autograde them with the instructor's command, generate feedback and
export grades; the tests then read the gradebook and the files.
"""

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grading_cases as cases
import nbformat
import pytest
from helpers import ROOT
from ketamine_course.grading.instructor import commands as instructor

COURSE = ROOT / "assignments"
ASSIGNMENTS = sorted(p.name for p in (COURSE / "source").iterdir() if p.is_dir())
NBGRADER = [sys.executable, "-m", "nbgrader"]
HOSTILE_ASSIGNMENT = "a1_absolute_effects"
TIMEOUT = 10  # seconds per cell in the pipeline tests (the course's config says 60)


def _notebook(folder: Path, name: str) -> Path:
    return folder / name / f"{name}.ipynb"


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*NBGRADER, *args], cwd=root, capture_output=True, text=True)


def _function_names(source, grade_id: str) -> list[str]:
    cell = next(c for c in source.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    return re.findall(r"^def (\w+)\(", cell.source, re.MULTILINE)


def _submissions(release, source, hostile: bool) -> dict:
    """Return the sample submissions for one assignment, keyed by student id."""
    ids = cases.code_answer_ids(source)
    names = {gid: _function_names(source, gid) for gid in ids}
    fake = {gid: cases.FAKE_OBJECTS + "\n".join(f"{n} = anything" for n in names[gid])
            for gid in ids}
    redefine = {gid: cases.REDEFINITIONS + "\n".join(f"{n} = nonsense" for n in names[gid])
                for gid in ids}
    subs = {
        "correct": cases.correct(release, source),
        "untouched": cases.untouched(release, source),
        "fake": cases.with_code_answers(release, source, fake),
        "redefine": cases.with_code_answers(release, source, redefine),
    }
    if hostile:
        loop = {ids[-1]: "\n".join(f"def {n}(*args, **kwargs):\n    while True:\n        pass"
                                   for n in names[ids[-1]])}
        subs |= {
            "edited": cases.tests_edited_to_pass(release, source),
            "deleted": cases.tests_deleted(cases.correct(release, source)),
            "loop": cases.with_code_answers(release, source, loop),
            "kill": cases.with_code_answers(release, source, {ids[0]: "import os\nos._exit(1)"}),
        }
    return subs


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory):
    """Run the full instructor cycle once; return what the tests need to inspect."""
    root = tmp_path_factory.mktemp("course")
    shutil.copy(COURSE / "nbgrader_config.py", root)
    shutil.copytree(COURSE / "source", root / "source")
    for name in ASSIGNMENTS:
        done = _nbgrader(root, "generate_assignment", name, "--force")
        assert done.returncode == 0, done.stderr[-2000:]
    hashes, reports, logs = {}, {}, {}
    for name in ASSIGNMENTS:
        release = nbformat.read(_notebook(root / "release", name), as_version=4)
        source = nbformat.read(_notebook(root / "source", name), as_version=4)
        for student, notebook in _submissions(release, source, name == HOSTILE_ASSIGNMENT).items():
            path = _notebook(root / "submitted" / student, name)
            path.parent.mkdir(parents=True)
            nbformat.write(notebook, path)
            hashes[path] = hashlib.sha256(path.read_bytes()).hexdigest()
    for name in ASSIGNMENTS:
        reports[name] = {r.student: r for r in instructor.autograde(
            name, root, [f"--Execute.timeout={TIMEOUT}"])}
    logs["feedback"] = "".join(_nbgrader(root, "generate_feedback", name).stderr
                               for name in ASSIGNMENTS)
    exported = _nbgrader(root, "export", "--to", str(root / "grades.csv"))
    assert exported.returncode == 0, exported.stderr[-2000:]
    return {"root": root, "hashes": hashes, "reports": reports, "logs": logs}


def _max_score(source) -> float:
    return sum(float(c.metadata["nbgrader"]["points"]) for c in source.cells
               if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
               and not c.metadata["nbgrader"].get("solution"))


def _source(name):
    return nbformat.read(_notebook(COURSE / "source", name), as_version=4)


# --- the committed student versions ------------------------------------------------------------

@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_student_version_is_what_nbgrader_generates(name, pipeline):
    generated = json.loads(_notebook(pipeline["root"] / "release", name).read_text())
    committed = json.loads(_notebook(COURSE / "release", name).read_text())
    assert committed == generated, (
        f"release/{name} is stale: run `make assignments` and commit assignments/release")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_version_leaks_no_solution_hidden_test_or_mark_scheme(name):
    released = _notebook(COURSE / "release", name).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "Anchor answer",
                   "Mark scheme", "MARK SCHEME"):
        assert marker not in released, f"{marker!r} in release/{name}"
    student = nbformat.read(_notebook(COURSE / "release", name), as_version=4)
    student_text = "\n".join(c.source for c in student.cells)
    for line in _secret_lines(_source(name)):
        assert line not in student_text, f"solution or hidden-test line leaked: {line!r}"


def _secret_lines(source) -> list[str]:
    """Lines only inside solution and hidden-test regions, long enough to be telling."""
    secret, public, inside = [], set(), False
    for cell in source.cells:
        marks = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and marks.get("solution"):
            secret += [line.strip() for line in cell.source.splitlines() if len(line.strip()) > 30]
            continue
        for line in cell.source.splitlines():
            if "### BEGIN" in line:
                inside = True
            elif "### END" in line:
                inside = False
            elif inside and len(line.strip()) > 30:
                secret.append(line.strip())
            else:
                public.add(line.strip())
    return [line for line in secret if line not in public]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_source_validates_and_student_version_fails_every_test(name):
    from nbgrader.validator import Validator

    passed = Validator().validate(str(_notebook(COURSE / "source", name)))
    assert not passed.get("failed") and not passed.get("type_changed"), passed
    failed = Validator().validate(str(_notebook(COURSE / "release", name)))
    student = nbformat.read(_notebook(COURSE / "release", name), as_version=4)
    tests = [c.source for c in student.cells
             if c.metadata.get("nbgrader", {}).get("grade_id") in cases.test_cell_ids(student)]
    failed_sources = {cell["source"] for cell in failed.get("failed", [])}
    assert len(tests) >= 6 and all(source in failed_sources for source in tests), (
        "every test cell should fail on the untouched student version")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_a_correct_answer_in_the_student_version_validates(name, tmp_path):
    """What the Validate button sees: the student's notebook (no hidden tests), answered."""
    from nbgrader.validator import Validator

    release = nbformat.read(_notebook(COURSE / "release", name), as_version=4)
    answered = tmp_path / f"{name}.ipynb"
    nbformat.write(cases.correct(release, _source(name)), answered)
    result = Validator().validate(str(answered))
    assert not result.get("failed") and not result.get("type_changed"), (
        f"{name}: Validate fails a correct answer (a test cell that ends in a value?)")


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_test_cells_are_one_or_two_visible_lines_after_one_setup_import(name):
    student = nbformat.read(_notebook(COURSE / "release", name), as_version=4)
    ids = cases.test_cell_ids(student)
    tests = [c.source for c in student.cells
             if c.metadata.get("nbgrader", {}).get("grade_id") in ids]
    assert tests and all(len(source.strip().splitlines()) <= 2 for source in tests), tests
    imports = [c for c in student.cells if "ketamine_course.grading" in c.source]
    assert len(imports) == 1 and imports[0].cell_type == "code", (
        "the checks are imported once, in a setup cell")
    assert not any("importlib" in source or "ketamine_course" in source for source in tests)


def _answered_with(name: str, replace: dict[str, str], tmp_path) -> Path:
    """Write the instructor's version with each answer cell's text edited by ``replace``."""
    source = _source(name)
    for cell in source.cells:
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            for old, new in replace.items():
                cell.source = cell.source.replace(old, new)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(source, path)
    return path


def test_the_exact_normal_quantile_passes_every_test_that_1_96_passes(tmp_path):
    """A learner who uses 1.959964 (or NormalDist().inv_cdf(0.975)) loses no point anywhere."""
    from nbgrader.validator import Validator

    using = [name for name in ASSIGNMENTS if any(
        "1.96" in c.source for c in _source(name).cells
        if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code")]
    assert len(using) >= 2, "A1 and A3 use the normal quantile in their answers"
    for name in using:
        path = _answered_with(name, {"1.96": "1.959964"}, tmp_path)
        assert "1.959964" in path.read_text()
        result = Validator().validate(str(path))  # the instructor's version: hidden tests run too
        assert not result.get("failed"), (name, [f["source"][:60] for f in result["failed"]])


def test_a_failed_check_says_what_was_wrong_in_one_short_message(tmp_path):
    """Validate shows the student's own error and line, never the grading module's frames."""
    from nbgrader.validator import Validator

    name = "a1_absolute_effects"
    path = _answered_with(name, {"crude_odds_ratio = (0.64 / 0.36) / (0.28 / 0.72)":
                                 "crude_odds_ratio = 0.64 / 0.28",
                                 "odds = control_risk / (1 - control_risk) * odds_ratio":
                                 "odds = control_risk / (1 - control_risk) * odds_ratio / 0"},
                          tmp_path)
    failed = Validator().validate(str(path))["failed"]
    errors = {cell["source"].splitlines()[0]: " ".join(cell["error"].split()) for cell in failed}
    assert set(errors) == {"check.q2_crude(crude_odds_ratio)",
                           "check.q4_value(treated_risk_from_odds_ratio)"}, errors
    assert "should be 4.571" in errors["check.q2_crude(crude_odds_ratio)"]
    division = errors["check.q4_value(treated_risk_from_odds_ratio)"]
    assert "raised ZeroDivisionError" in division and "line" in division
    for error in errors.values():
        assert error.startswith("\u2718") and "checks.py" not in error
        assert "Traceback" not in error and "ketamine_course" not in error


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_each_assignment_has_a_hand_marked_answer_with_a_mark_scheme(name):
    answers = [c for c in _source(name).cells if c.cell_type == "markdown"
               and c.metadata.get("nbgrader", {}).get("solution")]
    assert answers, "at least one written answer"
    for cell in answers:
        assert "**Anchor answer" in cell.source and "**Mark scheme" in cell.source
        points = re.findall(r"^- (\d) point", cell.source, re.MULTILINE)
        assert sum(int(p) for p in points) == cell.metadata["nbgrader"]["points"], (
            "the mark scheme's criteria add up to the cell's points")


# --- grading ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_correct_solution_scores_full_marks(name, pipeline):
    report = pipeline["reports"][name]["correct"]
    assert report.status == "graded" and report.score == _max_score(_source(name)) > 0


@pytest.mark.parametrize("name", ASSIGNMENTS)
@pytest.mark.parametrize("student", ["untouched", "fake", "redefine"])
def test_empty_fake_and_redefining_answers_score_zero(name, student, pipeline):
    report = pipeline["reports"][name][student]
    assert report.status == "graded" and report.score == 0, report


def test_edited_test_cells_are_restored_and_still_fail(pipeline):
    assert pipeline["reports"][HOSTILE_ASSIGNMENT]["edited"].score == 0


def test_deleted_test_cells_are_restored_and_graded(pipeline):
    report = pipeline["reports"][HOSTILE_ASSIGNMENT]["deleted"]
    assert report.score == _max_score(_source(HOSTILE_ASSIGNMENT))
    path = _notebook(pipeline["root"] / "autograded" / "deleted", HOSTILE_ASSIGNMENT)
    graded = nbformat.read(path, as_version=4)
    assert cases.test_cell_ids(graded) == cases.test_cell_ids(_source(HOSTILE_ASSIGNMENT))


def test_infinite_loop_is_stopped_and_the_rest_graded(pipeline):
    source = _source(HOSTILE_ASSIGNMENT)
    last_question = cases.code_answer_ids(source)[-1]
    cells = source.cells
    start = next(i for i, c in enumerate(cells) if c.metadata.get("nbgrader", {}).get("grade_id")
                 == last_question)
    lost = sum(c.metadata["nbgrader"]["points"] for c in cells[start:]
               if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
    report = pipeline["reports"][HOSTILE_ASSIGNMENT]["loop"]
    assert report.status == "graded" and report.score == _max_score(source) - lost


def test_a_submission_that_kills_its_kernel_is_reported_and_the_class_still_graded(pipeline):
    reports = pipeline["reports"][HOSTILE_ASSIGNMENT]
    assert reports["kill"].status == "failed" and "kernel died" in reports["kill"].reason
    assert sum(r.status == "graded" for r in reports.values()) == len(reports) - 1


def test_submitted_files_are_never_modified(pipeline):
    for path, digest in pipeline["hashes"].items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path


def test_feedback_says_what_failed_and_never_shows_hidden_tests(pipeline):
    root = pipeline["root"]
    pages = sorted((root / "feedback").glob("*/*/*.html"))
    assert len(pages) >= 5 * 4, pipeline["logs"]["feedback"][-2000:]
    for name in ASSIGNMENTS:
        hidden = [line for line in _hidden_test_lines(_source(name)) if len(line) > 30]
        for page in (root / "feedback").glob(f"*/{name}/*.html"):
            text = _html_text(page.read_text())
            for line in hidden:
                assert line not in text, f"hidden test shown in {page.relative_to(root)}: {line}"
    untouched = _html_text(_notebook(root / "feedback" / "untouched", HOSTILE_ASSIGNMENT)
                           .with_suffix(".html").read_text())
    fake = _html_text(_notebook(root / "feedback" / "fake", HOSTILE_ASSIGNMENT)
                      .with_suffix(".html").read_text())
    assert "not answered yet" in untouched and "NotImplementedError" in untouched
    assert "should be a dict" in fake


def _hidden_test_lines(source) -> list[str]:
    """Lines that appear only inside hidden-test regions."""
    lines, public, inside = [], set(), False
    for cell in source.cells:
        for line in cell.source.splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif inside:
                lines.append(line.strip())
            else:
                public.add(line.strip())
    return [line for line in lines if line not in public]


def _html_text(page: str) -> str:
    import html
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_a_right_answer_shows_a_tick_under_every_test_cell(name, pipeline):
    graded = nbformat.read(_notebook(pipeline["root"] / "autograded" / "correct", name),
                           as_version=4)
    ids = cases.test_cell_ids(graded)
    for cell in graded.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") in ids:
            printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert printed.startswith("\u2714 q") and printed.count("visible checks passed") == 1, (
                f"{name}: the test cell should print one tick, got {printed!r}")


def test_exported_grades_have_one_row_per_student_and_assignment(pipeline):
    import csv

    with open(pipeline["root"] / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pairs = [(row["assignment"], row["student_id"]) for row in rows]
    assert len(pairs) == len(set(pairs))
    students = {student for reports in pipeline["reports"].values() for student in reports}
    assert len(rows) == len(students) * len(ASSIGNMENTS)
    correct = {row["assignment"]: float(row["raw_score"]) for row in rows
               if row["student_id"] == "correct"}
    assert correct == {name: _max_score(_source(name)) for name in ASSIGNMENTS}


def test_config_sets_a_timeout_restores_cells_and_hides_hidden_tests():
    config = (COURSE / "nbgrader_config.py").read_text()
    assert re.search(r"c\.Execute\.timeout = \d+", config)
    assert "c.OverwriteCells.add_missing_cells = True" in config
    assert "ClearHiddenTests" in config and "ShortTracebacks" in config


def test_audit_flags_hostile_answers_and_not_honest_ones(pipeline):
    findings = instructor.audit(HOSTILE_ASSIGNMENT, pipeline["root"])
    flagged = {student for student, _, _ in findings}
    assert {"fake", "redefine", "kill"} <= flagged
    assert not flagged & {"correct", "untouched"}


def test_instructor_command_refuses_an_unknown_assignment(capsys):
    assert instructor.main(["autograde", "a9_nothing"]) == 2
    assert "No assignment called 'a9_nothing'" in capsys.readouterr().err

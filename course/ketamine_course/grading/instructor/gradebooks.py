"""What ``nbgrader autograde`` writes into a gradebook: read it, merge it into another, compare.

Parallel grading (:mod:`ketamine_course.grading.instructor.parallel`) grades each submission in a
worker's own copy of the course root. This module carries the result home:

- :func:`submission_record` reads one student's submission of one assignment (timestamp,
  notebooks, every grade and comment) into plain, JSON-ready data;
- :func:`merge_record` writes such a record into the course's one gradebook, touching the
  fields autograding writes and nothing a human grader enters (manual scores and comments,
  extra credit, flags). It finds or creates each row, so merging twice doubles nothing;
- :func:`compare_gradebooks` and :func:`compare_autograded` check two graded copies of a course
  cell by cell (:func:`compare_grading` runs both), for the equivalence tests and the benchmark.
"""

from __future__ import annotations

import datetime
import re
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

#: Per-grade fields compared (autograding writes the first and the last).
GRADE_FIELDS = ("auto_score", "max_score", "manual_score", "extra_credit", "needs_manual_grade")
#: Per-comment fields compared (autograding writes ``auto_comment``).
COMMENT_FIELDS = ("auto_comment", "manual_comment")
#: Per-notebook fields compared (autograding writes the late penalty).
NOTEBOOK_FIELDS = ("late_submission_penalty", "flagged")


def open_gradebook(path: Path):
    """Open an existing gradebook file without adding anything to it (not even a course row)."""
    from nbgrader.api import Gradebook

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"No gradebook at {path}; nbgrader creates it with generate_assignment.")
    return Gradebook(f"sqlite:///{path.resolve()}", course_id="")


def submission_record(gradebook, assignment: str, student: str) -> dict[str, Any] | None:
    """Return one student's submission of ``assignment`` as plain data, or None if there is none.

    Grades and comments are lists (not dicts keyed by cell), so a doubled row stays visible.
    """
    from nbgrader.api import MissingEntry

    try:
        submission = gradebook.find_submission(assignment, student)
    except MissingEntry:
        return None
    notebooks = []
    for notebook in sorted(submission.notebooks, key=lambda n: n.name):
        notebooks.append({
            "name": notebook.name,
            **{field: getattr(notebook, field) for field in NOTEBOOK_FIELDS},
            "grades": [{"cell": grade.name, **{f: getattr(grade, f) for f in GRADE_FIELDS}}
                       for grade in sorted(notebook.grades, key=lambda g: g.name)],
            "comments": [{"cell": comment.name, **{f: getattr(comment, f) for f in COMMENT_FIELDS}}
                         for comment in sorted(notebook.comments, key=lambda c: c.name)],
        })
    return {
        "assignment": assignment,
        "student": student,
        "timestamp": submission.timestamp.isoformat() if submission.timestamp else None,
        "extension": submission.extension.total_seconds() if submission.extension else None,
        "notebooks": notebooks,
    }


def merge_record(gradebook, record: dict[str, Any]) -> None:
    """Write what autograding produced for one submission (a :func:`submission_record`).

    Does what ``nbgrader autograde`` does to the gradebook: creates the student and the
    submission if missing, sets the submission's timestamp, and each notebook's late penalty,
    each grade's ``auto_score`` and ``needs_manual_grade`` and each comment's ``auto_comment``.
    Rows are found or created, never added twice.
    """
    assignment, student = record["assignment"], record["student"]
    with warnings.catch_warnings():
        # nbgrader's add_submission trips SQLAlchemy's autoflush warnings; they are harmless.
        warnings.simplefilter("ignore")
        gradebook.update_or_create_student(student)
        if record["timestamp"]:
            stamp = datetime.datetime.fromisoformat(record["timestamp"])
            gradebook.update_or_create_submission(assignment, student, timestamp=stamp)
        else:
            gradebook.update_or_create_submission(assignment, student)
    for notebook in record["notebooks"]:
        name = notebook["name"]
        submitted = gradebook.find_submission_notebook(name, assignment, student)
        submitted.late_submission_penalty = notebook["late_submission_penalty"]
        for grade in notebook["grades"]:
            row = gradebook.find_grade(grade["cell"], name, assignment, student)
            row.auto_score = grade["auto_score"]
            row.needs_manual_grade = grade["needs_manual_grade"]
        for comment in notebook["comments"]:
            row = gradebook.find_comment(comment["cell"], name, assignment, student)
            row.auto_comment = comment["auto_comment"]
    gradebook.db.commit()


def gradebook_records(path: Path, assignment: str) -> list[dict[str, Any]]:
    """Return a :func:`submission_record` for every submission of ``assignment`` in a gradebook.

    Submissions are listed row by row, so a doubled submission appears twice.
    """
    from nbgrader.api import MissingEntry

    with open_gradebook(path) as gradebook:
        try:
            gradebook.find_assignment(assignment)
        except MissingEntry as error:
            raise ValueError(f"{path} has no assignment {assignment!r}") from error
        students = [s.student_id for s in gradebook.assignment_submissions(assignment)]
        records = []
        for student, copies in sorted(Counter(students).items()):
            record = submission_record(gradebook, assignment, student) if copies == 1 else None
            records.append(record or {"assignment": assignment, "student": student,
                                      "copies": copies, "notebooks": []})
        return records


def row_counts(record: dict[str, Any]) -> dict[str, int]:
    """Return how many submission, notebook, grade and comment rows a record holds."""
    notebooks = record["notebooks"]
    return {"submissions": record.get("copies", 1), "notebooks": len(notebooks),
            "grades": sum(len(n["grades"]) for n in notebooks),
            "comments": sum(len(n["comments"]) for n in notebooks)}


def _facts(record: dict[str, Any]) -> tuple[dict[tuple, Any], list[str]]:
    """Flatten a record into {(notebook, kind, cell, field): value}; list any doubled keys."""
    facts: dict[tuple, Any] = {("submission", "", "", "timestamp"): record.get("timestamp"),
                               ("submission", "", "", "extension"): record.get("extension")}
    doubled = []
    for notebook in record["notebooks"]:
        name = notebook["name"]
        for field in NOTEBOOK_FIELDS:
            facts[(name, "notebook", "", field)] = notebook[field]
        for kind, rows, fields in (("grade", notebook["grades"], GRADE_FIELDS),
                                   ("comment", notebook["comments"], COMMENT_FIELDS)):
            for cell, copies in Counter(row["cell"] for row in rows).items():
                if copies > 1:
                    doubled.append(f"{name} {kind} {cell} appears {copies} times")
            for row in rows:
                for field in fields:
                    facts[(name, kind, row["cell"], field)] = row[field]
    return facts, doubled


def compare_records(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[str]:
    """Return the differences between two lists of submission records ("a" and "b")."""
    differences = []
    by_student = [{r["student"]: r for r in records} for records in (a, b)]
    for student in sorted(by_student[0].keys() | by_student[1].keys()):
        pair = [side.get(student) for side in by_student]
        if None in pair:
            differences.append(f"{student}: submission only in {'a' if pair[0] else 'b'}")
            continue
        counts = [row_counts(record) for record in pair]
        for kind in counts[0]:
            if counts[0][kind] != counts[1][kind]:
                differences.append(f"{student}: {counts[0][kind]} {kind} row(s) in a, "
                                   f"{counts[1][kind]} in b")
        (facts_a, doubled_a), (facts_b, doubled_b) = _facts(pair[0]), _facts(pair[1])
        differences += [f"{student}: {line} in a" for line in doubled_a]
        differences += [f"{student}: {line} in b" for line in doubled_b]
        for key in sorted(facts_a.keys() | facts_b.keys()):
            value_a, value_b = facts_a.get(key, "(missing)"), facts_b.get(key, "(missing)")
            if value_a != value_b:
                where = " ".join(part for part in key[:3] if part)
                differences.append(f"{student}: {where} {key[3]}: {value_a!r} in a, "
                                   f"{value_b!r} in b")
    return differences


def compare_gradebooks(a: Path, b: Path, assignment: str) -> list[str]:
    """Compare two gradebook files for one assignment, cell by cell; return the differences.

    Per student and notebook: every grade's auto_score, max_score, manual_score, extra_credit
    and needs_manual_grade; every comment; the late penalty and flag; the submission's timestamp
    and extension; and the counts of submission, notebook, grade and comment rows (so a lost or
    doubled row shows). An empty list means the two are identical.
    """
    return compare_records(gradebook_records(a, assignment), gradebook_records(b, assignment))


def _notebook_summary(path: Path, root: Path) -> list[tuple]:
    """Return each cell's type, source and outputs, with paths and memory addresses masked."""
    import nbformat

    def mask(text: str) -> str:
        text = text.replace(str(root.resolve()), "<root>")
        return re.sub(r"0x[0-9a-fA-F]+", "0x?", text)

    cells = []
    for cell in nbformat.read(path, as_version=4).cells:
        outputs: list[tuple] = []
        for output in cell.get("outputs", []):
            text = output.get("text", "") or output.get("data", {}).get("text/plain", "")
            summary = (output.output_type, output.get("name"), output.get("ename"),
                       mask(output.get("evalue", "")), mask(text))
            if (output.output_type == "stream" and outputs and outputs[-1][0] == "stream"
                    and outputs[-1][1] == summary[1]):
                # One print can reach the notebook as one stream message or as two, depending
                # on when the kernel flushed; the learner reads the same text either way.
                outputs[-1] = (*outputs[-1][:4], outputs[-1][4] + summary[4])
            else:
                outputs.append(summary)
        cells.append((cell.cell_type, cell.source, tuple(outputs)))
    return cells


def compare_autograded(root_a: Path, root_b: Path, assignment: str) -> list[str]:
    """Compare the autograded files of two course roots; return the differences.

    Each student's ``autograded/<student>/<assignment>/`` must hold the same files, and each
    notebook the same cells with the same outputs (memory addresses and the course root's own
    path masked, since they differ from run to run).
    """
    roots = (Path(root_a), Path(root_b))
    differences = []
    folders = [{p.parent.name: p for p in (root / "autograded").glob(f"*/{assignment}")}
               for root in roots]
    for student in sorted(folders[0].keys() | folders[1].keys()):
        if student not in folders[0] or student not in folders[1]:
            side = "a" if student in folders[0] else "b"
            differences.append(f"{student}: autograded folder only in {side}")
            continue
        files = [sorted(str(p.relative_to(f)) for p in f.rglob("*") if p.is_file())
                 for f in (folders[0][student], folders[1][student])]
        if files[0] != files[1]:
            differences.append(f"{student}: autograded files {files[0]} in a, {files[1]} in b")
            continue
        for name in (n for n in files[0] if n.endswith(".ipynb")):
            cells = [_notebook_summary(folder[student] / name, root)
                     for folder, root in zip(folders, roots, strict=True)]
            if len(cells[0]) != len(cells[1]):
                differences.append(f"{student}: {name} has {len(cells[0])} cells in a, "
                                   f"{len(cells[1])} in b")
                continue
            for index, (cell_a, cell_b) in enumerate(zip(*cells, strict=True)):
                if cell_a != cell_b:
                    differences.append(f"{student}: {name} cell {index} differs")
    return differences


def compare_grading(root_a: Path, root_b: Path, assignment: str) -> list[str]:
    """Compare two graded course roots: gradebooks cell by cell, then the autograded notebooks."""
    root_a, root_b = Path(root_a), Path(root_b)
    return (compare_gradebooks(root_a / "gradebook.db", root_b / "gradebook.db", assignment)
            + compare_autograded(root_a, root_b, assignment))


def stored_cell_problems(root: Path, assignment: str) -> list[str]:
    """Compare the test cells and points stored in ``gradebook.db`` with the instructor's source.

    Autograding puts each test cell back from the gradebook (``OverwriteCells``), so a gradebook
    whose copy was changed would grade every later submission with the changed test. Returns
    one line per test cell whose stored code or points differ from ``source/<assignment>/``
    (empty when they agree). Cells are matched by their nbgrader ``grade_id``.
    """
    import nbformat
    from nbgrader.api import MissingEntry

    root = Path(root)
    problems = []
    with open_gradebook(root / "gradebook.db") as gradebook:
        for path in sorted((root / "source" / assignment).glob("*.ipynb")):
            try:
                stored = gradebook.find_notebook(path.stem, assignment)
            except MissingEntry:
                problems.append(f"{path.name}: not in the gradebook (run make assignments)")
                continue
            cells = {cell.name: cell for cell in stored.source_cells}
            points = {cell.name: cell.max_score for cell in stored.grade_cells}
            for cell in nbformat.read(path, as_version=4).cells:
                marks = cell.get("metadata", {}).get("nbgrader", {})
                if not marks.get("grade") or marks.get("solution"):
                    continue
                name = marks.get("grade_id")
                if name not in cells or cells[name].source != cell.source:
                    problems.append(f"{path.name} {name}: the stored test code differs")
                if float(points.get(name, -1)) != float(marks.get("points", 0)):
                    problems.append(f"{path.name} {name}: {points.get(name)} points stored, "
                                    f"{marks.get('points')} in the source")
    return problems


def check_record(gradebook, record: dict[str, Any]) -> None:
    """Refuse a graded record whose scores are impossible for the course's own test cells.

    Every grade must name a grade cell of that notebook in ``gradebook`` and score between 0
    and that cell's points (as stored by ``generate_assignment``, not by the worker).
    """
    from nbgrader.api import MissingEntry

    for notebook in record["notebooks"]:
        for grade in notebook["grades"]:
            try:
                cell = gradebook.find_grade_cell(grade["cell"], notebook["name"],
                                                 record["assignment"])
            except MissingEntry as error:
                raise ValueError(f"{record['student']}: unknown grade cell {grade['cell']!r} "
                                 f"in {notebook['name']}") from error
            score = grade["auto_score"]
            if score is not None and not 0 <= float(score) <= float(cell.max_score):
                raise ValueError(f"{record['student']}: {grade['cell']} scored {score}, "
                                 f"outside 0..{cell.max_score}")

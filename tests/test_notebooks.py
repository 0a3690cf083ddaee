"""Every notebook is stored clean, and every lesson has the course's shape."""

import re
import sys

import nbformat
import pytest
from helpers import COURSE, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import nbhygiene  # noqa: E402

NOTEBOOKS = nbhygiene.tracked_notebooks(ROOT)
LESSONS = sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))
TEMPLATE = COURSE / "templates" / "lesson_template.ipynb"
STRAND_LESSONS = [path for path in LESSONS if not path.name.startswith("00_")]


def _id(path):
    return str(path.relative_to(ROOT))


def markdown(path) -> str:
    notebook = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_the_start_notebook_exists():
    assert COURSE / "00_start_here.ipynb" in LESSONS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_is_stored_clean(path):
    assert nbhygiene.problems(path) == [], "run `make clean-notebooks` (or record-outputs)"


@pytest.mark.parametrize("path", [*LESSONS, TEMPLATE], ids=_id)
def test_lesson_has_the_course_shape(path):
    notebook = nbformat.read(path, as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# "), "title first"
    text = markdown(path)
    for part in ("Estimated time", "Prerequisites", "## Key points", "## References"):
        assert part in text, f"{path.name} lacks '{part}'"
    assert re.search(r"you will be able to", text, re.IGNORECASE), "learning objectives"
    headings = [int(len(m.group(1))) for m in re.finditer(r"^(#+) ", text, re.MULTILINE)]
    assert headings[0] == 1 and headings.count(1) == 1, "one H1 title"
    for before, after in zip(headings, headings[1:], strict=False):
        assert after <= before + 1, f"{path.name}: a heading level is skipped"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_code_cells_stay_thin(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = [line for line in cell.source.splitlines() if line.strip()]
            assert len(lines) <= 12, f"a {len(lines)}-line cell: move the code into the package"


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lesson_says_it_is_not_medical_advice_or_shows_help(path):
    notebook = nbformat.read(path, as_version=4)
    everything = "\n".join(cell.source for cell in notebook.cells)
    assert "not medical advice" in everything.lower() or "show_help()" in everything


@pytest.mark.parametrize("path", STRAND_LESSONS, ids=_id)
def test_strand_lesson_meets_the_bar(path):
    text = markdown(path)
    words = len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))
    assert words >= 1200, f"{path.name} has {words} words of prose; a lesson needs 1,200"
    references = re.findall(r"doi:\s*10\.\d{4,9}/\S+|PMID:?\s*\d{6,9}", text, re.IGNORECASE)
    assert len(set(references)) >= 4, f"{path.name} cites {len(set(references))} DOI/PMID sources"
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    interactive = re.findall(r"\b\w+\.(?!question_)\w+_widget\(", source)
    assert len(interactive) >= 2, "two interactive widgets besides the questions"


# --- the hygiene tool itself -----------------------------------------------------------------


def dirty_notebook(tmp_path):
    notebook = nbformat.v4.new_notebook()
    kernelspec = {"name": "python3", "display_name": "P", "language": "python"}
    notebook.metadata = {"kernelspec": kernelspec, "vscode": {"x": 1}}
    plain = nbformat.v4.new_code_cell("print(1)", execution_count=3,
                                      outputs=[nbformat.v4.new_output("stream", text="1\n")])
    plain.metadata["collapsed"] = True
    checked = nbformat.v4.new_code_cell(
        "2", execution_count=4, metadata={"tags": ["nbval-check-output"]},
        outputs=[nbformat.v4.new_output("execute_result", data={"text/plain": "2"},
                                        execution_count=4)])
    notebook.cells = [plain, checked]
    path = tmp_path / "dirty.ipynb"
    nbformat.write(notebook, path)
    return path


def test_hygiene_finds_every_kind_of_dirt(tmp_path):
    found = " | ".join(nbhygiene.problems(dirty_notebook(tmp_path)))
    for expected in ("editor keys ['vscode']", "editor keys ['collapsed']", "execution count",
                     "not tagged nbval-check-output"):
        assert expected in found


def test_clean_keeps_only_check_cell_text_output(tmp_path):
    path = dirty_notebook(tmp_path)
    assert nbhygiene.clean(path)
    assert nbhygiene.problems(path) == []
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].outputs == [] and cells[0].execution_count is None
    assert cells[1].outputs[0].data == {"text/plain": "2"} and cells[1].execution_count == 4
    assert not nbhygiene.clean(path), "cleaning twice changes nothing"


def test_hygiene_reports_check_counts_out_of_order(tmp_path):
    path = dirty_notebook(tmp_path)
    nbhygiene.clean(path)
    notebook = nbformat.read(path, as_version=4)
    later = nbformat.v4.new_code_cell("print(3)", execution_count=2,
                                      metadata={"tags": ["nbval-check-output"]},
                                      outputs=[nbformat.v4.new_output("stream", text="3\n")])
    notebook.cells.append(later)
    nbformat.write(notebook, path)
    assert any("out of order" in p for p in nbhygiene.problems(path))


def test_hygiene_reports_a_stored_error(tmp_path):
    path = dirty_notebook(tmp_path)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[1].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError",
                                                        evalue="", traceback=[])]
    nbformat.write(notebook, path)
    assert any("stored error (ZeroDivisionError)" in p for p in nbhygiene.problems(path))


def test_hygiene_reports_an_invalid_file(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{not json")
    assert "not a valid notebook" in nbhygiene.problems(path)[0]


@pytest.mark.parametrize("path", [*LESSONS, TEMPLATE], ids=_id)
def test_learners_see_no_test_plumbing(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        assert "NBVAL" not in cell.source, "mark checked cells with the nbval-check-output tag"
        if cell.cell_type == "markdown":
            assert not re.search(r"checked automatically|the course is tested|test suite",
                                 cell.source, re.IGNORECASE), cell.source[:80]


@pytest.mark.parametrize("path", LESSONS, ids=_id)
def test_lesson_ends_with_what_next_from_the_course_map(path):
    from ketamine_course.core import syllabus

    last = nbformat.read(path, as_version=4).cells[-1]
    assert last.cell_type == "markdown"
    assert last.source == syllabus.next_steps_markdown(path.name[:2]), (
        "regenerate the lesson's last cell from syllabus.next_steps_markdown")
    for target in re.findall(r"\]\(([^)]+\.ipynb)\)", last.source):
        assert (path.parent / target).resolve().is_file(), f"{path.name} links to {target}"

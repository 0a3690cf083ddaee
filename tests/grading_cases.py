"""Build sample submissions for the nbgrader pipeline tests: honest, empty, and hostile ones.

Each builder takes the student version (from ``release/``) and the instructor's
source and returns a notebook a student could hand in.
"""

from __future__ import annotations

import copy

import nbformat


def _marks(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _grade_id(cell) -> str | None:
    return _marks(cell).get("grade_id")


def _is_answer(cell) -> bool:
    return bool(_marks(cell).get("solution"))


def _is_test(cell) -> bool:
    return bool(_marks(cell).get("grade")) and not _is_answer(cell)


def _answers(source) -> dict[str, str]:
    """Return the source notebook's answers by grade id, with the solution markers removed."""
    answers = {}
    for cell in source.cells:
        if _is_answer(cell):
            lines = [line for line in cell.source.splitlines() if "### BEGIN SOLUTION" not in line
                     and "### END SOLUTION" not in line]
            answers[_grade_id(cell)] = "\n".join(lines)
    return answers


def correct(release, source):
    """Fill every answer cell with the instructor's solution."""
    answers = _answers(source)
    submission = copy.deepcopy(release)
    for cell in submission.cells:
        if _is_answer(cell):
            cell.source = answers[_grade_id(cell)]
    return submission


def untouched(release, source):
    """Hand in the student version as it was released."""
    return copy.deepcopy(release)


def with_code_answers(release, source, replace: dict[str, str]):
    """Answer correctly, except the code answers named in ``replace`` get the given code."""
    submission = correct(release, source)
    for cell in submission.cells:
        if _grade_id(cell) in replace:
            cell.source = replace[_grade_id(cell)]
    return submission


def tests_edited_to_pass(release, source):
    """Leave the answers empty but rewrite every test cell as ``pass``."""
    submission = untouched(release, source)
    for cell in submission.cells:
        if _is_test(cell):
            cell.source = "pass"
    return submission


def tests_deleted(base):
    """Return a copy of ``base`` without its test cells (answers kept)."""
    submission = copy.deepcopy(base)
    submission.cells = [cell for cell in submission.cells if not _is_test(cell)]
    return submission


def code_answer_ids(notebook) -> list[str]:
    """Return the grade ids of the code answer cells, in order."""
    return [_grade_id(c) for c in notebook.cells if _is_answer(c) and c.cell_type == "code"]


def test_cell_ids(notebook) -> list[str]:
    """Return the grade ids of the autograded test cells, in order."""
    return [_grade_id(c) for c in notebook.cells if _is_test(c)]


def read(path):
    return nbformat.read(path, as_version=4)


#: Answers that fake their results: every function returns objects that claim to
#: equal anything, plus a float subclass and a doctored dict.
FAKE_OBJECTS = '''
class Anything:
    """Equal to everything, close to everything."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __lt__(self, other): return True
    def __le__(self, other): return True
    def __gt__(self, other): return True
    def __ge__(self, other): return True
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
    def __abs__(self): return 0.0
    def __float__(self): return float("nan")
    def __len__(self): return 2
    def __iter__(self): return iter([Anything(), Anything()])
    def __getitem__(self, key): return Anything()
    def __contains__(self, key): return True
    def __bool__(self): return True
    def __hash__(self): return 0

class Cunning(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __sub__(self, other): return 0.0
    def __rsub__(self, other): return 0.0
    def __abs__(self): return 0.0
    def __lt__(self, other): return True
    def __le__(self, other): return True

class Doctored(dict):
    def __getitem__(self, key): return Cunning(0.0)
    def keys(self): return KeysOfAnything()
    def __iter__(self): return iter(NAMES)

class KeysOfAnything(list):
    def __eq__(self, other): return True

NAMES = []

def anything(*args, **kwargs):
    return Anything()
'''

#: Answers that redefine what tests might rely on (the checks, the notebook's ``check``
#: and the grading module's attributes), then return nonsense.
REDEFINITIONS = '''
import builtins, math
import numpy
import ketamine_course.grading.checks as grading_module
abs = lambda value: 0.0
isinstance = lambda *args: True
round = lambda *args, **kwargs: 0
math.isclose = lambda *args, **kwargs: True
numpy.isclose = lambda *args, **kwargs: True
numpy.allclose = lambda *args, **kwargs: True
for _name in dir(grading_module):
    if _name.startswith("check") or _name == "as_number":
        setattr(grading_module, _name, lambda *args, **kwargs: args[0] if args else None)
class Lenient:
    """Passes every visible check: any attribute is a function that returns None."""
    def __getattr__(self, name): return lambda *args, **kwargs: None
check = Lenient()
for _name in ("a1", "a2", "a3", "a4", "a5", "call"):
    setattr(grading_module, _name, Lenient() if _name != "call" else (lambda f, *a, **k: 0.0))
def nonsense(*args, **kwargs):
    return "not an answer"
'''


def generated_course(root, name: str):
    """Make a course root at ``root`` with assignment ``name`` generated; return (release, source).

    The course's own nbgrader_config.py and source are copied in, and nbgrader's
    generate_assignment makes the student version, as an instructor's `make assignments` does.
    """
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    course = Path(__file__).resolve().parents[1] / "assignments"
    root.mkdir()
    shutil.copy(course / "nbgrader_config.py", root)
    shutil.copytree(course / "source" / name, root / "source" / name)
    done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", name],
                          cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    release = nbformat.read(root / "release" / name / f"{name}.ipynb", as_version=4)
    source = nbformat.read(root / "source" / name / f"{name}.ipynb", as_version=4)
    return release, source

"""Which submissions can be graded: student ids as an LMS writes them, and half-finished runs.

- :func:`id_problem` accepts the ids nbgrader handles (letters in any script, digits,
  ``_ . @ -``) and says, for any other, why it is refused and what to rename the folder to;
  a refused student is reported by every command, never dropped silently.
- :func:`incomplete_autograded` finds autograded folders a killed run left half written, so
  that running the command again grades those students instead of skipping them.
"""

from __future__ import annotations

import re
import stat
import unicodedata
from pathlib import Path

#: An id nbgrader can grade: starts with a letter or digit; then letters, digits, _ . @ -.
_ACCEPTED = re.compile(r"[^\W_][\w.@-]*")


def id_problem(student: str) -> str:
    """Return why ``student`` (a folder name under ``submitted/``) cannot be graded, or ""."""
    if _ACCEPTED.fullmatch(student) and unicodedata.is_normalized("NFC", student):
        return ""
    if not unicodedata.is_normalized("NFC", student):
        why = "its accented letters are stored decomposed (NFD)"
    elif not student:
        why = "it is empty"
    elif student[0] in "=+-@":
        why = f"it starts with {student[0]!r} (read as an option or a spreadsheet formula)"
    elif re.search(r"\s", student):
        why = "it contains a space"
    else:
        odd = sorted({ch for ch in student if not (ch.isalnum() or ch in "_.@-")})
        why = f"it contains {' '.join(odd) or 'a character nbgrader treats specially'}"
    return (f"student id {student!r} cannot be graded: {why}. Rename the folder "
            f"submitted/{student}/ to {suggest_id(student)!r} (letters, digits, _ . @ -; "
            "starting with a letter or digit) and grade again")


def suggest_id(student: str) -> str:
    """Return an accepted id close to ``student`` (e.g. 'jane doe' -> 'jane_doe')."""
    text = unicodedata.normalize("NFC", student)
    text = re.sub(r"[^\w.@-]+", "_", text).strip("_.@-")
    return text or "student"


def incomplete_autograded(root: Path, assignment: str, student: str) -> bool:
    """Return True if ``autograded/<student>/<assignment>/`` exists but grading did not finish.

    nbgrader makes every autograded notebook read-only as its last step, and removes the folder
    of a submission it could not grade; a folder with a writable or missing notebook is what a
    killed run leaves.
    """
    folder = root / "autograded" / student / assignment
    if not folder.is_dir():
        return False
    expected = [p.name for p in (root / "source" / assignment).glob("*.ipynb")]
    for name in expected:
        notebook = folder / name
        submitted = root / "submitted" / student / assignment / name
        if not submitted.is_file():
            continue  # nbgrader scores a missing notebook zero without writing one
        if not notebook.is_file() or notebook.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP):
            return True
    return False

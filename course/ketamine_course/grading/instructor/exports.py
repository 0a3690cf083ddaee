"""Feedback pages and the grades file, made safe to open and reported student by student.

- :func:`generate_feedback` runs ``nbgrader generate_feedback`` (the course's configuration
  sanitises the HTML: no script from a notebook survives) for every student it can, checks
  each page for active content, and reports every student: page written, or why not.
- :func:`export_grades` runs ``nbgrader export`` and rewrites ``grades.csv`` so that no cell
  starts with ``= + - @`` (or a tab or carriage return), which a spreadsheet would run as a
  formula; numbers are left as numbers.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from . import students as student_ids

#: What would make a browser run code in a feedback page.
ACTIVE_CONTENT = re.compile(
    r"<script\b|<iframe\b|<object\b|<embed\b|<base\b"  # tags that load or run code
    r"|<[a-z][^>]*\son[a-z]+\s*="  # an event handler (onload=, onerror=, ...) in a tag
    r"|<[a-z][^>]*\b(href|src|action|formaction|data)\s*=\s*[\"']?\s*(javascript|vbscript|data:text/html)",
    re.IGNORECASE)

#: A cell a spreadsheet would read as a formula (numbers such as -1.5 are left alone).
_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=env,
                          capture_output=True, text=True)


#: The page template's own scripts (MathJax and its configuration), which are not a student's.
TEMPLATE_SCRIPTS = re.compile(
    r'<script src="https://cdnjs\.cloudflare\.com/ajax/libs/mathjax/[^"<>]*"> ?</script>'
    r'|<script type="text/x-mathjax-config">.*?</script>', re.DOTALL)


def active_content(page: str) -> list[str]:
    """Return the snippets of ``page`` that could run code in a browser (empty: none).

    The template's MathJax scripts are left out; anything else that runs code is listed.
    """
    page = TEMPLATE_SCRIPTS.sub("", page)
    return [page[max(0, m.start() - 20):m.end() + 40] for m in ACTIVE_CONTENT.finditer(page)]


def generate_feedback(root: Path, assignment: str) -> dict[str, str]:
    """Write feedback for every autograded student; return each student's outcome ("" = done)."""
    root = Path(root)
    everyone = sorted(p.parent.name for p in (root / "submitted").glob(f"*/{assignment}")
                      if p.is_dir())
    outcome = {s: student_ids.id_problem(s) for s in everyone}
    refused = [s for s in everyone if outcome[s]]
    for page in (root / "feedback").glob(f"*/{assignment}/*.html"):
        page.unlink()  # a page left from an earlier run must not pass for a new one
    args = ["generate_feedback", assignment, "--force"]
    if refused:
        args.append(f"--CourseDirectory.student_id_exclude={','.join(refused)}")
    done = _nbgrader(root, *args)
    for student in (s for s in everyone if not outcome[s]):
        folder = root / "feedback" / student / assignment
        pages = sorted(folder.glob("*.html"))
        if not (root / "autograded" / student / assignment).is_dir():
            outcome[student] = "not autograded yet (run make autograde first)"
        elif not pages:
            said = done.stderr.strip().splitlines()
            outcome[student] = f"no feedback page was written ({said[-1] if said else 'no log'})"
        else:
            found = [snippet for page in pages for snippet in active_content(page.read_text())]
            if found:
                for page in pages:
                    page.unlink()
                outcome[student] = (f"feedback withheld: the page would run code in a browser "
                                    f"({found[0]!r}); read the autograded notebook by hand")
    return outcome


def spreadsheet_safe(cell: str) -> str:
    """Return ``cell`` so that a spreadsheet shows it as text, never runs it as a formula."""
    if cell and _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def export_grades(root: Path, output: Path | None = None) -> list[dict[str, str]]:
    """Export every grade to ``grades.csv`` (spreadsheet-safe); return the rows written."""
    root = Path(root)
    output = Path(output or root / "grades.csv")
    with tempfile.TemporaryDirectory(prefix="grades-") as scratch:
        raw = Path(scratch) / "grades.csv"
        done = _nbgrader(root, "export", "--to", str(raw))
        if done.returncode or not raw.is_file():
            said = done.stderr.strip().splitlines()
            raise ValueError(f"nbgrader export failed: {said[-1] if said else 'no message'}")
        with open(raw, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
            fields = list(rows[0]) if rows else []
    safe = [{key: spreadsheet_safe(value or "") for key, value in row.items()} for row in rows]
    with open(output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(safe)
    return safe

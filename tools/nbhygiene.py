"""Check, clean, or record the expected outputs of the course's notebooks.

Policy (README.md, "How notebooks are stored"): notebooks are stored without
outputs, execution counts or editor metadata, with kernelspec ``python3``.  The
one exception is a cell tagged ``nbval-check-output`` (nbval's cell tag for
"compare this cell's output"; a tag rather than a comment, so that learners see no
test plumbing in the code): it keeps its plain-text output, which nbval compares
against a fresh run, and the execution count of the run that recorded it (nbval
refuses outputs without one); those counts must rise from top to bottom.

    python tools/nbhygiene.py            list problems; exit 1 if there are any
    python tools/nbhygiene.py --fix      rewrite notebooks to the policy
    python tools/nbhygiene.py --record   run notebooks, store check-cell outputs only
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CHECK_TAG = "nbval-check-output"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
LANGUAGE_INFO = {"name": "python"}
NOTEBOOK_METADATA = {"kernelspec", "language_info"}
CELL_METADATA = {"tags", "nbgrader", "deletable", "editable"}
TEXT_OUTPUTS = {"stream", "execute_result"}


def tracked_notebooks(root: Path = ROOT) -> list[Path]:
    """Return every notebook git tracks, or would track (not ignored), under ``root``."""
    listing = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.ipynb"],
        cwd=root, capture_output=True, text=True, check=True,
    ).stdout.split()
    return sorted(root / name for name in listing if (root / name).is_file())


def is_check_cell(cell: nbformat.NotebookNode) -> bool:
    """Return True for a code cell whose output nbval compares (tagged ``nbval-check-output``)."""
    return cell.cell_type == "code" and CHECK_TAG in cell.metadata.get("tags", [])


def _output_problem(output: nbformat.NotebookNode, cell_count: int | None) -> str | None:
    """Say what is wrong with an output kept in a check cell, if anything."""
    kind = output.get("output_type")
    if kind == "error":
        return f"a stored error ({output.get('ename')})"
    if kind not in TEXT_OUTPUTS:
        return f"a stored {kind} output (check cells keep plain text only)"
    if kind == "execute_result":
        if output.get("execution_count") != cell_count:
            return "an output whose execution count differs from its cell's"
        if set(output.get("data", {})) != {"text/plain"}:
            return "rich output (check cells keep plain text only)"
    return None


def problems(path: Path) -> list[str]:
    """List the ways the notebook at ``path`` breaks the storage policy."""
    try:
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        nbformat.validate(notebook)
    except Exception as error:  # noqa: BLE001 - any read or schema error is a finding
        return [f"not a valid notebook: {error.__class__.__name__}: {error}"]
    found = []
    if notebook.nbformat != 4:
        found.append(f"nbformat {notebook.nbformat}, expected 4")
    kernelspec = notebook.metadata.get("kernelspec", {})
    if kernelspec.get("name") != "python3":
        found.append(f"kernelspec is {kernelspec.get('name')!r}, expected 'python3'")
    extra = set(notebook.metadata) - NOTEBOOK_METADATA
    if extra:
        found.append(f"notebook metadata has editor keys {sorted(extra)}")
    if notebook.metadata.get("language_info", LANGUAGE_INFO) != LANGUAGE_INFO:
        found.append("language_info carries more than the language name")
    last_count = 0
    for number, cell in enumerate(notebook.cells, start=1):
        extra = set(cell.metadata) - CELL_METADATA
        if extra:
            found.append(f"cell {number} metadata has editor keys {sorted(extra)}")
        if cell.cell_type != "code":
            continue
        count = cell.get("execution_count")
        if not is_check_cell(cell):
            if count is not None:
                found.append(f"cell {number} has an execution count (store notebooks unexecuted)")
            if cell.outputs:
                found.append(f"cell {number} has stored output but is not tagged {CHECK_TAG}")
            continue
        if cell.outputs and count is None:
            found.append(f"cell {number} keeps output without the execution count that made it")
        if count is not None:
            if count <= last_count:
                found.append(f"cell {number} has execution count {count}, out of order")
            last_count = count
        for output in cell.outputs:
            problem = _output_problem(output, count)
            if problem:
                found.append(f"cell {number} has {problem}")
    return found


def _clean_cells(notebook: nbformat.NotebookNode) -> None:
    """Strip metadata, execution counts and non-check outputs, in place."""
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": KERNELSPEC, "language_info": LANGUAGE_INFO}
    )
    for cell in notebook.cells:
        cell.metadata = nbformat.from_dict(
            {key: value for key, value in cell.metadata.items() if key in CELL_METADATA}
        )
        if "attachments" in cell and not cell.attachments:
            del cell["attachments"]
        if cell.cell_type != "code":
            continue
        if not is_check_cell(cell) or not cell.outputs:
            cell.outputs = []
            cell.execution_count = None
        for output in cell.outputs:
            if output.get("output_type") == "execute_result":
                output.execution_count = cell.execution_count
                output.data = {"text/plain": output.data.get("text/plain", "")}
                output.metadata = {}


def _write(path: Path, notebook: nbformat.NotebookNode) -> bool:
    """Write ``notebook`` to ``path`` if it differs; return True if it changed."""
    text = nbformat.writes(notebook) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def clean(path: Path) -> bool:
    """Rewrite the notebook at ``path`` to the policy; return True if it changed."""
    notebook = nbformat.read(path, as_version=4)
    _clean_cells(notebook)
    return _write(path, notebook)


def record(path: Path, timeout: int = 300) -> bool:
    """Execute the notebook and store the outputs of its check cells; return True if changed."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    _clean_cells(notebook)
    return _write(path, notebook)


def main(argv: list[str] | None = None) -> int:
    """Check, clean (--fix) or record (--record) the notebooks named, or every tracked one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every tracked notebook")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--fix", action="store_true", help="rewrite the notebooks clean")
    action.add_argument("--record", action="store_true",
                        help="execute, then keep only the check cells' outputs")
    arguments = parser.parse_args(argv)
    notebooks = arguments.notebooks or tracked_notebooks()
    status = 0
    for path in notebooks:
        changed = (arguments.fix and clean(path)) or (arguments.record and record(path))
        if changed:
            print(f"rewrote {path}")
        for problem in problems(path):
            print(f"{path}: {problem}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Build the lessons into a static HTML book with Jupyter Book 1.x, offline.

Usage: ``python tools/book.py`` (``make book`` runs it).  Steps:

1. execute every lesson ``course/NN_*.ipynb`` with nbclient, from ``course/`` as
   in JupyterLab, keeping the widgets' state; an executed notebook is cached
   under ``_build/book/executed/`` and reused until the lesson, the package or
   the data change;
2. turn every widget output into plain HTML: a question into a form that works
   with a little JavaScript (``book_questions.py``, ``book_assets/questions.js``),
   any other widget into its starting figure and readout, its controls listed
   with their starting values; the page needs no kernel, no widget manager and
   no network; hide the code a reader does not need (:func:`reader_tag`);
3. write ``_config.yml`` and a ``_toc.yml`` with one page per lesson, and run
   ``jupyter-book build`` with execution switched off.

The site is ``_build/book/html/index.html``.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import html
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import book_widgets
import nbformat
import zmq
from book_questions import asked_question, question_html
from ketamine_course.core.wiring import HELD_NOTE
from nbclient import NotebookClient
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
OUT = ROOT / "_build" / "book"
# The book's own CSS and JavaScript, copied to the book's _static/ (Jupyter Book loads them all).
ASSETS = Path(__file__).resolve().parent / "book_assets"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
NOTE = ("<p class='static-widget-note'><em>Interactive in JupyterLab or on Binder; "
        "this page shows the starting settings.</em></p>")
# Controls shown as "description: value"; buttons do nothing on a static page.
_CHOICE_MODELS = {"RadioButtonsModel", "DropdownModel", "ToggleButtonsModel",
                  "SelectionSliderModel", "SelectModel"}
_SILENT_MODELS = {"ButtonModel", "LayoutModel", "OutputModel"}
# Calls that only display something (a figure, the help services, Markdown): code hidden.
_DISPLAY_CALLS = {"show", "show_help", "Markdown"}
# The README's Binder badge; the book's launch button opens each lesson the same way.
BINDER_BADGE = re.compile(r"\((?P<hub>https://[^/()\s]+)/v2/gh/(?P<org>[\w.-]+)/(?P<repo>[\w.-]+)/"
                          r"(?P<branch>[\w.-]+)\?urlpath=lab/tree/(?P<folder>[\w./-]+?)/"
                          r"00_start_here\.ipynb\)")
# Bump to throw away every cached execution (e.g. after changing how lessons execute).
_CACHE_VERSION = "1"
# Kernels talk to the builder over encrypted sockets (CurveZMQ, which ipykernel supports):
# unencrypted, each kernel prints a warning nobody building the book can act on.
# (Only where pyzmq has CurveZMQ, as its wheels do: elsewhere the setting would stop kernels.)
_KERNEL_CONFIG = Config({"KernelManager": {"transport_encryption": "auto"}} if zmq.has("curve")
                        else {})


def lessons() -> list[Path]:
    """Return the lesson notebooks, in course order."""
    return sorted(COURSE.glob("[0-9][0-9]_*.ipynb"))


def _fingerprint(notebook: Path) -> str:
    """Hash the notebook with everything its outputs depend on (package and data)."""
    digest = hashlib.sha256(_CACHE_VERSION.encode())
    inputs = [notebook, *sorted((COURSE / "ketamine_course").rglob("*.py")),
              *sorted((ROOT / "data").glob("*.csv"))]
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def executed(notebook: Path, out: Path = OUT, timeout: int = 300) -> nbformat.NotebookNode:
    """Return ``notebook`` executed (widget state kept), from the cache when it is current."""
    cache = out / "executed" / f"{notebook.stem}-{_fingerprint(notebook)}.ipynb"
    if cache.is_file():
        return nbformat.read(cache, as_version=4)
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(notebook.parent)}},
                            config=_KERNEL_CONFIG)
    client.execute()
    cache.parent.mkdir(parents=True, exist_ok=True)
    for stale in cache.parent.glob(f"{notebook.stem}-*.ipynb"):
        stale.unlink()
    nbformat.write(nb, cache)
    return nb


def widget_models(nb: nbformat.NotebookNode) -> dict[str, dict]:
    """Return the widget models saved with an executed notebook: model id -> model."""
    return nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})


def _child_ids(model: dict) -> list[str]:
    return [child.removeprefix("IPY_MODEL_") for child in model["state"].get("children", [])]


def _format_value(state: dict) -> str:
    value = state.get("value", state.get("index"))
    if "_options_labels" in state and isinstance(state.get("index"), int):
        value = state["_options_labels"][state["index"]]
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list | tuple):
        return " to ".join(str(v) for v in value)
    return "(none chosen)" if value in (None, "") else str(value)


def static_widget_html(models: dict[str, dict], model_id: str) -> str:
    """Render a widget as static HTML: boxes, HTML outputs, and controls as text."""
    model = models.get(model_id)
    if model is None:
        return ""
    name, state = model["model_name"], model["state"]
    if name in _SILENT_MODELS or name.endswith("StyleModel"):
        return ""
    children = _child_ids(model)
    if children:
        return "<div>" + "".join(static_widget_html(models, c) for c in children) + "</div>"
    if name in ("HTMLModel", "HTMLMathModel"):
        return state.get("value", "")
    if name == "LabelModel":
        return f"<p>{html.escape(state.get('value', ''))}</p>"
    label = html.escape(state.get("description", "").strip().rstrip(":") or "Setting") + ":"
    if name == "RadioButtonsModel" and state.get("index") is None:
        options = "".join(f"<li>{html.escape(o)}</li>" for o in state["_options_labels"])
        return f"<p>{label}</p><ul class='static-options'>{options}</ul>"
    return f"<p class='static-control'>{label} {html.escape(_format_value(state))}</p>"


def _has_settings(models: dict[str, dict], model_id: str) -> bool:
    """Say whether a widget has controls other than buttons and unanswered questions."""
    model = models.get(model_id, {"model_name": "", "state": {}})
    if _child_ids(model):
        return any(_has_settings(models, child) for child in _child_ids(model))
    name = model["model_name"]
    if name == "RadioButtonsModel":
        return model["state"].get("index") is not None
    return name.endswith(("SliderModel", "CheckboxModel")) or name in _CHOICE_MODELS


def held_for(source: str) -> str | None:
    """Return the question a cell's output is held back for (``after_question("q02-3", ...)``).

    None for a cell that does anything else.
    """
    try:
        statements = ast.parse(source).body
    except SyntaxError:
        return None
    if len(statements) != 1 or _called_name(statements[0]) != "after_question":
        return None
    first = statements[0].value.args[:1]
    if not (first and isinstance(first[0], ast.Constant) and isinstance(first[0].value, str)):
        return None
    return first[0].value


def held_html(question_id: str, body: str) -> str:
    """Return ``body`` held back until the learner tries ``question_id``, as in JupyterLab.

    The page shows the course's note (:data:`HELD_NOTE`) in its place; questions.js hides
    the body when the page opens and shows it (and hides the note) at the question's first
    check or *Show the answer*. Without JavaScript the body shows and the note does not.
    """
    return (f'<div class="kc-held-block" data-held-for="{html.escape(question_id)}">'
            f'<p class="kc-held-note" role="note" hidden><em>{html.escape(HELD_NOTE)}</em></p>'
            f'<div class="kc-held">{body}</div></div>')


def _static_body(models: dict[str, dict], model_id: str) -> str:
    body = static_widget_html(models, model_id)
    if _has_settings(models, model_id):
        body = NOTE + body
    return f"<div class='static-widget'>{body}</div>"


def staticise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` with widget outputs as plain HTML and no saved widget state.

    A question (``question_widget("qNN-k")``) becomes a form that works without a kernel
    (:mod:`book_questions`); a lesson widget works from frames (:mod:`book_widgets`); any
    other widget shows its starting state. An output held back by ``after_question`` stays
    held on the page until its question is tried (:func:`held_html`).
    """
    nb = nbformat.from_dict(nb)
    models = widget_models(nb)
    for cell in nb.cells:
        code = cell.cell_type == "code"
        question_id = asked_question(cell.source) if code else None
        held = held_for(cell.source) if code else None
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view is None:
                continue
            if question_id is not None:
                output["data"] = {"text/html": question_html(question_id),
                                  "text/plain": "(question)"}
                continue
            model_id = view["model_id"]
            if held is not None:  # after_question's box: [note, held contents, style]
                model_id = _child_ids(models[model_id])[1]
            body = book_widgets.interactive_html(nb, cell) or _static_body(models, model_id)
            output["data"] = {"text/html": held_html(held, body) if held else body,
                              "text/plain": "(interactive widget)"}
    nb.metadata.pop("widgets", None)
    return nb


def _called_name(statement: ast.stmt) -> str | None:
    """Return the name a statement calls (``show`` for ``plots.show(...)``), if it is a call."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return None
    function = statement.value.func
    return getattr(function, "attr", getattr(function, "id", None))


def reader_tag(cell: nbformat.NotebookNode) -> str | None:
    """Return how the book shows a code cell's code: removed, hidden behind a toggle, or shown.

    ``remove-input`` for a cell that only puts a widget or a question on screen, held back by
    ``after_question`` or not (its output is all the reader needs); ``hide-input`` for one that
    only imports or displays (a figure with its alt text, the help services, the course map);
    None (shown) for everything else, and always for an exercise.
    """
    if cell.cell_type != "code" or "exercise" in cell.metadata.get("tags", []):
        return None
    try:
        statements = ast.parse(cell.source).body
    except SyntaxError:
        return None
    shows = (_called_name(statements[0]) or "") if len(statements) == 1 else ""
    if shows.endswith("_widget") or shows == "after_question":  # a widget, maybe held back
        return "remove-input"
    if statements and all(isinstance(s, ast.Import | ast.ImportFrom)
                          or _called_name(s) in _DISPLAY_CALLS for s in statements):
        return "hide-input"
    return None


def tag_for_readers(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Add each code cell's :func:`reader_tag` to its tags (in place); return ``nb``."""
    for cell in nb.cells:
        tag = reader_tag(cell)
        if tag is not None:
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), tag]
    return nb


def _title(nb: nbformat.NotebookNode) -> str:
    first = nb.cells[0].source.splitlines()[0]
    return first.lstrip("# ").strip()


def binder_badge(readme: str) -> dict[str, str] | None:
    """Read the README's Binder badge: hub, GitHub org and repo, branch, and lesson folder.

    Returns None when the README has no Binder badge (then the book has no launch button).
    """
    match = BINDER_BADGE.search(readme)
    return match.groupdict() if match else None


def _launch_config(readme: str) -> str:
    """Return the _config.yml lines for a "Launch on Binder" button on every lesson.

    The button opens the lesson as the README's badge opens the start notebook (same hub,
    repository, branch, ``workspace/`` copies and JupyterLab); "" when the README has no badge.
    Jupyter Book's download button (``_sources/NN_topic.ipynb``) is on by default.
    """
    badge = binder_badge(readme)
    if badge is None:
        return ""
    return ("launch_buttons:\n"
            f"  binderhub_url: {badge['hub']}\n  notebook_interface: jupyterlab\n"
            "repository:\n"
            f"  url: https://github.com/{badge['org']}/{badge['repo']}\n"
            f"  path_to_book: {badge['folder']}\n  branch: {badge['branch']}\n")


def write_book_source(out: Path = OUT) -> list[Path]:
    """Execute the lessons and write the book's source folder; return the pages written."""
    source = out / "source"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    pages = []
    for notebook in lessons():
        page = source / notebook.name
        nbformat.write(tag_for_readers(staticise(executed(notebook, out))), page)
        pages.append(page)
    shutil.copytree(ASSETS, source / "_static", dirs_exist_ok=True)
    book_widgets.install_figures(source, out)
    (source / "_config.yml").write_text(
        "title: Ketamine, Depression and the Evidence\n"
        "author: Ketamine, Depression and the Evidence contributors\n"
        "only_build_toc_files: true\n"
        "execute:\n  execute_notebooks: 'off'\n"
        "html:\n  use_repository_button: false\n  use_issues_button: false\n"
        f"{_launch_config((ROOT / 'README.md').read_text())}"
        "sphinx:\n  config:\n    html_show_copyright: false\n"
        "    nb_merge_streams: true\n"
    )
    toc = [f"format: jb-book\nroot: {pages[0].stem}\n"]
    if len(pages) > 1:
        toc.append("chapters:\n" + "".join(f"  - file: {page.stem}\n" for page in pages[1:]))
    (source / "_toc.yml").write_text("".join(toc))
    return pages


def build(out: Path = OUT) -> Path:
    """Build the book into ``out / "html"`` and return that folder."""
    write_book_source(out)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.exists():
        raise SystemExit("jupyter-book is not installed: run `make book`, which installs it.")
    # Jupyter Book names its own output folder; the book is copied to ``out / "html"``, the one
    # folder this tool names. Its warnings are passed on, and everything when it fails.
    result = subprocess.run([str(jupyter_book), "build", "--quiet", "--builder", "html",
                             "--path-output", str(out / "sphinx"), str(out / "source")],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"jupyter-book failed:\n{result.stdout}{result.stderr}")
    for line in (result.stdout + result.stderr).splitlines():
        if "WARNING" in line or "ERROR" in line:
            print(line, file=sys.stderr)
    html_dir = out / "html"
    shutil.rmtree(html_dir, ignore_errors=True)
    shutil.copytree(out / "sphinx" / "_build" / "html", html_dir)
    # "Download" gives the lesson as the course stores it (clean, as Binder and `make lab` open
    # it), not the book's executed copy with its static widget outputs.
    for notebook in lessons():
        shutil.copyfile(notebook, html_dir / "_sources" / notebook.name)
    return html_dir


def main() -> None:
    """Build the book from the command line and say where it is."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="build folder (default _build/book)")
    started = time.perf_counter()
    html_dir = build(parser.parse_args().out)
    print(f"Book built in {time.perf_counter() - started:.0f} s: {html_dir / 'index.html'}")


if __name__ == "__main__":
    main()

"""Drive JupyterLab in a real browser (Debian's Chromium through Playwright), as a learner would.

Used by ``tests/test_browser.py`` through the session fixtures in ``tests/conftest.py``:
one `make lab` server and one browser profile for the whole session.
"""

from __future__ import annotations

import html.parser
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTEFACTS = ROOT / "artefacts" / "browser"
ENABLE_HINT = ("Chromium is not installed, so the real-browser tests are skipped. To run them: "
               "sudo apt-get install chromium   (Debian/Ubuntu), then `make test` again.")

#: The cells that show a widget: any ``something.name_widget(`` call.
WIDGET_CALL = re.compile(r"(?:\b\w+\.|^)(\w+_widget)\(", re.MULTILINE)


def on_ci() -> bool:
    """Return True on a CI machine (CI set to anything but "", "0" or "false")."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def headless_chromium():
    """Yield headless Debian Chromium (Playwright) and close it after; for pages from disk.

    Skips the calling test without Chromium, except on CI, where a missing browser fails.
    Use as a generator fixture: ``yield from browser.headless_chromium()``.
    """
    import pytest

    if not CHROMIUM.exists():
        if on_ci():
            pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is missing.")
        pytest.skip(ENABLE_HINT)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chrome = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                            args=CHROMIUM_ARGS)
        yield chrome
        chrome.close()


# --- the server -----------------------------------------------------------------------------


@dataclass
class Lab:
    """A running `make lab`: its port, token and process."""

    port: int
    token: str
    process: subprocess.Popen
    log: Path

    def url(self, path: str) -> str:
        """Return the address of ``path`` in a fresh workspace, logged in with the token."""
        return f"http://127.0.0.1:{self.port}/lab/tree/{path}?token={self.token}&reset"

    def shutdown_kernels(self) -> None:
        """Stop every kernel the server runs (each lesson gets a fresh one)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Authorization": f"token {self.token}"}
        try:
            connection.request("GET", "/api/kernels", headers=headers)
            kernels = json.loads(connection.getresponse().read())
        finally:
            connection.close()
        for kernel in kernels:
            self.request("DELETE", f"/api/kernels/{kernel['id']}")

    def request(self, method: str, path: str) -> int:
        """Send an authenticated request to the server; return the HTTP status."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, headers={"Authorization": f"token {self.token}"})
            return connection.getresponse().status
        finally:
            connection.close()


def free_port(offset: int = 0) -> int:
    """Return a localhost port that nothing listens on now (or $BROWSER_TEST_PORT + ``offset``).

    On a shared machine each developer can keep their servers to ports of their own; the
    instructor's lab, started beside the learner's, takes the next one (``offset=1``).
    """
    if os.environ.get("BROWSER_TEST_PORT"):
        return int(os.environ["BROWSER_TEST_PORT"]) + offset
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_lab(log: Path, timeout: float = 90, *, instructor: bool = False) -> Lab:
    """Start `make lab` (the learner's lab) on a free port with a random token; return it.

    The lessons are tested in the lab learners get: nbgrader's instructor parts switched off
    (``jupyter-config/learner``). ``instructor=True`` starts `make lab-instructor` instead,
    for the tests of instructor features (nbgrader's Validate button). Returns once the
    server answers.
    """
    port, token = free_port(offset=1 if instructor else 0), uuid.uuid4().hex
    # Lessons must stay as committed: no autosave of the notebooks the tests run.
    settings = log.parent / "lab-settings"
    plugin = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True, exist_ok=True)
    plugin.write_text(json.dumps({"autosave": False}))
    target = "lab-instructor" if instructor else "lab"
    process = subprocess.Popen(
        ["make", "--no-print-directory", target, f"PORT={port}", f"TOKEN={token}", "OPEN=no"],
        cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings)},
    )
    lab = Lab(port, token, process, log)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if lab.request("GET", "/api/status") == 200:
                return lab
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop_lab(lab)
            raise RuntimeError(f"`make {target}` did not start a server:\n"
                               f"{log.read_text()[-3000:]}")
        time.sleep(0.3)


def stop_lab(lab: Lab) -> None:
    """Shut the server (and so its kernels) down; kill its process group if it lingers."""
    try:
        if lab.process.poll() is None:
            lab.request("POST", "/api/shutdown")
            lab.process.wait(timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        pass
    finally:
        if lab.process.poll() is None:
            os.killpg(lab.process.pid, signal.SIGKILL)
            lab.process.wait()


def launch_browser(playwright, profile: Path):
    """Start headless Chromium with a fresh profile folder; return its context."""
    profile.mkdir(parents=True, exist_ok=True)
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 1000},
    )


# --- expected states, computed from the package's pure view functions ------------------------


class _Text(html.parser.HTMLParser):
    """Collect the text nodes of an HTML fragment, as the DOM's textContent does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.alts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "img":
            self.alts.extend(value for name, value in attrs if name == "alt")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and trim (the browser does the same in JS)."""
    return " ".join(text.split())


def html_text(fragment: str) -> str:
    """Return the whitespace-squashed text content of an HTML fragment."""
    parser = _Text()
    parser.feed(fragment)
    return squash("".join(parser.parts))


def html_alts(fragment: str) -> list[str]:
    """Return the alt texts of the images in an HTML fragment (entities decoded)."""
    parser = _Text()
    parser.feed(fragment)
    return parser.alts


def expected_state(*fragments: str) -> dict:
    """Return what the widget must show: the text of each HTML output and its images' alt text."""
    texts = [html_text(f) for f in fragments if html_text(f)]
    alts = [alt for f in fragments for alt in html_alts(f)]
    return {"texts": texts, "alts": alts}


# --- driving one lesson -----------------------------------------------------------------------


@dataclass
class Drive:
    """One learner action on one widget and the state it must lead to.

    ``action(cell)`` works the control (``cell`` is the Playwright locator of the widget's
    notebook cell); ``before`` and ``after`` are :func:`expected_state` values: the state
    shown after Run All, and the new state the action determines.
    """

    widget: str
    control: str
    action: object
    before: dict
    after: dict
    timings: dict = field(default_factory=dict)


def widget_cells(notebook: Path) -> dict[int, str]:
    """Return {cell index: widget function name} for every code cell that shows a widget."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    found = {}
    for index, cell in enumerate(cells):
        match = WIDGET_CALL.search(cell.source) if cell.cell_type == "code" else None
        if match:
            found[index] = match.group(1)
    return found


#: True once Run All has run every code cell in a fresh kernel: the prompts read [1] to [n]
#: (stored counts of checked-output cells cannot pass for this), none "[*]", kernel idle;
#: or it stopped at an error.
_RUN_FINISHED = """(n) => {
  const panel = '.jp-NotebookPanel:not(.lm-mod-hidden) ';
  const prompts = [...document.querySelectorAll(panel + '.jp-CodeCell .jp-InputPrompt')]
    .map(e => e.textContent);
  const numbers = prompts.map(t => (t.match(/\\[(\\d+)\\]/) || [])[1]).filter(Boolean)
    .map(Number).sort((a, b) => a - b);
  const idle = document.querySelector(
    panel + '.jp-Notebook-ExecutionIndicator[data-status="idle"]');
  // Run All stops at an error: then the cells after it never run.
  const failed = document.querySelector(
    panel + '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
  return Boolean(idle) && !prompts.some(t => t.includes('*')) && (Boolean(failed)
    || (numbers.length === n && numbers.every((value, i) => value === i + 1)));
}"""

#: True once Run All has started: some prompt shows "[*]".
_RUN_STARTED = """(n) => [...document.querySelectorAll(
  '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputPrompt')].some(e => e.textContent.includes('*'))
  || (""" + _RUN_FINISHED + """)(n)"""

#: Every output that shows an error: tracebacks and stderr, and widgets that failed to render.
_ERRORS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')]
  .flatMap((cell, index) => [...cell.querySelectorAll('.jp-OutputArea-output')]
    .filter(o => o.dataset.mimeType === 'application/vnd.jupyter.stderr'
                 || /Error displaying widget|Traceback \\(most recent call last\\)/
                      .test(o.textContent))
    .map(o => `cell ${index}: ${o.textContent.slice(0, 800)}`))"""

#: True when the cell's widget shows every expected text (as some HTML output's whole text)
#: and every expected alt text (as some image's alt).
_SHOWS = """([index, texts, alts]) => {
  const cell = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')[index];
  if (!cell) return false;
  const squash = s => s.split(/\\s+/).filter(Boolean).join(' ');
  const shown = [...cell.querySelectorAll('.widget-html-content')].map(e => squash(e.textContent));
  const shownAlts = [...cell.querySelectorAll('.widget-html-content img')].map(i => i.alt);
  return texts.every(t => shown.includes(t)) && alts.every(a => shownAlts.includes(a));
}"""


def _answer_dialog(page, path: str) -> None:
    """Deal with a JupyterLab dialog that would block the Run menu.

    A kernel choice (shown when a kernel is slow to start) is answered with the notebook's
    own kernel, as a learner would; any other dialog fails the test with its text and a
    screenshot, instead of a click that times out without saying why.
    """
    dialog = page.locator(".jp-Dialog")
    if dialog.count() == 0:
        return
    text = " ".join(dialog.first.inner_text().split())
    screenshot(page, f"{Path(path).stem}-dialog")
    if text.startswith("Select Kernel"):
        page.click(".jp-Dialog .jp-mod-accept")
        return
    raise AssertionError(f"{path}: JupyterLab showed a dialog before Run All: {text[:300]}")


def open_and_run(page, lab: Lab, path: str, timeout_ms: float = 150_000) -> dict:
    """Open ``path`` in a fresh workspace, Run All, wait for the end; return the timings (s)."""
    import nbformat

    code_cells = sum(cell.cell_type == "code"
                     for cell in nbformat.read(ROOT / path, as_version=4).cells)
    started = time.perf_counter()
    page.goto(lab.url(path))
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=90_000)
    ready = time.perf_counter()
    for _attempt in range(3):  # a click on a menu that is still opening can be lost
        _answer_dialog(page, path)
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        try:  # a loaded machine can take seconds to show the first running cell
            page.wait_for_function(_RUN_STARTED, arg=code_cells, timeout=25_000, polling=50)
            break
        except Exception:  # Playwright's TimeoutError: nothing started; open the menu again
            page.keyboard.press("Escape")
    try:
        page.wait_for_function(_RUN_FINISHED, arg=code_cells, timeout=timeout_ms,
                               polling=100)
    except Exception as error:
        screenshot(page, f"{Path(path).stem}-FAILED-run-all")
        raise AssertionError(f"{path}: Run All did not finish within {timeout_ms / 1000:g} s"
                             ) from error
    return {"page ready": ready - started, "Run All": time.perf_counter() - ready}


class LessonTabs:
    """Browser tabs on one lab, with one Run All of a lesson shared by the tests that need it.

    Each lesson costs a page load and a Run All (the most expensive part of the browser
    tests), so a lesson's tab, once run, is kept open: a test that only reads it (measures the
    layout) leaves it for the next; a test that works its controls takes it, and the tab is
    closed before anything else opens. Only one lesson's tab (and kernel) is open at a time.
    """

    def __init__(self, lab: Lab, context) -> None:
        self.lab, self.context = lab, context
        self.kept: tuple[str, object, dict] | None = None  # (path, tab, its Run All timings)
        self.taken: object | None = None

    def ran(self, path: str, *, take: bool) -> tuple[object, dict]:
        """Return a tab that has run ``path`` (Run All, untouched since) and its timings.

        With ``take`` the caller may change the tab (work controls); it is not handed out
        again. Otherwise the caller must only read it, and the tab is kept for the next test.
        """
        if self.kept is None or self.kept[0] != path:
            page = self.fresh()
            timings = open_and_run(page, self.lab, path)  # on failure the tab stays "taken"
            self.taken, self.kept = None, (path, page, timings)
        _, page, timings = self.kept
        if take:
            self.kept, self.taken = None, page
        return page, dict(timings)

    def fresh(self):
        """Return a new tab (closing any other first): nothing run in it yet."""
        self.close()
        page = self.context.new_page()
        page.set_default_timeout(30_000)
        self.taken = page
        return page

    def close(self) -> None:
        """Close every tab this object opened and stop every kernel of the lab."""
        pages = [self.taken, self.kept[1] if self.kept else None]
        self.kept = self.taken = None
        if any(page is not None for page in pages):
            for page in pages:
                if page is not None and not page.is_closed():
                    page.close()
            self.lab.shutdown_kernels()


def output_errors(page) -> list[str]:
    """Return a description of every cell output that shows an error."""
    return page.evaluate(_ERRORS)


#: The widget cells (of those given) whose output holds no rendered Jupyter widget yet.
_UNRENDERED = """(indices) => {
  const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');
  return indices.filter(i => !cells[i]
    || !cells[i].querySelector('.jp-OutputArea-output .jupyter-widgets'));
}"""


def unrendered_widgets(page, cells: dict[int, str], timeout_ms: float = 30_000) -> list[str]:
    """Wait (up to ``timeout_ms``) for every widget cell to render; return those that did not.

    Widgets render a moment after their cell has run, so this polls until all are there.
    """
    indices = list(cells)
    try:
        page.wait_for_function(f"(i) => ({_UNRENDERED})(i).length === 0", arg=indices,
                               timeout=timeout_ms, polling=100)
    except Exception:  # Playwright's TimeoutError: report which ones are missing
        pass
    return [f"cell {i} ({cells[i]})" for i in page.evaluate(_UNRENDERED, indices)]


def shows(page, index: int, state: dict) -> bool:
    """Return True if the widget in cell ``index`` shows ``state`` now."""
    return page.evaluate(_SHOWS, [index, state["texts"], state["alts"]])


def wait_until_shows(page, index: int, state: dict, timeout_ms: float) -> float:
    """Wait until the widget in cell ``index`` shows ``state``; return the seconds it took."""
    started = time.perf_counter()
    page.wait_for_function(_SHOWS, arg=[index, state["texts"], state["alts"]],
                           timeout=timeout_ms, polling="raf")
    return time.perf_counter() - started


def cell_of(page, index: int):
    """Return the locator of notebook cell ``index`` in the visible notebook."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").nth(index)


def reveal_worked_answer(cell, timeout_ms: float = 10_000) -> str:
    """Open the folded worked answer in a rendered Markdown cell; return the text it shows.

    Raises AssertionError if the block does not open or shows nothing beyond its summary.
    """
    details = cell.locator(".jp-RenderedMarkdown details").first
    details.scroll_into_view_if_needed()
    assert details.get_attribute("open") is None, "the worked answer is open before it is asked"
    details.locator("summary").click()
    cell.page.wait_for_function("(d) => d.open", arg=details.element_handle(),
                                timeout=timeout_ms)
    summary = squash(details.locator("summary").inner_text())
    shown = squash(details.inner_text()).removeprefix(summary).strip()
    assert shown, "the worked answer opened but shows nothing"
    return shown


def screenshot(page, name: str, locator=None) -> Path:
    """Save a screenshot (of ``locator``, or the window) as artefacts/browser/<name>.png."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    (locator or page).screenshot(path=str(path))
    return path


# --- controls, found by their label as a learner would -----------------------------------------


def slider_keys(cell, label: str, key: str, times: int = 1) -> None:
    """Focus the slider labelled ``label`` and press ``key`` (e.g. "ArrowRight") ``times``."""
    box = cell.locator(".widget-slider", has=cell.page.locator(f"label:text-is('{label}')"))
    handle = box.locator(".noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def choose(cell, label: str, option: str) -> None:
    """Pick ``option`` (its visible text) in the dropdown labelled ``label``."""
    box = cell.locator(".widget-dropdown", has=cell.page.locator(f"label:text-is('{label}')"))
    box.locator("select").select_option(label=option)


def tick(cell, label: str) -> None:
    """Click the tick-box labelled ``label``."""
    cell.locator(".widget-checkbox", has_text=label).locator("input").click()


def press_toggle(cell, text: str) -> None:
    """Press the toggle button that reads ``text``."""
    cell.locator(f".widget-toggle-button:text-is('{text}')").click()


def type_into(cell, label: str, text: str, *, enter: bool = False) -> None:
    """Replace the contents of the text box labelled ``label`` with ``text``."""
    box = cell.locator(".widget-inline-hbox", has=cell.page.locator(f"label:text-is('{label}')"))
    field_ = box.locator("input, textarea").first
    field_.fill(text)
    if enter:
        field_.press("Enter")


def pick_radio(cell, option: str) -> None:
    """Click the radio button whose label is ``option``."""
    cell.locator(f".widget-radio-box label:text-is('{option}')").click()


def click_button(cell, text: str) -> None:
    """Click the widget button that reads ``text``."""
    cell.locator(f"button.widget-button:text-is('{text}')").click()

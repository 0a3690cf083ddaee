"""Fixtures shared by the book and accessibility tests: the book, built once, offline."""

import os
import shutil
import subprocess
import sys
import time

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import book  # noqa: E402

# Any HTTP(S) request that honours the usual proxy variables fails at once.
DEAD_PROXY = {"http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
              "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9",
              "no_proxy": "", "NO_PROXY": ""}


def _offline_prefix() -> list[str]:
    """Return a command prefix that runs a program with no network but loopback, if possible.

    ``unshare -rn`` gives the program a network namespace of its own (no route out);
    loopback is brought up so that notebook kernels can still talk to their client.
    """
    if not (shutil.which("unshare") and shutil.which("ip")):
        return []
    probe = subprocess.run(["unshare", "-rn", "sh", "-c", "ip link set lo up"],
                           capture_output=True)
    return ["unshare", "-rn", "sh", "-c", 'ip link set lo up && exec "$@"', "offline"] \
        if probe.returncode == 0 else []


@pytest.fixture(scope="session")
def built_book():
    """Build the book as `make book` does, cut off from the network; return facts about it."""
    prefix = _offline_prefix()
    started = time.perf_counter()
    result = subprocess.run([*prefix, sys.executable, str(ROOT / "tools" / "book.py")],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **DEAD_PROXY}, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"html": book.OUT / "html", "seconds": time.perf_counter() - started,
            "network_namespace": bool(prefix), "log": result.stdout + result.stderr}


@pytest.fixture(scope="session")
def executed_lessons(built_book):
    """Return each lesson executed (outputs and widget state), from the book's cache."""
    return {path: book.executed(path) for path in book.lessons()}


@pytest.fixture(scope="session")
def _lab_and_browser(tmp_path_factory):
    """Start `make lab` (the learner's lab) and headless Chromium once; stop both after.

    Without Chromium the tests are skipped with a message saying how to install it;
    on CI (CI=true) they fail instead, so a missing browser can never pass unnoticed.
    """
    import browser

    if not browser.CHROMIUM.exists():
        if browser.on_ci():
            pytest.fail(f"CI must run the browser tests, but {browser.CHROMIUM} is missing. "
                        "`.ci/run` installs it when run as root: apt-get install chromium")
        pytest.skip(browser.ENABLE_HINT)
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("browser")
    lab = browser.start_lab(folder / "lab.log")
    try:
        with sync_playwright() as playwright:
            context = browser.launch_browser(playwright, folder / "profile")
            try:
                yield lab, context
            finally:
                context.close()
    finally:
        browser.stop_lab(lab)


def _new_page(lab, context):
    """Yield (a new browser tab, ``lab``); close the tab and stop the lab's kernels afterwards."""
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page, lab
    page.close()
    lab.shutdown_kernels()


@pytest.fixture
def lab_page(_lab_and_browser):
    """Return (a new browser tab, the learner's lab, `make lab`): what learners see."""
    lab, context = _lab_and_browser
    yield from _new_page(lab, context)


@pytest.fixture(scope="session")
def _instructor_lab(_lab_and_browser, tmp_path_factory):
    """Start `make lab-instructor` once, for the tests of instructor features; stop it after."""
    import browser

    lab = browser.start_lab(tmp_path_factory.mktemp("instructor") / "lab.log", instructor=True)
    try:
        yield lab
    finally:
        browser.stop_lab(lab)


@pytest.fixture
def instructor_lab_page(_instructor_lab, _lab_and_browser):
    """Return (a new browser tab, the instructor's lab with nbgrader's Validate button)."""
    yield from _new_page(_instructor_lab, _lab_and_browser[1])

"""Start JupyterLab for the course: ``make lab`` for learners, ``make lab-instructor``.

Learners work on their own copies of the lessons, in the git-ignored folder ``workspace/``:
the first start copies every lesson ``course/NN_*.ipynb`` there, later starts copy only
lessons that are new (an updated course never overwrites a learner's copy), and JupyterLab
opens on the copy of lesson 00. Guides the lessons link to (``GLOSSARY.md``) are linked into
the workspace, so that they are always the current version.

The learner's JupyterLab has nbgrader's instructor parts switched off (the settings in
``jupyter-config/learner/``, installed into the environment by ``make install`` and Binder's
``postBuild``); ``--instructor`` switches them back on (``jupyter-config/instructor/``) and
runs from ``assignments/``, the nbgrader course root, so that nbgrader finds its settings.

JupyterLab is started with a token (``TOKEN``, or a random one) and, once it answers, one
address is printed that works when pasted into a browser.

Usage: ``python tools/lab.py [--instructor] [--port N] [--open yes|no]`` (the token is
taken from the environment variable ``JUPYTER_TOKEN``, as Jupyter does);
``python tools/lab.py fill`` only fills the workspace (Binder's ``postBuild`` runs it).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
WORKSPACE = ROOT / "workspace"
LEARNER_START = "workspace/00_start_here.ipynb"
INSTRUCTOR_START = "course/INSTRUCTORS.md"
INSTRUCTOR_CONFIG = ROOT / "jupyter-config" / "instructor"
PORTS_TO_TRY = 20
READY_TIMEOUT_S = 120
# A relative link in a lesson's Markdown, e.g. [glossary](GLOSSARY.md).
_LOCAL_LINK = re.compile(r"\]\(([\w.-]+)\)")


def lessons(course: Path) -> list[Path]:
    """Return the lesson notebooks ``course/NN_*.ipynb``, in course order."""
    return sorted(course.glob("[0-9][0-9]_*.ipynb"))


def linked_guides(course: Path) -> list[Path]:
    """Return the files in ``course`` (not notebooks) that a lesson links to by a relative link."""
    names = {name for lesson in lessons(course)
             for name in _LOCAL_LINK.findall(lesson.read_text(encoding="utf-8"))}
    return sorted(course / name for name in names
                  if not name.endswith(".ipynb") and (course / name).is_file())


def fill_workspace(course: Path = COURSE, workspace: Path = WORKSPACE) -> list[str]:
    """Copy into ``workspace`` every lesson it does not have yet; return the names copied.

    A lesson already in ``workspace`` is the learner's own and is never touched. Guides the
    lessons link to are linked (symbolic links, so always current), or copied where links
    cannot be made.
    """
    if not course.is_dir():
        raise ValueError(f"no course folder at {course}: run this from a clone of the course")
    workspace.mkdir(exist_ok=True)
    copied = []
    for lesson in lessons(course):
        target = workspace / lesson.name
        if not target.exists():
            shutil.copy2(lesson, target)
            copied.append(lesson.name)
    for guide in linked_guides(course):
        target = workspace / guide.name
        if target.is_symlink() or target.exists():
            continue
        try:
            target.symlink_to(os.path.relpath(guide, workspace))
        except OSError:
            shutil.copy2(guide, target)
    return copied


def port_is_free(port: int) -> bool:
    """Say whether nothing listens on ``port`` on 127.0.0.1."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def choose_port(wanted: int) -> int:
    """Return ``wanted`` if it is free, else the next free port after it."""
    if not 1 <= wanted <= 65535 - PORTS_TO_TRY:
        raise ValueError(f"PORT must be a number from 1 to {65535 - PORTS_TO_TRY}, not {wanted}")
    for port in range(wanted, wanted + PORTS_TO_TRY):
        if port_is_free(port):
            return port
    raise ValueError(f"ports {wanted} to {wanted + PORTS_TO_TRY - 1} are all in use: "
                     "choose another with PORT=...")


def lab_address(port: int, token: str, start_page: str) -> str:
    """Return the address that opens ``start_page`` in the lab, logged in with ``token``."""
    return f"http://127.0.0.1:{port}/lab/tree/{start_page}?token={quote(token, safe='')}"


def lab_arguments(port: int, start_page: str, open_browser: bool) -> list[str]:
    """Return the ``jupyter lab`` options the course uses (the token is passed separately)."""
    arguments = [
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={ROOT}", f"--LabApp.default_url=/lab/tree/{start_page}",
        "--LabApp.news_url=None",
        # Warnings at every start ("not trusted") are nothing a learner can act on.
        "--log-level=ERROR", "--LabApp.log_level=ERROR",
        # the editable install's *.egg-info and Python's caches are not for learners
        *(f"--ContentsManager.hide_globs={glob}" for glob in
          ("__pycache__", "*.pyc", "*.egg-info")),
    ]
    if not open_browser:
        arguments.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        arguments.append("--allow-root")  # JupyterLab refuses to run as root unless told it may
    return arguments


def answers(port: int, token: str) -> bool:
    """Say whether a Jupyter server on ``port`` answers its status request with ``token``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/api/status", headers={"Authorization": f"token {token}"})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def start(port: int, token: str, open_browser: bool, instructor: bool) -> int:
    """Start JupyterLab, print its address once it answers, and wait; return its exit code."""
    environment = {**os.environ, "JUPYTER_TOKEN": token}
    if instructor:
        start_page, folder = INSTRUCTOR_START, ROOT / "assignments"
        environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
            filter(None, [str(INSTRUCTOR_CONFIG), os.environ.get("JUPYTER_CONFIG_PATH")]))
    else:
        copied = fill_workspace()
        if copied:
            lessons = "1 lesson" if len(copied) == 1 else f"{len(copied)} lessons"
            print(f"Copied {lessons} into workspace/, where your work is saved: "
                  + ", ".join(copied))
        start_page, folder = LEARNER_START, ROOT
    jupyter = Path(sys.executable).with_name("jupyter")
    process = subprocess.Popen([str(jupyter), "lab", *lab_arguments(port, start_page,
                                                                    open_browser)],
                               cwd=folder, env=environment)
    # Ctrl-C goes to JupyterLab, which asks whether to stop; this launcher waits for it.
    # Told to stop (make interrupted, a test's clean-up), it stops JupyterLab too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    deadline = time.monotonic() + READY_TIMEOUT_S
    while process.poll() is None and time.monotonic() < deadline:
        if answers(port, token):
            kind = "instructor's JupyterLab (nbgrader)" if instructor else "JupyterLab"
            print(f"\nThe course's {kind} is ready. If no browser opened, paste this address "
                  f"into one:\n\n    {lab_address(port, token, start_page)}\n\n"
                  "Stop it with Ctrl-C twice.", flush=True)
            break
        time.sleep(0.25)
    return process.wait()


def main(argv: list[str] | None = None) -> int:
    """Fill the workspace, or start the learner's or the instructor's JupyterLab."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", nargs="?", choices=["start", "fill"], default="start")
    parser.add_argument("--instructor", action="store_true",
                        help="nbgrader's instructor tools on, opening on the instructor guide")
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--open", choices=["yes", "no"], default="yes",
                        help="open a browser (default yes)")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # each message shows at once, even in a log
    try:
        if args.action == "fill":
            copied = fill_workspace()
            lessons = "1 lesson" if len(copied) == 1 else f"{len(copied)} lessons"
            print(f"workspace/: {lessons} copied" + (": " + ", ".join(copied) if copied else ""))
            return 0
        port = choose_port(args.port)
    except ValueError as error:
        parser.exit(2, f"{parser.prog}: {error}\n")
    if port != args.port:
        print(f"Port {args.port} is in use; using {port}.")
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(16)
    return start(port, token, args.open == "yes", args.instructor)


if __name__ == "__main__":
    sys.exit(main())

"""What the README promises, done on a fresh clone: `make lab`, work saved, `git pull`, instructors.

The clone is of this repository's HEAD (commit before running). Set-up is the real one
(`make lab` creates .venv and installs with uv), made fast by reusing the uv and pip
download caches of the user running the tests; a new machine downloads the packages once.
"""

import http.client
import json
import os
import pwd
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT

START_PAGE = "/lab/tree/workspace/00_start_here.ipynb"
MY_NOTE = "My answer: five more people in 100, and I would want the clinic to say so."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port, path, token=None, method="GET", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"token {token}"} if token else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def disabled_extensions(port: int, token: str) -> list[str]:
    page = get(port, "/lab", token)[2]
    config = re.search(rb'id="jupyter-config-data"[^>]*>\s*(\{.*?\})\s*</script>', page, re.S)
    return json.loads(config.group(1))["disabledExtensions"]


def learners_environment() -> dict[str, str]:
    """A learner's shell: the system's Python first on PATH, the user's download caches."""
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    venv_bin = str(ROOT / ".venv" / "bin")
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    return {**os.environ, "PATH": path,
            "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(home / ".cache" / "uv")),
            "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(home / ".cache" / "pip"))}


@dataclass
class Lab:
    port: int
    process: subprocess.Popen
    log: Path
    seconds_to_answer: float = 0.0

    def output(self) -> str:
        return self.log.read_text()

    def printed_address(self) -> str:
        (address,) = re.findall(r"http://127\.0\.0\.1:\d+\S*", self.output())
        return address

    def token(self) -> str:
        return self.printed_address().split("?token=", 1)[1]

    def stop(self) -> None:
        try:
            if self.process.poll() is None:
                get(self.port, "/api/shutdown", self.token(), method="POST")
                self.process.wait(timeout=30)
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start(clone: Path, target: str, *options: str, timeout: float = 240) -> Lab:
    """Run `make <target> OPEN=no ...` in ``clone``; return once it has printed its address."""
    port = free_port()
    log = clone.parent / f"{target}.log"
    started = time.monotonic()
    process = subprocess.Popen(
        ["make", "--no-print-directory", target, f"PORT={port}", "OPEN=no", *options],
        cwd=clone, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        env=learners_environment())
    lab = Lab(port, process, log)
    while "?token=" not in lab.output():
        if process.poll() is not None or time.monotonic() - started > timeout:
            lab.stop()
            pytest.fail(f"`make {target}` did not start JupyterLab:\n{lab.output()[-3000:]}")
        time.sleep(0.25)
    lab.seconds_to_answer = time.monotonic() - started
    return lab


def git(folder: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *arguments], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def clones(tmp_path_factory):
    """The course's repository (a clone of HEAD) and a learner's clone of it, with make lab."""
    folder = tmp_path_factory.mktemp("fresh-clone")
    upstream, learner = folder / "upstream", folder / "learner"
    git(folder, "clone", "--quiet", str(ROOT), str(upstream))
    git(upstream, "config", "user.email", "course@example.org")
    git(upstream, "config", "user.name", "Course author")
    git(folder, "clone", "--quiet", str(upstream), str(learner))
    lab = start(learner, "lab")
    yield upstream, learner, lab
    lab.stop()


def test_make_lab_on_a_fresh_clone_answers_and_prints_a_working_address(clones):
    _, learner, lab = clones
    assert get(lab.port, "/api/status", lab.token())[0] == 200
    status, _, page = get(lab.port, lab.printed_address().split(str(lab.port), 1)[1])
    assert status == 200 and b"JupyterLab" in page, "the printed address, pasted, opens the lab"
    assert (learner / ".venv" / "bin" / "uv").is_file(), "set-up should install with uv"
    print(f"fresh clone to JupyterLab answering: {lab.seconds_to_answer:.1f} s")


def test_the_start_page_is_the_learners_copy_of_lesson_00(clones):
    _, learner, lab = clones
    status, headers, _ = get(lab.port, "/", lab.token())
    assert status in (301, 302) and headers["Location"].rstrip("?").endswith(START_PAGE)
    assert lab.printed_address().startswith(f"http://127.0.0.1:{lab.port}{START_PAGE}?token=")
    copies = sorted(path.name for path in (learner / "workspace").glob("*.ipynb"))
    assert copies == sorted(path.name for path in (learner / "course").glob("[0-9][0-9]_*.ipynb"))
    assert git(learner, "status", "--porcelain") == "", "workspace/ must be git-ignored"


def test_set_up_and_start_print_nothing_a_learner_cannot_act_on(clones):
    output = clones[2].output()
    for noise in ("labextension lock", "nbgrader_config.py", "WARNING", "Warning", "[W ",
                  "Traceback", "?token=..."):
        assert noise not in output, f"{noise!r} in the output of make lab:\n{output}"


def test_the_learners_lab_has_no_nbgrader_instructor_parts(clones):
    lab = clones[2]
    assert "@jupyter/nbgrader" in disabled_extensions(lab.port, lab.token())
    for path in ("/formgrader", "/assignments", "/courses"):
        assert get(lab.port, path, lab.token())[0] == 404, path


def test_a_saved_lesson_survives_git_pull_of_a_course_change(clones):
    upstream, learner, lab = clones
    # The learner writes in their copy of lesson 00 and saves it (as JupyterLab does).
    path = "/api/contents/workspace/00_start_here.ipynb"
    model = json.loads(get(lab.port, path, lab.token())[2])
    model["content"]["cells"].append(nbformat.v4.new_markdown_cell(MY_NOTE))
    body = json.dumps({"type": "notebook", "format": "json", "content": model["content"]})
    assert get(lab.port, path, lab.token(), method="PUT", body=body)[0] == 200
    # The course changes lesson 00 and adds a lesson.
    lesson = upstream / "course" / "00_start_here.ipynb"
    lesson.write_text(lesson.read_text().replace("Welcome.", "Welcome, and welcome back."))
    new_lesson = upstream / "course" / "07_new_lesson.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# New")]),
                   new_lesson)
    git(upstream, "add", "course")
    git(upstream, "commit", "--quiet", "-m", "Course update")
    # The learner updates the course as the README says, and starts the lab again.
    git(learner, "pull", "--quiet")
    assert "welcome back" in (learner / "course" / "00_start_here.ipynb").read_text()
    mine = nbformat.read(learner / "workspace" / "00_start_here.ipynb", as_version=4)
    assert mine.cells[-1].source == MY_NOTE
    assert "welcome back" not in json.dumps(mine)
    fill = subprocess.run([str(learner / ".venv" / "bin" / "python"), "tools/lab.py", "fill"],
                          cwd=learner, capture_output=True, text=True, check=True)
    assert "07_new_lesson.ipynb" in fill.stdout
    assert (learner / "workspace" / "07_new_lesson.ipynb").is_file()
    assert nbformat.read(learner / "workspace" / "00_start_here.ipynb",
                         as_version=4).cells[-1].source == MY_NOTE


def test_instructors_get_nbgrader_with_one_command(clones):
    _, learner, _ = clones
    lab = start(learner, "lab-instructor", "TOKEN=instructor-token")
    try:
        assert lab.token() == "instructor-token"
        status, headers, _ = get(lab.port, "/formgrader", lab.token())
        assert status == 302 and "manage_assignments" in headers["Location"]
        assert "@jupyter/nbgrader" not in disabled_extensions(lab.port, lab.token())
        output = lab.output()
        assert "nbgrader_config.py" not in output and "Traceback" not in output, output
    finally:
        lab.stop()

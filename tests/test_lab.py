"""`make lab` serves the course: started exactly as the README says, on a free port."""

import http.client
import json
import os
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from helpers import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, method, path, token=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"token {token}"} if token else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


@pytest.fixture(scope="module")
def lab():
    port, token = free_port(), uuid.uuid4().hex
    log = open(Path(os.environ["KETAMINE_COURSE_SANDBOX"]) / "lab.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}", f"TOKEN={token}", "OPEN=no"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            if request(port, "GET", "/api/status", token)[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"`make lab` did not start a server:\n{log.read()[-3000:]}")
        time.sleep(0.5)
    yield port, token, process
    try:
        if process.poll() is None:
            request(port, "POST", "/api/shutdown", token)
            process.wait(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_serves_the_start_notebook_over_the_rest_api(lab):
    port, token, _ = lab
    status, _, body = request(port, "GET", "/api/contents/course/00_start_here.ipynb", token)
    assert status == 200
    model = json.loads(body)
    assert model["type"] == "notebook"
    assert model["content"]["cells"][0]["source"].startswith("# Start here")


def test_refuses_requests_without_the_token(lab):
    port, _, _ = lab
    status, _, _ = request(port, "GET", "/api/contents/course/00_start_here.ipynb")
    assert status in (401, 403)


def test_opens_on_the_start_notebook(lab):
    port, token, _ = lab
    status, headers, _ = request(port, "GET", "/", token)
    assert status in (301, 302)
    assert headers["Location"].rstrip("?").endswith("/lab/tree/course/00_start_here.ipynb")
    status, _, page = request(port, "GET", "/lab/tree/course/00_start_here.ipynb", token)
    assert status == 200 and b"JupyterLab" in page


def test_binds_to_localhost_and_serves_the_clone(lab):
    port = lab[0]
    runtime = Path(os.environ["JUPYTER_RUNTIME_DIR"])
    servers = [json.loads(p.read_text()) for p in runtime.glob("jpserver-*.json")]
    server = next(s for s in servers if s["port"] == port)
    assert server["hostname"] == "127.0.0.1"
    assert Path(server["root_dir"]).resolve() == ROOT.resolve()


def test_shutdown_stops_make_lab(lab):
    port, token, process = lab
    request(port, "POST", "/api/shutdown", token)
    assert process.wait(timeout=30) == 0

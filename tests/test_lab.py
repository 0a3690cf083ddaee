"""`make lab` serves the course: started exactly as the README says, on a free port.

It serves the learner's JupyterLab: the learner's copies of the lessons in workspace/, no
nbgrader instructor parts, Markdown rendered, no widget views saved, one working address.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import time
import uuid
from pathlib import Path

import nbformat
import pytest
from helpers import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port, method, path, token=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": f"token {token}"} if token else {}
    connection.request(method, path, headers=headers, body=body)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def log_path() -> Path:
    return Path(os.environ["KETAMINE_COURSE_SANDBOX"]) / "lab.log"


def log_text() -> str:
    return log_path().read_text()


@pytest.fixture(scope="module")
def lab():
    port, token = free_port(), uuid.uuid4().hex
    log = open(log_path(), "w+")  # noqa: SIM115
    process = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}", f"TOKEN={token}", "OPEN=no"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            if request(port, "GET", "/api/status", token)[0] == 200 and "?token=" in log_text():
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


def test_opens_on_the_learners_copy_of_the_start_notebook(lab):
    port, token, _ = lab
    status, headers, _ = request(port, "GET", "/", token)
    assert status in (301, 302)
    assert headers["Location"].rstrip("?").endswith("/lab/tree/workspace/00_start_here.ipynb")
    status, _, page = request(port, "GET", "/lab/tree/workspace/00_start_here.ipynb", token)
    assert status == 200 and b"JupyterLab" in page
    status, _, body = request(port, "GET", "/api/contents/workspace/00_start_here.ipynb", token)
    assert status == 200
    assert json.loads(body)["content"]["cells"][0]["source"].startswith("# Start here")


def test_prints_one_address_that_opens_the_lab_when_pasted(lab):
    port, token, _ = lab
    text = log_text()
    addresses = re.findall(r"http://\S+", text)
    assert addresses == [f"http://127.0.0.1:{port}/lab/tree/workspace/00_start_here.ipynb"
                         f"?token={token}"], text
    status, _, page = request(port, "GET", addresses[0].split(str(port), 1)[1])  # no header
    assert status == 200 and b"JupyterLab" in page


def test_start_says_nothing_a_learner_cannot_act_on(lab):
    text = log_text()
    for noise in ("nbgrader_config.py", "labextension lock", "Warning", "WARNING", "[W ",
                  "Traceback", "?token=..."):
        assert noise not in text, f"{noise!r} in the output of make lab:\n{text}"


def test_a_lesson_kernel_runs_code_and_prints_no_warning(lab):
    websocket = pytest.importorskip("websocket")  # websocket-client, a jupyter_server dependency
    port, token, _ = lab
    status, _, body = request(port, "POST", "/api/kernels", token, '{"name": "python3"}')
    kernel = json.loads(body)["id"]
    try:
        channel = websocket.create_connection(
            f"ws://127.0.0.1:{port}/api/kernels/{kernel}/channels?token={token}", timeout=90)
        msg_id = uuid.uuid4().hex
        channel.send(json.dumps({
            "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": "print(6 * 7)", "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False}}))
        while True:
            message = json.loads(channel.recv())
            if (message["msg_type"] == "stream"
                    and message["parent_header"].get("msg_id") == msg_id):
                break
        channel.close()
        assert message["content"]["text"] == "42\n"
    finally:
        request(port, "DELETE", f"/api/kernels/{kernel}", token)
    # unencrypted, every kernel would print "Kernel is running over TCP without encryption"
    assert "WARNING" not in log_text() and "encryption" not in log_text(), log_text()


def test_learners_lab_has_no_nbgrader_instructor_parts(lab):
    port, token, _ = lab
    _, _, page = request(port, "GET", "/lab", token)
    config = json.loads(re.search(rb'id="jupyter-config-data"[^>]*>\s*(\{.*?\})\s*</script>', page,
                                  re.S).group(1))
    assert "@jupyter/nbgrader" in config["disabledExtensions"]
    for path in ("/formgrader", "/assignments", "/courses", "/assignments/validate"):
        assert request(port, "GET", path, token)[0] == 404, path


def test_markdown_opens_rendered_and_widget_state_is_not_saved(lab):
    port, token, _ = lab

    def setting(plugin, name):
        status, _, body = request(port, "GET", f"/lab/api/settings/{plugin}", token)
        assert status == 200, plugin
        # the course's overrides replace the defaults in the schema the lab is given
        return json.loads(body)["schema"]["properties"][name]["default"]

    viewers = setting("@jupyterlab/docmanager-extension:plugin", "defaultViewers")
    assert viewers["markdown"] == "Markdown Preview"
    assert setting("@jupyter-widgets/jupyterlab-manager:plugin", "saveState") is False


def test_a_saved_notebook_keeps_no_widget_views(lab):
    port, token, _ = lab
    path = f"workspace/saved-{uuid.uuid4().hex[:8]}.ipynb"
    outputs = [
        {"output_type": "display_data", "metadata": {},
         "data": {"text/plain": "VBox()", WIDGET_VIEW: {"model_id": "abc", "version_major": 2,
                                                         "version_minor": 0}}},
        {"output_type": "stream", "name": "stdout", "text": "kept\n"},
    ]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "c1", "metadata": {}, "source": "w", "execution_count": 1,
         "outputs": outputs}]}
    body = json.dumps({"type": "notebook", "format": "json", "content": notebook})
    assert request(port, "PUT", f"/api/contents/{path}", token, body)[0] in (200, 201)
    try:
        saved = nbformat.read(ROOT / path, as_version=4)
        assert [output.output_type for output in saved.cells[0].outputs] == ["stream"]
        assert saved.cells[0].outputs[0].text == "kept\n"
    finally:
        request(port, "DELETE", f"/api/contents/{path}", token)


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


# tools/lab.py on its own (no server)
def load_lab_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("lab_tool", ROOT / "tools" / "lab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fill_workspace_copies_new_lessons_and_never_overwrites_the_learners(tmp_path):
    tool = load_lab_tool()
    course, workspace = tmp_path / "course", tmp_path / "workspace"
    course.mkdir()
    (course / "GLOSSARY.md").write_text("# Glossary\n")
    (course / "00_start.ipynb").write_text('{"source": "see the [glossary](GLOSSARY.md)"}')
    (course / "notes.ipynb").write_text("{}")  # not a lesson: no NN_ prefix
    assert tool.fill_workspace(course, workspace) == ["00_start.ipynb"]
    assert (workspace / "GLOSSARY.md").read_text() == "# Glossary\n"
    (workspace / "00_start.ipynb").write_text("the learner's own work")
    (course / "00_start.ipynb").write_text('{"source": "updated by the course"}')
    (course / "01_next.ipynb").write_text("{}")
    assert tool.fill_workspace(course, workspace) == ["01_next.ipynb"]
    assert (workspace / "00_start.ipynb").read_text() == "the learner's own work"
    assert sorted(p.name for p in workspace.iterdir()) == ["00_start.ipynb", "01_next.ipynb",
                                                            "GLOSSARY.md"]


def test_fill_workspace_refuses_a_missing_course_folder(tmp_path):
    with pytest.raises(ValueError, match="no course folder"):
        load_lab_tool().fill_workspace(tmp_path / "nowhere", tmp_path / "workspace")


@pytest.mark.parametrize("port", [0, -1, 70000])
def test_a_port_out_of_range_is_refused_with_the_allowed_range(port):
    with pytest.raises(ValueError, match="PORT must be a number from 1 to"):
        load_lab_tool().choose_port(port)


def test_a_busy_port_is_skipped():
    tool = load_lab_tool()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert tool.choose_port(port) > port

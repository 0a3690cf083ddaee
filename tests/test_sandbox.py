"""Tests and their kernels run in this venv and write nothing into the real home folder."""

import json
import os
import sys
from pathlib import Path

from jupyter_client.manager import start_new_kernel

PROBE = """
import json, sys, IPython.paths, matplotlib, ketamine_course
print(json.dumps({"prefix": sys.prefix, "ipython": IPython.paths.get_ipython_dir(),
                  "matplotlib": matplotlib.get_configdir(), "package": ketamine_course.__file__}))
"""


def test_environment_points_into_the_sandbox():
    sandbox = Path(os.environ["KETAMINE_COURSE_SANDBOX"])
    variables = ("HOME", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR")
    for variable in variables:
        assert Path(os.environ[variable]).is_relative_to(sandbox), variable


def test_kernel_runs_in_this_venv_and_writes_into_the_sandbox():
    sandbox = Path(os.environ["KETAMINE_COURSE_SANDBOX"])
    manager, client = start_new_kernel(kernel_name="python3")
    lines = []
    try:
        client.execute_interactive(
            PROBE, timeout=60,
            output_hook=lambda msg: lines.append(msg["content"].get("text", "")),
        )
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    found = json.loads("".join(lines))
    assert found["prefix"] == sys.prefix
    assert Path(found["ipython"]).is_relative_to(sandbox)
    assert Path(found["matplotlib"]).is_relative_to(sandbox)
    assert "course/ketamine_course" in found["package"]

"""Test-wide set-up: keep Jupyter, IPython and matplotlib out of the real home folder.

Every test, and every kernel that nbval or a test starts, sees a throwaway home
and Jupyter/IPython/matplotlib folders, and finds this venv's programs first
on PATH (kernels start as ``python``; nbgrader calls ``alembic`` by name).
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

SANDBOX_VARIABLES = {
    "HOME": "home",
    "JUPYTER_CONFIG_DIR": "jupyter/config",
    "JUPYTER_DATA_DIR": "jupyter/data",
    "JUPYTER_RUNTIME_DIR": "jupyter/runtime",
    "IPYTHONDIR": "ipython",
    "MPLCONFIGDIR": "matplotlib",
    "XDG_CACHE_HOME": "cache",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "share",
}


def pytest_configure(config):
    sandbox = Path(tempfile.mkdtemp(prefix="ketamine-course-tests-"))
    config._course_sandbox = sandbox
    for variable, folder in SANDBOX_VARIABLES.items():
        path = sandbox / folder
        path.mkdir(parents=True, exist_ok=True)
        os.environ[variable] = str(path)
    os.environ["KETAMINE_COURSE_SANDBOX"] = str(sandbox)
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    venv_bin = str(Path(sys.executable).parent)
    os.environ["PATH"] = venv_bin + os.pathsep + os.environ.get("PATH", "")


def pytest_unconfigure(config):
    sandbox = getattr(config, "_course_sandbox", None)
    if sandbox is not None:
        shutil.rmtree(sandbox, ignore_errors=True)

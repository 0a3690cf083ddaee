"""The code is ruff-clean (the style guide's rules, configured in pyproject.toml)."""

import shutil
import subprocess

from helpers import ROOT


def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    assert ruff, "ruff is a test dependency: run `make test`, which installs it"
    result = subprocess.run(
        [ruff, "check", "--no-cache", "course", "tests", "tools", "conftest.py"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr

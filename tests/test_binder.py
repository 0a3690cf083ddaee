"""Binder: repo2docker builds the course from the top-level environment.yml and postBuild.

`repo2docker --no-build --debug` prints the Dockerfile it would build without
building it, and needs no Docker engine (here it is pointed at a socket that
does not exist, to make sure).
"""

import os
import re
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
from helpers import ROOT


@pytest.fixture(scope="module")
def build_plan():
    result = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--no-run", "--debug", str(ROOT)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DOCKER_HOST": "unix:///nonexistent/docker.sock"},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout + result.stderr


def test_repo2docker_picks_the_conda_buildpack_for_python_3_11(build_plan):
    assert "Building conda environment for python=3.11" in build_plan


def test_the_environment_is_installed_from_environment_yml(build_plan):
    assert re.search(r"COPY [^\n]*src/environment\.yml \$\{REPO_DIR\}/environment\.yml", build_plan)
    assert re.search(r'env update -p \$\{NB_PYTHON_PREFIX\} --file "environment\.yml"', build_plan)
    for other in ("requirements.txt", "install.R", "apt.txt", "Project.toml", "setup.py"):
        assert other not in build_plan, f"repo2docker would also use {other}"


def test_postbuild_runs_after_the_repository_is_copied(build_plan):
    copy = build_plan.index("src/ ${REPO_DIR}/")
    post_build = build_plan.index("RUN ./postBuild")
    environment = build_plan.index('--file "environment.yml"')
    assert environment < copy < post_build, (
        "the environment should be installed before the course is copied (so that editing a "
        "lesson does not rebuild it), and postBuild should run after")


def test_readme_badge_opens_jupyterlab_on_the_learners_copy_of_the_start_notebook():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\((https://mybinder\.org/v2/gh/[^)]+)\)", readme)
    assert links, "README needs a mybinder.org link"
    for link in links:
        url = urlparse(link)
        assert re.fullmatch(r"/v2/gh/[\w.-]+/[\w.-]+/[\w.-]+", url.path), link
        (target,) = parse_qs(url.query)["urlpath"]
        assert target.startswith("lab/tree/"), "open JupyterLab, not the classic notebook"
        # postBuild fills workspace/ from course/, as make lab does
        assert target == "lab/tree/workspace/00_start_here.ipynb"
        assert (ROOT / "course" / target.rsplit("/", 1)[1]).is_file(), target


def test_postbuild_sets_up_the_same_learners_lab_as_make_lab():
    post_build = (ROOT / "postBuild").read_text()
    makefile = (ROOT / "Makefile").read_text()
    copy_settings = "cp -R jupyter-config/learner/. "
    assert copy_settings + "\"$(python -c 'import sys; print(sys.prefix)')/\"" in post_build
    assert copy_settings + '"$(VENV)/"' in makefile
    assert "python tools/lab.py fill" in post_build.splitlines()
    assert post_build.index("pip install") < post_build.index(copy_settings)


def test_start_notebook_says_binder_is_temporary_and_how_work_is_handed_in():
    text = (ROOT / "course" / "00_start_here.ipynb").read_text()
    for phrase in ("Binder", "Download", "nothing is kept", "Submit", "nbgrader"):
        assert phrase in text, phrase

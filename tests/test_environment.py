"""The pip pins (pyproject.toml) and Binder's environment (environment.yml) agree."""

import re
import tomllib

import yaml
from helpers import ROOT

DESIGN_PACKAGES = {
    "jupyterlab", "nbgrader", "ipywidgets", "matplotlib", "pandas", "pytest", "nbval",
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=~!\[ ;]", requirement, maxsplit=1)[0].lower()


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def binder_pip_requirements() -> list[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_sections = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert len(pip_sections) == 1, "environment.yml should have exactly one pip: section"
    return pip_sections[0]


def test_runtime_pins_match_binder_environment():
    pins = sorted(pyproject()["project"]["dependencies"])
    assert pins == sorted(binder_pip_requirements()), (
        "environment.yml's pip list must repeat pyproject.toml's dependencies exactly"
    )


def test_runtime_dependencies_are_the_design_packages_pinned_to_compatible_ranges():
    pins = pyproject()["project"]["dependencies"]
    assert {_name(pin) for pin in pins} == DESIGN_PACKAGES
    for pin in pins:
        assert re.fullmatch(r"[a-z]+~=\d+\.\d+\.\d+", pin), f"{pin}: pin as name~=X.Y.Z"
    versions = {_name(pin): pin.split("~=")[1] for pin in pins}
    assert versions["jupyterlab"].startswith("4.")
    assert versions["nbgrader"].startswith("0.9.")
    assert versions["ipywidgets"].startswith("8.")


def test_every_dependency_line_says_why():
    text = (ROOT / "pyproject.toml").read_text()
    for line in text.splitlines():
        if re.match(r'\s+"[a-z-]+[~=<>]', line):
            assert "#" in line, f"dependency without a reason in a comment: {line.strip()}"


def test_binder_python_satisfies_requires_python():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pythons = [
        d for d in environment["dependencies"] if isinstance(d, str) and d.startswith("python")
    ]
    assert pythons == ["python=3.11"]
    assert pyproject()["project"]["requires-python"] == ">=3.11"


def test_binder_layout():
    assert not (ROOT / "binder").exists(), "binder/ would make repo2docker ignore the top level"
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps --editable ." in post_build

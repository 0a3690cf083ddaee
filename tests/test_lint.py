"""`make lint` is clean: ruff and codespell, as configured in pyproject.toml."""

import shutil
import subprocess

from helpers import ROOT


def test_make_lint_is_clean():
    result = subprocess.run(["make", "--no-print-directory", "lint"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_lint_covers_the_assignment_sources_and_spelling():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "assignments/source" in makefile.split("LINT_PATHS :=")[1].splitlines()[0]
    assert "codespell" in makefile.split("\nlint:")[1]


def test_the_spell_check_finds_a_misspelling(tmp_path):
    codespell = shutil.which("codespell")
    assert codespell, "codespell is a test dependency: run `make test`, which installs it"
    misspelt = "rec" + "ieve"  # spelt out whole, this file would fail the check itself
    (tmp_path / "lesson.md").write_text(f"Patients {misspelt} the infusion.\n", encoding="utf-8")
    result = subprocess.run([codespell, str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and misspelt in result.stdout

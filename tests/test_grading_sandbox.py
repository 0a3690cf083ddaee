"""Autograding that a hostile submission cannot escape (issue 18), in both grading modes.

One class of a1 is handed in: honest and blank students, ids as an LMS writes them, and one
student per kind of attack, each attack built here as cells added to a notebook. The class is
graded twice through the instructor's command, once with plain nbgrader (jobs=1) and once in
parallel (jobs=2), each in its own copy of the course root; then feedback and grades.csv are
made. The tests read what came out: every hostile student scores only what its honest work
earns, classmates are graded right, and nothing outside the sandbox changed.
"""

import copy
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import sysconfig
import tempfile
import uuid
from pathlib import Path

import grading_cases as cases
import ketamine_course
import nbformat
import pytest
from helpers import ROOT
from ketamine_course.grading.instructor import commands as instructor
from ketamine_course.grading.instructor import exports, gradebooks, sandbox, students
from nbformat.v4 import new_code_cell, new_markdown_cell

# Skipped on a machine without bubblewrap, except on CI, which installs it (.ci/run).
pytestmark = pytest.mark.skipif(not Path(sandbox.BWRAP).is_file() and not os.environ.get("CI"),
                                reason="needs bubblewrap (apt-get install bubblewrap)")

NAME = "a1_absolute_effects"
TIMEOUT = 6  # seconds per cell
LIMITS = sandbox.Limits(notebook_seconds=30, cell_output_kb=64, notebook_output_kb=256)
OPTIONS = [f"--Execute.timeout={TIMEOUT}"]
TOKEN = uuid.uuid4().hex[:12]  # names every file and process an attack could leave behind
CANARY = f"instructor-secret-{TOKEN}"
PACKAGE = Path(ketamine_course.__file__).resolve().parent
SITE = Path(sysconfig.get_paths()["purelib"])
#: Files an attack tries to create outside its sandbox (each named with TOKEN).
PLANTED = [PACKAGE / "grading" / f"pwned_{TOKEN}.py",
           PACKAGE / "grading" / "__pycache__" / f"pwned_{TOKEN}.cpython-311.pyc",
           SITE / f"zz_pwned_{TOKEN}.pth",
           Path.home() / ".ipython" / "profile_default" / "startup" / f"00-{TOKEN}.py"]
ODD_IDS = {"zoë": "", "jane doe": "space", "*": "contains *", "-x": "starts with '-'",
           "=1+2": "starts with '='"}


def _cell(code: str):
    return new_code_cell(code)


def _attack(base, *cells):
    """Return ``base`` with the attack cells added right after the first cell."""
    notebook = copy.deepcopy(base)
    notebook.cells[1:1] = [c if not isinstance(c, str) else _cell(c) for c in cells]
    return notebook


def _reader(root: Path) -> str:
    """Reads the answers, the gradebook, a classmate and the instructor's environment."""
    targets = [root / "source" / NAME / f"{NAME}.ipynb", root / "gradebook.db",
               root / "submitted" / "honest" / NAME / f"{NAME}.ipynb",
               ROOT / "assignments" / "source" / NAME / f"{NAME}.ipynb", ROOT / ".git" / "HEAD",
               Path.home() / ".bash_history", Path("/etc/shadow")]
    return (f"import os, json\nfor path in {[str(t) for t in targets]!r} + ['../../../source']:\n"
            "    try:\n        open(path, 'rb').read(10)\n        print('LEAKED', path)\n"
            "    except OSError:\n        pass\n"
            "print('ENVIRONMENT', dict(os.environ))\n"
            "for folder in ('/work', '/root', '/tmp', '..', '../..'):\n"
            "    try:\n        print('SEEN', folder, sorted(os.listdir(folder))[:20])\n"
            "    except OSError:\n        pass\n")


def _vandal(root: Path) -> str:
    """Writes to the gradebook, the course, the venv, the home and classmates' files."""
    appends = [root / "nbgrader_config.py", root / "submitted" / "honest" / NAME / f"{NAME}.ipynb",
               root / "autograded" / "honest" / NAME / f"{NAME}.ipynb",
               root / "source" / NAME / "ketamine_course" / "__init__.py", *PLANTED]
    return ("import os, sqlite3\n"
            f"try:\n    db = sqlite3.connect({str(root / 'gradebook.db')!r})\n"
            "    db.execute('UPDATE grade SET manual_score = 99')\n"
            "    db.execute(\"UPDATE source_cell SET source = 'pass'\")\n    db.commit()\n"
            "    print('WROTE gradebook')\nexcept Exception:\n    pass\n"
            f"for path in {[str(p) for p in appends]!r}:\n"
            "    try:\n"  # no makedirs: a new folder would only be in the sandbox's own /tmp
            "        with open(path, 'a') as handle:\n"
            "            handle.write('\\nimport builtins  # always pass\\n')\n"
            "        print('WROTE', path)\n    except OSError:\n        pass\n")


SHADOW_FILES = {"ketamine_course/__init__.py": "",
                "ketamine_course/grading/__init__.py": "",
                "ketamine_course/grading/checks.py": "def __getattr__(name):\n"
                                                     "    return lambda *a, **k: None\n"}

#: Pushes a folder of always-passing checks onto the package's import path, at run time.
PATH_PUSH = ("import os, sys\nos.makedirs('mine', exist_ok=True)\n"
             "open('mine/checks.py', 'w').write('def __getattr__(name):\\n"
             "    return lambda *a, **k: None\\n')\n"
             "import ketamine_course.grading as grading\n"
             "grading.__path__.insert(0, os.path.abspath('mine'))\n"
             "sys.path.insert(0, os.path.abspath('.'))\n"
             # What a test cell's hidden part does; done here too, because a test cell whose
             # visible check fails first (no answer) never reaches its reload.
             "import importlib\n"
             "try:\n    importlib.reload(sys.modules['ketamine_course.grading.checks'])\n"
             "except Exception as error:\n    print('RELOAD REFUSED:', error)\n")


def _killer(root: Path) -> str:
    """Kills its parent and any process working in the course root (classmates, nbgrader)."""
    return ("import os, signal\n"
            "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
            "    try:\n"
            f"        if os.readlink(f'/proc/{{pid}}/cwd').startswith({str(root)!r}):\n"
            "            os.kill(int(pid), signal.SIGKILL)\n"
            "    except OSError:\n        pass\n"
            "try:\n    os.kill(os.getppid(), signal.SIGKILL)\nexcept OSError:\n    pass\n")


SPAWNER = ("import subprocess\nfor _ in range(20):\n"
           "    subprocess.Popen(['/bin/sh', '-c', 'sleep 300; :', "
           f"'{TOKEN}-detached'], start_new_session=True, stdout=subprocess.DEVNULL, "
           "stderr=subprocess.DEVNULL)\nprint('spawned')\n")

HOG = ["try:\n    hog = bytearray(3 << 30)\n    print('GOT 3 GB')\nexcept MemoryError:\n"
       "    print('memory refused')\n",
       "with open('big.bin', 'wb') as handle:\n    handle.write(b'x' * (80 << 20))\n",
       "for _ in range(8):\n    print('x' * (1 << 20))\n"]

SLEEPER = [f"import time\ntime.sleep({TIMEOUT - 0.5})"] * 7  # each cell in time, not all

SCRIPTS = [new_markdown_cell('<script>document.title = "md-pwned"</script>\n'
                             '<img src="x" onerror="document.title=1">'),
           "from IPython.display import HTML, Javascript, display\n"
           "display(HTML('<script>document.title = \"out-pwned\"</script>'))\n"
           "display(Javascript('document.title = \"js-pwned\"'))\n"
           "display(HTML('<a href=\"javascript:alert(1)\">x</a>'))\n"]


def _class(root: Path, release, source) -> dict:
    """Return every student's notebook for one class (the attacks need the course's path).

    To keep grading time down, one "thief" (no answers of its own) tries every way to read or
    borrow the answers, and one "wrecker" (right answers) every way to do harm.
    """
    correct, blank = cases.correct(release, source), cases.untouched(release, source)
    return {
        "honest": correct, "blank": blank,
        **{student: correct for student in ODD_IDS},
        "thief": _attack(blank, _reader(root), PATH_PUSH),
        "wrecker": _attack(correct, _vandal(root), _killer(root), SPAWNER, *HOG, *SCRIPTS),
        "sleeper": _attack(correct, *SLEEPER),
    }


def _course(root: Path) -> None:
    """Make a course root with a1 generated, and hand in the hostile class."""
    release, source = cases.generated_course(root, NAME)
    for student, notebook in _class(root, release, source).items():
        path = root / "submitted" / student / NAME / f"{NAME}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)
    for name, text in SHADOW_FILES.items():
        shipped = root / "submitted" / "thief" / NAME / name
        shipped.parent.mkdir(parents=True, exist_ok=True)
        shipped.write_text(text)


def _digests(*paths: Path) -> dict:
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*")))]
    return {f: hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()}


def _processes(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _clean_up_escapes() -> None:
    """Remove whatever an attack managed to leave, so a failing run harms nothing later."""
    for path in PLANTED:
        path.unlink(missing_ok=True)
    for pid in _processes(f"{TOKEN}-detached"):
        os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module", autouse=True)
def _no_escape_outlives_the_tests():
    """Whatever happens in this file, remove anything an attack managed to leave."""
    yield
    _clean_up_escapes()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade the hostile class in each mode, then make feedback and grades for it."""
    folder = tmp_path_factory.mktemp("hostile")
    repository = _digests(PACKAGE, ROOT / "assignments" / "nbgrader_config.py")
    scratch_before = set(Path(tempfile.gettempdir()).glob("ketamine-sandbox-*"))
    old = os.environ.get("KETAMINE_CANARY")
    os.environ["KETAMINE_CANARY"] = CANARY
    results = {}
    try:
        for label, jobs in (("plain", 1), ("parallel", 2)):
            root = folder / label
            _course(root)
            before = _digests(root / "submitted", root / "source", root / "nbgrader_config.py")
            run = instructor.autograde_run(NAME, root, OPTIONS, jobs=jobs, limits=LIMITS)
            results[label] = {"root": root, "run": run, "before": before,
                              "left": _processes(f"{TOKEN}-detached"),
                              "reports": {r.student: r for r in run.reports}}
        # feedback and grades read the gradebook and autograded files, the same in both modes
        results["feedback"] = exports.generate_feedback(folder / "parallel", NAME)
        results["rows"] = exports.export_grades(folder / "parallel")
    finally:
        if old is None:
            os.environ.pop("KETAMINE_CANARY", None)
        else:
            os.environ["KETAMINE_CANARY"] = old
        planted = [path for path in PLANTED if path.exists()]
        _clean_up_escapes()
    results["planted"] = planted
    results["repository"] = (repository, _digests(PACKAGE,
                                                  ROOT / "assignments" / "nbgrader_config.py"))
    results["scratch"] = set(Path(tempfile.gettempdir()).glob("ketamine-sandbox-*")) - \
        scratch_before
    return results


MODES = ["plain", "parallel"]


def _full() -> float:
    source = nbformat.read(ROOT / "assignments" / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    return sum(float(c.metadata["nbgrader"]["points"]) for c in source.cells
               if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"
               and not c.metadata["nbgrader"].get("solution"))


def _autograded(run: dict, student: str) -> str:
    """Return everything the student's autograded notebook shows as output, as one text."""
    path = run["root"] / "autograded" / student / NAME / f"{NAME}.ipynb"
    shown = []
    for cell in json.loads(path.read_text())["cells"]:
        for output in cell.get("outputs", []):
            shown += [output.get("text", ""), output.get("evalue", ""),
                      json.dumps(output.get("data", {}), ensure_ascii=False)]
    return "\n".join(str(part) if not isinstance(part, list) else "".join(part)
                     for part in shown)


def _score(run: dict, student: str):
    report = run["reports"][student]
    return report.status, report.score


@pytest.mark.parametrize("mode", MODES)
def test_honest_and_blank_classmates_are_graded_right(graded, mode):
    run = graded[mode]
    assert run["run"].parallel is (mode == "parallel")
    assert _score(run, "honest") == ("graded", _full())
    assert _score(run, "blank") == ("graded", 0)
    assert _score(run, "zoë") == ("graded", _full()), "an accented id is accepted"


@pytest.mark.parametrize("mode", MODES)
def test_reading_or_borrowing_the_answers_scores_nothing_and_leaks_nothing(graded, mode):
    run = graded[mode]
    assert _score(run, "thief") == ("graded", 0)
    text = _autograded(run, "thief")
    assert "LEAKED" not in text and CANARY not in text
    assert "SEEN /tmp" in text and "ENVIRONMENT" in text, "the attack ran"
    assert "'gradebook.db'" not in text and "'submitted'" not in text
    assert "loads code only from the installed course" in text, "the pushed folder was refused"
    page = graded["parallel"]["root"] / "feedback" / "thief" / NAME / f"{NAME}.html"
    assert CANARY not in page.read_text()


@pytest.mark.parametrize("mode", MODES)
def test_harm_outside_the_sandbox_fails_and_honest_work_still_counts(graded, mode):
    run = graded[mode]
    assert _score(run, "wrecker") == ("graded", _full()), "its honest work, no more"
    text = _autograded(run, "wrecker")
    assert "WROTE" not in text and "spawned" in text, "the attack ran and wrote nothing"
    root = run["root"]
    assert _digests(root / "submitted", root / "source", root / "nbgrader_config.py") == \
        run["before"]
    assert gradebooks.stored_cell_problems(root, NAME) == []
    with sqlite3.connect(root / "gradebook.db") as db:
        assert db.execute("SELECT count(*) FROM grade WHERE manual_score = 99").fetchone() == (0,)
    assert _score(run, "honest") == ("graded", _full()), "classmates unharmed"
    assert run["left"] == [], "detached processes outlived grading"


def test_nothing_was_planted_in_the_package_the_venv_or_the_home(graded):
    assert graded["planted"] == []
    before, after = graded["repository"]
    assert before == after, "the course package or the course's nbgrader_config.py changed"
    assert graded["scratch"] == set(), "sandbox folders left in /tmp"


@pytest.mark.parametrize("mode", MODES)
def test_memory_file_size_and_output_are_capped(graded, mode):
    run = graded[mode]
    text = _autograded(run, "wrecker")
    assert "memory refused" in text and "GOT 3 GB" not in text
    assert "File too large" in text
    assert "Output cut by the grader: this cell printed more than 64 kB" in text
    path = run["root"] / "autograded" / "wrecker" / NAME / f"{NAME}.ipynb"
    assert path.stat().st_size < 1 << 20, "the autograded notebook stays small"


@pytest.mark.parametrize("mode", MODES)
def test_a_notebook_past_its_wall_clock_limit_is_stopped_and_named(graded, mode):
    report = graded[mode]["reports"]["sleeper"]
    assert report.status == "failed"
    assert "wall-clock limit of 30 s" in report.reason, report.reason


def test_feedback_runs_no_script_and_every_student_is_reported(graded):
    reports, feedback = graded["parallel"]["reports"], graded["feedback"]
    assert set(feedback) == set(reports)
    written = {s for s, problem in feedback.items() if not problem}
    assert written == {s for s, r in reports.items() if r.status == "graded"}
    pages = list((graded["parallel"]["root"] / "feedback").glob(f"*/{NAME}/*.html"))
    assert len(pages) == len(written)
    for page in pages:
        assert exports.active_content(page.read_text()) == [], page


@pytest.mark.parametrize("mode", MODES)
def test_odd_student_ids_are_graded_or_refused_by_name(graded, mode):
    run = graded[mode]
    for student, why in ODD_IDS.items():
        report = run["reports"][student]
        if why:
            assert report.status == "failed" and why in report.reason, report
            assert "Rename the folder" in report.reason
            assert "cannot be graded" in graded["feedback"][student]
        else:
            assert report.status == "graded"


def test_feedback_and_grades_commands_name_every_student(graded, tmp_path, monkeypatch, capsys):
    root = tmp_path / "course"
    shutil.copytree(graded["parallel"]["root"], root)
    monkeypatch.setattr(instructor, "course_root", lambda: root)
    assert instructor.main(["feedback", NAME]) == 1  # the refused ids and the sleeper
    out = capsys.readouterr().out
    for student in graded["parallel"]["reports"]:
        assert re.search(rf"^  {re.escape(student)} +(feedback written|NO FEEDBACK: )", out, re.M)
    assert instructor.main(["grades"]) == 1  # the refused ids are not in grades.csv
    out = capsys.readouterr().out
    assert "grades.csv" in out and out.count("NOT IN grades.csv") == 4


def test_grades_csv_is_safe_in_a_spreadsheet(graded):
    rows = graded["rows"]
    assert {row["student_id"] for row in rows} >= {"honest", "zoë", "wrecker"}
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "@", "\t", "\r") or value.startswith("'")
            assert not value.startswith("-") or exports._NUMBER.fullmatch(value)


# --- around grading: stored test cells, a killed run, the sandbox missing -------------------------

@pytest.fixture
def small(graded, tmp_path):
    """A copy of the parallel course root with only three students."""
    root = tmp_path / "small"
    shutil.copytree(graded["parallel"]["root"], root)
    for folder in (root / "submitted").iterdir():
        if folder.name not in ("honest", "blank", "wrecker"):
            shutil.rmtree(folder)
            shutil.rmtree(root / "autograded" / folder.name, ignore_errors=True)
    return root


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_tampered_gradebook_test_cell_stops_grading(small, jobs):
    with sqlite3.connect(small / "gradebook.db") as db:
        db.execute("UPDATE source_cell SET source = 'pass' WHERE name = 'a1_q1_risks'")
    with pytest.raises(ValueError, match="a1_q1_risks: the stored test code differs"):
        instructor.autograde_run(NAME, small, OPTIONS, jobs=jobs, limits=LIMITS)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_killed_run_is_finished_by_running_again_without_doubling(small, jobs):
    before = gradebooks.gradebook_records(small / "gradebook.db", NAME)
    half = small / "autograded" / "honest" / NAME / f"{NAME}.ipynb"
    half.chmod(0o644)
    half.write_text("{")  # what a run killed while writing leaves
    shutil.rmtree(small / "autograded" / "blank")
    run = instructor.autograde_run(NAME, small, OPTIONS, jobs=jobs, limits=LIMITS)
    assert run.graded == 2
    assert {r.student: (r.status, r.score) for r in run.reports} == {
        "honest": ("graded", _full()), "blank": ("graded", 0), "wrecker": ("graded", _full())}
    after = gradebooks.gradebook_records(small / "gradebook.db", NAME)
    assert gradebooks.compare_records(before, after) == []


def test_an_interrupted_command_reports_every_student(small, monkeypatch, capsys):
    monkeypatch.setattr(instructor, "course_root", lambda: small)
    shutil.rmtree(small / "autograded" / "blank")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(instructor, "autograde_run", interrupted)
    assert instructor.main(["autograde", NAME]) == 130
    out = capsys.readouterr().out
    assert "blank" in out and "run the same command again" in out
    assert re.search(rf"honest +{_full():g} / \d+ \(autograded\)", out)


def test_grading_stops_with_what_to_install_when_bubblewrap_is_missing(small, monkeypatch,
                                                                       capsys):
    monkeypatch.setattr(sandbox, "BWRAP", "/nonexistent/bwrap")
    monkeypatch.setattr(instructor, "course_root", lambda: small)
    assert instructor.main(["autograde", NAME, "--force"]) == 2
    said = capsys.readouterr().err
    assert "apt-get install bubblewrap" in said and "--no-sandbox" in said


def test_no_sandbox_says_so_loudly(small, capsys):
    for folder in (small / "submitted").iterdir():  # only a harmless notebook runs unsandboxed
        if folder.name != "blank":
            shutil.rmtree(folder)
    shutil.rmtree(small / "autograded" / "blank")
    run = instructor.autograde_run(NAME, small, OPTIONS, jobs=1, use_sandbox=False)
    assert run.graded == 1 and "WARNING: --no-sandbox" in capsys.readouterr().err


def test_the_formgrader_and_feedback_render_with_html_sanitised(tmp_path):
    from nbconvert import HTMLExporter
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", str(ROOT / "assignments")).load_config()
    assert "nbconvert.preprocessors.sanitize.SanitizeHTML" in config.GenerateFeedback.preprocessors
    notebook = nbformat.v4.new_notebook(cells=[SCRIPTS[0], _cell("1")])
    notebook.cells[1].outputs = [nbformat.v4.new_output(
        "display_data", data={"text/html": "<script>alert(1)</script>",
                              "application/javascript": "alert(2)"})]
    page, _ = HTMLExporter(config=config).from_notebook_node(notebook)
    assert "<script>alert" not in page and "alert(2)" not in page
    assert not re.search(r"<[a-z][^>]*\sonerror=", page)
    assert '&lt;script&gt;document.title = "md-pwned"' in page, "shown, as text"
    assert exports.active_content("<p>x</p><img src=x onerror=alert(1)>") != []


# --- audit ---------------------------------------------------------------------------------------

def test_audit_reads_added_cells_normalises_names_and_flags_dynamic_code(graded):
    root = graded["plain"]["root"]
    release = nbformat.read(root / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    source = nbformat.read(root / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    notebooks = {
        "added": _attack(cases.correct(release, source),
                         "import ketamine_course.grading.checks as g\ng.check = print"),
        "wide": _attack(cases.correct(release, source), "ｅｘｅｃ('x = 1')"),
        "hex": _attack(cases.correct(release, source),
                       "code = bytes.fromhex('7072696e742831290a').decode()\nrun = exec\n"),
    }
    findings = {}
    for name, notebook in notebooks.items():
        path = root.parent / f"audit-{name}.ipynb"
        nbformat.write(notebook, path)
        findings[name] = {concern for concern, _ in instructor.audit_notebook(
            path, instructor._instructor_tests(root, NAME))}
    broken = root.parent / "audit-broken.ipynb"
    broken.write_text('{"cells": [{"cell_type": "code", "source": ["exec(', )
    assert "grading module" in findings["added"]
    assert "dynamic code" in findings["wide"]
    assert {"dynamic code", "encoded code"} <= findings["hex"]
    assert instructor.audit_notebook(broken)[0][0] == "unreadable notebook"
    honest = root / "submitted" / "honest" / NAME / f"{NAME}.ipynb"
    assert instructor.audit_notebook(honest, instructor._instructor_tests(root, NAME)) == []


def test_audit_of_the_hostile_class_flags_the_attackers_and_no_honest_student(graded):
    flagged = {student for student, _, _ in instructor.audit(NAME, graded["plain"]["root"])}
    assert {"thief", "wrecker"} <= flagged
    assert not flagged & {"honest", "blank", "zoë"}


# --- small parts ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+2", "'=1+2"), ("+x", "'+x"), ("@SUM(A1)", "'@SUM(A1)"), ("-1.5", "-1.5"), ("-x", "'-x"),
    ("zoë", "zoë"), ("\tx", "'\tx"), ("", "")])
def test_spreadsheet_safe_cells(cell, safe):
    assert exports.spreadsheet_safe(cell) == safe


@pytest.mark.parametrize(("student", "accepted"), [
    ("jane_doe", True), ("zoë", True), ("j.doe@uni.edu", True), ("s123", True),
    ("jane doe", False), ("*", False), ("-x", False), ("=1+2", False), ("a,b", False),
    ("zoe\u0308", False), ("../x", False), ("", False)])
def test_student_ids(student, accepted):
    assert (students.id_problem(student) == "") is accepted
    if not accepted:
        assert students.id_problem(students.suggest_id(student) or "x") == ""


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_limits_must_be_whole_numbers(bad):
    with pytest.raises(ValueError, match="memory_mb must be a whole number"):
        sandbox.Limits(memory_mb=bad)


def test_sandbox_options_reach_nbgrader_as_json():
    options = sandbox.nbgrader_options(sandbox.Limits(memory_mb=512))
    limits = json.loads(next(o for o in options if "rlimits" in o).split("=", 1)[1])
    assert limits["RLIMIT_AS"] == 512 << 20 and limits["RLIMIT_CORE"] == 0

"""``make bench``: how long learners and instructors wait, measured and set against targets.

Six benchmarks (issues 10, 4 and 20), each printed as a table with its target:

* setup: a fresh clone to JupyterLab answering with ``make lab`` (uv installs the
  packages), with uv's download cache empty and warm, beside plain ``pip install`` of the
  same packages into a new virtual environment, in the same run; target: at most 0.3x
  the pip figure and under 20 s (on a quiet machine: the load average is printed).

* lessons: each lesson executed headless (a fresh kernel, as nbval and the book run
  it) beside a floor notebook that only imports the course package, pandas,
  matplotlib and ipywidgets, timed in the same run; target: within 1.5x the floor.
* widgets: the update behind every widget, called over a sweep of its controls
  (``tools/widget_sweep.py``): median and 95th percentile; target: p95 under 50 ms.
* grading: plain ``nbgrader autograde`` against the course's sandboxed grading, one at a time
  and in parallel, on the same generated submissions (``tools/bench_grading.py``); target: the
  sandboxed parallel command 1.7x faster
  with identical scores.
* environment: installed size of the course's environment beside the bare design
  packages; target: within 1.15x.
* pk: one run of the PK model (issue 4); target: under 5 ms.

This is a benchmark, not a test: it reports, and exits 0 unless a part could not be
measured (then it says why, runs the other parts, and exits 1).
``python tools/bench.py widgets`` (or setup, lessons, grading, environment, pk) runs one part.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
sys.path.insert(0, str(TOOLS))

WIDGET_TARGET_MS = 50.0
MIN_CALLS = 40  # a short sweep is gone through again (a learner clicks back and forth)


def percentile(values: list[float], fraction: float) -> float:
    """Return the ``fraction`` quantile of ``values``: the nearest-rank value, ceil(fraction n)."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def time_ms(call: Callable[[], object]) -> float:
    """Return the wall time of one call, in milliseconds."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    """Print a plain-text table with a title, columns padded to their widest cell."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(f"\n{title}")
    for row in [header, ["-" * w for w in widths], *rows]:
        print("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths,
                                                                            strict=True)))


def bench_widgets() -> bool:
    """Time every widget's update over its sweep; print the table; return whether all meet."""
    import widget_sweep

    rows, met = [], True
    for sweep in widget_sweep.sweeps():
        sweep.calls[0]()  # the lesson draws each widget once when it creates it
        rounds = -(-MIN_CALLS // len(sweep.calls))
        times = [time_ms(call) for _ in range(rounds) for call in sweep.calls]
        p95 = percentile(times, 0.95)
        ok = p95 < WIDGET_TARGET_MS
        met &= ok
        rows.append([sweep.widget, sweep.lesson, str(len(times)),
                     f"{statistics.median(times):.1f}", f"{p95:.1f}", f"{max(times):.1f}",
                     "met" if ok else "NOT MET"])
    print_table(f"Widgets: update over a sweep of the controls (ms; target p95 < "
                f"{WIDGET_TARGET_MS:g} ms)",
                ["widget", "lesson", "calls", "median", "p95", "max", "target"], rows)
    return met


FLOOR_SOURCE = "import ketamine_course\nimport pandas\nimport matplotlib\nimport ipywidgets"
LESSON_TARGET = 1.5
REPEATS = 3


def run_notebook(notebook: object, folder: Path) -> float:
    """Execute ``notebook`` headless in a new kernel started in ``folder``; return seconds.

    The time includes starting the kernel, as a learner's "Restart Kernel and Run All" does.
    """
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def bench_lessons() -> bool:
    """Time the floor notebook and each lesson (median of a few runs, interleaved)."""
    import nbformat

    lessons = sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb"))
    floor = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    floor.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}
    times: dict[str, list[float]] = {"floor": [], **{path.name: [] for path in lessons}}
    run_notebook(nbformat.from_dict(floor), ROOT / "course")  # warm the disk cache
    for _ in range(REPEATS):
        times["floor"].append(run_notebook(nbformat.from_dict(floor), ROOT / "course"))
        for path in lessons:
            times[path.name].append(run_notebook(nbformat.read(path, as_version=4), path.parent))
    floor_s = statistics.median(times["floor"])
    rows, met = [["floor (imports only)", f"{floor_s:.2f}", "1.00", ""]], True
    for path in lessons:
        seconds = statistics.median(times[path.name])
        ratio = seconds / floor_s
        met &= ratio <= LESSON_TARGET
        rows.append([path.name, f"{seconds:.2f}", f"{ratio:.2f}",
                     "met" if ratio <= LESSON_TARGET else "NOT MET"])
    print_table(f"Lessons: headless run in a new kernel, median of {REPEATS} (s; target "
                f"<= {LESSON_TARGET:g} x the floor)", ["notebook", "seconds", "x floor", "target"],
                rows)
    return met


ENVIRONMENT_TARGET = 1.15


def folder_bytes(folder: Path) -> int:
    """Return the total size of the files under ``folder`` (symbolic links not followed)."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file()
               and not path.is_symlink())


def design_requirements() -> list[str]:
    """Return the course's runtime requirements from pyproject.toml (the design packages)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"])


def install_size(requirements: list[str], folder: Path) -> int:
    """Create a virtual environment in ``folder``, pip-install ``requirements``; return bytes."""
    import subprocess

    for command in ([sys.executable, "-m", "venv", str(folder)],
                    [str(folder / "bin" / "python"), "-m", "pip", "install", "-qq",
                     *requirements]):
        if subprocess.run(command).returncode != 0:
            raise RuntimeError(f"could not run {' '.join(command[:4])} ... for "
                               f"{', '.join(requirements)}: is the package index reachable?")
    return folder_bytes(folder)


def bench_environment() -> bool:
    """Install the bare design packages and the course side by side; compare their sizes."""
    import tempfile

    bare_requirements = design_requirements()
    with tempfile.TemporaryDirectory(prefix="bench-env-") as scratch:
        bare = install_size(bare_requirements, Path(scratch) / "bare")
        course = install_size([str(ROOT)], Path(scratch) / "course")
    ratio = course / bare
    met = ratio <= ENVIRONMENT_TARGET
    rows = [["bare design packages: " + ", ".join(r.split("~=")[0] for r in bare_requirements),
             f"{bare / 1e6:.1f}", "1.00", ""],
            ["the course's environment (make lab, Binder): pip install .", f"{course / 1e6:.1f}",
             f"{ratio:.3f}", "met" if met else "NOT MET"]]
    test_venv = ROOT / ".venv"
    if test_venv.is_dir():
        size = folder_bytes(test_venv)
        rows.append(["for information: .venv with the test and book tools (make test)",
                     f"{size / 1e6:.1f}", f"{size / bare:.2f}", "(no target)"])
    print_table(f"Environment: installed size, new virtual environments (MB; target <= "
                f"{ENVIRONMENT_TARGET:g} x bare)", ["environment", "MB", "x bare", "target"],
                rows)
    return met


GRADING_SUBMISSIONS = 40


def bench_grading() -> bool:
    """Grade the same generated submissions with plain nbgrader and in parallel; compare."""
    from bench_grading import bench_grading as grade_both_ways

    result = grade_both_ways(n_submissions=GRADING_SUBMISSIONS)
    met = result["speedup"] >= result["target"] and result["identical"]

    def rows_text(counts: dict[str, int]) -> str:
        return ", ".join(f"{number} {table}" for table, number in counts.items())

    sandboxed = result["seconds_plain"] / result["seconds_plain_sandboxed"]
    rows = [["plain nbgrader autograde (no sandbox)", f"{result['seconds_plain']:.1f}", "1.00",
             str(result["graded_plain"]), rows_text(result["rows_plain"]), ""],
            ["make autograde JOBS=1 (sandboxed)", f"{result['seconds_plain_sandboxed']:.1f}",
             f"{sandboxed:.2f}", str(result["graded_plain_sandboxed"]),
             rows_text(result["rows_plain_sandboxed"]), ""],
            [f"make autograde, {result['jobs']} workers (sandboxed)",
             f"{result['seconds_parallel']:.1f}", f"{result['speedup']:.2f}",
             str(result["graded_parallel"]), rows_text(result["rows_parallel"]),
             "met" if met else "NOT MET"]]
    print_table(f"Grading: {result['n']} generated submissions of {result['assignment']} on "
                f"{result['cpus']} cores (s; target >= {result['target']:g}x faster, identical "
                "scores)", ["command", "seconds", "speed-up", "graded", "gradebook rows",
                            "target"], rows)
    print(f"  The sandbox costs {result['sandbox_cost_per_submission']:+.2f} s per submission "
          "(sandboxed JOBS=1 against plain nbgrader, per submission).")
    print("  Scores identical to plain nbgrader: " + (
        "yes" if result["identical"] else "NO: " + "; ".join(result["differences"][:10])))
    return met


PK_TARGET_MS = 5.0


def bench_pk() -> bool:
    """Time one run of the PK model (6 hours at the default step); target under 5 ms."""
    from ketamine_course.lessons import l03_dosing_routes as pk

    times = [time_ms(lambda: pk.simulate("oral", 35.0)) for _ in range(500)]
    p95 = percentile(times, 0.95)
    met = p95 < PK_TARGET_MS
    print_table(f"PK model: pk.simulate, 6 h at a 0.5-minute step (ms; target p95 < "
                f"{PK_TARGET_MS:g} ms)", ["calls", "median", "p95", "target"],
                [[str(len(times)), f"{statistics.median(times):.2f}", f"{p95:.2f}",
                  "met" if met else "NOT MET"]])
    return met


SETUP_RATIO_TARGET = 0.3
SETUP_SECONDS_TARGET = 20.0


def learners_environment(**extra: str) -> dict[str, str]:
    """Return a new shell's environment: without this venv first on PATH, plus ``extra``."""
    import os

    venv_bin = str(ROOT / ".venv" / "bin")
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    return {**os.environ, "PATH": path, **extra}


def seconds_to_lab(clone: Path, environment: dict[str, str]) -> float:
    """Run ``make lab OPEN=no`` in ``clone``; return the seconds until it answers, then stop it."""
    import os
    import signal
    import subprocess

    log = clone / "make-lab.log"
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(["make", "--no-print-directory", "lab", "OPEN=no",
                                    f"PORT={free_port()}"], cwd=clone, stdout=out,
                                   stderr=subprocess.STDOUT, env=environment,
                                   start_new_session=True)
    try:
        while "?token=" not in log.read_text():  # printed once JupyterLab answers
            if process.poll() is not None or time.perf_counter() - start > 900:
                raise RuntimeError(f"make lab did not start JupyterLab:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
        return time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def free_port() -> int:
    """Return a TCP port that nothing listens on now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seconds_to_pip_install(clone: Path, folder: Path, environment: dict[str, str]) -> float:
    """Create a venv in ``folder`` and pip-install the course from ``clone``; return seconds."""
    import subprocess

    start = time.perf_counter()
    for command in (["python3", "-m", "venv", str(folder)],
                    [str(folder / "bin" / "python"), "-m", "pip", "install", "-qq",
                     "--editable", str(clone)]):
        if subprocess.run(command, env=environment).returncode != 0:
            raise RuntimeError(f"could not run {' '.join(command[:4])} ...: is the package "
                               "index reachable?")
    return time.perf_counter() - start


def bench_setup() -> bool:
    """Time a fresh clone to JupyterLab answering, with an empty and a warm uv cache, and pip."""
    import os
    import subprocess
    import tempfile

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-setup-") as scratch:
        scratch = Path(scratch)

        def fresh_clone(name: str) -> Path:
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(scratch / name)],
                           check=True)
            return scratch / name

        pip_s = seconds_to_pip_install(fresh_clone("pip"), scratch / "pip-venv",
                                       learners_environment())
        cold_s = seconds_to_lab(fresh_clone("uv-cold"), learners_environment(
            UV_CACHE_DIR=str(scratch / "empty-uv-cache")))
        warm_s = seconds_to_lab(fresh_clone("uv-warm"), learners_environment())
    load_after = os.getloadavg()[0]
    rows, met = [["plain pip: python3 -m venv, pip install --editable . (no lab started)",
                  f"{pip_s:.1f}", "1.00", ""]], True
    for label, seconds in (("make lab, uv's download cache empty (a first set-up)", cold_s),
                           ("make lab, uv's download cache warm (a later clone)", warm_s)):
        ok = seconds / pip_s <= SETUP_RATIO_TARGET and seconds < SETUP_SECONDS_TARGET
        met &= ok
        rows.append([label, f"{seconds:.1f}", f"{seconds / pip_s:.2f}",
                     "met" if ok else "NOT MET"])
    print_table(f"Set-up: a fresh clone to JupyterLab answering (s; target <= "
                f"{SETUP_RATIO_TARGET:g} x pip and < {SETUP_SECONDS_TARGET:g} s on a quiet "
                f"machine; {os.cpu_count()} cores, load average {load_before:.1f} before, "
                f"{load_after:.1f} after)", ["set-up", "seconds", "x pip", "target"], rows)
    return met


PARTS = {"lessons": bench_lessons, "widgets": bench_widgets, "grading": bench_grading,
         "environment": bench_environment, "pk": bench_pk, "setup": bench_setup}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks (all by default) and print a summary line for each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("parts", nargs="*", metavar="part",
                        help=f"any of {', '.join(PARTS)} (default: all)")
    chosen = parser.parse_args(argv).parts or list(PARTS)
    unknown = [part for part in chosen if part not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    results = {}
    for name in chosen:
        try:
            results[name] = "met" if PARTS[name]() else "NOT met"
        except (RuntimeError, ValueError, OSError) as error:  # one broken part, the rest run
            print(f"\n{name}: could not be measured: {error}", file=sys.stderr)
            results[name] = "FAILED"
    print("\nSummary: " + "; ".join(f"{name} {result}" for name, result in results.items()))
    return 1 if "FAILED" in results.values() else 0


if __name__ == "__main__":
    sys.exit(main())

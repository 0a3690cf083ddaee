"""Benchmark parallel autograding against plain ``nbgrader autograde`` (a benchmark, not a test).

In a temporary course root: generate one assignment, hand in ``n`` sample submissions (a mix
of right, partly right, empty, faked and edited answers, and one that kills its kernel), then
grade the same set three times, each in its own copy: with one plain ``nbgrader autograde`` as
nbgrader ships (no sandbox: today's baseline), with plain nbgrader and every kernel in the
sandbox (``jobs=1``, issue 18), and with the parallel command in the sandbox. All are timed
(wall clock) and their gradebooks and autograded notebooks compared cell by cell. The sandbox's
cost per submission is (sandboxed plain - plain) / n. Target from issues 10 and 18: the
sandboxed parallel command at least 1.7 times faster than plain nbgrader on 2 cores, with
identical scores.

Run ``python tools/bench_grading.py [--n 40] [--jobs N]``; ``make bench`` calls
:func:`bench_grading`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from ketamine_course.grading.instructor import commands as instructor
from ketamine_course.grading.instructor import gradebooks

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import grading_cases as cases  # noqa: E402 - the test suite's submission builders

TARGET = 1.7


def _partly(release, source, wrong: list[str]):
    """Answer correctly, except the code answers in ``wrong`` are left as released."""
    stubs = {c.metadata["nbgrader"]["grade_id"]: c.source for c in release.cells
             if c.metadata.get("nbgrader", {}).get("grade_id") in wrong}
    return cases.with_code_answers(release, source, stubs)


def sample_submissions(release, source, n: int) -> dict[str, object]:
    """Return ``n`` submissions keyed by student id: a realistic mix, and one that fails.

    Four in ten are right, three partly right, one empty, one faked, one with its tests
    rewritten; the last student's notebook kills its kernel (nbgrader cannot grade it).
    """
    if n < 2:
        raise ValueError(f"n_submissions must be at least 2, not {n!r}")
    ids = cases.code_answer_ids(source)
    names = {c.metadata["nbgrader"]["grade_id"]: re.findall(r"^def (\w+)\(", c.source, re.M)
             for c in source.cells if c.metadata.get("nbgrader", {}).get("grade_id") in ids}
    fake = {gid: cases.FAKE_OBJECTS + "\n".join(f"{f} = anything" for f in names[gid])
            for gid in ids}
    kinds = [
        lambda i: cases.correct(release, source),
        lambda i: cases.correct(release, source),
        lambda i: cases.correct(release, source),
        lambda i: cases.correct(release, source),
        lambda i: _partly(release, source, [ids[i % len(ids)]]),
        lambda i: _partly(release, source, [ids[(i + 1) % len(ids)]]),
        lambda i: _partly(release, source, ids[::2]),
        lambda i: cases.untouched(release, source),
        lambda i: cases.with_code_answers(release, source, fake),
        lambda i: cases.tests_edited_to_pass(release, source),
    ]
    subs = {f"student{i:03d}": kinds[i % len(kinds)](i) for i in range(n - 1)}
    subs[f"student{n - 1:03d}"] = cases.with_code_answers(
        release, source, {ids[0]: "import os\nos._exit(1)"})
    return subs


def _course(folder: Path, assignment: str, n: int) -> Path:
    """Build a course root with the generated assignment and ``n`` submissions."""
    root = folder / "course"
    root.mkdir()
    shutil.copy2(ROOT / "assignments" / "nbgrader_config.py", root)
    shutil.copytree(ROOT / "assignments" / "source" / assignment, root / "source" / assignment)
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment,
                           "--log-level=WARN"], cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"nbgrader generate_assignment failed:\n{done.stderr[-2000:]}")
    name = f"{assignment}.ipynb"
    release = nbformat.read(root / "release" / assignment / name, as_version=4)
    source = nbformat.read(root / "source" / assignment / name, as_version=4)
    for student, notebook in sample_submissions(release, source, n).items():
        path = root / "submitted" / student / assignment / name
        path.parent.mkdir(parents=True)
        nbformat.write(notebook, path)
    return root


def _rows(root: Path, assignment: str) -> dict[str, int]:
    """Total submission, notebook, grade and comment rows of ``assignment`` in a gradebook."""
    totals = {"submissions": 0, "notebooks": 0, "grades": 0, "comments": 0}
    for record in gradebooks.gradebook_records(root / "gradebook.db", assignment):
        for kind, count in gradebooks.row_counts(record).items():
            totals[kind] += count
    return totals


def bench_grading(n_submissions: int = 40, jobs: int | None = None,
                  assignment: str = "a1_absolute_effects") -> dict:
    """Grade the same ``n_submissions`` plainly, sandboxed and in parallel; time and compare.

    ``jobs`` is the number of parallel workers (default: two per CPU core). Returns a dict
    (``plain``: nbgrader without the sandbox; ``plain_sandboxed``: jobs=1 in the sandbox;
    ``parallel``: the parallel command in the sandbox):

    - ``n``: submissions graded; ``jobs``: workers used by the parallel run;
      ``assignment``; ``cpus``: ``os.cpu_count()``;
    - ``seconds_plain``, ``seconds_plain_sandboxed``, ``seconds_parallel``: wall time (s);
    - ``sandbox_cost_per_submission``: (sandboxed plain - plain) / n (s);
    - ``speedup``: ``seconds_plain / seconds_parallel``; ``target``: 1.7;
    - ``identical``: True if gradebooks (every grade, comment, row count) and autograded
      notebooks agree; ``differences``: what differs (empty when identical);
    - ``rows_<run>``: {submissions, notebooks, grades, comments} row totals per run;
    - ``graded_<run>``: students each run reports as graded (the rest
      were "NOT GRADED", e.g. the kernel-killing submission).
    """
    if isinstance(n_submissions, bool) or not isinstance(n_submissions, int):
        raise ValueError(f"n_submissions must be a whole number, not {n_submissions!r}")
    jobs = instructor.resolve_jobs(jobs)
    modes = {"plain": (1, False), "plain_sandboxed": (1, True), "parallel": (jobs, True)}
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as scratch:
        base = _course(Path(scratch), assignment, n_submissions)
        runs = {}
        for label, (workers, sandboxed) in modes.items():
            shutil.copytree(base, Path(scratch) / label)
            runs[label] = instructor.autograde_run(assignment, Path(scratch) / label,
                                                   jobs=workers, use_sandbox=sandboxed)
        differences = []
        for label in ("plain_sandboxed", "parallel"):
            differences += [f"{label}: {line}" for line in gradebooks.compare_grading(
                Path(scratch) / "plain", Path(scratch) / label, assignment)]
            reports = [{(r.student, r.status, r.score, r.reason) for r in runs[side].reports}
                       for side in ("plain", label)]
            if reports[0] != reports[1]:
                differences.append(f"{label}: reports differ: {sorted(reports[0] ^ reports[1])}")
        seconds = {label: run.seconds for label, run in runs.items()}
        return {
            "n": n_submissions, "jobs": runs["parallel"].workers, "assignment": assignment,
            "cpus": os.cpu_count(),
            "seconds_plain": seconds["plain"], "seconds_parallel": seconds["parallel"],
            "seconds_plain_sandboxed": seconds["plain_sandboxed"],
            "sandbox_cost_per_submission": (seconds["plain_sandboxed"] - seconds["plain"])
            / n_submissions,
            "speedup": seconds["plain"] / seconds["parallel"], "target": TARGET,
            "identical": not differences, "differences": differences,
            **{f"rows_{label}": _rows(Path(scratch) / label, assignment) for label in runs},
            **{f"graded_{label}": sum(r.status == "graded" for r in run.reports)
               for label, run in runs.items()},
        }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the figures; exit 1 if the results differ."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40, help="submissions to grade (default 40)")
    parser.add_argument("--jobs", type=int, default=None, help="parallel workers (default: cores)")
    parser.add_argument("--assignment", default="a1_absolute_effects")
    arguments = parser.parse_args(argv)
    result = bench_grading(arguments.n, arguments.jobs, arguments.assignment)
    verdict = "meets" if result["speedup"] >= TARGET else "MISSES"
    print(f"{result['n']} submissions of {result['assignment']}, {result['cpus']} CPU core(s)")
    print(f"  plain nbgrader autograde      {result['seconds_plain']:7.1f} s (no sandbox)")
    print(f"  plain, sandboxed              {result['seconds_plain_sandboxed']:7.1f} s "
          f"(sandbox: {result['sandbox_cost_per_submission']:+.2f} s per submission)")
    print(f"  parallel sandboxed, {result['jobs']} worker(s) {result['seconds_parallel']:7.1f} s")
    print(f"  speed-up {result['speedup']:.2f}x (target {TARGET}x: {verdict})")
    print(f"  graded: {result['graded_plain']} plain, {result['graded_parallel']} parallel; "
          f"rows plain {result['rows_plain']}, parallel {result['rows_parallel']}")
    print(f"  identical: {'yes' if result['identical'] else 'NO'}")
    for line in result["differences"]:
        print(f"    {line}")
    return 0 if result["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())

"""The benchmark's machinery (``make bench``): its sweep covers every widget, its maths holds.

The benchmark's figures are reported, not tested (they depend on the machine); what can
be checked is that it measures everything it claims to.
"""

import re
import sys

import pytest
from helpers import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import bench  # noqa: E402
import widget_sweep  # noqa: E402


def test_every_widget_in_the_lessons_is_swept():
    made = set()
    for path in sorted((ROOT / "course").glob("[0-9][0-9]_*.ipynb")):
        source = path.read_text(encoding="utf-8")
        made |= {(path.name[:2], maker)
                 for maker in re.findall(r"(?<![\w.])(widgets\.\w+_widget)\(", source)}
        made |= {("all", "question_widget")} if "question_widget(" in source else set()
    swept = {(sweep.lesson, sweep.maker) for sweep in widget_sweep.sweeps()}
    assert made - swept == set(), "widgets without a sweep in tools/widget_sweep.py"
    assert swept - made == set(), "sweeps for widgets no lesson uses"


def test_every_sweep_calls_its_view_with_different_settings(swept):
    for sweep in widget_sweep.sweeps():
        assert len(sweep.calls) >= 3, sweep.widget
        outputs = {repr(output) for output in swept(sweep).outputs}  # its test sample's
        assert len(outputs) >= 2, f"{sweep.widget}: the sweep does not change anything"


def test_the_test_sample_holds_every_controls_extremes_in_sweep_order():
    for sweep in widget_sweep.sweeps():
        chosen = widget_sweep.sample(sweep)
        order = [sweep.calls.index(call) for call in chosen]
        assert order == sorted(set(order)), f"{sweep.widget}: not in sweep order"
        settings = [call.args for call in sweep.calls]
        for position, values in enumerate(zip(*settings, strict=True)):
            sampled = {call.args[position] for call in chosen}
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
            expected = {min(values), max(values)} if numbers else set(values)
            assert expected <= sampled, f"{sweep.widget}: control {position} misses {expected}"
        assert len(chosen) >= min(len(sweep.calls), 6), sweep.widget
    with pytest.raises(ValueError, match="spread is how many calls"):
        widget_sweep.sample(widget_sweep.sweeps()[0], spread=0)


@pytest.mark.parametrize(("values", "fraction", "expected"), [
    ([5.0], 0.95, 5.0),
    (list(range(1, 21)), 0.95, 19),  # nearest rank: the 19th of 20
    (list(range(1, 21)), 0.5, 10),
    (list(range(100, 0, -1)), 0.95, 95),
])
def test_percentile_is_the_nearest_rank(values, fraction, expected):
    assert bench.percentile(values, fraction) == expected


def test_bench_refuses_an_unknown_part(capsys):
    with pytest.raises(SystemExit):
        bench.main(["everything"])
    assert "unknown part(s) everything; choose from lessons, widgets" in capsys.readouterr().err


def test_a_part_that_cannot_be_measured_is_reported_and_the_rest_run(monkeypatch, capsys):
    def broken() -> bool:
        raise RuntimeError("could not run pip install: is the package index reachable?")

    monkeypatch.setattr(bench, "PARTS", {"environment": broken, "pk": lambda: True})
    assert bench.main([]) == 1
    captured = capsys.readouterr()
    assert "environment: could not be measured: could not run pip install" in captured.err
    assert "Summary: environment FAILED; pk met" in captured.out

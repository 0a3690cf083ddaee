"""Benchmark the PK model and the lesson 03 widget redraw (a benchmark, not a test).

Prints the median and 95th percentile of: one ``simulate`` call (6 hours, default
0.5-minute step), and one widget update (simulate for each ticked route, draw the
figure, render it to PNG inside HTML), over a sweep of doses, weights and routes.
Targets from issue 4: simulate under 5 ms; simulate + redraw under 50 ms.
"""

from __future__ import annotations

import statistics
import time

from ketamine_course import pk, pkplots


def timed(function: object, repeats: int) -> list[float]:
    """Call ``function`` ``repeats`` times; return each call's wall time in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(name: str, times: list[float], target_ms: float) -> str:
    """Format a median and 95th percentile against a target."""
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    verdict = "meets" if p95 < target_ms else "MISSES"
    return (f"{name:<42} median {statistics.median(ordered):8.2f} ms   p95 {p95:8.2f} ms   "
            f"target {target_ms:g} ms: {verdict}")


def main() -> None:
    """Run both benchmarks and print a small table."""
    pkplots.routes_view(("iv",), 0.5, 70.0, 40.0, False)  # warm caches and fonts
    simulate = timed(lambda: pk.simulate("oral", 35.0), 500)
    sweep = [(routes, dose, weight, infusion, log)
             for routes in (("iv",), ("iv", "intranasal", "oral"), tuple(pkplots.ROUTE_LABELS))
             for dose in (0.2, 0.5, 2.0) for weight in (50.0, 90.0)
             for infusion in (0.0, 40.0) for log in (False, True)]
    redraw = []
    for arguments in sweep:
        redraw += timed(lambda arguments=arguments: pkplots.routes_view(*arguments), 1)
    print(describe("pk.simulate (6 h, 0.5 min step)", simulate, 5))
    print(describe(f"routes widget update ({len(sweep)} settings)", redraw, 50))


if __name__ == "__main__":
    main()

"""The peer benchmark: Bofill et al.'s B2B brokerage-event instances, against the paper's optimum breaks.

    uv run python benchmarks/b2b.py /work/shared/bench/b2b                       # the 20 original instances
    uv run python benchmarks/b2b.py /work/shared/bench/b2b --all                 # all 100 converted problems
    uv run python benchmarks/b2b.py /work/shared/bench/b2b --only forum-14 tic-12 --time-limit 10

BENCH_DIR is the benchmark folder (``problems/*.json`` in our format, ``README.md`` with the paper's table); the
files are read from there, never copied. Every meeting is required; the paper minimises *breaks* (for each
participant with meetings, the runs of consecutive busy slots minus one), we minimise idle slots inside sessions
and then breaks, and print both beside the paper's optimum (Table 5; its fairness rule, break counts of two
participants differing by at most 2, is not part of our format). First-come booking is shown for contrast.
"""

from __future__ import annotations

import argparse
import os
import re
import time
from pathlib import Path

from events.scheduling import Status, parse_problem, solve, validate_schedule
from events.scheduling.greedy import first_come
from events.scheduling.instance import build_instance
from events.scheduling.quality import schedule_figures
from events.scheduling.solver import _schedule


def paper_optima(readme: Path) -> dict[str, int]:
    """``instance -> optimum`` from the README's table (rows like ``| forum-13 | 0 | 2.5 | ...``)."""
    optima = {}
    for line in readme.read_text().splitlines():
        match = re.match(r"\|\s*([a-z0-9-]+)\s*\|\s*(\d+)\s*\|", line)
        if match:
            optima[match.group(1)] = int(match.group(2))
    return optima


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench_dir", type=Path)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--all", action="store_true", help="all converted problems, not only the 20 originals")
    parser.add_argument("--only", nargs="*", help="instance names (file names without .json or .original.json)")
    args = parser.parse_args()
    optima = paper_optima(args.bench_dir / "README.md")
    files = sorted((args.bench_dir / "problems").glob("*.json"))
    if not args.all:
        files = [f for f in files if f.name.endswith(".original.json")]
    if args.only:
        wanted = set(args.only)
        files = [f for f in files if f.stem in wanted or f.name.removesuffix(".original.json") in wanted]
    print(
        f"time limit {args.time_limit} s, {args.workers} workers; breaks = runs of busy slots - 1, per participant; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"{'instance':<34} {'placed':>9} {'breaks':>6} {'paper':>5} {'idle':>5} {'f-c placed':>10} "
        f"{'f-c brk':>7} {'status':>10} {'time s':>6}"
    )
    met = 0
    for path in files:
        name = path.name.removesuffix(".json").removesuffix(".original")
        problem = parse_problem(path.read_text())
        started = time.perf_counter()
        schedule = solve(problem, time_limit=args.time_limit, workers=args.workers)
        seconds = time.perf_counter() - started
        figures = schedule_figures(problem, schedule)
        instance = build_instance(problem)
        baseline = schedule_figures(problem, _schedule(instance, first_come(instance), bound=0, seconds=0.0))
        violations = validate_schedule(problem, schedule)
        paper = optima.get(name)
        placed = f"{figures.required_met}/{figures.required}"
        good = schedule.status != Status.INFEASIBLE and (paper is None or figures.breaks <= paper)
        met += good
        print(
            f"{name:<34} {placed:>9} {figures.breaks:>6} {'' if paper is None else paper:>5} {figures.idle_slots:>5} "
            f"{baseline.required_met:>4}/{baseline.required:<5} {baseline.breaks:>7} {schedule.status.value:>10} "
            f"{seconds:>6.1f}" + (f"  INVALID: {len(violations)}" if violations else ""),
            flush=True,
        )
    print(f"{met} of {len(files)} instances: every meeting placed and breaks <= the paper's optimum (when known)")


if __name__ == "__main__":
    main()

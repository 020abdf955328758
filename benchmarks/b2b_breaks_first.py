"""What the paper's fewest breaks cost in idle slots, on Bofill et al.'s B2B instances.

    uv run python benchmarks/b2b_breaks_first.py /work/shared/bench/b2b --only ticf-13crafb --search-seconds 120

Our objective counts idle slots before breaks (``../shared/spec/schedule-format.md``, level 4); the paper counts
breaks alone. Where the two disagree, a schedule with the paper's fewest breaks has more idle slots than ours, and
our order rightly prefers ours. For each instance this prints our schedule's idle slots and breaks (``solve``,
``--time-limit``) beside the breaks-first optimum: CP-SAT's core-based search on the gap model
(:mod:`events.scheduling.gap_model`) minimising ``breaks * (idle variables + 1) + idle slots``, for
``--search-seconds``. It adds one implied row per slot, every meeting having two participants: at most twice the
tables are busy participants (as a sequential counter). With it a search of breaks alone proves forum-13crafb's 6
and ticf-13crafb's 3 breaks in about 40 s; without it, its bound stays at 5 on forum-13crafb. The idle slots at
those breaks take longer: ticf-13crafb's 35 were proved in 111 s, forum-13crafb's 31 in 872 s. It does not help
our own idle-first search (slower on forum-13crafc and ticf-13crafc), so the product does not add it.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ortools.sat.python import cp_model

from events.scheduling import parse_problem, solve
from events.scheduling.assignment import Assignment
from events.scheduling.gap_model import GapModel
from events.scheduling.instance import Instance, build_instance
from events.scheduling.quality import schedule_figures


def breaks_first(instance: Instance, seconds: float) -> tuple[str, int, int, int, int]:
    """(status, breaks, idle slots, proved lower bound of breaks, proved lower bound of idle slots at those breaks)
    of the breaks-first search on the one session of ``instance``."""
    if len(instance.session_masks) != 1 or any(len(members) != 2 for members in instance.members):
        msg = "a B2B instance has one session and meetings of two participants"
        raise SystemExit(msg)
    gaps = GapModel(instance, Assignment(instance), range(instance.n_requests), session=instance.session_masks[0])
    for i in range(len(gaps.slots)):
        gaps.builder.at_most_by_counter([busy[i] for busy in gaps.busy.values()], 2 * instance.total_capacity)
    weight = len(gaps.gaps) + 1
    model = gaps.builder.model
    model.proto.clear_objective()
    model.proto.objective.vars.extend([*gaps.breaks, *gaps.gaps])
    model.proto.objective.coeffs.extend([weight] * len(gaps.breaks) + [1] * len(gaps.gaps))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.linearization_level = 0
    solver.parameters.optimize_with_core = True
    solver.parameters.random_seed = 17
    status = solver.solve(model)
    bound = round(solver.best_objective_bound)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return solver.status_name(status), -1, -1, bound // weight, bound % weight
    value = round(solver.objective_value)
    return solver.status_name(status), value // weight, value % weight, bound // weight, bound % weight


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("bench_dir", type=Path)
    parser.add_argument("--only", nargs="+", required=True, help="instance names (file names without .original.json)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="our solver's time limit")
    parser.add_argument("--search-seconds", type=float, default=120.0, help="the breaks-first search's time limit")
    args = parser.parse_args()
    print(
        f"{'instance':<16} {'our idle':>8} {'our brk':>7} {'bf status':>10} {'bf brk':>6} {'bf idle':>7} "
        f"{'bound brk':>9} {'bound idle':>10} {'bf s':>6}"
    )
    for name in args.only:
        problem = parse_problem((args.bench_dir / "problems" / f"{name}.original.json").read_text())
        ours = schedule_figures(problem, solve(problem, time_limit=args.time_limit, workers=2))
        started = time.perf_counter()
        status, breaks, idle, least_breaks, least_idle = breaks_first(build_instance(problem), args.search_seconds)
        seconds = time.perf_counter() - started
        print(
            f"{name:<16} {ours.idle_slots:>8} {ours.breaks:>7} {status:>10} {breaks:>6} {idle:>7} "
            f"{least_breaks:>9} {least_idle:>10} {seconds:>6.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Benchmark of the matchmaking scheduler on generated fairs, against first-come booking.

    uv run python benchmarks/scheduling.py                 # every shape, --time-limit 10
    uv run python benchmarks/scheduling.py --only large-host --time-limit 10
    uv run python benchmarks/scheduling.py --write /tmp/fairs   # also write each problem as JSON

Fairs are generated from a seed: enterprises ask for meetings with teams chosen by a skewed popularity (popular
teams are oversubscribed), give their first choices a higher weight, some have max_meetings, some leave after
lunch or come one day only; teams sit at their own table (host-table fair) or share N interchangeable tables
(pooled fair). Each fair is solved by our solver and by first-come booking (requests in the order they came, each
into the earliest free slot) in the same process. Then 5% of the scheduled requests are cancelled and 50 new
requests arrive, and the fair is solved again with the first schedule as ``previous``: "moved" counts previous
meetings that left their slot or table (">=": how many every schedule of the re-run's weight moves, proved by the
linear relaxation when that weight is the best; "?" when it proves nothing), "back" those of them that could
return to their previous slot and table on their own in the re-run's schedule (0: no single move can be undone
for free), "gain" is the weight that re-run wins over keeping every previous meeting locked in place (moves are
justified only by a gain), "re-run" its status (``optimal`` when its weight reaches its own bound). Each solve
runs in a child process, so the peak memory (maximum resident set size) is that solve's.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from events.scheduling import Participant, Problem, Request, Schedule, Slot, Table, problem_to_json, solve
from events.scheduling.bounds import linear_relaxation
from events.scheduling.greedy import first_come, locked_assignment
from events.scheduling.instance import build_instance
from events.scheduling.quality import Figures, schedule_figures
from events.scheduling.selection_model import SelectionModel
from events.scheduling.solver import _schedule, keepable_previous
from events.scheduling.validate import validate_schedule

ZONE = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class Shape:
    name: str
    enterprises: int
    teams: int
    requests: int
    days: int = 2
    slots_per_session: int = 4
    pooled_tables: int | None = None
    leave_after_lunch: float = 0.12
    one_day_only: float = 0.08
    popularity: float = 1.0
    seed: int = 1


SHAPES = [
    Shape("small-host", enterprises=60, teams=25, requests=420, days=1),
    Shape("medium-host", enterprises=300, teams=120, requests=2200),
    Shape("medium-pooled", enterprises=300, teams=120, requests=2200, pooled_tables=60),
    Shape("large-host", enterprises=1000, teams=400, requests=7400),
    Shape("large-pooled", enterprises=1000, teams=400, requests=7400, pooled_tables=180),
    Shape("large-host-10k", enterprises=1000, teams=400, requests=10000, seed=2),
]


def make_fair(shape: Shape) -> Problem:
    rng = random.Random(shape.seed)
    slots = _slots(shape)
    sessions = [slots[i : i + shape.slots_per_session] for i in range(0, len(slots), shape.slots_per_session)]
    host = shape.pooled_tables is None
    tables = (
        [Table(f"T{i + 1:03d}") for i in range(shape.teams)]
        if host
        else [Table(f"L{i + 1:03d}") for i in range(shape.pooled_tables or 0)]
    )
    teams = [
        Participant(
            f"team-{i + 1:03d}", unavailable=_absences(rng, shape, sessions), table=f"T{i + 1:03d}" if host else None
        )
        for i in range(shape.teams)
    ]
    enterprises = [
        Participant(
            f"ent-{i + 1:04d}", unavailable=_absences(rng, shape, sessions), max_meetings=rng.choice([4, 6, 6, 8, None])
        )
        for i in range(shape.enterprises)
    ]
    popularity = [1.0 / (rank + 1) ** shape.popularity for rank in range(shape.teams)]
    rng.shuffle(popularity)
    requests = _requests(rng, shape, enterprises, teams, popularity, sessions)
    return Problem(
        slots=tuple(slots), tables=tuple(tables), participants=tuple(teams + enterprises), requests=tuple(requests)
    )


def _slots(shape: Shape) -> list[Slot]:
    slots = []
    for day in range(shape.days):
        for start_hour, label in ((9, "am"), (14, "pm")):
            for k in range(shape.slots_per_session):
                start = datetime(2026, 12, 3 + day, start_hour, 0, tzinfo=ZONE) + timedelta(minutes=20 * k)
                slots.append(Slot(f"d{day + 1}-{label}{k + 1}", start, start + timedelta(minutes=20)))
    return slots


def _absences(rng: random.Random, shape: Shape, sessions: list[list[Slot]]) -> tuple[str, ...]:
    gone: list[Slot] = []
    if rng.random() < shape.leave_after_lunch:
        day = rng.randrange(shape.days)
        gone += sessions[2 * day + 1]
    elif shape.days > 1 and rng.random() < shape.one_day_only:
        day = rng.randrange(shape.days)
        gone += sessions[2 * day] + sessions[2 * day + 1]
    return tuple(slot.id for slot in gone)


def _requests(
    rng: random.Random,
    shape: Shape,
    enterprises: list[Participant],
    teams: list[Participant],
    popularity: list[float],
    sessions: list[list[Slot]],
) -> list[Request]:
    per_enterprise = shape.requests / shape.enterprises
    wishes = []
    for enterprise in enterprises:
        count = max(1, min(len(teams), round(rng.gauss(per_enterprise, per_enterprise / 2.5))))
        chosen: list[int] = []
        while len(chosen) < count:
            pick = rng.choices(range(len(teams)), weights=popularity, k=count - len(chosen))
            chosen.extend(t for t in dict.fromkeys(pick) if t not in chosen)
        wishes.append((enterprise, chosen[:count]))
    requests: list[Request] = []
    mornings = [slot.id for session in sessions[0::2] for slot in session]
    for enterprise, chosen in wishes:
        for rank, t in enumerate(chosen):
            weight = 3 if rank < 2 else 2 if rank < 5 else 1
            slots = tuple(mornings) if rng.random() < 0.03 else None
            requests.append(Request(f"r{len(requests) + 1:05d}", (enterprise.id, teams[t].id), weight, slots=slots))
    rng.shuffle(requests)
    return [replace(request, id=f"r{i + 1:05d}") for i, request in enumerate(requests)]


def rerun_problem(problem: Problem, schedule: Schedule, *, seed: int) -> Problem:
    """Cancel 5% of the scheduled requests, add 50 new ones, and pass the schedule as ``previous``."""
    rng = random.Random(seed)
    met = [meeting.request for meeting in schedule.meetings]
    cancelled = set(rng.sample(met, len(met) // 20))
    requests = [request for request in problem.requests if request.id not in cancelled]
    pairs = {tuple(sorted(request.participants)) for request in problem.requests}
    enterprises = [p.id for p in problem.participants if p.id.startswith("ent-")]
    teams = [p.id for p in problem.participants if p.id.startswith("team-")]
    added = 0
    while added < 50:
        pair = (rng.choice(enterprises), rng.choice(teams))
        if tuple(sorted(pair)) in pairs:
            continue
        pairs.add(tuple(sorted(pair)))
        added += 1
        requests.append(Request(f"new{added:03d}", pair, rng.choice([1, 2, 3])))
    previous = tuple(meeting for meeting in schedule.meetings if meeting.request not in cancelled)
    return replace(problem, requests=tuple(requests), previous=previous)


def _child(work: Any, connection: Any) -> None:
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    connection.send((result, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    connection.close()


def in_child(work: Any) -> tuple[Any, float, float]:
    """Run ``work()`` in a forked process; return its result, seconds and peak resident memory in MiB."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(work, sender))
    process.start()
    result = receiver.recv()
    process.join()
    return result  # type: ignore[no-any-return]


def fewest_without_meeting(problem: Problem) -> int | None:
    """A proved lower bound on the askers left without a meeting at the best weight (linear relaxation of the
    selection model: weight, then stability, then fairness), or ``None`` when it does not apply."""
    instance = build_instance(problem)
    base = locked_assignment(instance)
    requests = [r for r in range(instance.n_requests) if r not in instance.locked and base.open_slots(r)]
    model = SelectionModel(instance, base, requests, keep=[])
    levels = [model.weight_level(offset=0, target=None), model.kept_level(offset=0)]
    levels.append(model.fairness_level(instance.askers))
    relaxation = linear_relaxation(model.builder, levels, time_limit=30.0)
    if len(relaxation.bounds) < 3 or not all(relaxation.integral[:2]):
        return None
    return max(0, -relaxation.bounds[2])


def fewest_moved(problem: Problem, *, weight: int) -> int | None:
    """A proved lower bound on the previous meetings that leave their slot or table in every schedule of
    ``weight`` when that is the best weight (linear relaxation of the selection model: weight, then previous
    meetings kept in their session, which a meeting that keeps its slot and table does); ``None`` when the
    relaxation's weight is not a whole number or not ``weight``."""
    instance = build_instance(problem)
    base = locked_assignment(instance)
    requests = [r for r in range(instance.n_requests) if r not in instance.locked and base.open_slots(r)]
    model = SelectionModel(instance, base, requests, keep=keepable_previous(instance, base))
    levels = [model.weight_level(offset=base.weight(), target=None), model.kept_level(offset=0)]
    relaxation = linear_relaxation(model.builder, levels, time_limit=30.0)
    if len(relaxation.bounds) < 2 or not relaxation.integral[0] or relaxation.bounds[0] != weight:
        return None
    locked_in_place = sum(1 for r, place in instance.locked.items() if instance.previous.get(r) == place)
    return len(instance.previous) - locked_in_place - relaxation.bounds[1]


def could_go_back(problem: Problem, schedule: Schedule) -> int:
    """Moved previous meetings whose previous slot and table are still open to them in ``schedule``: the
    request may take the slot, its participants are free there and the table has room."""
    instance = build_instance(problem)
    busy: dict[tuple[int, int], str] = {}
    load: dict[tuple[int, int], int] = {}
    where: dict[str, tuple[str, str]] = {}
    for meeting in schedule.meetings:
        r, s = instance.request_index[meeting.request], instance.slot_index[meeting.slot]
        where[meeting.request] = (meeting.slot, meeting.table)
        for p in instance.members[r]:
            busy[p, s] = meeting.request
        key = (s, instance.table_index[meeting.table])
        load[key] = load.get(key, 0) + 1
    count = 0
    for meeting in problem.previous:
        now = where.get(meeting.request)
        if now is None or now == (meeting.slot, meeting.table):
            continue
        r, s = instance.request_index[meeting.request], instance.slot_index[meeting.slot]
        t = instance.table_index[meeting.table]
        free = all(busy.get((p, s), meeting.request) == meeting.request for p in instance.members[r])
        if instance.allowed[r] >> s & 1 and free and load.get((s, t), 0) < instance.capacity[t]:
            count += 1
    return count


def first_come_schedule(problem: Problem) -> Schedule:
    instance = build_instance(problem)
    return _schedule(instance, first_come(instance), bound=0, seconds=0.0)


def run(shape: Shape, *, time_limit: float, write: Path | None) -> None:
    problem = make_fair(shape)
    if write is not None:
        write.mkdir(parents=True, exist_ok=True)
        (write / f"{shape.name}.json").write_text(problem_to_json(problem))
    ours, seconds, memory = in_child(lambda: solve(problem, time_limit=time_limit))
    baseline = first_come_schedule(problem)
    problems = validate_schedule(problem, ours)
    mine, theirs = schedule_figures(problem, ours), schedule_figures(problem, baseline)
    again = rerun_problem(problem, ours, seed=shape.seed)
    if write is not None:
        (write / f"{shape.name}-rerun.json").write_text(problem_to_json(again))
    rerun, rerun_seconds, _ = in_child(lambda: solve(again, time_limit=time_limit))
    locked = replace(again, locked=again.previous)
    pinned, _, _ = in_child(lambda: solve(locked, time_limit=time_limit))
    moved = schedule_figures(again, rerun).moved
    fewest_moves = fewest_moved(again, weight=rerun.stats.weight)
    back = could_go_back(again, rerun)
    gain = rerun.stats.weight - pinned.stats.weight
    _print_row(
        shape,
        problem,
        ours,
        mine,
        theirs,
        seconds,
        memory,
        moved,
        back,
        gain,
        rerun_seconds,
        fewest=fewest_without_meeting(problem),
        fewest_moves=fewest_moves,
        rerun_status=rerun.status.value,
        invalid=len(problems) + len(validate_schedule(again, rerun)),
    )


HEADER = (
    f"{'fair':<15} {'requests':>8} {'weight':>7} {'bound':>7} {'%bound':>7} {'x f-c':>6} "
    f"{'no-mtg':>7} {'>=':>3} {'f-c':>4} {'idle':>5} {'f-c':>5} {'moved':>5} {'>=':>5} {'back':>4} {'gain':>4} "
    f"{'status':>8} {'re-run':>8} {'time s':>6} {'rerun s':>7} {'MiB':>5}"
)


def _print_row(
    shape: Shape,
    problem: Problem,
    ours: Schedule,
    mine: Figures,
    theirs: Figures,
    seconds: float,
    memory: float,
    moved: int,
    back: int,
    gain: int,
    rerun_seconds: float,
    *,
    fewest: int | None,
    fewest_moves: int | None,
    rerun_status: str,
    invalid: int,
) -> None:
    bound = ours.stats.upper_bound
    print(
        f"{shape.name:<15} {len(problem.requests):>8} {mine.weight:>7} {bound:>7} "
        f"{100 * mine.weight / max(1, bound):>6.2f}% {mine.weight / max(1, theirs.weight):>6.3f} "
        f"{mine.askers_without_meeting:>7} {'?' if fewest is None else fewest:>3} "
        f"{theirs.askers_without_meeting:>4} {mine.idle_slots:>5} "
        f"{theirs.idle_slots:>5} {moved:>5} {'?' if fewest_moves is None else fewest_moves:>5} {back:>4} {gain:>4} "
        f"{ours.status.value:>8} {rerun_status:>8} {seconds:>6.1f} "
        f"{rerun_seconds:>7.1f} "
        f"{memory:>5.0f}" + (f"  INVALID: {invalid} violations" if invalid else ""),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--only", nargs="*", help="shape names to run")
    parser.add_argument("--write", type=Path, help="also write each generated problem as JSON into this folder")
    args = parser.parse_args()
    shapes = [shape for shape in SHAPES if not args.only or shape.name in args.only]
    print(
        f"time limit {args.time_limit} s; 'x f-c' = weight / first-come weight; no-mtg = askers without a meeting "
        f"('>=' its proved lower bound at the best weight); load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} cores"
    )
    print(HEADER)
    for shape in shapes:
        run(shape, time_limit=args.time_limit, write=args.write)


if __name__ == "__main__":
    main()

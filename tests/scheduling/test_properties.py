"""Properties over random small fairs: the schedule is valid, as heavy as the best one (found by brute force),
never lighter than first-come booking, its bound is a real bound, and "infeasible" is really infeasible."""

from __future__ import annotations

from itertools import product

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.scheduling import (
    Meeting,
    Participant,
    Problem,
    Request,
    Status,
    Table,
    parse_problem,
    problem_to_json,
    schedule_from_json,
    schedule_to_json,
    solve,
    validate_schedule,
)
from events.scheduling.greedy import first_come
from events.scheduling.instance import build_instance
from tests.scheduling.fairs import slots as make_slots


@st.composite
def fairs(draw: st.DrawFn) -> Problem:
    sessions = draw(st.sampled_from([(1,), (2,), (3,), (2, 2), (1, 3)]))
    slots = make_slots(*sessions)
    slot_ids = [slot.id for slot in slots]
    tables = tuple(Table(f"T{i + 1}", draw(st.integers(1, 2))) for i in range(draw(st.integers(1, 3))))
    participants = []
    for i in range(draw(st.integers(2, 6))):
        away = draw(st.sets(st.sampled_from(slot_ids), max_size=len(slot_ids) - 1))
        participants.append(
            Participant(
                f"p{i}",
                unavailable=tuple(s for s in slot_ids if s in away),
                max_meetings=draw(st.none() | st.integers(0, 3)),
                table=draw(st.none() | st.sampled_from([t.id for t in tables]))
                if draw(st.integers(0, 3)) == 0
                else None,
            )
        )
    requests = []
    for j in range(draw(st.integers(0, 6))):
        order = draw(st.permutations([p.id for p in participants]))
        size = 3 if draw(st.integers(0, 5)) == 0 else 2
        allowed = draw(st.sets(st.sampled_from(slot_ids), min_size=1)) if draw(st.integers(0, 3)) == 0 else None
        requests.append(
            Request(
                f"r{j}",
                tuple(order[:size]),
                weight=draw(st.integers(1, 3)),
                required=draw(st.integers(0, 7)) == 0,
                slots=None if allowed is None else tuple(s for s in slot_ids if s in allowed),
            )
        )
    fair = Problem(slots, tables, tuple(participants), tuple(requests))
    booked = first_come(build_instance(fair))
    instance = build_instance(fair)
    placed = [
        Meeting(instance.request_ids[r], instance.slot_ids[s], instance.table_ids[t if t >= 0 else 0])
        for r, (s, t) in booked.placed.items()
    ]
    locked = tuple(m for m in placed if draw(st.integers(0, 4)) == 0 and _table_is_free(fair, placed, m))
    previous = tuple(
        Meeting(r.id, draw(st.sampled_from(slot_ids)), draw(st.sampled_from([t.id for t in tables])))
        for r in requests
        if draw(st.integers(0, 2)) == 0
    )
    return Problem(slots, tables, tuple(participants), tuple(requests), locked, previous)


def _table_is_free(fair: Problem, placed: list[Meeting], meeting: Meeting) -> bool:
    """First-come leaves 'any table' meetings unseated; lock only one that is alone at its table."""
    hosts = {p.id: p.table for p in fair.participants}
    request = next(r for r in fair.requests if r.id == meeting.request)
    tables = {hosts[p] for p in request.participants if hosts[p]}
    same = [m for m in placed if m.slot == meeting.slot and m.table == meeting.table]
    return (not tables or meeting.table in tables) and len(same) == 1


def best_weight(fair: Problem) -> int | None:
    """The heaviest valid schedule's weight by exhaustive search (``None`` if none keeps the locked and required).

    Written from the rules alone: each request is left out or put in a slot; a slot's meetings must find
    distinct seats at the tables (a host's meeting at a host's table).
    """
    slot_ids = [s.id for s in fair.slots]
    away = {p.id: set(p.unavailable) for p in fair.participants}
    limit = {p.id: p.max_meetings for p in fair.participants}
    host = {p.id: p.table for p in fair.participants}
    seats = {t.id: t.capacity for t in fair.tables}
    locked = {m.request: m for m in fair.locked}
    best: int | None = None
    choices: list[list[str | None]] = []
    for request in fair.requests:
        if request.id in locked:
            choices.append([locked[request.id].slot])
            continue
        allowed: list[str | None] = [
            s
            for s in slot_ids
            if (request.slots is None or s in request.slots) and not any(s in away[p] for p in request.participants)
        ]
        choices.append(allowed + ([] if request.required else [None]))
    for pick in product(*choices):
        chosen = [(request, slot) for request, slot in zip(fair.requests, pick, strict=True) if slot is not None]
        if _valid(chosen, limit=limit, host=host, seats=seats, locked=locked):
            weight = sum(request.weight for request, _slot in chosen)
            best = weight if best is None else max(best, weight)
    return best


def _valid(
    chosen: list[tuple[Request, str]],
    *,
    limit: dict[str, int | None],
    host: dict[str, str | None],
    seats: dict[str, int],
    locked: dict[str, Meeting],
) -> bool:
    busy: set[tuple[str, str]] = set()
    count: dict[str, int] = {}
    for request, slot in chosen:
        for p in request.participants:
            if (p, slot) in busy:
                return False
            busy.add((p, slot))
            count[p] = count.get(p, 0) + 1
            if limit[p] is not None and count[p] > (limit[p] or 0):
                return False
    for slot in {slot for _request, slot in chosen}:
        here = [request for request, s in chosen if s == slot]
        if not _seated(here, host=host, seats=seats, locked=locked):
            return False
    return True


def _seated(
    requests: list[Request], *, host: dict[str, str | None], seats: dict[str, int], locked: dict[str, Meeting]
) -> bool:
    """Whether the meetings of one slot fit the tables (locked ones at their own table), by backtracking."""
    left = dict(seats)

    def options(request: Request) -> list[str]:
        if request.id in locked:
            return [locked[request.id].table]
        tables = sorted({host[p] for p in request.participants if host[p]})  # type: ignore[type-var]
        return [t for t in tables if t] or sorted(seats)

    ordered = sorted(requests, key=lambda r: len(options(r)))

    def place(index: int) -> bool:
        if index == len(ordered):
            return True
        for table in options(ordered[index]):
            if left[table] > 0:
                left[table] -= 1
                if place(index + 1):
                    return True
                left[table] += 1
        return False

    return place(0)


PROPERTY = settings(max_examples=45, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(fairs())
def test_the_schedule_is_valid_and_as_heavy_as_the_best_one(fair: Problem) -> None:
    schedule = solve(fair, time_limit=2.0)
    assert validate_schedule(fair, schedule) == []
    best = best_weight(fair)
    if schedule.status == Status.INFEASIBLE:
        assert best is None
        return
    assert best is not None
    assert schedule.stats.weight == best
    assert schedule.stats.upper_bound >= best
    assert schedule.status == (Status.OPTIMAL if schedule.stats.upper_bound == best else Status.FEASIBLE)
    if not any(request.required for request in fair.requests):
        assert schedule.stats.weight >= first_come(build_instance(fair)).weight()


@PROPERTY
@given(fairs())
def test_problems_and_schedules_round_trip(fair: Problem) -> None:
    assert parse_problem(problem_to_json(fair)) == fair
    schedule = solve(fair, time_limit=1.0)
    assert schedule_from_json(schedule_to_json(schedule)) == schedule

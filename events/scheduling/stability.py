"""Previous meetings put back where they were after a re-run, wherever that costs no weight.

The selection model counts previous meetings kept in their *session* (its linear relaxation bounds how many can
stay there at the best weight), and each session's model then keeps as many in their slot and table as the
requests chosen for that session allow. Neither sees a previous meeting that moved within its session, or was
dropped, because of what its participants were given in other sessions or slots. On medium-host's re-run
(``benchmarks/scheduling.py``) that left 1,028 of 1,045 previous meetings in place where the exact model of the
whole fair proves 1,036 possible at the same weight (in 19 s).

:func:`put_back` takes such meetings one at a time. Its neighbourhood: every request (any session, placed or
not) of the meeting's participants and of the participants of the meetings in its way (in its previous slot with
one of them, at its previous table, or, when that slot has no table left, two of the meetings that came in since).
An exact model of those requests around everything else (fixed) maximises weight, then previous meetings in place,
then askers with a meeting, as one objective, from the current placements; a better answer replaces them. On that
re-run: 1,034 in place after 1.1 s. On medium-pooled's re-run the meetings that came in since were what it missed:
with them 5 moved in two runs (the exact model's fewest: 4), without them 9-12.

The neighbourhood models are small (100-400 booleans) and solved without CP-SAT's presolve, which took most of
their time (on large-host-10k's re-run 16 ms a model with it, 9 ms without). The moved meetings of the least asked
participants go first; after a gain only the moved meetings near it (a participant or a previous slot in common
with what changed) are tried again. When every one has been tried, wider neighbourhoods follow (:data:`WIDER`),
up to the exact model of the whole fair, which a small fair gets at once (:data:`WHOLE_FAIR`); the step stops
early once as many meetings are in place as the linear relaxation proves possible.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from events.scheduling.assignment import ANY_TABLE, Assignment
from events.scheduling.cpsat import Level, optimise_levels
from events.scheduling.instance import Instance
from events.scheduling.slot_model import SlotModel
from events.scheduling.timing import Deadline

NEWCOMERS = 2
"""When the previous slot's tables are all taken, the meetings that came in since of the fewest requests (at most
this many) join the neighbourhood: one of them may make room."""

WIDER = 150
"""Once every moved meeting has been tried in its own neighbourhood, they are tried again in neighbourhoods
widened to this many requests, then twice as many, and so on (:func:`_wider`); once that would be the whole fair,
one model of every request (the exact model of the whole fair) takes the time left."""

WHOLE_FAIR = 1000
"""A fair of at most this many requests goes to that last model at once after the first neighbourhoods: on
small-host's re-run (459 requests) it proves the fewest moves in 0.3-0.4 s, where the widened neighbourhoods take
3 s to get there; on medium-host's (2,102) it finds less in 3 s than they do."""

NEIGHBOURHOOD_SECONDS = 1.0
"""At most this long for one neighbourhood's model (median 5-25 ms on the generated fairs' re-runs, a few 0.1-0.5 s)."""


def put_back(
    assignment: Assignment,
    keep: Collection[int],
    *,
    required: Collection[int],
    deadline: Deadline,
    workers: int,
    most: int | None = None,
) -> int:
    """More previous meetings of ``keep`` in their slot and table, the weight never lower, ``required`` requests
    always placed; until ``deadline`` or until every moved one has been tried, since the last gain near it, in
    neighbourhoods of every size up to the whole fair (a last model of every request, with the time left), or
    until ``most`` of them are in place (a proved bound).
    Changes ``assignment`` in place and returns how many more previous meetings are in place."""
    instance = assignment.instance
    previous = instance.previous
    before = _in_place(assignment, keep)
    keepable, needed = frozenset(keep), frozenset(required)
    tried: set[int] = set()
    moved = _moved(assignment, keep)
    size = 0
    while deadline.remaining() > 0.05 and (most is None or len(keep) - len(moved) < most):
        request = next((r for r in moved if r not in tried), None)
        if request is None:
            size = 2 * size if size else WIDER
            if instance.n_requests <= WHOLE_FAIR:
                size = instance.n_requests
            tried.clear()
            if size >= instance.n_requests:
                whole = [r for r in range(instance.n_requests) if r not in instance.locked]
                _improve(assignment, whole, keep=keepable, required=needed, deadline=deadline, workers=workers)
                break
            continue
        tried.add(request)
        requests = _neighbourhood(assignment, request)
        if size:
            requests = _wider(instance, requests, size=size)
        changed = _improve(
            assignment,
            requests,
            keep=keepable,
            required=needed,
            deadline=deadline,
            seconds=NEIGHBOURHOOD_SECONDS,
            workers=workers,
        )
        if changed is not None:
            people, slots = changed
            moved = _moved(assignment, keep)
            tried = {r for r in tried if not (people & set(instance.members[r]) or slots >> previous[r][0] & 1)}
    return _in_place(assignment, keep) - before


def _moved(assignment: Assignment, keep: Collection[int]) -> list[int]:
    """The previous meetings of ``keep`` out of place, those whose participants have the fewest requests first:
    their neighbourhoods are the smallest (on large-host-10k's re-run, from three saved schedules with 2.3 s: 18,
    20 and 20 moved, against 22, 25 and 38 in the previous order)."""
    instance = assignment.instance
    previous, requests_of, members = instance.previous, instance.requests_of, instance.members
    out_of_place = [r for r in keep if assignment.placed.get(r) != previous[r]]
    return sorted(out_of_place, key=lambda r: sum(len(requests_of[p]) for p in members[r]))


def _in_place(assignment: Assignment, keep: Iterable[int]) -> int:
    previous = assignment.instance.previous
    return sum(1 for r in keep if assignment.placed.get(r) == previous[r])


def _neighbourhood(assignment: Assignment, moved: int) -> list[int]:
    """Every request, not locked, of ``moved``'s participants and of those of the meetings in its way: in its
    previous slot with one of its participants, or at its previous table, or, when that slot's tables are all
    taken, any meeting there that is not a previous meeting in its place (pooled tables: the meetings that came
    in since)."""
    instance = assignment.instance
    previous = instance.previous
    slot, table = previous[moved]
    people = set(instance.members[moved])
    newcomers: list[int] = []
    for r, (s, t) in assignment.placed.items():
        if s != slot or r in instance.locked:
            continue
        if people & set(instance.members[r]) or t == table != ANY_TABLE:
            people.update(instance.members[r])
        elif previous.get(r) != (s, t):
            newcomers.append(r)
    if assignment.slots_full >> slot & 1:
        newcomers.sort(key=lambda r: (sum(len(instance.requests_of[p]) for p in instance.members[r]), r))
        for r in newcomers[:NEWCOMERS]:
            people.update(instance.members[r])
    requests = {r for p in people for r in instance.requests_of[p] if r not in instance.locked}
    return sorted(requests)


def _wider(instance: Instance, requests: list[int], *, size: int) -> list[int]:
    """``requests`` and those of the participants who meet theirs (asked for a meeting with one of them), then of
    those who meet these, and so on, breadth first, as long as the whole stays within ``size`` requests (a
    participant whose requests do not fit is left out, and the search does not go on through them)."""
    chosen = dict.fromkeys(requests)
    seen = dict.fromkeys(p for r in requests for p in instance.members[r])
    frontier = list(seen)
    while frontier and len(chosen) < size:
        reached = dict.fromkeys(
            q for p in frontier for r in instance.requests_of[p] for q in instance.members[r] if q not in seen
        )
        seen.update(reached)
        frontier = []
        for q in reached:
            more = [r for r in instance.requests_of[q] if r not in instance.locked and r not in chosen]
            if len(chosen) + len(more) <= size:
                chosen.update(dict.fromkeys(more))
                frontier.append(q)
    return sorted(chosen)


def _improve(
    assignment: Assignment,
    requests: list[int],
    *,
    keep: frozenset[int],
    required: frozenset[int],
    deadline: Deadline,
    workers: int,
    seconds: float | None = None,
) -> tuple[set[int], int] | None:
    """Re-place ``requests`` (weight, then previous meetings in place, then askers with a meeting) around the
    rest; if that gained, the participants and the slots (a mask) where something changed, else ``None``.
    ``keep`` and ``required`` are sets (asked once per request of the neighbourhood).
    The model is built on ``assignment`` itself with ``requests`` taken out, and they go back where they were
    unless the answer is better. Its search takes at most ``seconds`` (``None``: no cap), counted once it is
    built, and ends by ``deadline``."""
    instance = assignment.instance
    current = {r: assignment.placed[r] for r in requests if r in assignment.placed}
    people = {p for r in requests for p in instance.members[r]}
    figures = _figures(assignment, requests, people, keep)
    for r in current:
        assignment.remove(r)
    model = SlotModel(
        instance,
        assignment,
        requests,
        slots=(1 << instance.n_slots) - 1,
        keep=[r for r in requests if r in keep],
        forced=[r for r in requests if r in required],
    )
    level = _placed_then_fewest_without_meeting(model)
    start = model.values_for(current)
    solution, _outcomes, _infeasible = optimise_levels(
        model.builder,
        [level],
        start=start,
        deadline=Deadline(deadline.remaining() if seconds is None else min(seconds, deadline.remaining())),
        workers=workers,
        presolve=False,
    )
    if solution is not None and level.value(solution) > level.value(start):
        placements = model.placements(solution)
        for r, s, t in placements:
            assignment.place(r, s, t)
        if _figures(assignment, requests, people, keep) > figures:
            return _changes(current, placements, instance.members)
        for r, _s, _t in placements:
            assignment.remove(r)
    for r, (s, t) in current.items():
        assignment.place(r, s, t)
    return None


def _changes(
    before: dict[int, tuple[int, int]], after: list[tuple[int, int, int]], members: tuple[tuple[int, ...], ...]
) -> tuple[set[int], int]:
    """The participants of the requests that moved, came in or left, and the slots (a mask) they left or took."""
    now = {r: (s, t) for r, s, t in after}
    people: set[int] = set()
    slots = 0
    for r in before.keys() | now.keys():
        if before.get(r) != now.get(r):
            people.update(members[r])
            for place in (before.get(r), now.get(r)):
                if place is not None:
                    slots |= 1 << place[0]
    return people, slots


def _placed_then_fewest_without_meeting(model: SlotModel) -> Level:
    """Weight, then previous meetings in place (:meth:`SlotModel.placed_level`), then fewest askers of the model
    left without any meeting, as one objective."""
    base, builder = model.base, model.builder
    placed = model.placed_level()
    askers = [p for p, options in model.by_participant.items() if options and base.count[p] == 0]
    scale = len(askers) + 1
    zeros = []
    for p in askers:
        options = model.by_participant[p]
        zero = builder.new_bools(1)[0]
        builder.linear([*options, zero], [1] * (len(options) + 1), low=1)
        zeros.append(zero)
    return Level(
        "stability",
        [*placed.variables, *zeros],
        [c * scale for c in placed.coefficients] + [-1] * len(zeros),
        maximize=True,
        target=None if placed.target is None else placed.target * scale,
    )


def _figures(
    assignment: Assignment, requests: Iterable[int], people: Iterable[int], keep: frozenset[int]
) -> tuple[int, int, int]:
    """Of ``requests`` (the only ones that change), the weight placed and the previous meetings in place, and of
    their participants ``people``, how many askers have a meeting: compared before and after, as the whole
    schedule's figures would be."""
    instance, placed, previous = assignment.instance, assignment.placed, assignment.instance.previous
    weight = sum(instance.weight[r] for r in requests if r in placed)
    in_place = sum(1 for r in requests if r in keep and placed.get(r) == previous[r])
    return weight, in_place, sum(1 for p in people if assignment.count[p])

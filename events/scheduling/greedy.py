"""Two greedy schedules: first-come booking (the baseline) and heaviest-first (the solver's warm start).

*First-come* takes the requests in the order they came (input order) and books each into the earliest slot and
first table that are still free, as a booking desk would. *Heaviest-first* keeps the previous schedule where it
still fits, then places required requests (the most constrained first), then the others by decreasing weight,
giving the next meeting to whoever has the fewest so far, each into the slot that adds the fewest idle slots to
its participants' agendas.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable

from events.scheduling.assignment import ANY_TABLE, Assignment
from events.scheduling.instance import Instance, bits, idle_in


def locked_assignment(instance: Instance) -> Assignment:
    """An assignment holding the locked meetings (checked by the solver before it relies on it)."""
    assignment = Assignment(instance)
    for r, (s, t) in instance.locked.items():
        assignment.place(r, s, t)
    return assignment


def first_come(instance: Instance) -> Assignment:
    """Book requests in input order, each into its earliest free slot and first free table."""
    assignment = locked_assignment(instance)
    for r in range(instance.n_requests):
        if r in assignment.placed:
            continue
        mask = assignment.open_slots(r)
        if mask:
            s = (mask & -mask).bit_length() - 1
            tables = instance.tables_of[r]
            assignment.place(r, s, assignment.table_at(r, s) if tables else ANY_TABLE)
    return assignment


def heaviest_first(
    instance: Instance,
    base: Assignment,
    *,
    first: Iterable[tuple[int, int, int]] = (),
    keep: Iterable[int] = (),
    preferred: Collection[int] = (),
) -> Assignment:
    """The warm start: ``first`` placements (request, slot, table), the ``keep`` previous meetings, then greedy.

    ``preferred`` requests (a relaxation's optimal selection) go before the others of the same weight class.
    """
    assignment = base.copy()
    for r, s, t in first:
        if r not in assignment.placed and assignment.fits(r, s, t):
            assignment.place(r, s, t)
    for r in keep:
        s, t = instance.previous[r]
        if r not in assignment.placed and assignment.fits(r, s, t):
            assignment.place(r, s, t)
    required = [r for r in range(instance.n_requests) if instance.required[r] and r not in assignment.placed]
    required.sort(key=lambda r: (assignment.open_slots(r).bit_count(), -instance.weight[r], r))
    fill(assignment, required)
    fill_fairly(assignment, [r for r in range(instance.n_requests) if r not in assignment.placed], preferred)
    return assignment


def fill(assignment: Assignment, order: Iterable[int], *, within: int = -1) -> int:
    """Place each request of ``order`` that still fits (in the ``within`` slots), in its best slot.

    Returns how many were placed.
    """
    placed = 0
    for r in order:
        if r in assignment.placed:
            continue
        mask = assignment.open_slots(r) & within
        if mask:
            s = best_slot(assignment, r, mask)
            assignment.place(r, s, assignment.table_at(r, s))
            placed += 1
    return placed


def fill_fairly(assignment: Assignment, requests: list[int], preferred: Collection[int] = ()) -> None:
    """Preferred first, heaviest first; then the request whose neediest participant has the fewest meetings."""
    instance = assignment.instance
    degree = [len(requests_of) for requests_of in instance.requests_of]

    def key(r: int) -> tuple[int, int, int, int, int, int]:
        counts = [assignment.count[p] for p in instance.members[r]]
        return (
            0 if r in preferred else 1,
            -instance.weight[r],
            min(counts),
            sum(counts),
            min(degree[p] for p in instance.members[r]),
            r,
        )

    heap = [key(r) for r in requests]
    heapq.heapify(heap)
    while heap:
        entry = heapq.heappop(heap)
        r = entry[-1]
        if r in assignment.placed:
            continue
        current = key(r)
        if current != entry:
            heapq.heappush(heap, current)
            continue
        mask = assignment.open_slots(r)
        if mask:
            s = best_slot(assignment, r, mask)
            assignment.place(r, s, assignment.table_at(r, s))


def best_slot(assignment: Assignment, r: int, mask: int) -> int:
    """The open slot adding the fewest idle slots to the participants, then touching their meetings, then earliest."""
    instance = assignment.instance
    best = -1
    best_key = (1 << 30, 0)
    for s in bits(mask):
        session = instance.session_masks[instance.session_of[s]]
        bit = 1 << s
        added = 0
        touching = 0
        for p in instance.members[r]:
            busy = assignment.busy[p] & session
            if busy:
                added += idle_in(busy | bit) - idle_in(busy)
                if busy & ((bit << 1) | (bit >> 1)):
                    touching += 1
        candidate = (added, -touching)
        if candidate < best_key:
            best, best_key = s, candidate
    return best

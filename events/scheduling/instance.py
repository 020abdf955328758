"""The problem in numbers: indices for slots, tables, participants and requests, slot sets as bit masks.

Slot ``s`` is bit ``1 << s``. A *session* is a run of slots that touch (no gap between one's end and the next's
start). A request's *allowed* slots are those its own ``slots`` list permits and every participant is free in;
its *tables* are its hosts' tables, or empty when it may take any table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from events.scheduling.problem import Problem

UNLIMITED = 1 << 30


@dataclass(frozen=True, slots=True)
class Instance:
    problem: Problem
    slot_ids: tuple[str, ...]
    slot_index: dict[str, int]
    session_of: tuple[int, ...]
    session_masks: tuple[int, ...]
    table_ids: tuple[str, ...]
    table_index: dict[str, int]
    capacity: tuple[int, ...]
    total_capacity: int
    participant_ids: tuple[str, ...]
    participant_index: dict[str, int]
    free: tuple[int, ...]
    max_meetings: tuple[int, ...]
    host_table: tuple[int, ...]
    request_ids: tuple[str, ...]
    request_index: dict[str, int]
    members: tuple[tuple[int, ...], ...]
    weight: tuple[int, ...]
    required: tuple[bool, ...]
    allowed: tuple[int, ...]
    tables_of: tuple[tuple[int, ...], ...]
    requests_of: tuple[tuple[int, ...], ...]
    locked: dict[int, tuple[int, int]]
    previous: dict[int, tuple[int, int]]

    @property
    def n_slots(self) -> int:
        return len(self.slot_ids)

    @property
    def n_participants(self) -> int:
        return len(self.participant_ids)

    @property
    def n_requests(self) -> int:
        return len(self.request_ids)

    @property
    def askers(self) -> tuple[int, ...]:
        """Participants who asked for at least one meeting (the fairness level looks at them only)."""
        return tuple(p for p, requests in enumerate(self.requests_of) if requests)

    def slots_in(self, mask: int) -> list[int]:
        return [s for s in range(self.n_slots) if mask >> s & 1]


def build_instance(problem: Problem) -> Instance:
    """Index a problem that :func:`check_problem` accepted."""
    slot_ids = tuple(slot.id for slot in problem.slots)
    slot_index = {slot_id: s for s, slot_id in enumerate(slot_ids)}
    session_of = _sessions(problem)
    n_sessions = (session_of[-1] + 1) if session_of else 0
    session_masks = tuple(
        sum(1 << s for s, session in enumerate(session_of) if session == index) for index in range(n_sessions)
    )
    all_slots = (1 << len(slot_ids)) - 1
    table_ids = tuple(table.id for table in problem.tables)
    table_index = {table_id: t for t, table_id in enumerate(table_ids)}
    capacity = tuple(table.capacity for table in problem.tables)
    participant_ids = tuple(participant.id for participant in problem.participants)
    participant_index = {participant_id: p for p, participant_id in enumerate(participant_ids)}
    free = tuple(all_slots & ~_mask(participant.unavailable, slot_index) for participant in problem.participants)
    max_meetings = tuple(
        UNLIMITED if participant.max_meetings is None else participant.max_meetings
        for participant in problem.participants
    )
    host_table = tuple(
        -1 if participant.table is None else table_index[participant.table] for participant in problem.participants
    )
    members = tuple(tuple(participant_index[pid] for pid in request.participants) for request in problem.requests)
    allowed = []
    tables_of = []
    for request, request_members in zip(problem.requests, members, strict=True):
        mask = all_slots if request.slots is None else _mask(request.slots, slot_index)
        for p in request_members:
            mask &= free[p]
        allowed.append(mask)
        tables_of.append(tuple(sorted({host_table[p] for p in request_members if host_table[p] >= 0})))
    requests_of: list[list[int]] = [[] for _ in participant_ids]
    for r, request_members in enumerate(members):
        for p in request_members:
            requests_of[p].append(r)
    request_ids = tuple(request.id for request in problem.requests)
    request_index = {request_id: r for r, request_id in enumerate(request_ids)}
    return Instance(
        problem=problem,
        slot_ids=slot_ids,
        slot_index=slot_index,
        session_of=session_of,
        session_masks=session_masks,
        table_ids=table_ids,
        table_index=table_index,
        capacity=capacity,
        total_capacity=sum(capacity),
        participant_ids=participant_ids,
        participant_index=participant_index,
        free=free,
        max_meetings=max_meetings,
        host_table=host_table,
        request_ids=request_ids,
        request_index=request_index,
        members=members,
        weight=tuple(request.weight for request in problem.requests),
        required=tuple(request.required for request in problem.requests),
        allowed=tuple(allowed),
        tables_of=tuple(tables_of),
        requests_of=tuple(tuple(requests) for requests in requests_of),
        locked={request_index[m.request]: (slot_index[m.slot], table_index[m.table]) for m in problem.locked},
        previous={request_index[m.request]: (slot_index[m.slot], table_index[m.table]) for m in problem.previous},
    )


def _sessions(problem: Problem) -> tuple[int, ...]:
    sessions: list[int] = []
    for s, slot in enumerate(problem.slots):
        if s == 0:
            sessions.append(0)
        elif slot.start > problem.slots[s - 1].end:
            sessions.append(sessions[-1] + 1)
        else:
            sessions.append(sessions[-1])
    return tuple(sessions)


def _mask(slot_ids: tuple[str, ...], slot_index: dict[str, int]) -> int:
    mask = 0
    for slot_id in slot_ids:
        mask |= 1 << slot_index[slot_id]
    return mask


def bits(mask: int) -> list[int]:
    """The slot indices in a mask, in order."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


@functools.lru_cache(maxsize=1 << 16)
def slot_tuple(mask: int) -> tuple[int, ...]:
    """:func:`bits` as a tuple, remembered: the annealing asks for the same few masks again and again."""
    return tuple(bits(mask))


def idle_in(mask: int) -> int:
    """Idle slots between the first and the last busy slot of a mask (one session's slots)."""
    if not mask:
        return 0
    first = (mask & -mask).bit_length() - 1
    return mask.bit_length() - first - mask.bit_count()


def runs_in(mask: int) -> int:
    """Runs of consecutive busy slots in a mask."""
    return (mask & ~(mask << 1)).bit_count()

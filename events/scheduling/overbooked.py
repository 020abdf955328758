"""A participant with more locked and required meetings than they can hold: infeasibility proved by counting.

A participant is in at most one meeting per slot, so its locked and required meetings need distinct slots among
those each of them may take (its locked slot, or its allowed slots), and there may be no more of them than its
``max_meetings``. When some set of them can take fewer distinct slots than it has meetings (Hall's condition),
no schedule exists. CP-SAT proves such a pigeonhole slowly (13-16 s for 10 meetings in 9 slots on the B2B
instances with forbidden slots, not within 60 s for 22 in 21); a bipartite matching per participant finds it at
once, and names the meetings and the slots.
"""

from __future__ import annotations

from dataclasses import dataclass

from events.scheduling.instance import Instance, bits


@dataclass(frozen=True, slots=True)
class Overbooked:
    participant: int
    requests: tuple[int, ...]
    """Locked or required requests of the participant that cannot all be held."""
    room: int
    """How many of them could be held: the distinct slots they may take, or the participant's max_meetings."""
    by_max_meetings: bool = False


def overbooked_participant(instance: Instance) -> Overbooked | None:
    """The first participant whose locked and required meetings cannot all be held, or ``None``."""
    for p in range(instance.n_participants):
        needed = [r for r in instance.requests_of[p] if instance.required[r] or r in instance.locked]
        if len(needed) > instance.max_meetings[p]:
            return Overbooked(p, tuple(needed), instance.max_meetings[p], by_max_meetings=True)
        # A meeting with no slot at all is infeasible on its own; its reason says why (reasons.py).
        options = {r: slots for r in needed if (slots := _slots(instance, r))}
        deficient = _hall_violator(options)
        if deficient is not None:
            room = 0
            for r in deficient:
                room |= options[r]
            return Overbooked(p, tuple(sorted(deficient)), room.bit_count())
    return None


def _slots(instance: Instance, r: int) -> int:
    locked = instance.locked.get(r)
    return instance.allowed[r] if locked is None else 1 << locked[0]


def _hall_violator(options: dict[int, int]) -> list[int] | None:
    """Requests that cannot all take distinct slots (together they may take fewer slots than there are of them),
    or ``None`` if every request can have a slot of its own (Kuhn's augmenting paths)."""
    holder: dict[int, int] = {}
    for r in options:
        seen: set[int] = set()
        if not _augment(r, options, holder, seen):
            # Every slot the requests reached may take was visited and is held by one of them: |slots| < |requests|.
            return [r, *(holder[s] for s in seen)]
    return None


def _augment(r: int, options: dict[int, int], holder: dict[int, int], seen: set[int]) -> bool:
    for s in bits(options[r]):
        if s in seen:
            continue
        seen.add(s)
        if s not in holder or _augment(holder[s], options, holder, seen):
            holder[s] = r
            return True
    return False

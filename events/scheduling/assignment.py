"""A schedule under construction: which request sits in which slot, with the bookkeeping to extend it fast.

A meeting with hosts takes one of its hosts' tables (a *specific* table); any other meeting takes
:data:`ANY_TABLE`, a place at whichever table is left in its slot, chosen at the end by :func:`resolve_tables`.
Counting a slot's meetings per specific table and in total is exact: the meetings at ``ANY_TABLE`` fit exactly
when the total stays within the sum of the capacities. A previous meeting placed back in its slot takes its
previous table when that table has room, so it counts as kept.
"""

from __future__ import annotations

from events.scheduling.instance import Instance

ANY_TABLE = -1


class Assignment:
    """Placements ``request -> (slot, table)`` and, per participant and slot, who is busy."""

    __slots__ = ("busy", "count", "instance", "load", "placed", "slots_full", "table_full", "total")

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.busy = [0] * instance.n_participants
        self.count = [0] * instance.n_participants
        self.load = [[0] * len(instance.table_ids) for _ in range(instance.n_slots)]
        self.total = [0] * instance.n_slots
        self.table_full = [0] * len(instance.table_ids)
        self.slots_full = 0 if instance.total_capacity > 0 else (1 << instance.n_slots) - 1
        self.placed: dict[int, tuple[int, int]] = {}

    def copy(self) -> Assignment:
        other = Assignment.__new__(Assignment)
        other.instance = self.instance
        other.busy = list(self.busy)
        other.count = list(self.count)
        other.load = [list(row) for row in self.load]
        other.total = list(self.total)
        other.table_full = list(self.table_full)
        other.slots_full = self.slots_full
        other.placed = dict(self.placed)
        return other

    def open_slots(self, r: int) -> int:
        """The slots where request ``r`` can be added now (none if a participant reached max_meetings)."""
        instance = self.instance
        mask = instance.allowed[r] & ~self.slots_full
        for p in instance.members[r]:
            if self.count[p] >= instance.max_meetings[p]:
                return 0
            mask &= ~self.busy[p]
        tables = instance.tables_of[r]
        if tables and mask:
            blocked = -1
            for t in tables:
                blocked &= self.table_full[t]
            mask &= ~blocked
        return mask

    def table_at(self, r: int, s: int) -> int:
        """The table request ``r`` takes in open slot ``s``: a host's table, its previous table, or any."""
        tables = self.instance.tables_of[r]
        if tables:
            for t in tables:
                if not self.table_full[t] >> s & 1:
                    return t
            raise ValueError(f"slot {s} is not open for request {r}")
        previous = self.instance.previous.get(r)
        if previous is not None and previous[0] == s and not self.table_full[previous[1]] >> s & 1:
            return previous[1]
        return ANY_TABLE

    def fits(self, r: int, s: int, t: int) -> bool:
        """Whether request ``r`` can be added at slot ``s``, table ``t`` (``ANY_TABLE`` for any)."""
        instance = self.instance
        if not (instance.allowed[r] >> s & 1) or self.slots_full >> s & 1:
            return False
        if any(self.busy[p] >> s & 1 or self.count[p] >= instance.max_meetings[p] for p in instance.members[r]):
            return False
        tables = instance.tables_of[r]
        if t == ANY_TABLE:
            return not tables
        if tables and t not in tables:
            return False
        return not self.table_full[t] >> s & 1

    def place(self, r: int, s: int, t: int) -> None:
        instance = self.instance
        bit = 1 << s
        for p in instance.members[r]:
            self.busy[p] |= bit
            self.count[p] += 1
        self.total[s] += 1
        if self.total[s] >= instance.total_capacity:
            self.slots_full |= bit
        if t != ANY_TABLE:
            self.load[s][t] += 1
            if self.load[s][t] >= instance.capacity[t]:
                self.table_full[t] |= bit
        self.placed[r] = (s, t)

    def remove(self, r: int) -> None:
        instance = self.instance
        s, t = self.placed.pop(r)
        bit = 1 << s
        for p in instance.members[r]:
            self.busy[p] &= ~bit
            self.count[p] -= 1
        self.total[s] -= 1
        if self.total[s] < instance.total_capacity:
            self.slots_full &= ~bit
        if t != ANY_TABLE:
            self.load[s][t] -= 1
            if self.load[s][t] < instance.capacity[t]:
                self.table_full[t] &= ~bit

    def weight(self) -> int:
        return sum(self.instance.weight[r] for r in self.placed)


def resolve_tables(assignment: Assignment) -> dict[int, tuple[int, int]]:
    """Every placement with a concrete table: meetings at ``ANY_TABLE`` take the first table with room."""
    instance = assignment.instance
    room = [
        [instance.capacity[t] - assignment.load[s][t] for t in range(len(instance.table_ids))]
        for s in range(instance.n_slots)
    ]
    resolved: dict[int, tuple[int, int]] = {}
    for r in sorted(assignment.placed, key=lambda r: (assignment.placed[r][0], r)):
        s, t = assignment.placed[r]
        if t == ANY_TABLE:
            t = next(index for index, left in enumerate(room[s]) if left > 0)
            room[s][t] -= 1
        resolved[r] = (s, t)
    return resolved

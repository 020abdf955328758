"""Placing a session's selected meetings in its slots, and tightening agendas, by swapping two slots along a chain.

Within one session, take two slots ``a`` and ``b``. The meetings (between two participants) in ``a`` or ``b``
form chains: a participant is in at most one meeting per slot, so each participant links at most two of them.
Exchanging ``a`` and ``b`` along a whole chain keeps every participant in at most one meeting per slot; only the
two participants at the ends of the chain change their busy slots. That is the classic step of König's
edge-colouring proof (a bipartite graph whose degrees fit the slots can be coloured with them) and of de Werra's
balancing of colour classes (a chain with one meeting more in ``a`` than in ``b`` moves one meeting from a slot
whose tables are full to a slot with room).

:class:`SessionPlan` places every meeting the selection chose for the session (a free slot; else chains that free
its participants in a slot, then chains that make room at the tables), then removes idle slots: for a
participant with a gap, it moves one of its meetings into the gap along a chain (plus, when the tables of the gap
are full, a second chain that moves a meeting back) when that lowers the idle slots of the chains' ends. Every
move is checked against the hard rules (availability, the request's slots, tables, max_meetings); a move that
breaks one is undone. Locked meetings never move; kept previous meetings move only to place a meeting that
could not be placed otherwise (weight comes before stability).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Collection, Iterable

from events.scheduling.assignment import ANY_TABLE, Assignment
from events.scheduling.greedy import best_slot
from events.scheduling.instance import Instance, bits, idle_in, runs_in, slot_tuple
from events.scheduling.timing import Deadline

_CHAIN_LIMIT = 400
_COMPENSATIONS = 40

DIRECTED_SHARE = 0.5
"""Part of the annealing's moves that take a meeting into a gap of its participant's agenda or next to it."""


class SessionPlan:
    def __init__(
        self,
        instance: Instance,
        base: Assignment,
        *,
        slots: int,
        pinned: Collection[int] = (),
        seed: int = 0,
    ) -> None:
        """An empty plan of the ``slots`` (a mask: one session, or all) around the fixed ``base``.

        ``pinned`` requests stay where they are.
        """
        self.instance = instance
        self.state = base.copy()
        self.base = base
        self.mask = slots
        self.slots = bits(slots)
        self.sessions = [session for session in instance.session_masks if session & slots]
        self.pinned = set(pinned)
        self.at: dict[tuple[int, int], int] = {}
        self.in_slot: dict[int, set[int]] = {s: set() for s in self.slots}
        self.random = random.Random(seed)  # noqa: S311 - a seeded search, not cryptography
        self._log: list[tuple[int, tuple[int, int] | None, tuple[int, int] | None]] = []

    # ----- bookkeeping (every change is logged so that a failed move can be undone)

    def place(self, r: int, s: int, t: int) -> None:
        self._put(r, s, t)
        self._log.append((r, None, (s, t)))

    def remove(self, r: int) -> None:
        place = self.state.placed[r]
        self._take(r)
        self._log.append((r, place, None))

    def mark(self) -> int:
        return len(self._log)

    def commit(self) -> None:
        """Forget the undo history (no move is pending)."""
        self._log.clear()

    def undo(self, mark: int) -> None:
        while len(self._log) > mark:
            r, before, after = self._log.pop()
            if after is not None:
                self._take(r)
            if before is not None:
                self._put(r, *before)

    def _put(self, r: int, s: int, t: int) -> None:
        self.state.place(r, s, t)
        self.in_slot[s].add(r)
        for p in self.instance.members[r]:
            self.at[p, s] = r

    def _take(self, r: int) -> None:
        s, _t = self.state.placed[r]
        self.state.remove(r)
        self.in_slot[s].discard(r)
        for p in self.instance.members[r]:
            del self.at[p, s]

    def placements(self) -> dict[int, tuple[int, int]]:
        return {r: place for r, place in self.state.placed.items() if r not in self.base.placed}

    def idle(self) -> int:
        return sum(self._idle_of(p) for p in range(self.instance.n_participants))

    def kept(self) -> int:
        previous = self.instance.previous
        return sum(1 for r, place in self.placements().items() if previous.get(r) == place)

    def _idle_of(self, p: int) -> int:
        return self._idle_in(self.state.busy[p])

    def _idle_in(self, busy: int) -> int:
        if len(self.sessions) == 1:
            return idle_in(busy & self.sessions[0])
        return sum(idle_in(busy & session) for session in self.sessions)

    def _over(self, s: int) -> bool:
        return self.state.total[s] > self.instance.total_capacity

    # ----- rules

    def _table(self, r: int, s: int, *, relaxed: bool) -> int | None:
        """The table ``r`` would take in slot ``s``, or ``None`` if a rule forbids it.

        ``relaxed`` ignores only that the slot's tables are all taken (a second move will make room).
        """
        instance, state = self.instance, self.state
        if not instance.allowed[r] >> s & 1:
            return None
        for p in instance.members[r]:
            if state.busy[p] >> s & 1 or state.count[p] >= instance.max_meetings[p]:
                return None
        if state.total[s] >= instance.total_capacity and not relaxed:
            return None
        tables = instance.tables_of[r]
        if tables:
            return next((t for t in tables if state.load[s][t] < instance.capacity[t]), None)
        previous = instance.previous.get(r)
        if previous is not None and previous[0] == s and state.load[s][previous[1]] < instance.capacity[previous[1]]:
            return previous[1]
        return ANY_TABLE

    def _movable(self, r: int, *, unpin: bool) -> bool:
        return r not in self.base.placed and len(self.instance.members[r]) == 2 and (unpin or r not in self.pinned)

    # ----- chains

    def _chain(self, start: int, first: int, a: int, b: int, *, unpin: bool = False) -> list[int] | None:
        """The meetings of the (a, b) chain that leaves participant ``start`` through meeting ``first`` (in ``a``).

        ``None`` when it holds a meeting that must not move, or grows too long.
        """
        members = self.instance.members
        chain = [first]
        here = first
        vertex = start
        colour_next = b
        while True:
            if not self._movable(here, unpin=unpin):
                return None
            pair = members[here]
            vertex = pair[1] if pair[0] == vertex else pair[0]
            following = self.at.get((vertex, colour_next))
            if following is None:
                return chain
            if following in chain or len(chain) >= _CHAIN_LIMIT:
                return None
            chain.append(following)
            here = following
            colour_next = a if colour_next == b else b

    def _ends(self, chain: list[int], start: int) -> tuple[int, int]:
        members = self.instance.members
        vertex = start
        for r in chain:
            pair = members[r]
            vertex = pair[1] if pair[0] == vertex else pair[0]
        return start, vertex

    def _swap(self, chain: list[int], a: int, b: int, *, relaxed: bool = False) -> bool:
        """Exchange slots ``a`` and ``b`` of the chain's meetings; undo and return False if a rule breaks."""
        mark = self.mark()
        slots = [self.state.placed[r][0] for r in chain]
        for r in chain:
            self.remove(r)
        for r, s in zip(chain, slots, strict=True):
            target = b if s == a else a
            table = self._table(r, target, relaxed=relaxed)
            if table is None:
                self.undo(mark)
                return False
            self.place(r, target, table)
        return True

    def _shift_one(self, a: int, *, unpin: bool) -> dict[int, int] | None:
        """Move one meeting out of (overfull) slot ``a`` along a chain with one meeting more in ``a``.

        Prefers chains whose ends gain no idle slot. Returns the chain's ends with their idle slots before the
        move, or ``None`` when no chain works.
        """
        state = self.state
        targets = [b for b in self.slots if b != a and state.total[b] < self.instance.total_capacity]
        self.random.shuffle(targets)
        candidates = [r for r in self.in_slot[a] if self._movable(r, unpin=unpin)]
        self.random.shuffle(candidates)
        best: tuple[int, list[int], int, int, tuple[int, int]] | None = None
        for b in targets:
            for other in candidates[:_COMPENSATIONS]:
                for end in self.instance.members[other]:
                    if (end, b) in self.at:
                        continue
                    chain = self._chain(end, other, a, b, unpin=unpin)
                    if chain is None or len(chain) % 2 == 0:
                        continue
                    ends = self._ends(chain, end)
                    cost = self._cost_of_swap(ends, a, b)
                    if best is None or cost < best[0]:
                        best = (cost, chain, a, b, ends)
            if best is not None and best[0] <= 0:
                break
        if best is None:
            return None
        _cost, chain, a, b, ends = best
        before = {x: self._idle_of(x) for x in ends}
        if not self._swap(chain, a, b, relaxed=True):
            return None
        return before

    def _cost_of_swap(self, ends: tuple[int, int], a: int, b: int) -> int:
        """Change of idle slots of a chain's two ends if the chain swapped ``a`` and ``b``."""
        change = 0
        for p in set(ends):
            busy = self.state.busy[p]
            after = busy ^ ((1 << a) | (1 << b)) if (busy >> a & 1) != (busy >> b & 1) else busy
            change += self._idle_in(after) - self._idle_in(busy)
        return change

    # ----- placing the selected meetings

    def insert(self, r: int) -> bool:
        """Place request ``r`` in the session: in a free slot, or after chain swaps (moving pinned ones last)."""
        state = self.state
        open_slots = state.open_slots(r) & self.mask
        if open_slots:
            s = best_slot(state, r, open_slots)
            self.place(r, s, state.table_at(r, s))
            return True
        members = self.instance.members[r]
        if len(members) != 2 or any(state.count[p] >= self.instance.max_meetings[p] for p in members):
            return False
        allowed = self.instance.allowed[r] & self.mask
        candidates = sorted(bits(allowed), key=lambda s: sum(state.busy[p] >> s & 1 for p in members))
        for unpin in (False, True):
            for a in candidates:
                mark = self.mark()
                if self._free_in(r, a, unpin=unpin) and self._make_room(a, unpin=unpin):
                    table = self._table(r, a, relaxed=False)
                    if table is not None:
                        self.place(r, a, table)
                        return True
                self.undo(mark)
        return False

    def _free_in(self, r: int, a: int, *, unpin: bool) -> bool:
        """Free every participant of ``r`` in slot ``a`` by swapping its meeting there along a chain."""
        state = self.state
        for p in self.instance.members[r]:
            blocker = self.at.get((p, a))
            if blocker is None:
                continue
            free = self.mask & self.instance.free[p] & ~state.busy[p]
            moved = False
            for b in bits(free):
                chain = self._chain(p, blocker, a, b, unpin=unpin)
                if chain is not None and r not in chain and self._swap(chain, a, b, relaxed=True):
                    moved = True
                    break
            if not moved or state.busy[p] >> a & 1:
                return False
        return True

    def _make_room(self, a: int, *, unpin: bool) -> bool:
        """Bring every slot back within its tables, and leave room in ``a`` for one more meeting."""
        capacity = self.instance.total_capacity
        for s in self.slots:
            while self.state.total[s] > capacity or (s == a and self.state.total[s] >= capacity):
                if self._shift_one(s, unpin=unpin) is None:
                    return False
        return True

    # ----- fewer idle slots

    def tighten(self, deadline: Deadline, *, budget: float) -> None:
        """Lower the idle slots by chain swaps that move a meeting into a participant's gap.

        Moves that lower the idle slots of the chains' ends are taken; once none is left, moves that keep them
        equal are taken at random too (they move a gap elsewhere, where it may close), until the budget ends.
        """
        stop = deadline.elapsed() + budget
        stale = 0
        while deadline.elapsed() < stop and deadline.remaining() > 0 and stale < 200:
            idle = [p for p in range(self.instance.n_participants) if self._idle_of(p)]
            if not idle:
                return
            self.random.shuffle(idle)
            improved = False
            for p in idle:
                if deadline.elapsed() >= stop:
                    return
                if self._close_gap(p, sideways=stale > 0):
                    improved = True
                self.commit()
            stale = 0 if improved and not stale else stale + 1

    def _close_gap(self, p: int, *, sideways: bool) -> bool:
        moves = []
        for session in self.sessions:
            busy = self.state.busy[p] & session
            if not idle_in(busy):
                continue
            first = (busy & -busy).bit_length() - 1
            last = busy.bit_length() - 1
            gaps = [s for s in range(first + 1, last) if not busy >> s & 1]
            moves += [(a, b) for b in gaps for a in (first, last)]
        self.random.shuffle(moves)
        return any(self._try_move(p, a, b, sideways=sideways) for a, b in moves)

    def _try_move(self, p: int, a: int, b: int, *, sideways: bool) -> bool:
        meeting = self.at.get((p, a))
        if meeting is None or (p, b) in self.at:
            return False
        chain = self._chain(p, meeting, a, b)
        if chain is None:
            return False
        ends = set(self._ends(chain, p))
        before = {x: self._idle_of(x) for x in ends}
        mark = self.mark()
        if not self._swap(chain, a, b, relaxed=True):
            return False
        if self._over(b):
            more = self._shift_one(b, unpin=False)
            if more is None:
                self.undo(mark)
                return False
            for x, idle in more.items():
                before.setdefault(x, idle)
        after = sum(self._idle_of(x) for x in before)
        total_before = sum(before.values())
        if after < total_before or (sideways and after == total_before and self.random.random() < 0.5):
            return after < total_before
        self.undo(mark)
        return False


class _Annealing:
    """Simulated annealing on (idle slots, breaks) with three moves: relocate one meeting, exchange the slots
    of two meetings of one participant, swap two slots along a chain."""

    def __init__(self, plan: SessionPlan, *, weight: int = 1, breaks: bool = True) -> None:
        self.plan = plan
        self.weight = weight
        self.breaks = breaks
        self.members = plan.instance.members
        self.hot = 2.0
        self.cold = 0.04
        self.single = len(plan.sessions) == 1

    def score(self, p: int) -> int:
        busy = self.plan.state.busy[p] & self.plan.mask
        if not busy:
            return 0
        if self.single:  # one session: idle_in and runs_in written out (the annealing's innermost call)
            idle = busy.bit_length() - (busy & -busy).bit_length() + 1 - busy.bit_count()
        else:
            idle = self.plan._idle_in(busy)
        idle *= self.weight
        return idle + (busy & ~(busy << 1)).bit_count() - 1 if self.breaks else idle

    def run(self, deadline: Deadline, *, budget: float, stop: Callable[[tuple[int, int]], bool] | None = None) -> None:
        plan = self.plan
        rng = plan.random
        end = deadline.elapsed() + budget
        movable = [r for r in plan.placements() if plan._movable(r, unpin=False)]
        if not movable:
            return
        participants = sorted({p for r in movable for p in self.members[r]})
        best = self._figures()
        best_places = dict(plan.placements())
        start, temperature = deadline.elapsed(), self.hot
        steps = 0
        troubled_list = participants
        while True:
            steps += 1
            if steps % 256 == 0:
                now = deadline.elapsed()
                if now >= end or deadline.remaining() <= 0 or (stop is not None and stop(best)):
                    break
                temperature = self.hot * ((self.cold / self.hot) ** ((now - start) / max(1e-9, end - start)))
                troubled_list = [p for p in participants if self.score(p)]
                if not troubled_list or (not self.breaks and best[0] == 0):
                    break
            troubled = rng.choice(troubled_list) if rng.random() < 0.8 else rng.choice(participants)
            mark = plan.mark()
            affected = self._move(troubled)
            if affected is None:
                plan.undo(mark)
                continue
            before, after = affected
            delta = after - before
            if delta <= 0 or rng.random() < math.exp(-delta / temperature):
                plan.commit()
                if delta < 0:
                    figures = self._figures()
                    if figures < best:
                        best, best_places = figures, dict(plan.placements())
            else:
                plan.undo(mark)
        plan.commit()
        self.steps = steps
        if self._figures() > best:
            self._restore(best_places)

    def _figures(self) -> tuple[int, int]:
        plan = self.plan
        idle = plan.idle()
        breaks = sum(runs_in(busy & plan.mask) - 1 for busy in plan.state.busy if busy & plan.mask)
        return idle, breaks

    def _restore(self, places: dict[int, tuple[int, int]]) -> None:
        plan = self.plan
        for r in list(plan.placements()):
            plan.remove(r)
        for r, (s, t) in places.items():
            plan.place(r, s, t)
        plan.commit()

    def _move(self, p: int) -> tuple[int, int] | None:
        """Apply a random move around participant ``p``; (score before, score after) of those it touches."""
        plan = self.plan
        rng = plan.random
        busy = plan.state.busy[p] & plan.mask
        if not busy:
            return None
        slots = slot_tuple(busy)
        a = rng.choice(slots)
        meeting = plan.at.get((p, a))
        if meeting is None or not plan._movable(meeting, unpin=False):
            return None
        kind = rng.random()
        if kind < 0.45:
            return self._relocate(meeting, p)
        if kind < 0.7 and len(slots) > 1:
            other = plan.at.get((p, rng.choice([s for s in slots if s != a])))
            return None if other is None else self._exchange(meeting, other)
        return self._chain_move(p, meeting, a)

    def _chain_move(self, p: int, meeting: int, a: int) -> tuple[int, int] | None:
        plan = self.plan
        free = plan.mask & plan.instance.free[p] & ~plan.state.busy[p]
        if not free:
            return None
        b = self._target(p, free)
        chain = plan._chain(p, meeting, a, b)
        if chain is None:
            return None
        ends = set(plan._ends(chain, p))
        before = sum(self.score(x) for x in ends)
        if not plan._swap(chain, a, b):
            return None
        return before, sum(self.score(x) for x in ends)

    def _target(self, p: int, slots: int) -> int:
        """One of ``slots`` (a non-empty mask) for a meeting of ``p``: mostly one that closes or shortens its
        agenda (an idle slot inside it, or the slot next to either end), else any."""
        plan = self.plan
        busy = plan.state.busy[p] & plan.mask
        if busy and plan.random.random() < DIRECTED_SHARE:
            first = (busy & -busy).bit_length() - 1
            span = ((1 << (busy.bit_length() - first)) - 1) << first
            useful = slots & (span & ~busy | 1 << first >> 1 | 1 << busy.bit_length())
            if useful:
                return plan.random.choice(slot_tuple(useful))
        return plan.random.choice(slot_tuple(slots))

    def _relocate(self, r: int, p: int) -> tuple[int, int] | None:
        plan = self.plan
        touched = self.members[r]
        before = sum(self.score(x) for x in touched)
        s, _t = plan.state.placed[r]
        plan.remove(r)
        mask = plan.state.open_slots(r) & plan.mask & ~(1 << s)
        if not mask:
            return None
        target = self._target(p, mask)
        plan.place(r, target, plan.state.table_at(r, target))
        return before, sum(self.score(x) for x in touched)

    def _exchange(self, first: int, second: int) -> tuple[int, int] | None:
        plan = self.plan
        if not plan._movable(second, unpin=False):
            return None
        touched = set(self.members[first]) | set(self.members[second])
        before = sum(self.score(x) for x in touched)
        a, b = plan.state.placed[first][0], plan.state.placed[second][0]
        plan.remove(first)
        plan.remove(second)
        for r, target in ((first, b), (second, a)):
            table = plan._table(r, target, relaxed=False)
            if table is None:
                return None
            plan.place(r, target, table)
        return before, sum(self.score(x) for x in touched)


def plan_slots(
    instance: Instance,
    base: Assignment,
    *,
    slots: int,
    requests: Iterable[int],
    start: dict[int, tuple[int, int]],
    keep: Collection[int],
    deadline: Deadline,
    budget: float,
) -> SessionPlan:
    """Place ``requests`` in the ``slots`` mask (from ``start`` where it still fits, previous meetings first),
    then tighten agendas for at most ``budget`` seconds."""
    requests = list(requests)
    plan = SessionPlan(instance, base, slots=slots)
    mask = slots
    for r in sorted(requests, key=lambda r: (r not in keep, r)):
        place = start.get(r)
        if place is not None and mask >> place[0] & 1 and plan.state.fits(r, *place):
            plan.place(r, *place)
    plan.pinned = {r for r in keep if r in plan.state.placed and plan.state.placed[r] == instance.previous[r]}
    rest = [r for r in requests if r not in plan.state.placed]
    rest.sort(key=lambda r: ((plan.state.open_slots(r) & mask).bit_count(), -instance.weight[r], r))
    for r in rest:
        plan.insert(r)
    plan.commit()
    plan.tighten(deadline, budget=budget)
    return plan


def anneal(
    plan: SessionPlan,
    deadline: Deadline,
    *,
    budget: float,
    breaks: bool = True,
    stop: Callable[[tuple[int, int]], bool] | None = None,
) -> None:
    """Lower idle slots (then, if ``breaks``, breaks) by simulated annealing, for at most ``budget`` seconds or
    until ``stop(best)`` says so (asked a few hundred times a second; ``best``: the idle slots and breaks of the
    best schedule so far)."""
    _Annealing(plan, breaks=breaks).run(deadline, budget=budget, stop=stop)

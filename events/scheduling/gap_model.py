"""Idle slots of one long session counted slot by slot in clauses, for CP-SAT's core-based search.

The window model (:mod:`events.scheduling.compaction`) chooses a window per participant; this one says of every
slot whether a participant is busy there, has met before it, will meet after it, and so whether the slot is
idle (a *gap*) or starts a break::

    busy(p, s)   <=> one of p's meetings takes s (or a fixed meeting of ``base`` does)
    before(p, s) <=> busy(p, s') for some s' <= s        after(p, s) <=> busy(p, s') for some s' >= s
    gap(p, s)    <=  before(p, s - 1) and not busy(p, s) and after(p, s + 1)
    break(p, s)  <=  busy(p, s) and not busy(p, s + 1) and after(p, s + 2)

Minimising the gaps with CP-SAT's core-based search (one worker, no linear relaxation: the way of the MaxSAT
approach of Bofill et al., JAIR 2022, to the B2B meeting problem) proves the fewest idle slots where the window
ladder proves nothing: on their forum-13crafc, 3 idle slots proved in 4.2-6.1 s (five seeds), and then 1 break at
those 3 in 3.7 s more; ticf-13crafc, 3 in 7.8-10.8 s; neither ladder search finds a schedule with 1 or 2 idle slots
in 20 s. Minimising ``idle * (break variables + 1) + breaks`` (:meth:`GapModel.idle_then_breaks_level`) in one
search proves both levels at once: ticf-13crafc's 3 idle slots and 1 break in 5.9-9.3 s (mean 7.7) against 8.2-13.1
(mean 10.2) for the two searches one after the other; forum-13crafc's in 4.8-10.3 s (mean 7.3) against 6.2-8.9
(mean 7.3); eleven seeds, two searches side by side on the two cores. On instances where the ladder succeeds it is
slower (forum-14: 7 s, ticf-14crafa: nothing in 10 s), so on those large sessions (the tables not counted in
clauses, below) it only starts when the ladder has proved the shortest windows impossible. Two rows after that
encoding:

- per participant, the busy slots are exactly its meetings (implied);
- per slot, the tables left are counted by a sequential counter (Sinz, CP 2005) beside the linear row: its
  clauses let the search learn which slots are full. With the linear row alone the same search finds nothing
  in 20 s (and the tables are what makes it hard: without them forum-13crafc has no idle slot at all).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from events.scheduling.assignment import Assignment
from events.scheduling.cpsat import CpBuilder, Level, negated
from events.scheduling.instance import Instance, bits
from events.scheduling.slot_model import Option, SlotModel

COUNTER_LIMIT = 100_000
"""At most this many helper booleans for the tables' sequential counters (28,000-54,000 on the B2B instances this
search runs on); a larger session (hundreds of tables, thousands of meetings) keeps the linear rows alone."""


class GapModel:
    def __init__(
        self,
        instance: Instance,
        base: Assignment,
        requests: Iterable[int],
        *,
        session: int,
        keep: Collection[int] = (),
        pinned: dict[int, tuple[int, int]] | None = None,
    ) -> None:
        """Every request of ``requests`` placed once in the ``session`` mask, around the fixed ``base``;
        ``pinned`` requests keep their place."""
        self.instance = instance
        self.base = base
        self.session = session
        self.requests = list(dict.fromkeys(requests))
        self.slot_model = SlotModel(
            instance, base, self.requests, slots=session, keep=keep, forced=self.requests, pinned=pinned
        )
        self.builder: CpBuilder = self.slot_model.builder
        self.slots = bits(session)
        self.gaps: list[int] = []
        self.breaks: list[int] = []
        self.busy: dict[int, list[int]] = {}
        """Per participant with two meetings or more, its busy indicator per slot of the session."""
        self.counted = False
        """Whether the tables are counted by sequential counters (not only by linear rows)."""
        self._counted_tables()
        for p in sorted({p for r in self.requests for p in instance.members[r]}):
            self._agenda(p)

    def _counted_tables(self) -> None:
        """Per slot, the meetings within the tables left, as a sequential counter beside the linear row (unless the
        counters would need more than :data:`COUNTER_LIMIT` helper booleans)."""
        instance, base = self.instance, self.base
        per_slot: dict[int, list[int]] = {}
        for index, (_r, s, _t) in enumerate(self.slot_model.options):
            per_slot.setdefault(s, []).append(index)
        rooms = {s: instance.total_capacity - base.total[s] for s in per_slot}
        crowded = {s: options for s, options in per_slot.items() if len(options) > rooms[s]}
        if sum((len(options) - 1) * rooms[s] for s, options in crowded.items()) > COUNTER_LIMIT:
            return
        for s, options in crowded.items():
            self.builder.at_most_by_counter(options, rooms[s])
        self.counted = True

    def _agenda(self, p: int) -> None:
        """``p``'s busy, before and after indicators, and its gap and break-start variables."""
        builder = self.builder
        fixed = self.base.busy[p] & self.session
        meetings = fixed.bit_count() + len({self.slot_model.options[i][0] for i in self.slot_model.by_participant[p]})
        if meetings < 2:
            return
        busy = self._busy(p, fixed)
        self.busy[p] = busy
        builder.linear(busy, [1] * len(busy), low=meetings, high=meetings)
        before = _running_or(builder, busy)
        after = _running_or(builder, busy[::-1])[::-1]
        for i in range(1, len(busy) - 1):
            gap = builder.new_bools(1)[0]
            builder.clause([negated(before[i - 1]), busy[i], negated(after[i + 1]), gap])
            self.gaps.append(gap)
        for i in range(len(busy) - 2):
            start = builder.new_bools(1)[0]
            builder.clause([negated(busy[i]), busy[i + 1], negated(after[i + 2]), start])
            self.breaks.append(start)

    def _busy(self, p: int, fixed: int) -> list[int]:
        """Per slot of the session: ``p`` is busy there (a fixed meeting, or one of its options is chosen)."""
        builder = self.builder
        busy: list[int] = []
        for s in self.slots:
            here = self.slot_model.by_participant_slot.get((p, s), [])
            indicator = builder.new_bools(1)[0]
            busy.append(indicator)
            if fixed >> s & 1:
                builder.clause([indicator])
            elif not here:
                builder.clause([negated(indicator)])
            else:
                for option in here:
                    builder.clause([negated(option), indicator])
                builder.clause([negated(indicator), *here])
        return busy

    def idle_level(self) -> Level:
        return Level("compactness", list(self.gaps), [1] * len(self.gaps), maximize=False)

    def breaks_level(self) -> Level:
        return Level("compactness", list(self.breaks), [1] * len(self.breaks), maximize=False)

    def idle_then_breaks_level(self) -> Level:
        """Idle slots first, then breaks, as one value: ``idle * (break variables + 1) + breaks``."""
        weight = len(self.breaks) + 1
        return Level(
            "compactness",
            [*self.gaps, *self.breaks],
            [weight] * len(self.gaps) + [1] * len(self.breaks),
            maximize=False,
        )

    def idle_then_breaks(self, idle: int, breaks: int) -> int:
        """The value of :meth:`idle_then_breaks_level` for a schedule with ``idle`` idle slots and ``breaks``
        breaks."""
        return idle * (len(self.breaks) + 1) + breaks

    def least_idle(self, bound: int) -> int:
        """The fewest idle slots a schedule can have if :meth:`idle_then_breaks_level` is at least ``bound``."""
        return bound // (len(self.breaks) + 1)

    def placements(self, solution: list[int]) -> list[Option]:
        return self.slot_model.placements(solution)


def _running_or(builder: CpBuilder, literals: list[int]) -> list[int]:
    """``running[i] <=> literals[0] or ... or literals[i]``."""
    running: list[int] = []
    for i, literal in enumerate(literals):
        current = builder.new_bools(1)[0]
        builder.clause([negated(literal), current])
        if i == 0:
            builder.clause([negated(current), literal])
        else:
            builder.clause([negated(running[-1]), current])
            builder.clause([negated(current), literal, running[-1]])
        running.append(current)
    return running

"""Compact agendas in one long session: the meetings chosen for the session stay, only their slots change.

Every participant with meetings in the session chooses a *window*: the run of slots from its first to its last
meeting there. A window is at least as long as the shortest run its meetings fit in (each in a distinct slot it
may take, :func:`events.scheduling.slot_model.shortest_window`), at most ``extra`` slots longer, and both its
ends are busy. Inside the window each slot is either busy or idle::

    meetings of p in s + idle(p, s) = [the window of p covers s]

so a participant's idle slots are its window's length minus its meetings, and its breaks are its runs of idle
slots. Two implied rows, after the implied constraints of Bofill et al.'s MaxSAT encoding of the B2B meeting
problem (JAIR 2022), make the search several times faster:

- per participant, the idle slots add up to the window's length minus the meetings;
- per slot, the participants busy there are the meetings there times their size (two for pairs), within the
  tables left: ``sum(window covers s - idle(p, s)) = 2 * y(s)`` with ``0 <= y(s) <= tables left``. This links
  the windows to the tables (and to parity) before any meeting is placed.

With ``extra = 0`` every window is its participant's shortest one, so any solution is a proved optimum of the
idle slots of these meetings (the sum of the shortest windows minus the meetings is a lower bound). ``budget``
caps the idle slots of the whole session; with ``extra = K`` and ``budget = lower bound + K`` the model holds
every schedule with at most that many idle slots, so an infeasible answer proves one more idle slot is needed.

:func:`compact` looks for the fewest idle slots with :class:`events.scheduling.window_ladder.WindowLadder` (the
shortest windows, then one idle slot more at a time while that is proved impossible: two feasibility searches
without linear relaxation, much faster than optimising the idle slots directly), then fewer breaks at the idle
slots found. The ladder's most-meetings-first search gives its core to the core-based search of
:mod:`events.scheduling.gap_model` (the fewest idle slots and then the fewest breaks at that many, as one
objective), which proves them where the ladder cannot (it climbs blindly once the shortest windows are out): at
once when the gap model counts the tables in clauses (sessions of up to a few hundred meetings; on the B2B
instances it proves ticf-13crafc's optimum, whose shortest windows the ladder does not prove impossible in 10 s),
else once the ladder has proved the shortest windows impossible. The searches have the two cores to themselves
for the first part of the time (:data:`LADDER_ALONE`); if none has succeeded by then, the caller's own
improvement of the known schedule (the annealing, :func:`events.scheduling.slot_swaps.anneal`, ``beside``) runs
for the rest of the time beside one of them (the core-based search if it has proved more idle slots than the
ladder, else the ladder's as-listed search), and stops as soon as a search succeeds.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from events.scheduling.assignment import Assignment
from events.scheduling.cpsat import BackgroundSearch, Level, optimise_levels
from events.scheduling.gap_model import GapModel
from events.scheduling.instance import Instance, bits, idle_in, runs_in
from events.scheduling.slot_model import Option, SlotModel, shortest_window
from events.scheduling.timing import Deadline
from events.scheduling.window_ladder import AS_LISTED, MOST_MEETINGS_FIRST, Found, WindowLadder

LADDER_ALONE = 0.45
"""Part of a long session's compaction budget the searches (the ladder's two, or one of them and the core-based
search) have the two cores to themselves, before the caller's own improvement starts beside one of them: the
annealing slows them down (forum-14's shortest windows: found after 3 s alone, not within 5 s beside the
annealing)."""

POLL_SECONDS = 0.02
"""How often :func:`compact` looks whether a search has settled while it waits."""

Beside = Callable[[float, Callable[[tuple[int, int]], bool]], dict[int, tuple[int, int]]]
"""Another improvement run while CP-SAT searches: ``beside(seconds, stop)`` improves the known schedule until
``stop(best)`` (``best``: the idle slots and breaks of its best schedule so far), and returns that schedule's
places."""


@dataclass(slots=True)
class _Agenda:
    """One participant's windows in the session, and its idle and break-start variables per slot."""

    participant: int
    meetings: int
    fixed: int
    shortest: int
    windows: list[int]
    variables: list[int]
    idle: dict[int, int] = field(default_factory=dict)
    starts: dict[int, int] = field(default_factory=dict)


class CompactionModel:
    def __init__(
        self,
        instance: Instance,
        base: Assignment,
        requests: Iterable[int],
        *,
        session: int,
        keep: Collection[int] = (),
        pinned: dict[int, tuple[int, int]] | None = None,
        extra: int = 0,
        spans: dict[int, int] | None = None,
        budget: int | None = None,
    ) -> None:
        """Every request of ``requests`` placed once in the ``session`` mask, around the fixed ``base``.

        ``pinned`` requests keep their place (kept previous meetings). Windows are at most ``extra`` slots longer
        than the shortest ones, or as long as ``spans`` (participant -> span of a known schedule) when longer, so
        that the known schedule is a solution. ``budget``: at most this many idle slots in all.
        """
        self.instance = instance
        self.base = base
        self.session = session
        self.requests = list(dict.fromkeys(requests))
        self.slot_model = SlotModel(
            instance, base, self.requests, slots=session, keep=keep, forced=self.requests, pinned=pinned
        )
        self.builder = self.slot_model.builder
        self.agendas: list[_Agenda] = []
        self.loose: list[int] = []
        """Participants with one meeting in the session (no idle slot possible): no window."""
        self.per_slot: dict[int, int] = {}
        self.feasible = self._choose_windows(extra, spans or {})
        if not self.feasible:
            return
        self._busy_or_idle()
        self._idle_per_agenda()
        self._busy_ends()
        self._busy_per_slot()
        self._idle_runs()
        if budget is not None:
            self._idle_budget(budget)

    @property
    def lower_bound(self) -> int:
        """Fewest idle slots of any schedule of these meetings (each participant in its shortest window)."""
        return sum(agenda.shortest - agenda.meetings for agenda in self.agendas)

    def branching(self, order: str) -> list[int]:
        """The window variables, participant after participant (``MOST_MEETINGS_FIRST`` or ``AS_LISTED``), each
        participant's shortest and earliest windows first."""
        agendas = self.agendas
        if order == MOST_MEETINGS_FIRST:
            agendas = sorted(agendas, key=lambda agenda: -agenda.meetings)
        return [v for agenda in agendas for v in agenda.variables]

    # ----- windows

    def _choose_windows(self, extra: int, spans: dict[int, int]) -> bool:
        """One window variable per possible window of each participant (exactly one chosen); False if some
        participant's meetings fit in no window."""
        instance, base, session = self.instance, self.base, self.session
        low = (session & -session).bit_length() - 1
        high = session.bit_length() - 1
        participants = sorted({p for r in self.requests for p in instance.members[r]})
        for p in participants:
            masks = self._option_masks(p)
            fixed = base.busy[p] & session
            meetings = len(masks) + fixed.bit_count()
            if meetings <= 1:
                self.loose.append(p)
                continue
            shortest = shortest_window(masks, fixed, low, high)
            if shortest is None:
                return False
            longest = min(high - low + 1, shortest + max(extra, spans.get(p, 0) - shortest))
            possible = fixed
            for mask in masks:
                possible |= mask
            windows = [
                window
                for length in range(shortest, longest + 1)
                for first in range(low, high - length + 2)
                if _holds(window := ((1 << length) - 1) << first, fixed, masks, possible)
            ]
            if not windows:
                return False
            variables = list(self.builder.new_bools(len(windows)))
            self.builder.exactly_one(variables)
            self.agendas.append(_Agenda(p, meetings, fixed, shortest, windows, variables))
        return True

    def _option_masks(self, p: int) -> list[int]:
        """Per request of ``p`` in the model, the slots it may take."""
        by_request: dict[int, int] = {}
        for index in self.slot_model.by_participant.get(p, []):
            r, s, _t = self.slot_model.options[index]
            by_request[r] = by_request.get(r, 0) | 1 << s
        return list(by_request.values())

    # ----- rows

    def _busy_or_idle(self) -> None:
        """Per participant and slot: its meetings there plus the idle indicator equal the window's cover."""
        builder = self.builder
        for agenda in self.agendas:
            for s in bits(self.session & ~agenda.fixed):
                terms = self.slot_model.by_participant_slot.get((agenda.participant, s), [])
                cover = [v for v, w in zip(agenda.variables, agenda.windows, strict=True) if w >> s & 1]
                if not cover:
                    if terms:
                        builder.linear(terms, [1] * len(terms), high=0)
                    continue
                variables = [*terms, *cover]
                coefficients = [1] * len(terms) + [-1] * len(cover)
                if any(w >> s & 1 and w.bit_count() > agenda.meetings for w in agenda.windows):
                    idle = builder.new_bools(1)[0]
                    agenda.idle[s] = idle
                    variables.append(idle)
                    coefficients.append(1)
                builder.linear(variables, coefficients, low=0, high=0)

    def _idle_per_agenda(self) -> None:
        """Implied: a participant's idle slots are its window's length minus its meetings."""
        for agenda in self.agendas:
            if not agenda.idle:
                continue
            costly = self._costly(agenda)
            self.builder.linear(
                [*agenda.idle.values(), *(v for v, _c in costly)],
                [1] * len(agenda.idle) + [-c for _v, c in costly],
                low=0,
                high=0,
            )

    def _busy_ends(self) -> None:
        """The first and the last slot of a chosen window are busy (the window is the agenda's span)."""
        for agenda in self.agendas:
            for v, window in zip(agenda.variables, agenda.windows, strict=True):
                first = (window & -window).bit_length() - 1
                for end in (first, window.bit_length() - 1):
                    idle = agenda.idle.get(end)
                    if idle is not None:
                        self.builder.at_most_one([v, idle])

    def _busy_per_slot(self) -> None:
        """Implied: per slot, the busy participants are the meetings there times their size, within the tables.

        Only when every request has the same number of participants (else the count is not a multiple)."""
        instance, base, builder = self.instance, self.base, self.builder
        sizes = {len(instance.members[r]) for r in self.requests}
        if len(sizes) != 1:
            return
        size = sizes.pop()
        for s in bits(self.session):
            variables: list[int] = []
            coefficients: list[int] = []
            for agenda in self.agendas:
                if agenda.fixed >> s & 1:
                    continue
                cover = [v for v, w in zip(agenda.variables, agenda.windows, strict=True) if w >> s & 1]
                variables += cover
                coefficients += [1] * len(cover)
                idle = agenda.idle.get(s)
                if idle is not None:
                    variables.append(idle)
                    coefficients.append(-1)
            for p in self.loose:
                terms = self.slot_model.by_participant_slot.get((p, s), [])
                variables += terms
                coefficients += [1] * len(terms)
            if not variables:
                continue
            room = max(0, instance.total_capacity - base.total[s])
            meetings = builder.new_int(0, room)
            self.per_slot[s] = meetings
            builder.linear([*variables, meetings], [*coefficients, -size], low=0, high=0)

    def _idle_runs(self) -> None:
        """A break starts in slot ``s`` when ``s`` is idle and the slot before is not."""
        builder = self.builder
        for agenda in self.agendas:
            for s in sorted(agenda.idle):
                start = builder.new_bools(1)[0]
                agenda.starts[s] = start
                before = agenda.idle.get(s - 1)
                if before is None:
                    builder.linear([start, agenda.idle[s]], [1, -1], low=0)
                else:
                    builder.linear([start, agenda.idle[s], before], [1, -1, 1], low=0)

    def _idle_budget(self, budget: int) -> None:
        variables: list[int] = []
        coefficients: list[int] = []
        for agenda in self.agendas:
            for v, cost in self._costly(agenda):
                variables.append(v)
                coefficients.append(cost)
        if variables:
            self.builder.linear(variables, coefficients, high=budget)

    @staticmethod
    def _costly(agenda: _Agenda) -> list[tuple[int, int]]:
        """(window variable, idle slots) for the windows longer than the participant's meetings."""
        return [
            (v, w.bit_count() - agenda.meetings)
            for v, w in zip(agenda.variables, agenda.windows, strict=True)
            if w.bit_count() > agenda.meetings
        ]

    # ----- objective levels

    def idle_level(self, *, share: float = 1.0, target: int | None = None) -> Level:
        """Idle slots in the session (the target: the shortest windows', or a value known to be optimal)."""
        variables: list[int] = []
        coefficients: list[int] = []
        for agenda in self.agendas:
            for v, cost in self._costly(agenda):
                variables.append(v)
                coefficients.append(cost)
        return Level(
            "compactness",
            variables,
            coefficients,
            maximize=False,
            target=self.lower_bound if target is None else target,
            share=share,
        )

    def breaks_level(self, *, share: float = 1.0) -> Level:
        """Breaks (runs of idle slots) in the session; at least one for each participant with a forced gap."""
        variables = [v for agenda in self.agendas for v in agenda.starts.values()]
        forced = sum(1 for agenda in self.agendas if agenda.shortest > agenda.meetings)
        return Level("compactness", variables, [1] * len(variables), maximize=False, target=forced, share=share)

    # ----- solutions

    def values_for(self, placements: dict[int, tuple[int, int]]) -> list[int] | None:
        """The complete solution vector of ``placements`` (every request of the model), or ``None`` when an
        agenda's span is not one of its windows."""
        values = self.slot_model.values_for(placements)
        busy = {agenda.participant: agenda.fixed for agenda in self.agendas}
        counts: dict[int, int] = {}
        for r, (s, _t) in placements.items():
            counts[s] = counts.get(s, 0) + 1
            for p in self.instance.members[r]:
                if p in busy:
                    busy[p] |= 1 << s
        for agenda in self.agendas:
            mask = busy[agenda.participant]
            first = (mask & -mask).bit_length() - 1
            span = ((1 << (mask.bit_length() - first)) - 1) << first if mask else 0
            if span not in agenda.windows:
                return None
            values[agenda.variables[agenda.windows.index(span)]] = 1
            for s, idle in agenda.idle.items():
                values[idle] = int(bool(span >> s & 1) and not mask >> s & 1)
            for s, start in agenda.starts.items():
                before = agenda.idle.get(s - 1)
                values[start] = int(values[agenda.idle[s]] == 1 and (before is None or values[before] == 0))
        for s, meetings in self.per_slot.items():
            values[meetings] = counts.get(s, 0)
        return values

    def placements(self, solution: list[int]) -> list[Option]:
        return self.slot_model.placements(solution)


def _holds(window: int, fixed: int, masks: list[int], possible: int) -> bool:
    """Whether ``window`` may be an agenda's span: it holds the fixed meetings, every request may take one of
    its slots, and both its ends may be busy."""
    first = (window & -window).bit_length() - 1
    return (
        window & fixed == fixed
        and bool(possible >> first & 1)
        and bool(possible >> (window.bit_length() - 1) & 1)
        and all(mask & window for mask in masks)
    )


@dataclass(frozen=True, slots=True)
class Compacted:
    """Places of a session's meetings, with their idle slots and breaks."""

    placements: list[Option]
    idle: int
    breaks: int


def agenda_figures(instance: Instance, base: Assignment, placements: Iterable[Option], session: int) -> tuple[int, int]:
    """(idle slots, breaks) in the session of ``base`` with ``placements`` added."""
    busy = {p: base.busy[p] & session for p in range(instance.n_participants)}
    for r, s, _t in placements:
        for p in instance.members[r]:
            busy[p] |= 1 << s
    idle = sum(idle_in(mask) for mask in busy.values())
    breaks = sum(runs_in(mask) - 1 for mask in busy.values() if mask)
    return idle, breaks


def compact(
    instance: Instance,
    base: Assignment,
    requests: list[int],
    *,
    session: int,
    keep: Collection[int],
    pinned: dict[int, tuple[int, int]],
    warm: dict[int, tuple[int, int]],
    deadline: Deadline,
    budget: float,
    workers: int,
    beside: Beside,
) -> Compacted | None:
    """Fewer idle slots, then fewer breaks, for the placed ``requests`` of one session (``warm``: their places).

    The fewest idle slots the window ladder or the core-based search finds (every agenda in its shortest window
    if it can), then fewer breaks at those idle slots. ``None`` when the searches found nothing better than
    ``warm`` in time (``warm`` may still be improved by other means), or proved that nothing is. ``beside(seconds,
    stop)`` is the caller's own improvement of ``warm`` (it is not called when ``warm`` already has the fewest idle
    slots, nor when a search succeeds in its time alone): it runs beside a search for up to ``seconds`` or until
    ``stop(best)``: a search succeeded, or the core-based search proved that no schedule has fewer idle slots
    than its best. Whichever schedule reaches the proved fewest idle slots first (the core-based search's own or
    the caller's), the searches stop and a search of breaks alone lowers its breaks at as many idle slots, for the
    time left: on forum-13crafc the one-objective search has 3 idle slots proved at 2.2 s and a schedule with them
    at 3.7 s, then needs 3 s more for 1 break; breaks alone find it in 2 s.
    """
    stop = deadline.elapsed() + budget
    current = agenda_figures(instance, base, [(r, *place) for r, place in warm.items()], session)
    shortest = CompactionModel(instance, base, requests, session=session, keep=keep, pinned=pinned)
    if not shortest.feasible:
        return None
    lower = shortest.lower_bound
    if current[0] <= lower:
        return _fewer_breaks(
            shortest, shortest.values_for(warm), idle=lower, deadline=deadline, stop=stop, workers=workers
        )

    def widened(extra: int) -> CompactionModel:
        return CompactionModel(
            instance, base, requests, session=session, keep=keep, pinned=pinned, extra=extra, budget=lower + extra
        )

    ladder = WindowLadder(shortest, widened, ceiling=current[0], seconds=min(budget, deadline.remaining()))
    gaps = GapModel(instance, base, requests, session=session, keep=keep, pinned=pinned)
    cores: _Cores | None = None

    def settled() -> bool:
        return ladder.found is not None or (cores is not None and cores.search.optimal)

    def searching() -> bool:
        return not ladder.done or (cores is not None and not cores.search.done)

    def at_fewest(idle: int | None = None) -> bool:
        return cores is not None and cores.at_fewest_idle(idle)

    annealed: list[Option] | None = None
    try:
        alone = min(stop, deadline.elapsed() + LADDER_ALONE * budget)
        while True:
            if cores is None and (gaps.counted or ladder.floor > lower):
                ladder.halt(MOST_MEETINGS_FIRST)
                cores = _Cores(gaps, below=current, seconds=stop - deadline.elapsed())
            if settled() or at_fewest() or not searching() or deadline.elapsed() >= alone:
                break
            time.sleep(POLL_SECONDS)
        if not settled() and not at_fewest():
            _keep_one(ladder, cores)
            improved = beside(stop - deadline.elapsed(), lambda best: settled() or at_fewest(best[0]))
            annealed = [(r, *place) for r, place in improved.items()]
        if cores is not None and not settled():
            start = cores.fewest_idle_schedule(annealed)
            ladder.stop()
            cores.search.stop()
            if start is not None and not cores.search.optimal:
                return cores.fewer_breaks(start, deadline=deadline, stop=stop)
    finally:
        ladder.stop()
        if cores is not None:
            cores.search.stop()
    return _best_found(ladder, cores, deadline=deadline, stop=stop, workers=workers)


def _best_found(
    ladder: WindowLadder[CompactionModel], cores: _Cores | None, *, deadline: Deadline, stop: float, workers: int
) -> Compacted | None:
    """The ended searches' schedule: the core-based search's if it is proved or has fewer idle slots than the
    ladder's, else the ladder's; its breaks lowered at as many idle slots until ``stop``."""
    if cores is not None:
        better = cores.better_than(ladder.found, deadline=deadline, stop=stop)
        if better is not None:
            return better
    if ladder.found is None:
        return None
    found = ladder.found
    return _fewer_breaks(found.model, found.solution, idle=ladder.floor, deadline=deadline, stop=stop, workers=workers)


def _keep_one(ladder: WindowLadder[CompactionModel], cores: _Cores | None) -> None:
    """The one search that goes on beside the caller's own improvement: the core-based search if it has proved
    more idle slots than the ladder has (it sees what the ladder cannot), else the ladder's as-listed search
    (forumt-14crafe's schedule is found by it after the shortest windows' time, and the core-based search's bound
    stays at those windows there)."""
    ladder.halt(MOST_MEETINGS_FIRST)
    if cores is None:
        return
    if cores.least_idle() > ladder.floor:
        ladder.halt(AS_LISTED)
    else:
        cores.search.stop()


def _idle(model: CompactionModel, solution: list[int]) -> int:
    return agenda_figures(model.instance, model.base, model.placements(solution), model.session)[0]


class _Cores:
    """The core-based search of the fewest idle slots of ``model`` and then the fewest breaks at that many
    (:mod:`events.scheduling.gap_model`, both in one objective), better than ``below`` (idle slots, breaks), for
    at most ``seconds``."""

    def __init__(self, model: GapModel, *, below: tuple[int, int], seconds: float) -> None:
        self.model = model
        self.search = BackgroundSearch(
            self.model.builder,
            seconds=seconds,
            minimise=self.model.idle_then_breaks_level(),
            below=self.model.idle_then_breaks(*below),
        )

    def least_idle(self) -> int:
        """The fewest idle slots the search has proved so far (0 before its first bound)."""
        bound = self.search.lower_bound
        return 0 if bound is None else self.model.least_idle(bound)

    def at_fewest_idle(self, idle: int | None = None) -> bool:
        """Whether the search's best schedule so far, or one with ``idle`` idle slots, has no more idle slots than
        the search has proved that every schedule has."""
        fewest = self.least_idle()
        latest = self.search.latest_value
        return (latest is not None and self.model.least_idle(latest) <= fewest) or (idle is not None and idle <= fewest)

    def fewest_idle_schedule(self, other: list[Option] | None) -> list[Option] | None:
        """Of the search's best schedule so far and ``other``, the one with fewer breaks among those with the
        proved fewest idle slots (``None`` if neither has them)."""
        model = self.model
        candidates = [] if other is None else [other]
        if self.search.latest is not None:
            candidates.append(model.placements(self.search.latest))
        fewest = self.least_idle()
        at_fewest = [
            (breaks, placements)
            for placements in candidates
            for idle, breaks in [agenda_figures(model.instance, model.base, placements, model.session)]
            if idle <= fewest
        ]
        return min(at_fewest, key=lambda item: item[0])[1] if at_fewest else None

    def better_than(self, found: Found[CompactionModel] | None, *, deadline: Deadline, stop: float) -> Compacted | None:
        """The search's schedule if it is proved the best, or has fewer idle slots than the ladder's ``found``
        (its breaks then lowered at that many idle slots until ``stop``); else ``None``."""
        if self.search.solution is None:
            return None
        model = self.model
        placements = model.placements(self.search.solution)
        idle, breaks = agenda_figures(model.instance, model.base, placements, model.session)
        if self.search.optimal:
            return Compacted(placements, idle, breaks)
        if found is None or idle < _idle(found.model, found.solution):
            return self.fewer_breaks(placements, deadline=deadline, stop=stop)
        return None

    def fewer_breaks(self, placements: list[Option], *, deadline: Deadline, stop: float) -> Compacted:
        """Fewer breaks than ``placements`` have, at as many idle slots, by the core-based search."""
        model = self.model
        idle, breaks = agenda_figures(model.instance, model.base, placements, model.session)
        level = model.idle_level()
        model.builder.linear(level.variables, level.coefficients, high=idle)
        search = BackgroundSearch(
            model.builder, seconds=stop - deadline.elapsed(), minimise=model.breaks_level(), below=breaks
        )
        search.wait()
        if search.solution is not None:
            placements = model.placements(search.solution)
        idle, breaks = agenda_figures(model.instance, model.base, placements, model.session)
        return Compacted(placements, idle, breaks)


def _fewer_breaks(
    model: CompactionModel, solution: list[int] | None, *, idle: int, deadline: Deadline, stop: float, workers: int
) -> Compacted | None:
    """As few idle slots (``idle``: a proved lower bound) and then breaks as the time allows, from ``solution``."""
    if solution is None:
        return None
    levels = [model.idle_level(target=idle), model.breaks_level()]
    better, _outcomes, _infeasible = optimise_levels(
        model.builder,
        levels,
        start=solution,
        deadline=deadline,
        workers=workers,
        reserve=max(0.0, deadline.time_limit - stop),
        no_lp=True,
    )
    placements = model.placements(better if better is not None else solution)
    figures = agenda_figures(model.instance, model.base, placements, model.session)
    return Compacted(placements, figures[0], figures[1])

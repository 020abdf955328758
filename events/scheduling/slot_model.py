"""The exact model: one boolean per (request, slot, table choice), for some requests within some slots.

Everything outside the model (locked meetings, meetings of other sessions) is fixed in ``base``. The model is
built once, with every objective level's helper variables, and :func:`events.scheduling.cpsat.optimise_levels`
then optimises the levels in order. One function per hard rule and per objective level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from events.scheduling.assignment import ANY_TABLE, Assignment
from events.scheduling.cpsat import CpBuilder, Level
from events.scheduling.instance import Instance, bits, idle_in

PATTERN_SESSION_SLOTS = 6
"""Sessions of at most this many slots count idle slots by busy patterns, longer ones by windows."""

WINDOW_SLACK = 2
"""In a long session, a participant's window is at most this many slots longer than the shortest one."""

Option = tuple[int, int, int]
"""(request, slot, table) with ``ANY_TABLE`` for 'any table left'."""


@dataclass(slots=True)
class _Blocks:
    """One participant's possible windows (runs of slots that must hold all its meetings) in one long session."""

    participant: int
    session: int
    windows: list[int]
    variables: list[int]


@dataclass(slots=True)
class _Patterns:
    """One participant's possible busy patterns inside one short session: exactly one is chosen."""

    participant: int
    masks: list[int]
    variables: list[int]


@dataclass(slots=True)
class _Runs:
    """Helper variables that count one participant's runs of consecutive busy slots."""

    participant: int
    slots: list[int]
    starts: list[int | None]


class SlotModel:
    def __init__(
        self,
        instance: Instance,
        base: Assignment,
        requests: Iterable[int],
        *,
        slots: int,
        keep: Collection[int] = (),
        forced: Collection[int] = (),
        pinned: dict[int, tuple[int, int]] | None = None,
        assume: bool = False,
    ) -> None:
        """Options for ``requests`` in the ``slots`` mask, around the fixed ``base``.

        ``keep``: previous meetings that may stay (their previous slot offers their previous table).
        ``forced``: requests that must be placed; with ``assume`` each gets an assumption literal instead, so an
        infeasible model names a conflicting subset. ``pinned``: requests that may only take one place (locked).
        """
        self.instance = instance
        self.base = base
        self.slots = slots
        self.keep = set(keep)
        self.forced = set(forced)
        self.builder = CpBuilder()
        self.options: list[Option] = []
        self.requests = list(dict.fromkeys(requests))
        for r in self.requests:
            self.options.extend(self._options_of(r, (pinned or {}).get(r)))
        self.builder.new_bools(len(self.options))
        self.by_request: dict[int, list[int]] = defaultdict(list)
        self.by_participant_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.by_participant: dict[int, list[int]] = defaultdict(list)
        for index, (r, s, _t) in enumerate(self.options):
            self.by_request[r].append(index)
            for p in instance.members[r]:
                self.by_participant_slot[p, s].append(index)
                self.by_participant[p].append(index)
        self.assumptions: dict[int, int] = {}
        self._blocks: list[_Blocks] = []
        self._patterns: list[_Patterns] = []
        self._runs: list[_Runs] = []
        self._least: int | None = None
        self._askers: tuple[int, ...] = ()
        self._zeros: list[tuple[int, int]] = []
        self._each_request_once(set(forced), assume=assume)
        self._one_meeting_per_participant_and_slot()
        self._max_meetings()
        self._table_capacity()

    # ----- options

    def _options_of(self, r: int, pinned: tuple[int, int] | None) -> list[Option]:
        base = self.base
        if pinned is not None:
            s, t = pinned
            return [(r, s, t)] if self.slots >> s & 1 and base.fits(r, s, t) else []
        tables = self.instance.tables_of[r]
        previous = self.instance.previous.get(r) if r in self.keep else None
        options: list[Option] = []
        for s in bits(base.open_slots(r) & self.slots):
            if tables:
                options.extend((r, s, t) for t in tables if not base.table_full[t] >> s & 1)
            elif previous is not None and previous[0] == s and not base.table_full[previous[1]] >> s & 1:
                options.append((r, s, previous[1]))
            else:
                options.append((r, s, ANY_TABLE))
        return options

    # ----- hard rules

    def _each_request_once(self, forced: set[int], *, assume: bool) -> None:
        """Rule 1 (a request is met at most once) and rule 7 (required and locked requests are met)."""
        for r in self.requests:
            options = self.by_request.get(r, [])
            if r in forced and assume:
                literal = self.builder.new_bools(1)[0]
                self.assumptions[r] = literal
                self.builder.linear(options, [1] * len(options), low=1, enforced_by=literal)
                if len(options) > 1:
                    self.builder.at_most_one(options)
            elif r in forced:
                self.builder.exactly_one(options)
            elif len(options) > 1:
                self.builder.at_most_one(options)
        if self.assumptions:
            self.builder.proto.assumptions.extend(self.assumptions.values())

    def _one_meeting_per_participant_and_slot(self) -> None:
        """Rule 2; rule 3 holds by construction (options only in allowed, free slots)."""
        for options in self.by_participant_slot.values():
            if len(options) > 1:
                self.builder.at_most_one(options)

    def _max_meetings(self) -> None:
        """Rule 4."""
        instance = self.instance
        for p, options in self.by_participant.items():
            left = instance.max_meetings[p] - self.base.count[p]
            if len({self.options[i][0] for i in options}) > left:
                self.builder.linear(options, [1] * len(options), high=left)

    def _table_capacity(self) -> None:
        """Rules 5 and 6: per table and slot for host (and kept) tables, and per slot for all tables together."""
        instance = self.instance
        per_table: dict[tuple[int, int], list[int]] = defaultdict(list)
        per_slot: dict[int, list[int]] = defaultdict(list)
        for index, (_r, s, t) in enumerate(self.options):
            per_slot[s].append(index)
            if t != ANY_TABLE:
                per_table[t, s].append(index)
        for (t, s), options in per_table.items():
            room = instance.capacity[t] - self.base.load[s][t]
            if len(options) > room:
                self.builder.linear(options, [1] * len(options), high=room)
        for s, options in per_slot.items():
            room = instance.total_capacity - self.base.total[s]
            if len(options) > room:
                self.builder.linear(options, [1] * len(options), high=room)

    # ----- objective levels

    def required_level(self, required: Collection[int]) -> Level:
        """Place the required requests first (used where the model does not force them)."""
        variables = [i for r in self.requests if r in required for i in self.by_request.get(r, [])]
        target = sum(1 for r in self.requests if r in required and self.by_request.get(r))
        return Level("required", variables, [1] * len(variables), maximize=True, target=target, share=0.5)

    def weight_level(self, *, offset: int, target: int | None, share: float = 1.0) -> Level:
        weight = self.instance.weight
        return Level(
            "weight",
            list(range(len(self.options))),
            [weight[r] for r, _s, _t in self.options],
            maximize=True,
            target=target,
            offset=offset,
            share=share,
        )

    def placed_level(self, *, share: float = 1.0) -> Level:
        """Place every request of the model (by weight), and among equal weights keep the most previous meetings.

        One objective ``weight * (keepable + 1) + kept``: lexicographic, but searched at once, so that the search
        starting from a schedule that keeps the previous meetings does not give them up to place the others.
        """
        previous = self.instance.previous
        kept = {i for i, (r, s, t) in enumerate(self.options) if r in self.keep and previous[r] == (s, t)}
        scale = len({self.options[i][0] for i in kept}) + 1
        weight = self.instance.weight
        target = sum(weight[r] for r in self.requests if self.by_request.get(r)) * scale + scale - 1
        return Level(
            "weight",
            list(range(len(self.options))),
            [weight[r] * scale + (1 if i in kept else 0) for i, (r, _s, _t) in enumerate(self.options)],
            maximize=True,
            target=target,
            share=share,
        )

    def kept_level(self, *, offset: int, share: float = 1.0) -> Level:
        previous = self.instance.previous
        variables = [i for i, (r, s, t) in enumerate(self.options) if r in self.keep and previous[r] == (s, t)]
        return Level(
            "stability",
            variables,
            [1] * len(variables),
            maximize=True,
            target=offset + len({self.options[i][0] for i in variables}),
            offset=offset,
            share=share,
        )

    def fairness_level(self, askers: Collection[int], *, share: float = 1.0) -> Level:
        """Maximise the fewest meetings of an asker, then leave as few askers as possible with none.

        One objective: ``least * (len(askers) + 1) - zeros``; a participant outside the model keeps the
        meetings ``base`` gives it.
        """
        instance, base, builder = self.instance, self.base, self.builder
        upper = []
        for p in askers:
            requests = {self.options[i][0] for i in self.by_participant.get(p, [])}
            upper.append(base.count[p] + min(len(requests), instance.max_meetings[p] - base.count[p]))
        least_upper = max(0, min(upper, default=0))
        least = builder.new_int(0, least_upper)
        self._least = least
        self._askers = tuple(askers)
        fixed_zeros = 0
        for p in askers:
            options = self.by_participant.get(p, [])
            if options:
                builder.linear([*options, least], [1] * len(options) + [-1], low=-base.count[p])
            if base.count[p] == 0:
                if options:
                    zero = builder.new_bools(1)[0]
                    self._zeros.append((p, zero))
                    builder.linear([*options, zero], [1] * (len(options) + 1), low=1)
                else:
                    fixed_zeros += 1
        scale = len(askers) + 1
        variables = [least] + [zero for _p, zero in self._zeros]
        coefficients = [scale] + [-1] * len(self._zeros)
        return Level(
            "fairness",
            variables,
            coefficients,
            maximize=True,
            target=scale * least_upper - fixed_zeros,
            offset=-fixed_zeros,
            share=share,
        )

    def idle_level(
        self,
        *,
        share: float = 1.0,
        spans: dict[tuple[int, int], int] | None = None,
        slack: int = WINDOW_SLACK,
    ) -> Level:
        """Idle slots between a participant's first and last meeting inside each session.

        In a short session each participant chooses one busy pattern (a subset of its possible slots) whose idle
        slots are known. In a long one it chooses one window (a run of slots) that must hold all its meetings,
        no longer than the shortest window its meetings fit in plus ``slack`` slots (or its current span
        in ``spans``, keyed by participant and session mask); the idle slots are the window minus the meetings.
        The shortest windows also give the level's target (a proved lower bound).
        """
        variables: list[int] = []
        coefficients: list[int] = []
        offset = 0
        least = 0
        for p in sorted({p for r in self.requests for p in self.instance.members[r]}):
            for session in self.instance.session_masks:
                if not session & self.slots:
                    continue
                if session.bit_count() <= PATTERN_SESSION_SLOTS:
                    self._add_patterns(p, session, variables, coefficients)
                else:
                    constant, shortest = self._add_blocks(
                        p,
                        session=session,
                        variables=variables,
                        coefficients=coefficients,
                        spans=spans or {},
                        slack=slack,
                    )
                    offset += constant
                    least += shortest
        return Level("compactness", variables, coefficients, maximize=False, target=least, offset=offset, share=share)

    def _possible_idle(self, p: int, session: int) -> int:
        """``p``'s possible busy slots in the session, or 0 when it cannot have an idle slot there."""
        potential = self._potential(p, session)
        if potential.bit_count() < 2:
            return 0
        first = (potential & -potential).bit_length() - 1
        if potential.bit_length() - 1 - first < 2:
            return 0
        return potential

    def _add_patterns(self, p: int, session: int, variables: list[int], coefficients: list[int]) -> None:
        potential = self._possible_idle(p, session)
        if not potential:
            return
        fixed = self.base.busy[p] & session
        requests = {self.options[i][0] for s in bits(potential) for i in self.by_participant_slot.get((p, s), [])}
        most = fixed.bit_count() + len(requests)
        masks = [m for m in _submasks(potential) if m & fixed == fixed and m.bit_count() <= most]
        pattern = list(self.builder.new_bools(len(masks)))
        self.builder.exactly_one(pattern)
        for s in bits(potential & ~fixed):
            terms = self.by_participant_slot.get((p, s), [])
            chosen = [v for v, m in zip(pattern, masks, strict=True) if m >> s & 1]
            self.builder.linear([*terms, *chosen], [1] * len(terms) + [-1] * len(chosen), low=0, high=0)
        for v, m in zip(pattern, masks, strict=True):
            if idle_in(m):
                variables.append(v)
                coefficients.append(idle_in(m))
        self._patterns.append(_Patterns(p, masks, pattern))

    def _add_blocks(
        self,
        p: int,
        *,
        session: int,
        variables: list[int],
        coefficients: list[int],
        spans: dict[tuple[int, int], int],
        slack: int,
    ) -> tuple[int, int]:
        """Window variables of ``p`` in a long session; returns (constant of the idle count, its lower bound)."""
        potential = self._possible_idle(p, session)
        if not potential:
            return 0, 0
        builder = self.builder
        fixed = self.base.busy[p] & session
        options = [i for s in bits(potential) for i in self.by_participant_slot.get((p, s), [])]
        by_request: dict[int, int] = defaultdict(int)
        for i in options:
            by_request[self.options[i][0]] |= 1 << self.options[i][1]
        meetings = len(by_request) + fixed.bit_count()
        low = (potential & -potential).bit_length() - 1
        high = potential.bit_length() - 1
        here = all(not (self._slots_of(r) & ~session) for r in by_request)
        shortest = (shortest_window(list(by_request.values()), fixed, low, high) if here else None) or 1
        longest = min(high - low + 1, max(shortest + slack, spans.get((p, session), 0)))
        windows = [
            ((1 << length) - 1) << first
            for length in range(shortest, longest + 1)
            for first in range(low, high - length + 2)
            if (((1 << length) - 1) << first) & fixed == fixed
        ]
        optional = not fixed and not all(r in self.forced for r in by_request)
        if optional:
            windows.append(0)
        if not here:
            optional, shortest = True, meetings
        choice = list(builder.new_bools(len(windows)))
        builder.exactly_one(choice)
        for s in bits(potential & ~fixed):
            terms = self.by_participant_slot.get((p, s), [])
            covering = [v for v, window in zip(choice, windows, strict=True) if window >> s & 1]
            builder.linear([*terms, *covering], [1] * len(terms) + [-1] * len(covering), high=0)
        self._blocks.append(_Blocks(p, session, windows, choice))
        variables += [*choice, *options]
        coefficients += [window.bit_count() for window in windows] + [-1] * len(options)
        return -fixed.bit_count(), 0 if optional else shortest - meetings

    def runs_level(self, *, share: float = 1.0) -> Level:
        """Runs of consecutive busy slots (breaks + participants with meetings): a tie-break after idle slots."""
        offset = 0
        participants = sorted({p for r in self.requests for p in self.instance.members[r]})
        for p in participants:
            offset += self._add_runs(p)
        variables = [v for runs in self._runs for v in runs.starts if v is not None]
        return Level(
            "compactness",
            variables,
            [1] * len(variables),
            maximize=False,
            target=len(participants),
            offset=offset,
            share=share,
        )

    def _slots_of(self, r: int) -> int:
        mask = 0
        for i in self.by_request.get(r, []):
            mask |= 1 << self.options[i][1]
        return mask

    def _busy_terms(self, p: int, s: int) -> tuple[list[int], int]:
        """Whether participant ``p`` is busy in slot ``s``: (option variables, constant)."""
        if self.base.busy[p] >> s & 1:
            return [], 1
        return self.by_participant_slot.get((p, s), []), 0

    def _potential(self, p: int, mask: int) -> int:
        potential = self.base.busy[p] & mask
        for s in bits(mask):
            if self.by_participant_slot.get((p, s)):
                potential |= 1 << s
        return potential

    def _add_runs(self, p: int) -> int:
        """Helper variables for ``p``'s runs; returns the runs that are certain (fixed by ``base``)."""
        potential = self._potential(p, (1 << self.instance.n_slots) - 1)
        if not potential:
            return 0
        slots = bits(potential)
        starts: list[int | None] = []
        certain = 0
        for s in slots:
            terms, constant = self._busy_terms(p, s)
            prev_terms, prev_constant = self._busy_terms(p, s - 1) if s > 0 else ([], 0)
            if not terms and not prev_terms:
                certain += 1 if constant and not prev_constant else 0
                starts.append(None)
                continue
            variable = self.builder.new_bools(1)[0]
            self.builder.linear(
                [variable, *terms, *prev_terms],
                [1] + [-1] * len(terms) + [1] * len(prev_terms),
                low=constant - prev_constant,
            )
            starts.append(variable)
        self._runs.append(_Runs(p, slots, starts))
        return certain

    # ----- solutions

    def values_for(self, placements: dict[int, tuple[int, int]]) -> list[int]:
        """A complete solution vector (helper variables included) for placements of the model's requests."""
        values = [0] * self.builder.size
        busy = {p: self.base.busy[p] for r in self.requests for p in self.instance.members[r]}
        for r, (s, t) in placements.items():
            options = self.by_request.get(r, [])
            exact = [i for i in options if self.options[i][1:] == (s, t)]
            same_slot = [i for i in options if self.options[i][1] == s]
            chosen = exact or same_slot
            if not chosen:
                continue
            values[chosen[0]] = 1
            for p in self.instance.members[r]:
                busy[p] |= 1 << s
        for literal in self.assumptions.values():
            values[literal] = 1
        self._block_values(values, busy)
        self._pattern_values(values, busy)
        self._run_values(values, busy)
        self._fairness_values(values, busy)
        return values

    def _block_values(self, values: list[int], busy: dict[int, int]) -> None:
        for blocks in self._blocks:
            mask = busy[blocks.participant] & blocks.session
            pairs = zip(blocks.variables, blocks.windows, strict=True)
            fitting = [(window.bit_count(), v) for v, window in pairs if window & mask == mask]
            if fitting:
                values[min(fitting)[1]] = 1

    def _pattern_values(self, values: list[int], busy: dict[int, int]) -> None:
        for patterns in self._patterns:
            full = 0
            for m in patterns.masks:
                full |= m
            mask = busy[patterns.participant] & full
            for v, m in zip(patterns.variables, patterns.masks, strict=True):
                values[v] = int(m == mask)

    def _run_values(self, values: list[int], busy: dict[int, int]) -> None:
        for runs in self._runs:
            mask = busy[runs.participant]
            for s, variable in zip(runs.slots, runs.starts, strict=True):
                if variable is not None:
                    values[variable] = int(bool(mask >> s & 1) and not (s > 0 and mask >> (s - 1) & 1))

    def _fairness_values(self, values: list[int], busy: dict[int, int]) -> None:
        if self._least is None:
            return
        counts = dict.fromkeys(busy, 0)
        for index, value in enumerate(values[: len(self.options)]):
            if value:
                for p in self.instance.members[self.options[index][0]]:
                    counts[p] += 1
        least_upper = self.builder.proto.variables[self._least].domain[1]
        fewest = min((self.base.count[p] + counts.get(p, 0) for p in self._askers), default=least_upper)
        values[self._least] = max(0, min(least_upper, fewest))
        for p, zero in self._zeros:
            values[zero] = int(counts.get(p, 0) == 0)

    def placements(self, solution: list[int]) -> list[Option]:
        return [self.options[i] for i in range(len(self.options)) if solution[i]]


def _submasks(mask: int) -> list[int]:
    out = []
    sub = mask
    while True:
        out.append(sub)
        if sub == 0:
            return out
        sub = (sub - 1) & mask


def shortest_window(allowed: list[int], fixed: int, low: int, high: int) -> int | None:
    """The fewest consecutive slots (containing ``fixed``) in which every request (its allowed slots as a
    mask) gets a distinct slot, or ``None`` if there is none."""
    need = len(allowed) + fixed.bit_count()
    for length in range(max(1, need), high - low + 2):
        for first in range(low, high - length + 2):
            window = ((1 << length) - 1) << first
            if window & fixed == fixed and _fits(allowed, window & ~fixed):
                return length
    return None


def _fits(allowed: list[int], slots: int) -> bool:
    """Whether each request can take a distinct slot of ``slots`` among its allowed ones (augmenting paths)."""
    owner: dict[int, int] = {}

    def assign(request: int, seen: set[int]) -> bool:
        for s in bits(allowed[request] & slots):
            if s in seen:
                continue
            seen.add(s)
            if s not in owner or assign(owner[s], seen):
                owner[s] = request
                return True
        return False

    return all(assign(request, set()) for request in range(len(allowed)))

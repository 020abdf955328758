"""The selection model for large fairs: which requests to meet, and in which session, without choosing slots.

One boolean per (request, session). A participant meets at most as often as it has free slots in a session
(and, for each set of slots some of its requests are confined to, no more often than that set allows); the
tables of a session hold at most their capacity times its slots. Every valid schedule satisfies these rows, so
the model is a relaxation: its weight bound is a proved upper bound. For two-party requests with whole-session
availability it is also exact (a bipartite multigraph whose degrees fit the slots can be coloured with them,
equitably), which is why a slot assignment per session nearly always places every selected meeting.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable

from events.scheduling.assignment import Assignment
from events.scheduling.cpsat import CpBuilder, Level
from events.scheduling.instance import Instance

_MAX_SHARED_MASKS = 20


class SelectionModel:
    def __init__(self, instance: Instance, base: Assignment, requests: Iterable[int], *, keep: Collection[int]) -> None:
        self.instance = instance
        self.base = base
        self.keep = set(keep)
        self.builder = CpBuilder()
        self.options: list[tuple[int, int]] = []
        self.open: dict[int, int] = {}
        for r in requests:
            mask = base.open_slots(r)
            if not mask:
                continue
            self.open[r] = mask
            for session, session_mask in enumerate(instance.session_masks):
                if mask & session_mask:
                    self.options.append((r, session))
        self.builder.new_bools(len(self.options))
        self.by_request: dict[int, list[int]] = defaultdict(list)
        self.by_participant: dict[int, list[int]] = defaultdict(list)
        self.by_participant_session: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.by_session: dict[int, list[int]] = defaultdict(list)
        for index, (r, session) in enumerate(self.options):
            self.by_request[r].append(index)
            self.by_session[session].append(index)
            for p in instance.members[r]:
                self.by_participant[p].append(index)
                self.by_participant_session[p, session].append(index)
        self._least: int | None = None
        self._askers: tuple[int, ...] = ()
        self._zeros: list[tuple[int, int]] = []
        self._fixed_zeros = 0
        self._row_index: _RowIndex | None = None
        self._each_request_once()
        self._max_meetings()
        self._free_slots_per_session()
        self._table_seats_per_session()

    def _each_request_once(self) -> None:
        for r, options in self.by_request.items():
            if self.instance.required[r]:
                self.builder.exactly_one(options)
            elif len(options) > 1:
                self.builder.at_most_one(options)

    def _max_meetings(self) -> None:
        for p, options in self.by_participant.items():
            left = self.instance.max_meetings[p] - self.base.count[p]
            if len(options) > left:
                self.builder.linear(options, [1] * len(options), high=left)

    def _free_slots_per_session(self) -> None:
        """A participant meets at most once per free slot, also within any set its requests are confined to."""
        instance = self.instance
        for (p, session), options in self.by_participant_session.items():
            session_mask = instance.session_masks[session]
            free = instance.free[p] & ~self.base.busy[p] & session_mask
            masks = {self.open[self.options[i][0]] & session_mask for i in options}
            masks.add(free)
            for mask in masks:
                inside = [i for i in options if self.open[self.options[i][0]] & session_mask & ~mask == 0]
                seats = (mask & free).bit_count()
                if len(inside) > seats:
                    self.builder.linear(inside, [1] * len(inside), high=seats)

    def _table_seats_per_session(self) -> None:
        instance, base = self.instance, self.base
        for session, options in self.by_session.items():
            session_mask = instance.session_masks[session]
            common = Counter(self.open[self.options[i][0]] & session_mask for i in options)
            masks = {session_mask} | {mask for mask, _ in common.most_common(_MAX_SHARED_MASKS)}
            for mask in masks:
                inside = [i for i in options if self.open[self.options[i][0]] & session_mask & ~mask == 0]
                seats = sum(instance.total_capacity - base.total[s] for s in instance.slots_in(mask))
                if len(inside) > seats:
                    self.builder.linear(inside, [1] * len(inside), high=seats)
        hosts_at = Counter(t for t in instance.host_table if t >= 0)
        per_table: dict[tuple[int, int], list[int]] = defaultdict(list)
        for index, (r, session) in enumerate(self.options):
            tables = instance.tables_of[r]
            if len(tables) == 1 and hosts_at[tables[0]] > 1:
                per_table[tables[0], session].append(index)
        for (t, session), options in per_table.items():
            slots = instance.slots_in(instance.session_masks[session])
            seats = sum(instance.capacity[t] - base.load[s][t] for s in slots)
            if len(options) > seats:
                self.builder.linear(options, [1] * len(options), high=seats)

    # ----- objective levels

    def weight_level(self, *, offset: int, target: int | None, share: float = 1.0) -> Level:
        weight = self.instance.weight
        return Level(
            "weight",
            list(range(len(self.options))),
            [weight[r] for r, _session in self.options],
            maximize=True,
            target=target,
            offset=offset,
            share=share,
        )

    def kept_level(self, *, offset: int, share: float = 1.0) -> Level:
        instance = self.instance
        variables = [
            i
            for i, (r, session) in enumerate(self.options)
            if r in self.keep and instance.session_of[instance.previous[r][0]] == session
        ]
        return Level(
            "stability",
            variables,
            [1] * len(variables),
            maximize=True,
            target=offset + len(variables),
            offset=offset,
            share=share,
        )

    def fairness_level(self, askers: Collection[int], *, share: float = 1.0) -> Level:
        """``least * (len(askers) + 1) - zeros``, as in :meth:`SlotModel.fairness_level`."""
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
        self._fixed_zeros = fixed_zeros
        scale = len(askers) + 1
        return Level(
            "fairness",
            [least] + [zero for _p, zero in self._zeros],
            [scale] + [-1] * len(self._zeros),
            maximize=True,
            target=scale * least_upper - fixed_zeros,
            offset=-fixed_zeros,
            share=share,
        )

    def zeros_level(self) -> Level:
        """Minus the askers left without a meeting (for the linear relaxation; after :meth:`fairness_level`)."""
        return Level(
            "zeros",
            [zero for _p, zero in self._zeros],
            [-1] * len(self._zeros),
            maximize=True,
            offset=-self._fixed_zeros,
        )

    # ----- solutions

    def values_for(self, sessions: dict[int, int]) -> list[int]:
        """A complete solution vector for a choice ``request -> session``."""
        values = [0] * self.builder.size
        index = {option: i for i, option in enumerate(self.options)}
        counts: Counter[int] = Counter()
        for r, session in sessions.items():
            i = index.get((r, session))
            if i is not None:
                values[i] = 1
                counts.update(self.instance.members[r])
        if self._least is not None:
            least_upper = self.builder.proto.variables[self._least].domain[1]
            fewest = min((self.base.count[p] + counts[p] for p in self._askers), default=least_upper)
            values[self._least] = max(0, min(least_upper, fewest))
            for p, zero in self._zeros:
                values[zero] = int(counts[p] == 0)
        return values

    def holds_required(self, sessions: dict[int, int]) -> bool:
        """Whether every required request (that has a session) is chosen: with every other row a "no more than",
        a subset of a feasible selection is feasible once its required requests are in."""
        return all(r in sessions for r in self.by_request if self.instance.required[r])

    def sessions(self, solution: list[int]) -> dict[int, int]:
        """The chosen session of each selected request."""
        return {r: session for i, (r, session) in enumerate(self.options) if solution[i]}

    def weight_and_kept_level(
        self, *, offset: int, target: int | None, kept_target: int | None, headroom: int = 1
    ) -> Level:
        """Weight first, then kept previous meetings, as one objective ``weight * scale + kept`` with ``scale =
        headroom * (keepable + 1)``.

        Searched at once, so that a search for more weight does not give the previous meetings away on the
        way; ``scale`` turns its values back into weights for progress reports. ``headroom`` 2 keeps the kept
        part below half a weight unit, so that a linear relaxation's rounding slack (a millionth of the value)
        cannot carry it into the weight bound.
        """
        weight = self.weight_level(offset=offset, target=None)
        kept = self.kept_level(offset=0)
        scale = headroom * (len(kept.variables) + 1)
        coefficients = [c * scale for c in weight.coefficients]
        for v in kept.variables:
            coefficients[v] += 1
        combined_target = (
            None
            if target is None
            else target * scale + (kept_target if kept_target is not None else len(kept.variables))
        )
        return Level(
            "weight",
            weight.variables,
            coefficients,
            maximize=True,
            target=combined_target,
            offset=offset * scale,
            scale=scale,
        )

    def complete(self, sessions: dict[int, int], candidates: list[tuple[int, int]]) -> dict[int, int]:
        """Add each (request, session) candidate, in order, whose request is not chosen and that still fits."""
        index = {option: i for i, option in enumerate(self.options)}
        chosen = {index[r, session] for r, session in sessions.items() if (r, session) in index}
        rows = _OptionRows(self, chosen)
        result = dict(sessions)
        for r, session in candidates:
            option = index.get((r, session))
            if r in result or option is None or not rows.fits([option], []):
                continue
            rows.apply([option], [])
            result[r] = session
        return result

    def restore_kept(self, sessions: dict[int, int]) -> dict[int, int]:
        """Put kept previous meetings back in their previous session where that costs no weight.

        Each is moved there when the session still has room; one left out is added there, or exchanged for a
        selected request of no more weight, not itself kept there, that shares a participant and that session.
        """
        instance = self.instance
        index = {option: i for i, option in enumerate(self.options)}
        chosen = {index[r, session] for r, session in sessions.items() if (r, session) in index}
        rows = _OptionRows(self, chosen)
        previous_session = {r: instance.session_of[instance.previous[r][0]] for r in self.keep}
        result = dict(sessions)
        for r in sorted(self.keep, key=lambda r: (-instance.weight[r], r)):
            home = previous_session[r]
            if result.get(r) == home or (r, home) not in index:
                continue
            target = index[r, home]
            current = [index[r, result[r]]] if r in result else []
            swaps: list[list[int]] = [[]]
            for q in () if current else instance.members[r]:
                swaps += [
                    [j]
                    for j in self.by_participant_session.get((q, home), [])
                    if j in chosen
                    and instance.weight[self.options[j][0]] <= instance.weight[r]
                    and previous_session.get(self.options[j][0]) != home
                ]
            for extra in swaps:
                drop = current + extra
                if rows.fits([target], drop):
                    rows.apply([target], drop)
                    chosen.difference_update(drop)
                    chosen.add(target)
                    for j in extra:
                        del result[self.options[j][0]]
                    result[r] = home
                    break
        return result

    def share_out(self, sessions: dict[int, int], askers: Collection[int]) -> dict[int, int]:
        """Give a meeting to askers left without one, where the selection model allows it at no cost.

        For such an asker, one of its requests is added in a session where it still fits, or exchanged for a
        selected request of no more weight that shares a participant and session, is not a kept previous meeting,
        and whose other participants keep a meeting. Weight and stability never drop; fewer askers have none.
        """
        instance = self.instance
        index = {option: i for i, option in enumerate(self.options)}
        chosen = {index[r, session] for r, session in sessions.items() if (r, session) in index}
        rows = _OptionRows(self, chosen)
        count = list(self.base.count)
        for i in chosen:
            for p in instance.members[self.options[i][0]]:
                count[p] += 1
        previous_session = {r: instance.session_of[instance.previous[r][0]] for r in self.keep}
        result = dict(sessions)
        for p in askers:
            if count[p]:
                continue
            for r in sorted(instance.requests_of[p], key=lambda r: (-instance.weight[r], r)):
                move = self._share_move(
                    r=r, p=p, rows=rows, chosen=chosen, count=count, previous_session=previous_session
                )
                if move is None:
                    continue
                add, drop = move
                rows.apply([add], drop)
                for i, sign in ((add, 1), *((j, -1) for j in drop)):
                    chosen.add(i) if sign > 0 else chosen.discard(i)
                    for member in instance.members[self.options[i][0]]:
                        count[member] += sign
                for j in drop:
                    del result[self.options[j][0]]
                result[r] = self.options[add][1]
                break
        return result

    def _share_move(
        self,
        *,
        r: int,
        p: int,
        rows: _OptionRows,
        chosen: set[int],
        count: list[int],
        previous_session: dict[int, int],
    ) -> tuple[int, list[int]] | None:
        instance = self.instance
        for i in self.by_request.get(r, []):
            if rows.fits([i], []):
                return i, []
            session = self.options[i][1]
            for q in instance.members[r]:
                if q == p:
                    continue
                for j in self.by_participant_session.get((q, session), []):
                    other = self.options[j][0]
                    if (
                        j in chosen
                        and instance.weight[other] <= instance.weight[r]
                        and previous_session.get(other) != session
                        and all(count[m] >= 2 for m in instance.members[other] if m != q)
                        and rows.fits([i], [j])
                    ):
                        return i, [j]
        return None

    def sessions_of(self, placements: dict[int, tuple[int, int]]) -> dict[int, int]:
        """The sessions of placed requests (request -> (slot, table))."""
        return {r: self.instance.session_of[s] for r, (s, _t) in placements.items()}


class _RowIndex:
    """The selection model's rows over its option variables only, indexed by option (built once)."""

    def __init__(self, model: SelectionModel) -> None:
        size = len(model.options)
        self.rows = [
            row for row in model.builder.rows if row.enforced_by is None and all(v < size for v in row.variables)
        ]
        self.by_option: list[list[tuple[int, int]]] = [[] for _ in range(size)]
        for index, row in enumerate(self.rows):
            coefficients = row.coefficients if row.coefficients is not None else [1] * len(row.variables)
            for v, c in zip(row.variables, coefficients, strict=True):
                self.by_option[v].append((index, c))


class _OptionRows:
    """The activity of the selection model's option rows for one selection, changed move by move."""

    def __init__(self, model: SelectionModel, chosen: set[int]) -> None:
        if model._row_index is None:
            model._row_index = _RowIndex(model)
        index = model._row_index
        self.rows = index.rows
        self.by_option = index.by_option
        self.activity = [0] * len(self.rows)
        for option in chosen:
            for row, c in self.by_option[option]:
                self.activity[row] += c

    def _changes(self, add: list[int], drop: list[int]) -> dict[int, int]:
        changes: dict[int, int] = defaultdict(int)
        for option, sign in [*((i, 1) for i in add), *((j, -1) for j in drop)]:
            for index, c in self.by_option[option]:
                changes[index] += sign * c
        return changes

    def fits(self, add: list[int], drop: list[int]) -> bool:
        for index, change in self._changes(add, drop).items():
            row = self.rows[index]
            if not row.low <= self.activity[index] + change <= row.high:
                return False
        return True

    def apply(self, add: list[int], drop: list[int]) -> None:
        for index, change in self._changes(add, drop).items():
            self.activity[index] += change

"""The scheduler: from a problem to the best schedule it can prove or find within the time limit.

1. *Feasibility*: locked and required meetings must all fit; if not, the schedule is ``infeasible`` and names a
   conflicting subset (:mod:`events.scheduling.feasibility`).
2. *Bound*: a linear relaxation proves an upper bound on the total weight (:mod:`events.scheduling.bounds`).
3. *Warm start*: heaviest-first greedy, keeping the previous schedule where it still fits.
4. *Improve* with CP-SAT, objective level after objective level (weight, stability, fairness, compactness),
   each stopping as soon as it reaches its known best value:
   - a fair small enough for the exact model (one boolean per request, slot and table choice) is solved whole;
   - a larger fair is decomposed: a selection model chooses which requests meet and in which session (levels
     weight, stability, fairness), then one exact model per session assigns slots and tables (placing every
     selected meeting, keeping previous ones, then fewest idle slots).
5. On a re-run, previous meetings moved or dropped are put back in place where that costs no weight, one
   neighbourhood at a time (:mod:`events.scheduling.stability`).
6. A last pass adds any request that still fits, each request left out gets a reason, and tables are assigned.

The result is never worse than the warm start. ``optimal`` means the weight reached the proved upper bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from events.scheduling.assignment import Assignment, resolve_tables
from events.scheduling.bounds import linear_relaxation, satisfies
from events.scheduling.compaction import Beside, Compacted, agenda_figures, compact
from events.scheduling.cpsat import CpBuilder, Level, LevelOutcome, optimise_levels
from events.scheduling.errors import SchedulingError
from events.scheduling.feasibility import Feasibility, check_feasibility
from events.scheduling.greedy import fill, heaviest_first, locked_assignment
from events.scheduling.instance import Instance, build_instance
from events.scheduling.problem import Meeting, Problem, Schedule, Stats, Status, Unscheduled, check_problem
from events.scheduling.progress import Progress, Reporter
from events.scheduling.quality import quality
from events.scheduling.reasons import conflict_reason, explain
from events.scheduling.selection_model import SelectionModel
from events.scheduling.slot_model import PATTERN_SESSION_SLOTS, Option, SlotModel
from events.scheduling.slot_swaps import anneal, plan_slots
from events.scheduling.stability import put_back
from events.scheduling.timing import Deadline

FULL_MODEL_LIMIT = 12_000
"""Up to this many (request, slot) options, the exact model of the whole fair may polish the result."""

SESSION_MODEL_LIMIT = 6_000
"""Up to this many (request, slot) options in a session, its exact model runs after the chain swaps."""

COMPACTION_LIMIT = 20_000
"""Up to this many (request, slot) options in a long session, the agenda model looks for the fewest idle slots."""

MIN_MODEL_SECONDS = 0.05
"""A session's exact model is not built when less time than this is left for it (the compaction used it)."""

RELAXATION_HEADROOM = 2
"""The linear relaxation's weight-and-kept objective counts a weight unit as twice the previous meetings that could
stay plus two. With the bare minimum (once, plus one) the rounding slack of a large re-run's bound (a millionth of
about 26 million) carried 3,609 of 3,622 kept meetings into one more unit of weight: the bound was 1 too high
(status ``feasible`` at the best weight) and the kept bound 12 instead of 3,610."""

STABILITY_SHARE = 0.35
"""Part of a re-run's time kept for putting previous meetings back in place (:mod:`events.scheduling.stability`)."""


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    on_progress: Callable[[Progress], None] | None = None,
    workers: int = 2,
) -> Schedule:
    """Schedule ``problem`` within about ``time_limit`` seconds, using ``workers`` CP-SAT threads (at least 2).

    Raises :class:`SchedulingError` for a problem that breaks the format. ``on_progress`` is called from the
    solving thread (also from CP-SAT's callback), at most every 0.1 s and at each phase change.
    """
    if not time_limit > 0:
        raise SchedulingError("bad_time_limit", f"the time limit must be positive, not {time_limit!r}")
    if workers < 1:
        raise SchedulingError("bad_workers", f"workers must be at least 1, not {workers!r}")
    deadline = Deadline(time_limit)
    check_problem(problem)
    instance = build_instance(problem)
    report = Reporter(on_progress, started=deadline.started)
    report(phase="start")
    feasibility = check_feasibility(instance, deadline=deadline, workers=workers, budget=0.5 * time_limit)
    if not feasibility.feasible:
        report(phase="done")
        return _infeasible(instance, feasibility, seconds=deadline.elapsed())
    search = _Search(instance, deadline=deadline, workers=workers, report=report)
    best = search.run(first=feasibility.placements)
    missing = [r for r in range(instance.n_requests) if instance.required[r] and r not in best.placed]
    if missing:
        report(phase="done")
        not_found = Feasibility(feasible=False, proven=False, conflicting=tuple(missing))
        return _infeasible(instance, not_found, seconds=deadline.elapsed())
    bound = max(search.bound, best.weight())
    report(phase="done", weight=best.weight(), bound=bound)
    return _schedule(instance, best, bound=bound, seconds=deadline.elapsed())


class _Search:
    def __init__(self, instance: Instance, *, deadline: Deadline, workers: int, report: Reporter) -> None:
        self.instance = instance
        self.deadline = deadline
        self.workers = workers
        self.report = report
        self.base = locked_assignment(instance)
        self.keep = keepable_previous(instance, self.base)
        self.kept_locked = sum(1 for r, place in instance.locked.items() if instance.previous.get(r) == place)
        self.requests = [r for r in range(instance.n_requests) if r not in instance.locked and self.base.open_slots(r)]
        self.required = {r for r in self.requests if instance.required[r]}
        report(phase="bound")
        self.selection = SelectionModel(instance, self.base, self.requests, keep=self.keep)
        self.selection_levels = [
            self.selection.weight_level(offset=self.base.weight(), target=None, share=2.0),
            self.selection.kept_level(offset=self.kept_locked, share=0.5),
            self.selection.fairness_level(instance.askers, share=1.5),
        ]
        weight, _stability, fairness = self.selection_levels
        self.combined = (
            self.selection.weight_and_kept_level(
                offset=self.base.weight(), target=None, kept_target=None, headroom=RELAXATION_HEADROOM
            )
            if self.keep
            else weight
        )
        self.relaxation = linear_relaxation(
            self.selection.builder, [self.combined, fairness], time_limit=max(0.1, 0.25 * deadline.remaining())
        )
        trivial = self.base.weight() + sum(instance.weight[r] for r in self.requests)
        bounds = self.relaxation.bounds
        scale = self.combined.scale
        self.bound = min(trivial, bounds[0] // scale) if bounds else trivial
        self.kept_bound: int | None = (
            min(len(self.keep), bounds[0] - self.bound * scale) if bounds and self.keep else None
        )
        """At the weight bound, at most this many previous meetings (not locked) can stay (linear relaxation)."""
        self.fairness_bound = bounds[1] if len(bounds) > 1 and self.relaxation.integral[0] else None
        """At the weight and stability bounds, the best fairness (linear relaxation)."""
        weight.target = self.bound
        self.targets: list[int | None] = [self.bound, None, None]
        """Proved bounds of weight, stability and fairness (each given the levels before it)."""

    def run(self, *, first: Iterable[Option]) -> Assignment:
        """The best schedule found in time: selection and sessions (or the whole fair's model), then, on a re-run,
        previous meetings put back in place where that costs no weight (:mod:`events.scheduling.stability`), with
        :data:`STABILITY_SHARE` of the time."""
        finish = self.deadline
        if self.keep:
            self.deadline = finish.sooner(STABILITY_SHARE * finish.remaining())
        try:
            best = self._search(first)
        finally:
            self.deadline = finish
        if self.keep:
            self.report(phase="published", weight=best.weight(), bound=self.bound)
            most = self.kept_bound if best.weight() >= self.bound else None
            put_back(best, self.keep, required=self.required, deadline=finish, workers=self.workers, most=most)
            self._fill(best)
        return best

    def _search(self, first: Iterable[Option]) -> Assignment:
        instance = self.instance
        chosen = self.selection.sessions(self.relaxation.rounded()) if self.relaxation.values else {}
        start = heaviest_first(instance, self.base, first=first, keep=self.keep, preferred=set(chosen))
        self.report(phase="greedy", weight=start.weight(), bound=self.bound)
        best = start
        small = sum(self.base.open_slots(r).bit_count() for r in self.requests) <= FULL_MODEL_LIMIT
        polish = small and len(instance.session_masks) > 1
        decomposed = self._by_sessions(start, chosen, polish_share=0.3 if polish else 0.0)
        if decomposed is not None and quality(decomposed) >= quality(best):
            best = decomposed
        if polish and not self._settled(best) and self.deadline.remaining() > 0.2:
            whole = self._whole(best)
            if whole is not None and quality(whole) >= quality(best):
                best = whole
        self._fill(best)
        return best

    def _fill(self, assignment: Assignment) -> None:
        """Add every request that still fits, heaviest first."""
        fill(assignment, sorted(self.requests, key=lambda r: (-self.instance.weight[r], r)))

    def _settled(self, assignment: Assignment) -> bool:
        """Whether weight, stability and fairness reached the bounds the selection model proved."""
        figures = quality(assignment)
        scale = len(self.instance.askers) + 1
        values = (figures.weight, figures.kept, figures.least * scale + figures.negative_zeros)
        return all(target is not None and value >= target for value, target in zip(values, self.targets, strict=True))

    # ----- a large fair: selection, then one exact model per session

    def _by_sessions(self, start: Assignment, chosen: dict[int, int], *, polish_share: float) -> Assignment | None:
        instance = self.instance
        selection = self.selection
        hint = self._selection_start(start, chosen)
        reserve = (0.55 + 0.45 * polish_share) * self.deadline.remaining()
        weight, stability, fairness = self.selection_levels
        first_level = weight
        if self.keep:
            first_level = selection.weight_and_kept_level(
                offset=self.base.weight(), target=self.bound, kept_target=self.kept_bound
            )
        first, outcomes = self._optimise(
            selection.builder,
            [first_level],
            hint,
            global_weight=True,
            reserve=reserve + (self.deadline.remaining() - reserve) * 0.5,
            feasible=True,
        )
        if first is None:
            return None
        found = weight.value(first)
        outcomes[0] = LevelOutcome("weight", found, outcomes[0].bound // first_level.scale, outcomes[0].proven)
        self.report(phase="stability", weight=found, bound=self.bound)
        if found == self.bound:
            kept_at_best = self.kept_bound is None or stability.value(first) == self.kept_locked + self.kept_bound
            if self.kept_bound is not None:
                stability.target = self.kept_locked + self.kept_bound
            if kept_at_best and self.fairness_bound is not None:
                fairness.target = self.fairness_bound
        solution, more = self._optimise(
            selection.builder, [stability, fairness], first, global_weight=True, reserve=reserve, feasible=True
        )
        if solution is None:
            return None
        outcomes += more
        self._tighten(outcomes)
        self._learn_targets(outcomes)
        by_session: dict[int, list[int]] = {}
        for r, session in selection.sessions(solution).items():
            by_session.setdefault(session, []).append(r)
        sizes = {
            session: sum((self.base.open_slots(r) & instance.session_masks[session]).bit_count() for r in requests)
            for session, requests in by_session.items()
        }
        result = self.base.copy()
        left = sum(sizes.values())
        polish = polish_share * self.deadline.remaining()
        for session in sorted(by_session):
            left -= sizes[session]
            reserve = polish + (self.deadline.remaining() - polish) * left / (left + sizes[session])
            for r, s, t in self._session(session, by_session[session], start, reserve=reserve):
                result.place(r, s, t)
        return result

    def _selection_start(self, start: Assignment, chosen: dict[int, int]) -> list[int]:
        """The better of the greedy's sessions and the rounded linear optimum, as the selection's start.

        Both are repaired first: kept previous meetings go back to their session, then askers without a meeting
        get one, wherever that costs nothing on the levels before.
        """
        selection = self.selection
        askers = self.instance.askers
        candidates = [selection.sessions_of(self._placed(start))]
        if chosen:
            candidates.append(self._complete(chosen))
        best: list[int] | None = None
        best_rank: tuple[int, ...] = ()
        for sessions in candidates:
            repaired = selection.share_out(selection.restore_kept(sessions), askers)
            if best is not None and not selection.holds_required(repaired):
                continue
            values = selection.values_for(repaired)
            rank = tuple(level.value(values) for level in self.selection_levels)
            if best is None or rank > best_rank:
                best, best_rank = values, rank
        assert best is not None
        return best

    def _complete(self, chosen: dict[int, int]) -> dict[int, int]:
        """Add back requests the linear optimum took in part, where the selection model still allows them."""
        selection = self.selection
        values = self.relaxation.values
        partial = [
            (values[index], r, session)
            for index, (r, session) in enumerate(selection.options)
            if 1e-6 < values[index] < 1 - 1e-6 and r not in chosen
        ]
        partial.sort(key=lambda item: (-self.instance.weight[item[1]], -item[0], item[1]))
        return selection.complete(chosen, [(r, session) for _value, r, session in partial])

    def _session(self, session: int, requests: list[int], start: Assignment, *, reserve: float) -> list[Option]:
        """Slots and tables for the requests the selection put in ``session``.

        Chain swaps place them and close gaps first. In a long session with idle slots left, the compaction
        (the window ladder, then the annealing beside it) takes the session's time; otherwise the exact model of
        the session proves or improves the result when it is small enough to pay off, else the swaps get the time.
        """
        instance = self.instance
        mask = instance.session_masks[session]
        keep = [r for r in requests if r in self.keep]
        budget = max(0.0, self.deadline.remaining() - reserve)
        plan = plan_slots(
            instance,
            self.base,
            slots=mask,
            requests=requests,
            start=start.placed,
            keep=keep,
            deadline=self.deadline,
            # A long session's agendas are tightened further by the compaction and the annealing: on the B2B
            # instances the tightening used its whole 10 % (0.9 s; ticf-13crafc: 35 idle slots, 41 after 0.3 s),
            # time the compaction's searches need (they now start 0.7 s earlier).
            budget=(0.03 if mask.bit_count() > PATTERN_SESSION_SLOTS else 0.3) * budget,
        )
        self.report(phase="compactness")
        keepable_here = sum(1 for r in keep if instance.session_of[instance.previous[r][0]] == session)
        placed_all = len(plan.placements()) == len(requests) and plan.kept() == keepable_here
        if placed_all and plan.idle() == 0:
            return [(r, *place) for r, place in plan.placements().items()]
        size = sum((self.base.open_slots(r) & mask).bit_count() for r in requests)
        exact = size <= SESSION_MODEL_LIMIT
        long_session = mask.bit_count() > PATTERN_SESSION_SLOTS
        share = 0.7 if exact else 1.0
        annealed = False
        if placed_all and long_session and size <= COMPACTION_LIMIT:

            def beside(seconds: float, stop: Callable[[tuple[int, int]], bool]) -> dict[int, tuple[int, int]]:
                nonlocal annealed
                annealed = True
                anneal(plan, self.deadline, budget=seconds, breaks=True, stop=stop)
                return plan.placements()

            compacted = self._compact(requests, mask, keep, plan.placements(), reserve=reserve, beside=beside)
            annealed_places = [(r, *place) for r, place in plan.placements().items()]
            if compacted is not None and (compacted.idle, compacted.breaks) <= agenda_figures(
                instance, self.base, annealed_places, mask
            ):
                return compacted.placements
        if placed_all and not annealed:
            left = max(0.0, self.deadline.remaining() - reserve)
            anneal(plan, self.deadline, budget=share * left, breaks=long_session)
        warm = plan.placements()
        if not exact or self.deadline.remaining() - reserve < MIN_MODEL_SECONDS:
            return [(r, *place) for r, place in warm.items()]
        spans = {
            (p, mask): inside.bit_length() - (inside & -inside).bit_length() + 1
            for p, inside in enumerate(busy & mask for busy in plan.state.busy)
            if inside
        }
        model = SlotModel(instance, self.base, requests, slots=mask, keep=keep)
        levels: list[Level] = []
        if any(r in self.required for r in requests):
            levels.append(model.required_level(self.required))
        levels += [model.placed_level(share=2.0), model.idle_level(share=3.0, spans=spans)]
        if mask.bit_count() > PATTERN_SESSION_SLOTS:
            levels.append(model.runs_level(share=1.0))
        hint = model.values_for(warm)
        solution, _outcomes = self._optimise(
            model.builder, levels, hint, global_weight=False, reserve=reserve, feasible=True
        )
        if solution is None:
            return [(r, *warm[r]) for r in requests if r in warm]
        return model.placements(solution)

    def _compact(
        self,
        requests: list[int],
        mask: int,
        keep: list[int],
        warm: dict[int, tuple[int, int]],
        *,
        reserve: float,
        beside: Beside,
    ) -> Compacted | None:
        """Agendas of a long session with the fewest idle slots (proved), then fewer breaks, the kept previous
        meetings staying where they are (:mod:`events.scheduling.compaction`)."""
        previous = self.instance.previous
        pinned = {r: warm[r] for r in keep if warm.get(r) == previous[r]}
        return compact(
            self.instance,
            self.base,
            requests,
            session=mask,
            keep=keep,
            pinned=pinned,
            warm=warm,
            deadline=self.deadline,
            budget=max(0.0, self.deadline.remaining() - reserve),
            workers=self.workers,
            beside=beside,
        )

    # ----- the exact model of the whole fair (small fairs, when the decomposition left something open)

    def _whole(self, start: Assignment) -> Assignment | None:
        model = SlotModel(
            self.instance,
            self.base,
            self.requests,
            slots=(1 << self.instance.n_slots) - 1,
            keep=self.keep,
            forced=self.required,
        )
        levels = [
            model.weight_level(offset=self.base.weight(), target=self.bound, share=3.0),
            model.kept_level(offset=self.kept_locked, share=1.0),
            model.fairness_level(self.instance.askers, share=2.0),
            model.idle_level(share=3.0),
            model.runs_level(share=1.0),
        ]
        levels[-1].max_seconds = 0.2 * self.deadline.time_limit
        for level, target in zip(levels[1:3], self.targets[1:3], strict=True):
            if target is not None:
                level.target = target
        solution, outcomes = self._optimise(
            model.builder, levels, model.values_for(self._placed(start)), global_weight=True
        )
        if solution is None:
            return None
        self._tighten(outcomes)
        return self._assemble(model.placements(solution))

    # ----- helpers

    def _optimise(
        self,
        builder: CpBuilder,
        levels: list[Level],
        hint: list[int],
        *,
        global_weight: bool,
        reserve: float = 0.0,
        feasible: bool = False,
    ) -> tuple[list[int] | None, list[LevelOutcome]]:
        """Optimise ``levels`` from ``hint`` (known to satisfy the model when ``feasible``, else checked)."""
        builder.set_hint(hint)

        def on_level(name: str, value: int, bound: int) -> None:
            if not global_weight:
                self.report(phase="compactness")
            elif name == "weight":
                self.report(phase=name, weight=value, bound=min(self.bound, max(bound, value)))
            else:
                self.report(phase=name)

        solution, outcomes, _infeasible = optimise_levels(
            builder,
            levels,
            start=hint if feasible or satisfies(builder, hint) else None,
            deadline=self.deadline,
            workers=self.workers,
            report=on_level,
            reserve=reserve,
        )
        return solution, outcomes

    def _learn_targets(self, outcomes: list[LevelOutcome]) -> None:
        """A level's bound holds for the whole problem only if every level before it was proved optimal."""
        self.targets = [self.bound, None, None]
        for index, outcome in enumerate(outcomes[:3]):
            self.targets[index] = min(outcome.bound, self.bound) if index == 0 else outcome.bound
            if not outcome.proven:
                break

    def _tighten(self, outcomes: list[LevelOutcome]) -> None:
        for outcome in outcomes:
            if outcome.name == "weight":
                self.bound = min(self.bound, outcome.bound)

    def _placed(self, assignment: Assignment) -> dict[int, tuple[int, int]]:
        return {r: place for r, place in assignment.placed.items() if r not in self.instance.locked}

    def _assemble(self, placements: list[Option]) -> Assignment:
        result = self.base.copy()
        for r, s, t in placements:
            result.place(r, s, t)
        return result


def keepable_previous(instance: Instance, base: Assignment) -> list[int]:
    """Previous meetings (not locked) that still fit where they were, together, in the previous order."""
    trial = base.copy()
    keep = []
    for r, (s, t) in instance.previous.items():
        if r not in instance.locked and trial.fits(r, s, t):
            trial.place(r, s, t)
            keep.append(r)
    return keep


def _schedule(instance: Instance, assignment: Assignment, *, bound: int, seconds: float) -> Schedule:
    placed = resolve_tables(assignment)
    meetings = tuple(
        Meeting(instance.request_ids[r], instance.slot_ids[s], instance.table_ids[t])
        for r, (s, t) in sorted(placed.items(), key=lambda item: (item[1][0], item[1][1], item[0]))
    )
    reasons = explain(instance, assignment)
    unscheduled = tuple(
        Unscheduled(instance.request_ids[r], text, code.value) for r, (code, text) in sorted(reasons.items())
    )
    weight = assignment.weight()
    return Schedule(
        status=Status.OPTIMAL if weight >= bound else Status.FEASIBLE,
        meetings=meetings,
        unscheduled=unscheduled,
        stats=Stats(
            requested=instance.n_requests,
            scheduled=len(meetings),
            weight=weight,
            upper_bound=bound,
            solve_seconds=round(seconds, 3),
        ),
    )


def _infeasible(instance: Instance, feasibility: Feasibility, *, seconds: float) -> Schedule:
    unscheduled = []
    for r in feasibility.conflicting:
        code, text = conflict_reason(
            instance, r, feasibility.conflicting, proven=feasibility.proven, overbooked=feasibility.overbooked
        )
        unscheduled.append(Unscheduled(instance.request_ids[r], text, code.value))
    return Schedule(
        status=Status.INFEASIBLE,
        meetings=(),
        unscheduled=tuple(unscheduled),
        stats=Stats(
            requested=instance.n_requests, scheduled=0, weight=0, upper_bound=0, solve_seconds=round(seconds, 3)
        ),
    )

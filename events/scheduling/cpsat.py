"""CP-SAT plumbing: a model written straight into its protocol buffer, and lexicographic objective levels.

Variables are plain indices. Writing the proto directly builds a 100,000-variable model in a tenth of a second,
where the expression API takes several. :func:`optimise_levels` optimises one objective after the other: each
level starts from the previous level's best solution (as a hint), stops as soon as it reaches the level's known
best value, and is then frozen (a constraint keeps its value) before the next level starts.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from events.scheduling.timing import Deadline

INT_MIN = -(2**62)
INT_MAX = 2**62

NO_LP_SUBSOLVERS = ("no_lp", "quick_restart_no_lp")
"""CP-SAT's searches without a linear relaxation: on the agenda models (windows, busy slots counted per slot)
they find a schedule several times faster than the default portfolio, whose linear relaxation is weak there."""


@dataclass(frozen=True, slots=True)
class Row:
    """A constraint as written: ``low <= sum(coefficients * variables) <= high`` (when ``enforced_by`` holds)."""

    variables: Sequence[int]
    coefficients: Sequence[int] | None
    """``None`` for all ones (at-most-one, exactly-one)."""
    low: int
    high: int
    enforced_by: int | None = None


class CpBuilder:
    """A CP-SAT model addressed by variable index; it also keeps its rows and domains for LP and checks."""

    def __init__(self) -> None:
        self.model = cp_model.CpModel()
        self.proto = self.model.proto
        self.size = 0
        self.domains: list[tuple[int, int]] = []
        self.rows: list[Row] = []

    def new_bools(self, count: int) -> range:
        variables = self.proto.variables
        for _ in range(count):
            variables.add().domain.extend([0, 1])
        self.domains.extend([(0, 1)] * count)
        first = self.size
        self.size += count
        return range(first, self.size)

    def new_int(self, low: int, high: int) -> int:
        self.proto.variables.add().domain.extend([low, high])
        self.domains.append((low, high))
        self.size += 1
        return self.size - 1

    def at_most_one(self, literals: Sequence[int]) -> None:
        self.proto.constraints.add().at_most_one.literals.extend(literals)
        self.rows.append(Row(literals, None, INT_MIN, 1))

    def exactly_one(self, literals: Sequence[int]) -> None:
        self.proto.constraints.add().exactly_one.literals.extend(literals)
        self.rows.append(Row(literals, None, 1, 1))

    def clause(self, literals: Sequence[int]) -> None:
        """At least one of ``literals`` (a variable, or :func:`negated` of one) is true. Not kept in ``rows``."""
        self.proto.constraints.add().bool_or.literals.extend(literals)

    def at_most_by_counter(self, literals: Sequence[int], bound: int) -> None:
        """At most ``bound`` of the booleans ``literals``, as the clauses of a sequential counter (Sinz, CP 2005):
        ``count[i][j]`` holds when at least ``j + 1`` of the first ``i + 1`` are true. Beside a linear row it
        gives a clause learning search something to learn from (:mod:`events.scheduling.gap_model`)."""
        if bound >= len(literals):
            return
        if bound <= 0:
            for literal in literals:
                self.clause([negated(literal)])
            return
        count = [list(self.new_bools(bound)) for _ in literals[:-1]]
        for i, literal in enumerate(literals):
            if i > 0:
                self.clause([negated(literal), negated(count[i - 1][bound - 1])])
            if i == len(literals) - 1:
                break
            self.clause([negated(literal), count[i][0]])
            if i == 0:
                for j in range(1, bound):
                    self.clause([negated(count[0][j])])
                continue
            for j in range(bound):
                self.clause([negated(count[i - 1][j]), count[i][j]])
                if j > 0:
                    self.clause([negated(literal), negated(count[i - 1][j - 1]), count[i][j]])

    def linear(
        self,
        variables: Sequence[int],
        coefficients: Sequence[int],
        *,
        low: int = INT_MIN,
        high: int = INT_MAX,
        enforced_by: int | None = None,
    ) -> None:
        """``low <= sum(coefficient * variable) <= high``, only when ``enforced_by`` is true if given."""
        constraint = self.proto.constraints.add()
        if enforced_by is not None:
            constraint.enforcement_literal.append(enforced_by)
        linear = constraint.linear
        linear.vars.extend(variables)
        linear.coeffs.extend(coefficients)
        linear.domain.extend([low, high])
        self.rows.append(Row(variables, coefficients, low, high, enforced_by))

    def set_objective(self, variables: Sequence[int], coefficients: Sequence[int], *, maximize: bool) -> None:
        self.proto.clear_objective()
        objective = self.proto.objective
        objective.vars.extend(variables)
        if maximize:
            objective.coeffs.extend([-c for c in coefficients])
            objective.scaling_factor = -1
        else:
            objective.coeffs.extend(coefficients)

    def set_hint(self, values: Sequence[int]) -> None:
        self.proto.clear_solution_hint()
        hint = self.proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)


def negated(variable: int) -> int:
    """The literal 'not ``variable``' in a clause."""
    return -variable - 1


@dataclass(slots=True)
class Level:
    """One objective: ``offset + sum(coefficient * variable)``, to maximise or minimise.

    ``target`` is the best value it could possibly reach (a proved bound); reaching it stops the search.
    ``share`` is its part of the remaining time, relative to the levels after it.
    """

    name: str
    variables: list[int]
    coefficients: list[int]
    maximize: bool
    target: int | None = None
    offset: int = 0
    share: float = 1.0
    max_seconds: float | None = None
    """At most this long, whatever its share (for tie-breaks)."""
    scale: int = 1
    """Values are reported divided by this (a combined objective whose first part is the weight)."""

    def value(self, solution: Sequence[int]) -> int:
        return self.offset + sum(c * solution[v] for v, c in zip(self.variables, self.coefficients, strict=True))

    def reached(self, value: int) -> bool:
        if self.target is None:
            return False
        return value >= self.target if self.maximize else value <= self.target


@dataclass(slots=True)
class LevelOutcome:
    name: str
    value: int
    bound: int
    proven: bool


Progress = Callable[[str, int, int], None]
"""Called with (level name, best value, proved bound) on each improvement."""


class _Watcher(cp_model.CpSolverSolutionCallback):
    def __init__(self, level: Level, report: Progress | None) -> None:
        super().__init__()
        self.level = level
        self.report = report

    def on_solution_callback(self) -> None:
        value = self.level.offset + round(self.objective_value)
        bound = self.level.offset + round(self.best_objective_bound)
        if self.report is not None:
            self.report(self.level.name, value // self.level.scale, bound // self.level.scale)
        if self.level.reached(value):
            self.stop_search()


def optimise_levels(
    builder: CpBuilder,
    levels: Sequence[Level],
    *,
    start: Sequence[int] | None,
    deadline: Deadline,
    workers: int,
    report: Progress | None = None,
    reserve: float = 0.0,
    no_lp: bool = False,
    presolve: bool = True,
) -> tuple[list[int] | None, list[LevelOutcome], bool]:
    """Optimise ``levels`` in order from the feasible solution ``start`` (or from nothing).

    Returns the best solution (``None`` if none was found), one outcome per level reached, and whether the
    model was proved infeasible. ``no_lp`` searches with :data:`NO_LP_SUBSOLVERS` only.
    """
    solution = None if start is None else list(start)
    outcomes: list[LevelOutcome] = []
    for index, level in enumerate(levels):
        if solution is not None and level.reached(level.value(solution)):
            value = level.value(solution)
            outcomes.append(LevelOutcome(level.name, value, value, proven=True))
            _freeze(builder, level, value)
            continue
        shares = sum(later.share for later in levels[index:])
        budget = (deadline.remaining() - reserve) * level.share / shares
        if level.max_seconds is not None:
            budget = min(budget, level.max_seconds)
        if budget < 0.02:
            if solution is None:
                return None, outcomes, False
            value = level.value(solution)
            outcomes.append(LevelOutcome(level.name, value, _worst_bound(level, value), proven=False))
            _freeze(builder, level, value)
            continue
        builder.set_objective(level.variables, level.coefficients, maximize=level.maximize)
        if solution is not None:
            builder.set_hint(solution)
        solver = _solver(budget, workers, no_lp=no_lp, presolve=presolve)
        status = solver.solve(builder.model, _Watcher(level, report))
        if status == cp_model.INFEASIBLE:
            return None, outcomes, True
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = list(solver.response_proto.solution)
            if solution is None or _better(level, level.value(found), level.value(solution)):
                solution = found
            value = level.value(solution)
            bound = level.offset + round(solver.best_objective_bound)
            proven = status == cp_model.OPTIMAL or level.reached(value)
            outcomes.append(LevelOutcome(level.name, value, value if proven else bound, proven))
        elif solution is None:
            return None, outcomes, False
        else:
            value = level.value(solution)
            outcomes.append(LevelOutcome(level.name, value, _worst_bound(level, value), proven=False))
        _freeze(builder, level, value)
    return solution, outcomes, False


MINIMISE_PRESOLVE_ITERATIONS = 1
"""Presolve rounds before a core-based search: the default (3) took 2.8 s of ticf-13crafc's 9 s with
:mod:`events.scheduling.gap_model`; one round proved the same optimum in 5.9-9.9 s against 7.6-13.0 (eight seeds
each)."""


class BackgroundSearch:
    """A solution of the model searched in a thread, so that the caller's own search (Python, one core) runs
    beside it.

    CP-SAT releases the GIL while it solves. It gets one worker without linear relaxation (like the ``no_lp``
    subsolver of :data:`NO_LP_SUBSOLVERS`), the other core being for the caller (the annealing) or another
    search (:mod:`events.scheduling.window_ladder` runs two). The search works on a copy of the builder's
    model, which stays as it was; the model's own objective, if any, is dropped.

    ``first``: booleans to branch on before anything else, in this order, each tried true first; CP-SAT then
    alternates that order with its own heuristics, restarting often (its quick-restart portfolio).

    ``minimise``: a level to minimise instead of any solution, by CP-SAT's core-based search (it raises a lower
    bound from unsatisfiable cores, the way a MaxSAT solver does); ``below``: only solutions better than this.
    ``optimal`` then says the solution is proved the best (or, when there is none and ``infeasible``, that
    nothing is below ``below``); ``lower_bound`` is the level's best proved lower bound so far, ``latest`` and
    ``latest_value`` the best solution so far and its value, while the search goes on.
    """

    def __init__(
        self,
        builder: CpBuilder,
        *,
        seconds: float,
        first: Sequence[int] = (),
        minimise: Level | None = None,
        below: int | None = None,
    ) -> None:
        self._model = builder.model.clone()
        self._model.proto.clear_objective()
        self._level = minimise
        self.solution: list[int] | None = None
        self.infeasible = False
        self.optimal = False
        self.lower_bound: int | None = None
        self.latest: list[int] | None = None
        self.latest_value: int | None = None
        self._watcher: _Latest | None = None
        self._solver = cp_model.CpSolver()
        self._solver.parameters.max_time_in_seconds = max(0.02, seconds)
        self._solver.parameters.num_workers = 1
        self._solver.parameters.linearization_level = 0
        self._solver.parameters.random_seed = 17
        if first:
            self._model.add_decision_strategy(
                [self._model.get_bool_var_from_proto_index(v) for v in first],
                cp_model.CHOOSE_FIRST,
                cp_model.SELECT_MAX_VALUE,
            )
            self._solver.parameters.search_branching = cp_model.PORTFOLIO_WITH_QUICK_RESTART_SEARCH
        if minimise is not None:
            objective = self._model.proto.objective
            objective.vars.extend(minimise.variables)
            objective.coeffs.extend(minimise.coefficients)
            if below is not None:
                rows = self._model.proto.constraints.add().linear
                rows.vars.extend(minimise.variables)
                rows.coeffs.extend(minimise.coefficients)
                rows.domain.extend([INT_MIN, below - 1 - minimise.offset])
            self._solver.parameters.optimize_with_core = True
            self._solver.parameters.max_presolve_iterations = MINIMISE_PRESOLVE_ITERATIONS
            self._solver.best_bound_callback = self._record_bound
            self._watcher = _Latest(self._record_solution)
        self._thread = threading.Thread(target=self._run, name="cp-sat", daemon=True)
        self._thread.start()

    def _record_bound(self, bound: float) -> None:
        assert self._level is not None
        self.lower_bound = math.ceil(bound - 1e-6) + self._level.offset

    def _record_solution(self, solution: list[int], value: float) -> None:
        assert self._level is not None
        self.latest = solution
        self.latest_value = round(value) + self._level.offset

    def _run(self) -> None:
        status = self._solver.solve(self._model, self._watcher)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            self.solution = list(self._solver.response_proto.solution)
        self.infeasible = status == cp_model.INFEASIBLE
        self.optimal = self._level is not None and status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)

    @property
    def done(self) -> bool:
        """Whether the search has ended (found, proved infeasible, stopped or out of time)."""
        return not self._thread.is_alive()

    @property
    def found(self) -> bool:
        """Whether the search ended with a solution."""
        return self.done and self.solution is not None

    def wait(self) -> None:
        """Wait for the search to end on its own."""
        self._thread.join()

    def stop(self) -> None:
        """End the search (if still running) and wait for it."""
        if self._thread.is_alive():
            self._solver.stop_search()
        self._thread.join()


class _Latest(cp_model.CpSolverSolutionCallback):
    """Hands each solution and its objective value to ``record`` while the search goes on."""

    def __init__(self, record: Callable[[list[int], float], None]) -> None:
        super().__init__()
        self.record = record

    def on_solution_callback(self) -> None:
        self.record(list(self.response_proto.solution), self.objective_value)


def _solver(seconds: float, workers: int, *, no_lp: bool, presolve: bool) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = max(2, workers)
    solver.parameters.random_seed = 17
    solver.parameters.cp_model_presolve = presolve
    if no_lp:
        solver.parameters.subsolvers.extend(NO_LP_SUBSOLVERS)
    return solver


def _better(level: Level, value: int, than: int) -> bool:
    return value >= than if level.maximize else value <= than


def _worst_bound(level: Level, value: int) -> int:
    if level.target is not None:
        return level.target
    return INT_MAX if level.maximize else INT_MIN


def _freeze(builder: CpBuilder, level: Level, value: int) -> None:
    rest = value - level.offset
    if level.maximize:
        builder.linear(level.variables, level.coefficients, low=rest)
    else:
        builder.linear(level.variables, level.coefficients, high=rest)

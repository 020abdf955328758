"""Proved upper bounds from linear relaxations, and the feasibility check of a solution vector.

:func:`linear_relaxation` solves the LP relaxation (GLOP) of a 0-1 model made of at-most-one, exactly-one and
linear constraints, such as :class:`events.scheduling.selection_model.SelectionModel`: every valid schedule is a
solution of that model, so the rounded-down LP optimum bounds the total weight of any valid schedule. On fairs
the LP optimum is most often integral, which makes it a ready-made optimal selection as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.linear_solver import linear_solver_pb2, pywraplp

from events.scheduling.cpsat import INT_MAX, INT_MIN, CpBuilder, Level
from events.scheduling.timing import Deadline

_INFINITY = math.inf


@dataclass(frozen=True, slots=True)
class LinearRelaxation:
    feasible: bool
    """False when the relaxation itself is infeasible (then so is the problem)."""
    bounds: tuple[int, ...] = ()
    """Per level solved: its LP optimum (plus ``offset``) rounded towards the worse side. A level's bound holds
    given the levels before it at their LP optima. Empty if the LP did not finish."""
    integral: tuple[bool, ...] = ()
    """Per level solved: whether its LP optimum is a whole number (so the next bound holds at that value)."""
    values: tuple[float, ...] = ()
    """The LP solution of the last level, one value per model variable."""

    @property
    def bound(self) -> int | None:
        return self.bounds[0] if self.bounds else None

    def rounded(self) -> list[int]:
        """Variables at 1 in the LP solution (the others at 0)."""
        return [1 if value > 1 - 1e-6 else 0 for value in self.values]


def linear_relaxation(builder: CpBuilder, levels: Sequence[Level], *, time_limit: float) -> LinearRelaxation:
    """Optimise ``levels`` in order over the LP relaxation of a 0-1 model (helper ints keep their domain).

    Each level's optimum is kept (as a row) while the next one is optimised from scratch (a warm start from the
    previous basis, without presolve, was much slower on degenerate levels). ``time_limit`` is for all levels.
    """
    deadline = Deadline(time_limit)
    model = linear_solver_pb2.MPModelProto()
    for low, high in builder.domains:
        variable = model.variable.add()
        variable.lower_bound = low
        variable.upper_bound = high
    for row in builder.rows:
        if row.enforced_by is not None:
            continue
        constraint = model.constraint.add()
        constraint.var_index.extend(row.variables)
        constraint.coefficient.extend([1.0] * len(row.variables) if row.coefficients is None else row.coefficients)
        constraint.lower_bound = -_INFINITY if row.low <= INT_MIN else row.low
        constraint.upper_bound = _INFINITY if row.high >= INT_MAX else row.high
    bounds: list[int] = []
    integral: list[bool] = []
    solution: tuple[float, ...] = ()
    for level in levels:
        if not level.variables:
            bounds.append(level.offset)
            integral.append(True)
            continue
        for variable in model.variable:
            variable.objective_coefficient = 0.0
        for index, coefficient in zip(level.variables, level.coefficients, strict=True):
            model.variable[index].objective_coefficient = coefficient
        model.maximize = level.maximize
        if deadline.remaining() <= 0:
            break
        solver = pywraplp.Solver.CreateSolver("GLOP")
        solver.SetTimeLimit(max(1, int(deadline.remaining() * 1000)))
        if solver.LoadModelFromProto(model):
            break
        status = solver.Solve()
        if status == pywraplp.Solver.INFEASIBLE and not bounds:
            return LinearRelaxation(feasible=False)
        if status != pywraplp.Solver.OPTIMAL:
            break
        value = solver.Objective().Value()
        response = linear_solver_pb2.MPSolutionResponse()
        solver.FillSolutionResponseProto(response)
        solution = tuple(response.variable_value)
        slack = 1e-6 * max(1.0, abs(value)) + 1e-6
        rounded = math.floor(value + slack) if level.maximize else math.ceil(value - slack)
        bounds.append(level.offset + rounded)
        integral.append(abs(value - round(value)) <= slack)
        keep = model.constraint.add()
        keep.var_index.extend(level.variables)
        keep.coefficient.extend(level.coefficients)
        keep.lower_bound = value - slack if level.maximize else -_INFINITY
        keep.upper_bound = _INFINITY if level.maximize else value + slack
    if not bounds:
        return LinearRelaxation(feasible=True)
    return LinearRelaxation(feasible=True, bounds=tuple(bounds), integral=tuple(integral), values=solution)


def satisfies(builder: CpBuilder, values: Sequence[int]) -> bool:
    """Whether a complete vector satisfies every constraint of the model (so it can start a search)."""
    for (low, high), value in zip(builder.domains, values, strict=True):
        if not low <= value <= high:
            return False
    for row in builder.rows:
        if row.enforced_by is not None and not values[row.enforced_by]:
            continue
        if row.coefficients is None:
            total = sum([values[v] for v in row.variables])
        else:
            total = sum([values[v] * c for v, c in zip(row.variables, row.coefficients, strict=True)])
        if not row.low <= total <= row.high:
            return False
    return True

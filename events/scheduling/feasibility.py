"""Can every locked and required meeting be held at once? If not, which of them conflict?

Only locked and required requests matter for feasibility (any other request can be left out). A participant
with more of them than it can hold is found by counting (:mod:`events.scheduling.overbooked`). Locked meetings
are tried in place and required ones greedily first; only when that fails does a CP-SAT model over those
requests decide, with one assumption literal per request, so that an infeasible answer names a conflicting
subset (shrunk by dropping members while it stays infeasible).
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from events.scheduling.assignment import Assignment
from events.scheduling.instance import Instance
from events.scheduling.overbooked import Overbooked, overbooked_participant
from events.scheduling.slot_model import Option, SlotModel
from events.scheduling.slot_swaps import SessionPlan
from events.scheduling.timing import Deadline


@dataclass(frozen=True, slots=True)
class Feasibility:
    feasible: bool
    """Whether all locked and required meetings fit together (found, not merely possible)."""
    proven: bool
    """For an infeasible answer: proved (else time ran out before a placement was found)."""
    conflicting: tuple[int, ...] = ()
    """Requests (locked or required) that cannot all be held, or that could not be placed in time."""
    placements: tuple[Option, ...] = ()
    """A placement of the required requests that fits with the locked ones."""
    overbooked: Overbooked | None = None
    """For an infeasible answer found by counting: the participant who cannot hold all its meetings."""


def check_feasibility(instance: Instance, *, deadline: Deadline, workers: int, budget: float) -> Feasibility:
    overbooked = overbooked_participant(instance)
    if overbooked is not None:
        return Feasibility(feasible=False, proven=True, conflicting=overbooked.requests, overbooked=overbooked)
    required = [r for r in range(instance.n_requests) if instance.required[r] and r not in instance.locked]
    base = Assignment(instance)
    if _place_locked(instance, base):
        plan = SessionPlan(instance, base, slots=(1 << instance.n_slots) - 1)
        required.sort(key=lambda r: (base.open_slots(r).bit_count(), r))
        if all(plan.insert(r) for r in required):
            return Feasibility(feasible=True, proven=True, placements=tuple(_options(plan.state, required)))
    return _decide(instance, required, deadline=deadline, workers=workers, budget=budget)


def _place_locked(instance: Instance, assignment: Assignment) -> bool:
    for r, (s, t) in instance.locked.items():
        if not assignment.fits(r, s, t):
            return False
        assignment.place(r, s, t)
    return True


def _options(assignment: Assignment, requests: list[int]) -> list[Option]:
    return [(r, *assignment.placed[r]) for r in requests if r in assignment.placed]


def _decide(instance: Instance, required: list[int], *, deadline: Deadline, workers: int, budget: float) -> Feasibility:
    model = SlotModel(
        instance,
        Assignment(instance),
        [*instance.locked, *required],
        slots=(1 << instance.n_slots) - 1,
        forced={*instance.locked, *required},
        pinned=instance.locked,
        assume=True,
    )
    status, solver = _solve(
        model, list(model.assumptions.values()), seconds=min(budget, deadline.remaining()), workers=workers
    )
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        solution = list(solver.response_proto.solution)
        placements = [option for option in model.placements(solution) if option[0] not in instance.locked]
        return Feasibility(feasible=True, proven=True, placements=tuple(placements))
    if status != cp_model.INFEASIBLE:
        return Feasibility(feasible=False, proven=False, conflicting=tuple(required))
    literal_request = {literal: r for r, literal in model.assumptions.items()}
    core = [literal_request[literal] for literal in solver.sufficient_assumptions_for_infeasibility()]
    core = _shrink(model, core, literal_request, deadline=deadline, workers=workers)
    return Feasibility(feasible=False, proven=True, conflicting=tuple(sorted(core)))


def _shrink(
    model: SlotModel, core: list[int], literal_request: dict[int, int], *, deadline: Deadline, workers: int
) -> list[int]:
    """Drop members of an infeasible subset while the rest stays infeasible (a few quick solves)."""
    if len(core) <= 1:
        return core
    kept = list(core)
    for r in list(core):
        if deadline.remaining() < 0.5 or len(kept) == 1:
            break
        trial = [x for x in kept if x != r]
        status, _solver = _solve(model, [model.assumptions[x] for x in trial], seconds=0.5, workers=workers)
        if status == cp_model.INFEASIBLE:
            kept = trial
    return kept


def _solve(model: SlotModel, assumptions: list[int], *, seconds: float, workers: int) -> tuple[int, cp_model.CpSolver]:
    proto = model.builder.proto
    proto.assumptions.clear()
    proto.assumptions.extend(assumptions)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = max(2, workers)
    status = solver.solve(model.builder.model)
    return int(status), solver

"""How good a schedule is, level by level, and in figures for benchmarks.

:class:`Quality` orders assignments by the spec's objective (weight, then kept previous meetings, then the
fewest meetings of any participant who asked, then fewer participants without a meeting, then fewer idle slots),
with fewer breaks as a last tie-break. :func:`schedule_figures` measures a finished :class:`Schedule` from the
outside, for benchmarks and reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from events.scheduling.assignment import Assignment
from events.scheduling.instance import Instance, build_instance, idle_in, runs_in
from events.scheduling.problem import Problem, Schedule


@dataclass(frozen=True, order=True, slots=True)
class Quality:
    weight: int
    kept: int
    least: int
    negative_zeros: int
    negative_idle: int
    negative_breaks: int


def quality(assignment: Assignment) -> Quality:
    instance = assignment.instance
    kept = sum(1 for r, place in instance.previous.items() if assignment.placed.get(r) == place)
    askers = instance.askers
    least = min((assignment.count[p] for p in askers), default=0)
    zeros = sum(1 for p in askers if assignment.count[p] == 0)
    return Quality(
        weight=assignment.weight(),
        kept=kept,
        least=least,
        negative_zeros=-zeros,
        negative_idle=-idle_slots(instance, assignment.busy),
        negative_breaks=-breaks(assignment.busy),
    )


def idle_slots(instance: Instance, busy: list[int]) -> int:
    return sum(idle_in(mask & session) for mask in busy for session in instance.session_masks)


def breaks(busy: list[int]) -> int:
    """Per participant with meetings, runs of consecutive busy slots minus one (Bofill et al.'s breaks)."""
    return sum(runs_in(mask) - 1 for mask in busy if mask)


@dataclass(frozen=True, slots=True)
class Figures:
    requests: int
    meetings: int
    weight: int
    required: int
    required_met: int
    askers_without_meeting: int
    idle_slots: int
    breaks: int
    moved: int
    """Previous meetings not in their previous slot and table."""


def schedule_figures(problem: Problem, schedule: Schedule) -> Figures:
    instance = build_instance(problem)
    busy = [0] * instance.n_participants
    met = set()
    for meeting in schedule.meetings:
        r = instance.request_index[meeting.request]
        met.add(r)
        for p in instance.members[r]:
            busy[p] |= 1 << instance.slot_index[meeting.slot]
    placed = {(m.request, m.slot, m.table) for m in schedule.meetings}
    moved = sum(1 for m in problem.previous if (m.request, m.slot, m.table) not in placed)
    return Figures(
        requests=instance.n_requests,
        meetings=len(schedule.meetings),
        weight=sum(instance.weight[r] for r in met),
        required=sum(instance.required),
        required_met=sum(1 for r in met if instance.required[r]),
        askers_without_meeting=sum(1 for p in instance.askers if not busy[p]),
        idle_slots=idle_slots(instance, busy),
        breaks=breaks(busy),
        moved=moved,
    )

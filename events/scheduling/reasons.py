"""Why a request was left out, in words a person understands, with a code a user interface can translate.

The schedule is complete before reasons are given: every request left out has no slot where all its
participants are free, a table is left and nobody reached max_meetings (the solver's last pass adds any request
that still fits), so one of these reasons always holds.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from events.scheduling.assignment import Assignment
from events.scheduling.instance import Instance, bits
from events.scheduling.overbooked import Overbooked

LISTED = 5
"""At most this many other meetings are named in a reason (then "and N more")."""


class ReasonCode(StrEnum):
    NO_COMMON_SLOT = "no_common_slot"
    """The participants are never free together (in the slots the request allows)."""
    MAX_MEETINGS = "max_meetings"
    """A participant already has its maximum number of meetings."""
    PARTICIPANT_BOOKED = "participant_booked"
    """One participant is busy in every slot the others are free."""
    PARTICIPANTS_BOOKED = "participants_booked"
    """In every common free slot, one participant or another is busy."""
    TABLE_FULL = "table_full"
    """Where all participants are free, the host's table (or every table) is taken."""
    CONFLICT = "conflict"
    """Infeasible: a locked or required meeting that cannot be held together with others."""
    NOT_FOUND = "not_found"
    """Infeasible within the time limit: no placement of every required meeting was found in time."""


def explain(instance: Instance, assignment: Assignment) -> dict[int, tuple[ReasonCode, str]]:
    """The reason each request not in ``assignment`` is unscheduled."""
    meetings_of: list[list[int]] = [[] for _ in range(instance.n_participants)]
    for x in assignment.placed:
        for p in instance.members[x]:
            meetings_of[p].append(x)
    return {
        r: _reason(instance, assignment, meetings_of, r)
        for r in range(instance.n_requests)
        if r not in assignment.placed
    }


def _reason(instance: Instance, assignment: Assignment, meetings_of: list[list[int]], r: int) -> tuple[ReasonCode, str]:
    if not instance.allowed[r]:
        return ReasonCode.NO_COMMON_SLOT, _no_common_slot(instance, r)
    full = [p for p in instance.members[r] if assignment.count[p] >= instance.max_meetings[p]]
    if full:
        return ReasonCode.MAX_MEETINGS, _max_meetings(instance, meetings_of[full[0]], r, full[0])
    return _blocked(instance, assignment, meetings_of, r)


def conflict_reason(
    instance: Instance, r: int, conflicting: Collection[int], *, proven: bool, overbooked: Overbooked | None = None
) -> tuple[ReasonCode, str]:
    """The reason a locked or required request makes the problem infeasible."""
    if not proven:
        return ReasonCode.NOT_FOUND, (
            "required meeting: no schedule holding every required meeting was found within the time limit"
        )
    kind = "locked" if r in instance.locked else "required"
    if overbooked is not None:
        others = [x for x in overbooked.requests if x != r]
        return ReasonCode.CONFLICT, (
            f"{kind} meeting cannot be held together with {_listed(instance, others, at_most=LISTED)}: "
            f"{_overbooking(instance, overbooked)}"
        )
    alone = _alone(instance, r)
    if alone:
        return ReasonCode.CONFLICT, f"{kind} meeting: {alone}"
    others = [x for x in conflicting if x != r]
    if not others and instance.locked:
        return ReasonCode.CONFLICT, f"{kind} meeting cannot be held together with the locked meetings"
    if not others:
        return ReasonCode.CONFLICT, f"{kind} meeting fits in no slot"
    return ReasonCode.CONFLICT, f"{kind} meeting cannot be held together with {_listed(instance, others)}"


def _listed(instance: Instance, requests: list[int], *, at_most: int | None = None) -> str:
    named = requests if at_most is None else requests[:at_most]
    text = ", ".join(f"{'locked' if x in instance.locked else 'required'} '{instance.request_ids[x]}'" for x in named)
    return text if len(named) == len(requests) else f"{text} and {len(requests) - len(named)} more"


def _overbooking(instance: Instance, overbooked: Overbooked) -> str:
    who = instance.participant_ids[overbooked.participant]
    count = len(overbooked.requests)
    if overbooked.by_max_meetings:
        return f"{who} has {count} locked or required meetings but max_meetings {overbooked.room}"
    room = "1 slot" if overbooked.room == 1 else f"{overbooked.room} different slots"
    return f"{who} has {count} locked or required meetings that can take only {room} between them"


def _alone(instance: Instance, r: int) -> str:
    """What makes a request impossible on its own, or ``""``."""
    if r in instance.locked:
        return _misplaced(instance, r)
    if not instance.allowed[r]:
        return _no_common_slot(instance, r)
    if not instance.total_capacity:
        return "the fair has no table"
    return next(
        (
            f"{instance.participant_ids[p]} may have no meeting (max_meetings 0)"
            for p in instance.members[r]
            if instance.max_meetings[p] == 0
        ),
        "",
    )


def _misplaced(instance: Instance, r: int) -> str:
    """What is wrong with a locked meeting's own place, or ``""``."""
    s, t = instance.locked[r]
    slot = instance.slot_ids[s]
    for p in instance.members[r]:
        if not instance.free[p] >> s & 1:
            return f"locked in slot '{slot}', where {instance.participant_ids[p]} is unavailable"
    if not instance.allowed[r] >> s & 1:
        return f"locked in slot '{slot}', which the request does not allow"
    tables = instance.tables_of[r]
    if tables and t not in tables:
        hosts = " or ".join(f"'{instance.table_ids[x]}'" for x in tables)
        return f"locked at table '{instance.table_ids[t]}', but its host sits at {hosts}"
    return ""


def _no_common_slot(instance: Instance, r: int) -> str:
    names = instance.participant_ids
    request = instance.problem.requests[r]
    all_slots = (1 << instance.n_slots) - 1
    window = all_slots
    where = "the fair"
    if request.slots is not None:
        window = 0
        for slot_id in request.slots:
            window |= 1 << instance.slot_index[slot_id]
        where = "the request"
    if not instance.n_slots:
        return "the fair has no slot"
    if not window:
        return "the request allows no slot"
    for p in instance.members[r]:
        if not instance.free[p] & window:
            return (
                f"{names[p]} is unavailable in every slot {where} allows"
                if request.slots is not None
                else (f"{names[p]} is unavailable in every slot")
            )
    together = " and ".join(names[p] for p in instance.members[r])
    suffix = " in the slots the request allows" if request.slots is not None else ""
    return f"{together} are never free at the same time{suffix}"


def _max_meetings(instance: Instance, theirs: list[int], r: int, p: int) -> str:
    name = instance.participant_ids[p]
    maximum = instance.max_meetings[p]
    text = f"{name} already has its maximum of {maximum} meeting{'s' if maximum != 1 else ''}"
    if theirs and min(instance.weight[x] for x in theirs) > instance.weight[r]:
        return f"{text}, all of higher priority"
    if theirs and min(instance.weight[x] for x in theirs) == instance.weight[r]:
        return f"{text}, of the same or higher priority"
    return text


def _blocked(
    instance: Instance, assignment: Assignment, meetings_of: list[list[int]], r: int
) -> tuple[ReasonCode, str]:
    names = instance.participant_ids
    members = instance.members[r]
    allowed = instance.allowed[r]
    for p in members:
        if allowed & ~assignment.busy[p] == 0:
            others = " and ".join(names[x] for x in members if x != p)
            verb = "is" if len(members) == 2 else "are"
            return ReasonCode.PARTICIPANT_BOOKED, (
                f"{names[p]} is fully booked{_priority(instance, assignment, meetings_of[p], r)} "
                f"in every slot {others} {verb} free"
            )
    busy = 0
    for p in members:
        busy |= assignment.busy[p]
    together = " and ".join(names[p] for p in members)
    if allowed & ~busy == 0:
        both = "both" if len(members) == 2 else "all"
        return ReasonCode.PARTICIPANTS_BOOKED, (
            f"in every slot where {together} are {both} free, one of them already has a meeting"
        )
    tables = instance.tables_of[r]
    if not instance.total_capacity:
        return ReasonCode.TABLE_FULL, "the fair has no table"
    if tables:
        listed = " and ".join(f"'{instance.table_ids[t]}'" for t in tables)
        return ReasonCode.TABLE_FULL, f"the host table {listed} is taken in every slot {together} are free"
    open_slots = [instance.slot_ids[s] for s in bits(allowed & ~busy)]
    return ReasonCode.TABLE_FULL, (f"no table is left in the slots {together} are free ({', '.join(open_slots)})")


def _priority(instance: Instance, assignment: Assignment, meetings: list[int], r: int) -> str:
    allowed = instance.allowed[r]
    theirs = [x for x in meetings if allowed >> assignment.placed[x][0] & 1]
    if theirs and min(instance.weight[x] for x in theirs) > instance.weight[r]:
        return " with higher-priority meetings"
    return ""

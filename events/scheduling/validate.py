"""An independent check of a schedule against the format's hard rules 1-7.

Written apart from the solver (no shared code beyond the value types), straight from the rules' wording, so that
tests can trust it to catch the solver's mistakes. Rule 0 stands for the schedule document itself (an
``infeasible`` schedule with meetings, stats that do not add up, a request neither met nor explained).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from events.scheduling.problem import Meeting, Problem, Schedule, Status


@dataclass(frozen=True, slots=True)
class Violation:
    rule: int
    code: str
    message: str


def validate_schedule(problem: Problem, schedule: Schedule) -> list[Violation]:
    """Every broken rule of ``schedule`` for ``problem``; an empty list when it is valid."""
    if schedule.status == Status.INFEASIBLE:
        return _check_infeasible(problem, schedule)
    meetings = _rule_1(problem, schedule)
    violations = list(meetings.violations)
    for check in (_rule_2, _rule_3, _rule_4, _rule_5, _rule_6, _rule_7, _document):
        violations.extend(check(problem, schedule, meetings.valid))
    return violations


@dataclass(slots=True)
class _Checked:
    valid: list[Meeting]
    violations: list[Violation]


def _rule_1(problem: Problem, schedule: Schedule) -> _Checked:
    """Every meeting names a request of the problem, at most once (and a known slot and table)."""
    request_ids = {request.id for request in problem.requests}
    slot_ids = {slot.id for slot in problem.slots}
    table_ids = {table.id for table in problem.tables}
    seen: set[str] = set()
    checked = _Checked([], [])
    for meeting in schedule.meetings:
        if meeting.request not in request_ids:
            checked.violations.append(
                Violation(1, "unknown_request", f"meeting names unknown request '{meeting.request}'")
            )
        elif meeting.request in seen:
            checked.violations.append(Violation(1, "met_twice", f"request '{meeting.request}' is met more than once"))
        elif meeting.slot not in slot_ids:
            checked.violations.append(
                Violation(1, "unknown_slot", f"meeting of '{meeting.request}' names unknown slot '{meeting.slot}'")
            )
        elif meeting.table not in table_ids:
            checked.violations.append(
                Violation(1, "unknown_table", f"meeting of '{meeting.request}' names unknown table '{meeting.table}'")
            )
        else:
            checked.valid.append(meeting)
        seen.add(meeting.request)
    return checked


def _participants_of(problem: Problem) -> dict[str, tuple[str, ...]]:
    return {request.id: request.participants for request in problem.requests}


def _rule_2(problem: Problem, schedule: Schedule, meetings: list[Meeting]) -> list[Violation]:
    """No participant is in two meetings in the same slot."""
    participants_of = _participants_of(problem)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for meeting in meetings:
        for participant in participants_of[meeting.request]:
            where[participant, meeting.slot].append(meeting.request)
    return [
        Violation(
            2, "double_booked", f"{participant} is in {len(requests)} meetings in slot '{slot}': " + ", ".join(requests)
        )
        for (participant, slot), requests in where.items()
        if len(requests) > 1
    ]


def _rule_3(problem: Problem, schedule: Schedule, meetings: list[Meeting]) -> list[Violation]:
    """No participant meets in a slot they are unavailable; no meeting outside its request's slots."""
    unavailable = {participant.id: set(participant.unavailable) for participant in problem.participants}
    requests = {request.id: request for request in problem.requests}
    violations = []
    for meeting in meetings:
        request = requests[meeting.request]
        for participant in request.participants:
            if meeting.slot in unavailable[participant]:
                violations.append(
                    Violation(
                        3,
                        "unavailable",
                        f"{participant} is unavailable in slot '{meeting.slot}' of '{meeting.request}'",
                    )
                )
        if request.slots is not None and meeting.slot not in request.slots:
            violations.append(
                Violation(3, "slot_not_allowed", f"request '{meeting.request}' does not allow slot '{meeting.slot}'")
            )
    return violations


def _rule_4(problem: Problem, schedule: Schedule, meetings: list[Meeting]) -> list[Violation]:
    """No participant exceeds max_meetings."""
    participants_of = _participants_of(problem)
    count: Counter[str] = Counter()
    for meeting in meetings:
        count.update(participants_of[meeting.request])
    return [
        Violation(
            4,
            "too_many_meetings",
            f"{participant.id} has {count[participant.id]} meetings, more than max_meetings {participant.max_meetings}",
        )
        for participant in problem.participants
        if participant.max_meetings is not None and count[participant.id] > participant.max_meetings
    ]


def _rule_5(problem: Problem, schedule: Schedule, meetings: list[Meeting]) -> list[Violation]:
    """A meeting with a host takes place at a host's table."""
    host_table = {participant.id: participant.table for participant in problem.participants}
    participants_of = _participants_of(problem)
    violations = []
    for meeting in meetings:
        tables = {host_table[p] for p in participants_of[meeting.request] if host_table[p] is not None}
        if tables and meeting.table not in tables:
            violations.append(
                Violation(
                    5,
                    "not_at_host_table",
                    f"meeting of '{meeting.request}' is at table '{meeting.table}', "
                    f"not at its host's table ({', '.join(sorted(t for t in tables if t))})",
                )
            )
    return violations


def _rule_6(problem: Problem, schedule: Schedule, meetings: list[Meeting]) -> list[Violation]:
    """A table holds at most ``capacity`` meetings in one slot."""
    capacity = {table.id: table.capacity for table in problem.tables}
    count = Counter((meeting.table, meeting.slot) for meeting in meetings)
    return [
        Violation(
            6, "table_over_capacity", f"table '{table}' holds {n} meetings in slot '{slot}', capacity {capacity[table]}"
        )
        for (table, slot), n in count.items()
        if n > capacity[table]
    ]


def _rule_7(problem: Problem, schedule: Schedule, meetings: list[Meeting]) -> list[Violation]:
    """Every locked meeting appears exactly as locked; every required request is scheduled."""
    placed = {(meeting.request, meeting.slot, meeting.table) for meeting in meetings}
    met = {meeting.request for meeting in meetings}
    violations = [
        Violation(
            7,
            "locked_moved",
            f"locked meeting '{locked.request}' is not in slot '{locked.slot}' at table '{locked.table}'",
        )
        for locked in problem.locked
        if (locked.request, locked.slot, locked.table) not in placed
    ]
    violations.extend(
        Violation(7, "required_missing", f"required request '{request.id}' is not scheduled")
        for request in problem.requests
        if request.required and request.id not in met
    )
    return violations


def _document(problem: Problem, schedule: Schedule, meetings: list[Meeting]) -> list[Violation]:
    """Every request is met or explained once; the stats add up."""
    weight = {request.id: request.weight for request in problem.requests}
    met = {meeting.request for meeting in schedule.meetings}
    explained = Counter(item.request for item in schedule.unscheduled)
    violations = [
        Violation(0, "unexplained", f"request '{request_id}' is neither scheduled nor explained")
        for request_id in weight
        if request_id not in met and not explained[request_id]
    ]
    violations.extend(
        Violation(0, "bad_unscheduled", f"unscheduled entry '{request_id}' is scheduled, unknown or repeated")
        for request_id, n in explained.items()
        if request_id in met or request_id not in weight or n > 1
    )
    violations.extend(
        Violation(0, "empty_reason", f"unscheduled request '{item.request}' has no reason")
        for item in schedule.unscheduled
        if not item.reason.strip()
    )
    stats = schedule.stats
    total = sum(weight.get(request_id, 0) for request_id in met)
    expected = {"requested": len(weight), "scheduled": len(schedule.meetings), "weight": total}
    actual = {"requested": stats.requested, "scheduled": stats.scheduled, "weight": stats.weight}
    violations.extend(
        Violation(0, "bad_stats", f"stats '{key}' is {actual[key]}, expected {expected[key]}")
        for key in expected
        if actual[key] != expected[key]
    )
    if stats.upper_bound < stats.weight:
        violations.append(Violation(0, "bad_bound", f"upper_bound {stats.upper_bound} is below weight {stats.weight}"))
    if schedule.status == Status.OPTIMAL and stats.upper_bound != stats.weight:
        violations.append(Violation(0, "bad_status", "status is optimal but the weight is below the upper bound"))
    return violations


def _check_infeasible(problem: Problem, schedule: Schedule) -> list[Violation]:
    request_ids = {request.id for request in problem.requests}
    violations = []
    if schedule.meetings:
        violations.append(Violation(0, "infeasible_with_meetings", "an infeasible schedule lists meetings"))
    if not schedule.unscheduled:
        violations.append(Violation(0, "infeasible_unexplained", "an infeasible schedule names no conflicting meeting"))
    violations.extend(
        Violation(0, "unknown_request", f"unscheduled entry names unknown request '{item.request}'")
        for item in schedule.unscheduled
        if item.request not in request_ids
    )
    return violations

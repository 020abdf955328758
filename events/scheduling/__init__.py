"""Matchmaking scheduler: a pure function from a problem to a schedule (no database, no HTTP).

The exchange format is ``shared/spec/schedule-format.md``. Typical use::

    problem = parse_problem(text)                      # or build Problem(...) from the database
    schedule = solve(problem, time_limit=10.0, on_progress=print)
    assert validate_schedule(problem, schedule) == []
    text = schedule_to_json(schedule)
"""

from events.scheduling.errors import SchedulingError
from events.scheduling.jsonformat import (
    parse_problem,
    problem_to_dict,
    problem_to_json,
    schedule_from_json,
    schedule_to_dict,
    schedule_to_json,
)
from events.scheduling.problem import (
    Meeting,
    Participant,
    Problem,
    Request,
    Schedule,
    Slot,
    Stats,
    Status,
    Table,
    Unscheduled,
    check_problem,
)
from events.scheduling.progress import Progress
from events.scheduling.reasons import ReasonCode
from events.scheduling.solver import solve
from events.scheduling.validate import Violation, validate_schedule

__all__ = [
    "Meeting",
    "Participant",
    "Problem",
    "Progress",
    "ReasonCode",
    "Request",
    "Schedule",
    "SchedulingError",
    "Slot",
    "Stats",
    "Status",
    "Table",
    "Unscheduled",
    "Violation",
    "check_problem",
    "parse_problem",
    "problem_to_dict",
    "problem_to_json",
    "schedule_from_json",
    "schedule_to_dict",
    "schedule_to_json",
    "solve",
    "validate_schedule",
]

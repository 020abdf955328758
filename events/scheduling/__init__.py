"""Matchmaking scheduler: a pure function from a problem to a schedule (no database, no HTTP).

The exchange format is ``shared/spec/schedule-format.md``. Typical use::

    problem = parse_problem(text)                      # or build Problem(...) from the database
    schedule = solve(problem, time_limit=10.0, on_progress=print)
    assert validate_schedule(problem, schedule) == []
    text = schedule_to_json(schedule)
"""

from collections.abc import Callable

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
from events.scheduling.validate import Violation, validate_schedule


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    on_progress: Callable[[Progress], None] | None = None,
    workers: int = 2,
) -> Schedule:
    """Schedule ``problem`` within about ``time_limit`` seconds (see :func:`events.scheduling.solver.solve`).

    The solver module (OR-Tools, which pulls in pandas) is imported on the first call, so that importing this
    package, the app and the command line stays fast.
    """
    from events.scheduling.solver import solve as run_solver

    return run_solver(problem, time_limit=time_limit, on_progress=on_progress, workers=workers)


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

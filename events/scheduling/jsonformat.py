"""Reading and writing the exchange format (``shared/spec/schedule-format.md``), strictly.

Unknown keys, missing keys and values of the wrong type are refused with a :class:`SchedulingError` whose message
names the item (``request 'r7' has an unknown key 'wieght'``) and whose ``field`` points into the document
(``requests[6]``). Writing omits optional fields that hold their default, so a document round-trips.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from events.scheduling.errors import SchedulingError
from events.scheduling.problem import (
    PROBLEM_FORMAT,
    SCHEDULE_FORMAT,
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

JsonInput = dict[str, Any] | str | bytes
T = TypeVar("T")

_PROBLEM_KEYS = {"format", "slots", "tables", "participants", "requests", "locked", "previous"}
_PROBLEM_REQUIRED = {"format", "slots", "tables", "participants", "requests"}
_SCHEDULE_KEYS = {"format", "status", "meetings", "unscheduled", "stats"}
_STATS_KEYS = {"requested", "scheduled", "weight", "upper_bound", "solve_seconds"}


def parse_problem(data: JsonInput) -> Problem:
    """Read a problem document (a dict, or JSON text/bytes) and check it; raise :class:`SchedulingError`."""
    document = _load(data, what="problem")
    _check_keys(document, where="the problem", path="", allowed=_PROBLEM_KEYS, required=_PROBLEM_REQUIRED)
    _check_format(document, expected=PROBLEM_FORMAT)
    problem = Problem(
        slots=_items(document, "slots", _slot),
        tables=_items(document, "tables", _table),
        participants=_items(document, "participants", _participant),
        requests=_items(document, "requests", _request),
        locked=_items(document, "locked", _meeting, optional=True),
        previous=_items(document, "previous", _meeting, optional=True),
    )
    check_problem(problem)
    return problem


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": PROBLEM_FORMAT,
        "slots": [
            {"id": slot.id, "start": slot.start.isoformat(), "end": slot.end.isoformat()} for slot in problem.slots
        ],
        "tables": [{"id": table.id, "capacity": table.capacity} for table in problem.tables],
        "participants": [_participant_to_dict(participant) for participant in problem.participants],
        "requests": [_request_to_dict(request) for request in problem.requests],
    }
    if problem.locked:
        document["locked"] = [_meeting_to_dict(meeting) for meeting in problem.locked]
    if problem.previous:
        document["previous"] = [_meeting_to_dict(meeting) for meeting in problem.previous]
    return document


def problem_to_json(problem: Problem, *, indent: int | None = None) -> str:
    return json.dumps(problem_to_dict(problem), ensure_ascii=False, indent=indent)


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    stats = schedule.stats
    return {
        "format": SCHEDULE_FORMAT,
        "status": schedule.status.value,
        "meetings": [_meeting_to_dict(meeting) for meeting in schedule.meetings],
        "unscheduled": [{"request": item.request, "reason": item.reason} for item in schedule.unscheduled],
        "stats": {
            "requested": stats.requested,
            "scheduled": stats.scheduled,
            "weight": stats.weight,
            "upper_bound": stats.upper_bound,
            "solve_seconds": stats.solve_seconds,
        },
    }


def schedule_to_json(schedule: Schedule, *, indent: int | None = None) -> str:
    return json.dumps(schedule_to_dict(schedule), ensure_ascii=False, indent=indent)


def schedule_from_json(data: JsonInput) -> Schedule:
    """Read a schedule document strictly (the reverse of :func:`schedule_to_json`)."""
    document = _load(data, what="schedule")
    _check_keys(document, where="the schedule", path="", allowed=_SCHEDULE_KEYS, required=_SCHEDULE_KEYS)
    _check_format(document, expected=SCHEDULE_FORMAT)
    status_text = document["status"]
    if status_text not in {status.value for status in Status}:
        raise SchedulingError("bad_status", f"the schedule has unknown status {status_text!r}", field="status")
    return Schedule(
        status=Status(status_text),
        meetings=_items(document, "meetings", _meeting),
        unscheduled=_items(document, "unscheduled", _unscheduled),
        stats=_stats(document["stats"]),
    )


def _load(data: JsonInput, *, what: str) -> dict[str, Any]:
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except (ValueError, UnicodeDecodeError) as error:
            raise SchedulingError("invalid_json", f"the {what} is not valid JSON: {error}") from error
    if not isinstance(data, dict):
        raise SchedulingError("wrong_type", f"the {what} must be a JSON object")
    return data


def _check_format(document: dict[str, Any], *, expected: str) -> None:
    if document["format"] != expected:
        raise SchedulingError("bad_format", f"format is {document['format']!r}; expected {expected!r}", field="format")


def _check_keys(value: object, *, where: str, path: str, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SchedulingError("wrong_type", f"{where} must be a JSON object", field=path or None)
    for key in value:
        if key not in allowed:
            raise SchedulingError("unknown_key", f"{where} has an unknown key '{key}'", field=path or None)
    for key in sorted(required):
        if key not in value:
            raise SchedulingError("missing_key", f"{where} has no '{key}'", field=path or None)
    return value


def _items(
    document: dict[str, Any],
    key: str,
    read: Callable[[object, str], T],
    *,
    optional: bool = False,
) -> tuple[T, ...]:
    value = document.get(key)
    if value is None and optional:
        return ()
    if not isinstance(value, list):
        raise SchedulingError("wrong_type", f"'{key}' must be a list", field=key)
    return tuple(read(item, f"{key}[{index}]") for index, item in enumerate(value))


def _name(value: object, path: str, kind: str) -> str:
    """How to call an item in a message: by its id when it has a usable one, else by its position."""
    if isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"]:
        return f"{kind} '{value['id']}'"
    return f"{kind} {path}"


def _slot(value: object, path: str) -> Slot:
    where = _name(value, path, "slot")
    item = _check_keys(value, where=where, path=path, allowed={"id", "start", "end"}, required={"id", "start", "end"})
    return Slot(
        id=_text(item["id"], where=where, key="id", path=path),
        start=_time(item["start"], where=where, key="start", path=path),
        end=_time(item["end"], where=where, key="end", path=path),
    )


def _table(value: object, path: str) -> Table:
    where = _name(value, path, "table")
    item = _check_keys(value, where=where, path=path, allowed={"id", "capacity"}, required={"id"})
    capacity = item.get("capacity", 1)
    if not _is_int(capacity):
        raise SchedulingError("bad_capacity", f"{where} has a capacity that is not a whole number", field=path)
    return Table(id=_text(item["id"], where=where, key="id", path=path), capacity=capacity)


def _participant(value: object, path: str) -> Participant:
    where = _name(value, path, "participant")
    item = _check_keys(
        value, where=where, path=path, allowed={"id", "unavailable", "max_meetings", "table"}, required={"id"}
    )
    maximum = item.get("max_meetings")
    if maximum is not None and not _is_int(maximum):
        raise SchedulingError("bad_max_meetings", f"{where} has a max_meetings that is not a whole number", field=path)
    table = item.get("table")
    return Participant(
        id=_text(item["id"], where=where, key="id", path=path),
        unavailable=_texts(item.get("unavailable", []), where=where, key="unavailable", path=path),
        max_meetings=maximum,
        table=None if table is None else _text(table, where=where, key="table", path=path),
    )


def _request(value: object, path: str) -> Request:
    where = _name(value, path, "request")
    item = _check_keys(
        value,
        where=where,
        path=path,
        allowed={"id", "participants", "weight", "required", "slots"},
        required={"id", "participants"},
    )
    weight = item.get("weight", 1)
    if not _is_int(weight):
        raise SchedulingError("bad_weight", f"{where} has a weight that is not a whole number", field=path)
    required = item.get("required", False)
    if not isinstance(required, bool):
        raise SchedulingError("bad_required", f"{where} has a 'required' that is not true or false", field=path)
    slots = item.get("slots")
    return Request(
        id=_text(item["id"], where=where, key="id", path=path),
        participants=_texts(item["participants"], where=where, key="participants", path=path),
        weight=weight,
        required=required,
        slots=None if slots is None else _texts(slots, where=where, key="slots", path=path),
    )


def _meeting(value: object, path: str) -> Meeting:
    where = f"meeting {path}"
    keys = {"request", "slot", "table"}
    item = _check_keys(value, where=where, path=path, allowed=keys, required=keys)
    return Meeting(
        request=_text(item["request"], where=where, key="request", path=path),
        slot=_text(item["slot"], where=where, key="slot", path=path),
        table=_text(item["table"], where=where, key="table", path=path),
    )


def _unscheduled(value: object, path: str) -> Unscheduled:
    where = f"unscheduled entry {path}"
    keys = {"request", "reason"}
    item = _check_keys(value, where=where, path=path, allowed=keys, required=keys)
    return Unscheduled(
        request=_text(item["request"], where=where, key="request", path=path),
        reason=_text(item["reason"], where=where, key="reason", path=path),
    )


def _stats(value: object) -> Stats:
    item = _check_keys(value, where="the schedule's stats", path="stats", allowed=_STATS_KEYS, required=_STATS_KEYS)
    for key in ("requested", "scheduled", "weight", "upper_bound"):
        if not _is_int(item[key]):
            raise SchedulingError("wrong_type", f"stats '{key}' must be a whole number", field="stats")
    seconds = item["solve_seconds"]
    if not isinstance(seconds, int | float) or isinstance(seconds, bool):
        raise SchedulingError("wrong_type", "stats 'solve_seconds' must be a number", field="stats")
    return Stats(
        requested=item["requested"],
        scheduled=item["scheduled"],
        weight=item["weight"],
        upper_bound=item["upper_bound"],
        solve_seconds=float(seconds),
    )


def _text(value: object, *, where: str, key: str, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise SchedulingError("wrong_type", f"{where}: '{key}' must be a non-empty string", field=path)
    return value


def _texts(value: object, *, where: str, key: str, path: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise SchedulingError("wrong_type", f"{where}: '{key}' must be a list of ids", field=path)
    return tuple(_text(item, where=where, key=key, path=path) for item in value)


def _time(value: object, *, where: str, key: str, path: str) -> datetime:
    if not isinstance(value, str):
        raise SchedulingError("bad_time", f"{where}: '{key}' must be an ISO 8601 time with offset", field=path)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise SchedulingError("bad_time", f"{where}: '{key}' {value!r} is not an ISO 8601 time", field=path) from error
    if moment.tzinfo is None:
        raise SchedulingError("bad_time", f"{where}: '{key}' {value!r} has no UTC offset", field=path)
    return moment


def _participant_to_dict(participant: Participant) -> dict[str, Any]:
    document: dict[str, Any] = {"id": participant.id}
    if participant.unavailable:
        document["unavailable"] = list(participant.unavailable)
    if participant.max_meetings is not None:
        document["max_meetings"] = participant.max_meetings
    if participant.table is not None:
        document["table"] = participant.table
    return document


def _request_to_dict(request: Request) -> dict[str, Any]:
    document: dict[str, Any] = {"id": request.id, "participants": list(request.participants), "weight": request.weight}
    if request.required:
        document["required"] = True
    if request.slots is not None:
        document["slots"] = list(request.slots)
    return document


def _meeting_to_dict(meeting: Meeting) -> dict[str, str]:
    return {"request": meeting.request, "slot": meeting.slot, "table": meeting.table}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)

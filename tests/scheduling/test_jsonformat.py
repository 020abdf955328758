"""The exchange format: reading strictly, writing what reads back, refusing bad input by name."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any

import pytest

from events.scheduling import (
    Meeting,
    Participant,
    Request,
    Schedule,
    SchedulingError,
    Stats,
    Status,
    Table,
    Unscheduled,
    parse_problem,
    problem_to_dict,
    problem_to_json,
    schedule_from_json,
    schedule_to_dict,
    schedule_to_json,
)
from events.scheduling.problem import check_problem
from tests.scheduling.fairs import ZONE, document, problem


def test_the_spec_example_reads_with_its_defaults() -> None:
    parsed = parse_problem(document())
    assert [s.id for s in parsed.slots] == ["d1-0900", "d1-0920", "d1-0940"]
    assert parsed.slots[0].start == datetime(2026, 12, 3, 9, 0, tzinfo=ZONE)
    assert parsed.tables == (Table("T01", 1), Table("T03", 1), Table("T17", 1))
    assert parsed.participants[0] == Participant("ent-001", ("d1-0900",), 6, None)
    assert parsed.participants[1] == Participant("team-017", (), None, "T17")
    assert parsed.requests[0] == Request("r1", ("ent-001", "team-017"), 3, False, None)
    assert parsed.requests[1] == Request("r2", ("ent-001", "team-020"), 1, False, ("d1-0920", "d1-0940"))
    assert parsed.locked == (Meeting("r9", "d1-0940", "T17"),)
    assert parsed.previous == (Meeting("r1", "d1-0920", "T17"),)


def test_text_and_bytes_read_like_a_dict() -> None:
    text = json.dumps(document())
    assert parse_problem(text) == parse_problem(document()) == parse_problem(text.encode())


def test_a_problem_round_trips() -> None:
    parsed = parse_problem(document())
    assert parse_problem(problem_to_dict(parsed)) == parsed
    assert parse_problem(problem_to_json(parsed)) == parsed


def test_writing_omits_defaults_and_optional_lists() -> None:
    written = problem_to_dict(problem(requests=(Request("r1", ("a", "b")),)))
    assert written["participants"] == [{"id": "a"}, {"id": "b"}]
    assert written["requests"] == [{"id": "r1", "participants": ["a", "b"], "weight": 1}]
    assert "locked" not in written
    assert "previous" not in written


def test_a_schedule_round_trips_without_the_internal_reason_code() -> None:
    schedule = Schedule(
        status=Status.FEASIBLE,
        meetings=(Meeting("r1", "s1", "T1"),),
        unscheduled=(Unscheduled("r2", "team-017 has no free slot left", code="participant_booked"),),
        stats=Stats(requested=2, scheduled=1, weight=3, upper_bound=4, solve_seconds=0.41),
    )
    written = schedule_to_dict(schedule)
    assert written == {
        "format": "transferfair.schedule/1",
        "status": "feasible",
        "meetings": [{"request": "r1", "slot": "s1", "table": "T1"}],
        "unscheduled": [{"request": "r2", "reason": "team-017 has no free slot left"}],
        "stats": {"requested": 2, "scheduled": 1, "weight": 3, "upper_bound": 4, "solve_seconds": 0.41},
    }
    read = schedule_from_json(schedule_to_json(schedule))
    assert read == schedule
    assert read.unscheduled[0].code == ""


def _edit(path: list[Any], value: Any) -> dict[str, Any]:
    """The example document with the value at ``path`` replaced (or removed when ``value`` is ``...``)."""
    data = copy.deepcopy(document())
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


BAD = [
    ("not json", "{", "invalid_json", "the problem is not valid JSON"),
    ("not an object", "[]", "wrong_type", "the problem must be a JSON object"),
    ("unknown top key", _edit(["extra"], 1), "unknown_key", "the problem has an unknown key 'extra'"),
    ("no requests", _edit(["requests"], ...), "missing_key", "the problem has no 'requests'"),
    ("wrong format", _edit(["format"], "v2"), "bad_format", "format is 'v2'"),
    ("slots not a list", _edit(["slots"], {}), "wrong_type", "'slots' must be a list"),
    (
        "unknown request key",
        _edit(["requests", 0, "wieght"], 2),
        "unknown_key",
        "request 'r1' has an unknown key 'wieght'",
    ),
    ("unknown slot key", _edit(["slots", 1, "room"], "A"), "unknown_key", "slot 'd1-0920' has an unknown key 'room'"),
    ("empty id", _edit(["tables", 0, "id"], ""), "wrong_type", "'id' must be a non-empty string"),
    (
        "duplicate slot",
        _edit(["slots", 1, "id"], "d1-0900"),
        "duplicate_id",
        "slot id 'd1-0900' appears more than once",
    ),
    ("duplicate table", _edit(["tables", 1, "id"], "T01"), "duplicate_id", "table id 'T01' appears more than once"),
    (
        "duplicate participant",
        _edit(["participants", 2, "id"], "ent-001"),
        "duplicate_id",
        "participant id 'ent-001' appears more than once",
    ),
    ("duplicate request", _edit(["requests", 1, "id"], "r1"), "duplicate_id", "request id 'r1' appears more than once"),
    ("no offset", _edit(["slots", 0, "start"], "2026-12-03T09:00:00"), "bad_time", "has no UTC offset"),
    ("not a time", _edit(["slots", 0, "start"], "nine"), "bad_time", "slot 'd1-0900': 'start' 'nine' is not an ISO"),
    (
        "ends before start",
        _edit(["slots", 0, "end"], "2026-12-03T08:59:00+08:00"),
        "slot_ends_before_start",
        "slot 'd1-0900' does not end after it starts",
    ),
    (
        "unordered",
        _edit(["slots", 2, "start"], "2026-12-03T08:00:00+08:00"),
        "slots_unordered",
        "slot 'd1-0940' starts before the slot 'd1-0920' listed before it",
    ),
    (
        "overlap",
        _edit(["slots", 1, "start"], "2026-12-03T09:10:00+08:00"),
        "slots_overlap",
        "slot 'd1-0920' overlaps slot 'd1-0900'",
    ),
    (
        "unknown participant",
        _edit(["requests", 0, "participants"], ["ent-001", "ent-999"]),
        "unknown_participant",
        "request 'r1' names unknown participant 'ent-999'",
    ),
    (
        "one participant",
        _edit(["requests", 0, "participants"], ["ent-001"]),
        "too_few_participants",
        "request 'r1' needs at least two distinct participants",
    ),
    (
        "same participant twice",
        _edit(["requests", 0, "participants"], ["ent-001", "ent-001"]),
        "duplicate_participant",
        "request 'r1' names participant 'ent-001' twice",
    ),
    ("zero weight", _edit(["requests", 0, "weight"], 0), "bad_weight", "request 'r1' has weight 0"),
    ("negative weight", _edit(["requests", 0, "weight"], -2), "bad_weight", "request 'r1' has weight -2"),
    ("text weight", _edit(["requests", 0, "weight"], "3"), "bad_weight", "request 'r1' has a weight that is not"),
    ("boolean weight", _edit(["requests", 0, "weight"], True), "bad_weight", "request 'r1' has a weight that is not"),
    ("text required", _edit(["requests", 0, "required"], "yes"), "bad_required", "request 'r1' has a 'required'"),
    ("zero capacity", _edit(["tables", 0, "capacity"], 0), "bad_capacity", "table 'T01' has capacity 0"),
    (
        "negative max",
        _edit(["participants", 0, "max_meetings"], -1),
        "bad_max_meetings",
        "participant 'ent-001' has max_meetings -1",
    ),
    (
        "unknown host table",
        _edit(["participants", 1, "table"], "T99"),
        "unknown_table",
        "participant 'team-017' names unknown table 'T99'",
    ),
    (
        "unknown unavailable slot",
        _edit(["participants", 0, "unavailable"], ["d9"]),
        "unknown_slot",
        "participant 'ent-001' names unknown slot 'd9'",
    ),
    (
        "unknown request slot",
        _edit(["requests", 1, "slots"], ["d1-0920", "d9"]),
        "unknown_slot",
        "request 'r2' names unknown slot 'd9'",
    ),
    (
        "slot listed twice",
        _edit(["requests", 1, "slots"], ["d1-0920", "d1-0920"]),
        "duplicate_entry",
        "request 'r2' lists slot 'd1-0920' twice",
    ),
    (
        "locked unknown request",
        _edit(["locked", 0, "request"], "r404"),
        "unknown_request",
        "locked meeting names unknown request 'r404'",
    ),
    (
        "locked unknown slot",
        _edit(["locked", 0, "slot"], "d9"),
        "unknown_slot",
        "locked meeting of request 'r9' names unknown slot 'd9'",
    ),
    (
        "locked unknown table",
        _edit(["locked", 0, "table"], "T99"),
        "unknown_table",
        "locked meeting of request 'r9' names unknown table 'T99'",
    ),
    (
        "locked twice",
        _edit(["locked"], [{"request": "r9", "slot": "d1-0940", "table": "T17"}] * 2),
        "duplicate_entry",
        "request 'r9' appears twice in locked",
    ),
    (
        "previous unknown request",
        _edit(["previous", 0, "request"], "r404"),
        "unknown_request",
        "previous meeting names unknown request 'r404'",
    ),
    (
        "previous unknown key",
        _edit(["previous", 0, "seat"], 1),
        "unknown_key",
        "meeting previous[0] has an unknown key 'seat'",
    ),
]


@pytest.mark.parametrize(("data", "code", "message"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_input_is_refused_with_a_code_and_the_item_named(data: Any, code: str, message: str) -> None:
    with pytest.raises(SchedulingError) as caught:
        parse_problem(data)
    assert caught.value.code == code
    assert message in caught.value.message
    assert caught.value.kind.value == "invalid"


def test_a_problem_built_in_code_is_checked_like_a_document() -> None:
    built = problem(requests=(Request("r1", ("a", "b"), weight=0),))
    with pytest.raises(SchedulingError) as caught:
        check_problem(built)
    assert (caught.value.code, caught.value.message) == (
        "bad_weight",
        "request 'r1' has weight 0; it must be a positive integer",
    )


def test_a_refusal_points_into_the_document() -> None:
    with pytest.raises(SchedulingError) as caught:
        parse_problem(_edit(["requests", 2, "colour"], "red"))
    assert caught.value.field == "requests[2]"


def test_a_schedule_with_an_unknown_key_or_status_is_refused() -> None:
    written = schedule_to_dict(
        Schedule(Status.OPTIMAL, (), (), Stats(requested=0, scheduled=0, weight=0, upper_bound=0, solve_seconds=0.0))
    )
    with pytest.raises(SchedulingError) as caught:
        schedule_from_json({**written, "notes": "x"})
    assert (caught.value.code, caught.value.message) == ("unknown_key", "the schedule has an unknown key 'notes'")
    with pytest.raises(SchedulingError) as caught:
        schedule_from_json({**written, "status": "great"})
    assert (caught.value.code, caught.value.message) == ("bad_status", "the schedule has unknown status 'great'")

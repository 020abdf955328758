"""A fair in the scheduler's exchange format: exactly what the database holds, and back through the format."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from events import booking, requests
from events.booking import Actor
from events.scheduling import parse_problem, problem_to_dict
from events.scheduling.fair import fair_problem
from events.tables import Event, MeetingRequest, MeetingTable, Registration, Slot
from tests.factories import make_fair, make_registration

DAY = date(2027, 3, 2)
BEFORE = datetime(2027, 3, 1, tzinfo=UTC)
AFTER_FIRST_SLOT = datetime(2027, 3, 2, 1, 5, tzinfo=UTC)  # 09:05 in Jiangcheng: the 09:00 slot has started


@dataclass
class HandFair:
    event: Event
    people: dict[str, Registration]
    requests: dict[str, MeetingRequest]

    def pid(self, name: str) -> str:
        prefix = {"team": "team", "enterprise": "ent", "investor": "inv"}[str(self.people[name].role)]
        return f"{prefix}-{self.people[name].id}"

    def rid(self, name: str) -> str:
        return f"r{self.requests[name].id}"


async def _slot(event_id: int, code: str) -> int:
    row = await Slot.select(Slot.id).where((Slot.event == event_id) & (Slot.code == code)).first()
    assert row is not None
    return int(row["id"])


async def hand_fair() -> HandFair:
    """Two teams (one at its own table), three enterprises, an investor; a pending enterprise and a guest who do
    not meet; five accepted requests, one pending and one declined; one meeting fixed by the organizer in a slot
    its enterprise marked unavailable, one ordinary meeting."""
    event = await make_fair(tables=3, starts_on=DAY, sessions=(("09:00", "10:00"),))
    await Event.update({Event.max_meetings_per_participant: 2}).where(Event.id == event.id)
    await MeetingTable.update({MeetingTable.capacity: 2}).where(
        (MeetingTable.event == event.id) & (MeetingTable.code == "T03")
    )
    t01 = (
        await MeetingTable.select(MeetingTable.id)
        .where((MeetingTable.event == event.id) & (MeetingTable.code == "T01"))
        .first()
    )
    assert t01 is not None
    s0900, s0920, s0940 = [await _slot(event.id, c) for c in ("d1-0900", "d1-0920", "d1-0940")]
    people = {
        "team_a": await make_registration(
            event_id=event.id, role="team", host_table_id=t01["id"], unavailable_slot_ids=(s0940,)
        ),
        "team_b": await make_registration(event_id=event.id, role="team", max_meetings=1),
        "ent_a": await make_registration(event_id=event.id, role="enterprise", unavailable_slot_ids=(s0900,)),
        "ent_b": await make_registration(event_id=event.id, role="enterprise", unavailable_slot_ids=(s0920,)),
        "inv": await make_registration(event_id=event.id, role="investor"),
        "ent_pending": await make_registration(event_id=event.id, role="enterprise", status="pending"),
        "guest": await make_registration(event_id=event.id, role="guest"),
        "ent_c": await make_registration(event_id=event.id, role="enterprise"),
    }
    await Event.update({Event.status: "closed"}).where(Event.id == event.id)

    async def arrange(requester: str, recipient: str, **options: Any) -> MeetingRequest:
        return await requests.organizer_add(
            event_id=event.id,
            requester_id=people[requester].id,
            recipient_id=people[recipient].id,
            created_by=None,
            **options,
        )

    made = {
        "r1": await arrange("ent_a", "team_a", priority=5),
        "r2": await arrange("ent_a", "team_b", priority=2, allowed_slot_ids=[s0940, s0920]),
        "r3": await arrange("inv", "team_a", priority=4, required=True),
        "r4": await arrange("ent_b", "team_b", priority=3),
        "r5": await arrange("ent_b", "team_a", priority=1),
    }
    t03 = (
        await MeetingTable.select(MeetingTable.id)
        .where((MeetingTable.event == event.id) & (MeetingTable.code == "T03"))
        .first()
    )
    assert t03 is not None
    await booking.place(
        event_id=event.id, slot_id=s0920, created_by=None, request_id=made["r4"].id, table_id=t03["id"], force=True
    )
    await booking.place(event_id=event.id, slot_id=s0900, created_by=None, request_id=made["r5"].id)
    await requests.ask(registration_id=people["ent_c"].id, recipient_id=people["team_a"].id)
    declined = await requests.ask(registration_id=people["ent_c"].id, recipient_id=people["team_b"].id)
    await requests.respond(request_id=declined.id, registration_id=people["team_b"].id, accept=False)
    return HandFair(event=event, people=people, requests=made)


def slots_document() -> list[dict[str, str]]:
    return [
        {"id": "d1-0900", "start": "2027-03-02T09:00:00+08:00", "end": "2027-03-02T09:20:00+08:00"},
        {"id": "d1-0920", "start": "2027-03-02T09:20:00+08:00", "end": "2027-03-02T09:40:00+08:00"},
        {"id": "d1-0940", "start": "2027-03-02T09:40:00+08:00", "end": "2027-03-02T10:00:00+08:00"},
    ]


async def test_a_hand_built_fair_becomes_the_exact_problem() -> None:
    fair = await hand_fair()
    p, r = fair.pid, fair.rid

    exported = await fair_problem(event_id=fair.event.id, now=BEFORE)

    assert problem_to_dict(exported.problem) == {
        "format": "transferfair.schedule-problem/1",
        "slots": slots_document(),
        "tables": [{"id": "T01", "capacity": 1}, {"id": "T02", "capacity": 1}, {"id": "T03", "capacity": 2}],
        "participants": [
            {"id": p("team_a"), "unavailable": ["d1-0940"], "max_meetings": 2, "table": "T01"},
            {"id": p("team_b"), "max_meetings": 1},
            {"id": p("ent_a"), "unavailable": ["d1-0900"], "max_meetings": 2},
            # the organizer fixed a meeting in the slot ent_b marked unavailable: that slot is not unavailable here
            {"id": p("ent_b"), "max_meetings": 2},
            {"id": p("inv"), "max_meetings": 2},
            {"id": p("ent_c"), "max_meetings": 2},
        ],
        "requests": [
            {"id": r("r1"), "participants": [p("ent_a"), p("team_a")], "weight": 5},
            {"id": r("r2"), "participants": [p("ent_a"), p("team_b")], "weight": 2, "slots": ["d1-0920", "d1-0940"]},
            {"id": r("r3"), "participants": [p("inv"), p("team_a")], "weight": 4, "required": True},
            {"id": r("r4"), "participants": [p("ent_b"), p("team_b")], "weight": 3},
            {"id": r("r5"), "participants": [p("ent_b"), p("team_a")], "weight": 1},
        ],
        "locked": [{"request": r("r4"), "slot": "d1-0920", "table": "T03"}],
        "previous": [{"request": r("r5"), "slot": "d1-0900", "table": "T01"}],
    }
    meeting_people = [name for name in fair.people if name not in ("ent_pending", "guest")]
    assert exported.registration_of == {p(name): fair.people[name].id for name in meeting_people}
    assert exported.request_of == {r(name): fair.requests[name].id for name in fair.requests}


async def test_once_a_slot_has_started_its_meetings_are_locked_and_requests_take_later_slots() -> None:
    fair = await hand_fair()
    r = fair.rid

    document = problem_to_dict((await fair_problem(event_id=fair.event.id, now=AFTER_FIRST_SLOT)).problem)

    later = ["d1-0920", "d1-0940"]
    assert [(q["id"], q.get("slots")) for q in document["requests"]] == [
        (r("r1"), later),
        (r("r2"), later),
        (r("r3"), later),
        (r("r4"), None),  # locked: where it is fixed is all that counts
        (r("r5"), None),  # held at 09:00 (or about to be): it stays where it is
    ]
    assert document["locked"] == [
        {"request": r("r5"), "slot": "d1-0900", "table": "T01"},
        {"request": r("r4"), "slot": "d1-0920", "table": "T03"},
    ]
    assert "previous" not in document


async def test_the_export_round_trips_through_the_format() -> None:
    fair = await hand_fair()
    exported = await fair_problem(event_id=fair.event.id, now=BEFORE)
    document = problem_to_dict(exported.problem)

    text = json.dumps(document, ensure_ascii=False)

    assert parse_problem(text) == exported.problem
    assert problem_to_dict(parse_problem(text)) == document


async def test_cancelled_meetings_and_requests_of_cancelled_registrations_are_left_out() -> None:
    fair = await hand_fair()
    r5 = await fair_problem(event_id=fair.event.id, now=BEFORE)
    meeting = r5.standing[fair.rid("r5")]
    await booking.cancel(meeting_id=meeting.meeting_id, actor=Actor(user_id=None), event_id=fair.event.id)
    await Registration.update({Registration.status: "cancelled"}).where(Registration.id == fair.people["inv"].id)

    document = problem_to_dict((await fair_problem(event_id=fair.event.id, now=BEFORE)).problem)

    assert [q["id"] for q in document["requests"]] == [fair.rid(n) for n in ("r1", "r2", "r4")]
    assert fair.pid("inv") not in [participant["id"] for participant in document["participants"]]
    assert "previous" not in document

"""Requests, bookings, agendas, calendars and the outbox through the HTTP API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import vobject
from icalendar import Calendar

from events.tables import Meeting, Registration
from tests.meeting_helpers import MeetingFair, meeting_fair, scheduled_meeting, set_status


def participant(app: Any, registration: Registration) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"X-Participant-Token": registration.portal_token},
    )


@pytest.fixture
async def fair(db: Any) -> MeetingFair:
    return await meeting_fair(teams=2, enterprises=3, status="open")


@pytest.fixture
async def enterprise(app: Any, fair: MeetingFair) -> AsyncIterator[httpx.AsyncClient]:
    async with participant(app, fair.enterprises[0]) as client:
        yield client


@pytest.fixture
async def team(app: Any, fair: MeetingFair) -> AsyncIterator[httpx.AsyncClient]:
    async with participant(app, fair.teams[0]) as client:
        yield client


async def test_request_accept_schedule_agenda_and_ics(
    fair: MeetingFair,
    enterprise: httpx.AsyncClient,
    team: httpx.AsyncClient,
    organizer_client: httpx.AsyncClient,
) -> None:
    team_reg = fair.teams[0]
    listed = (await enterprise.get("/api/me/counterparts")).json()
    assert [c["id"] for c in listed["items"]] == [t.id for t in fair.teams]
    assert listed["items"][0]["name"].endswith("课题组1")

    asked = await enterprise.post(
        "/api/me/requests", json={"recipient_id": team_reg.id, "message": "想谈谈中试合作", "priority": 4}
    )
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert (request["status"], request["priority"], request["recipient"]["id"]) == ("pending", 4, team_reg.id)

    inbox = (await team.get("/api/me/requests", params={"direction": "received"})).json()
    assert [r["id"] for r in inbox["items"]] == [request["id"]]
    told = (await team.get("/api/me/notifications")).json()
    assert [n["kind"] for n in told["items"]] == ["request_received"]
    assert "想谈谈中试合作" in told["items"][0]["body"]

    accepted = await team.post(f"/api/me/requests/{request['id']}/accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"

    # the organizer schedules it (as the scheduler's publication would) and publishes the fair
    placed = await organizer_client.post(
        f"/api/events/{fair.event.id}/meetings", json={"slot": "d1-0920", "request_id": request["id"]}
    )
    assert placed.status_code == 201, placed.text
    meeting = placed.json()
    assert (meeting["slot"]["code"], meeting["table"]["code"]) == ("d1-0920", fair.tables[0].code)
    await set_status(fair.event.id, "scheduled")

    mine = (await enterprise.get("/api/me/agenda")).json()
    assert [m["id"] for m in mine["meetings"]] == [meeting["id"]]
    assert mine["meetings"][0]["counterpart"]["id"] == team_reg.id
    assert mine["time_zone"] == "Asia/Shanghai"
    assert mine["calendar"]["webcal"].startswith("webcal://testserver/calendar/")
    assert mine["calendar"]["feed"].endswith(".ics")

    download = await enterprise.get("/api/me/agenda.ics")
    assert download.status_code == 200
    assert download.headers["content-type"] == "text/calendar; charset=utf-8"
    assert download.headers["content-disposition"] == 'attachment; filename="agenda.ics"'
    parsed = Calendar.from_ical(download.content)
    (event,) = parsed.events
    assert event.start == fair.slot("d1-0920").starts_at
    assert vobject.readOne(download.text).vevent.dtstart.value == fair.slot("d1-0920").starts_at

    feed_path = mine["calendar"]["feed"].removeprefix("http://testserver")
    async with httpx.AsyncClient(transport=enterprise._transport, base_url="http://testserver") as anonymous:
        feed = await anonymous.get(feed_path)
        assert feed.status_code == 200
        assert feed.content == download.content
        assert (await anonymous.get("/calendar/not-a-token.ics")).status_code == 404
        reset = (await enterprise.post("/api/me/calendar/reset")).json()
        assert reset["feed"] != mine["calendar"]["feed"]
        gone = await anonymous.get(feed_path)
        assert gone.status_code == 404
        assert gone.json()["code"] == "unknown_feed"


async def test_book_move_cancel_with_clear_conflicts(
    app: Any, fair: MeetingFair, enterprise: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    await set_status(fair.event.id, "scheduled")
    team_reg = fair.teams[0]
    free = (await enterprise.get("/api/me/free-slots", params={"with": team_reg.id})).json()
    assert [f["code"] for f in free] == ["d1-0900", "d1-0920", "d1-0940"]
    booked = await enterprise.post("/api/me/meetings", json={"counterpart_id": team_reg.id, "slot": "d1-0900"})
    assert booked.status_code == 201, booked.text
    meeting = booked.json()
    assert meeting["status"] == "scheduled"
    assert meeting["counterpart"]["id"] == team_reg.id

    async with participant(app, fair.enterprises[1]) as rival:
        taken = await rival.post("/api/me/meetings", json={"counterpart_id": team_reg.id, "slot": "d1-0900"})
        assert taken.status_code == 409
        assert taken.json()["code"] == "slot_taken"
        free = (await rival.get("/api/me/free-slots", params={"with": team_reg.id})).json()
        assert [f["code"] for f in free] == ["d1-0920", "d1-0940"]

    moved = await enterprise.post(f"/api/me/meetings/{meeting['id']}/move", json={"slot": "d1-0940"})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["slot"]["code"], moved.json()["sequence"]) == ("d1-0940", 1)
    cancelled = await enterprise.post(f"/api/me/meetings/{meeting['id']}/cancel")
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["sequence"]) == ("cancelled", 2)
    kinds = [n["kind"] for n in (await enterprise.get("/api/me/notifications")).json()["items"]]
    assert kinds == ["meeting_cancelled", "meeting_moved", "meeting_scheduled"]
    read = await enterprise.post("/api/me/notifications/read", json={})
    assert read.json() == {"changed": 3}

    outbox = (
        await organizer_client.get(
            f"/api/events/{fair.event.id}/notifications", params={"registration_id": team_reg.id}
        )
    ).json()
    assert [n["kind"] for n in outbox["items"]] == ["meeting_cancelled", "meeting_moved", "meeting_scheduled"]
    assert {n["delivery"] for n in outbox["items"]} == {"pending"}
    assert outbox["items"][0]["email"] == "team1@example.edu.cn"


async def test_bad_input_gets_a_machine_code(fair: MeetingFair, enterprise: httpx.AsyncClient) -> None:
    team_id = fair.teams[0].id
    cases: list[tuple[str, str, dict[str, Any], int, str]] = [
        ("post", "/api/me/requests", {"recipient_id": team_id, "priority": 9}, 400, "invalid_request"),
        ("post", "/api/me/requests", {"recipient_id": team_id, "colour": "red"}, 400, "unknown_field"),
        ("post", "/api/me/requests", {"recipient_id": 987654}, 404, "unknown_registration"),
        ("post", "/api/me/requests", {"recipient_id": fair.enterprises[1].id}, 400, "invalid_pair"),
        ("post", "/api/me/meetings", {"counterpart_id": team_id, "slot": "d1-0900"}, 409, "booking_closed"),
        ("post", "/api/me/meetings", {"counterpart_id": team_id, "slot": "d9-0900"}, 404, "unknown_slot"),
        ("post", "/api/me/requests/987654/accept", {}, 404, "unknown_request"),
        ("put", "/api/me/unavailable-slots", {"slots": ["nope"]}, 404, "unknown_slot"),
        ("post", "/api/me/meetings/987654/cancel", {}, 404, "unknown_meeting"),
    ]
    for method, path, body, status, code in cases:
        response = await getattr(enterprise, method)(path, json=body)
        assert response.status_code == status, (path, body, response.text)
        assert response.json()["code"] == code, (path, body, response.text)
    saved = await enterprise.put("/api/me/unavailable-slots", json={"slots": ["d1-0940", "d1-0900"]})
    assert saved.json() == {"slots": ["d1-0900", "d1-0940"]}
    assert (await enterprise.get("/api/me/unavailable-slots")).json() == {"slots": ["d1-0900", "d1-0940"]}


async def test_who_may_call_what(
    client: httpx.AsyncClient, fair: MeetingFair, enterprise: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    anonymous = await client.get("/api/me/agenda")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_participant"
    wrong_link = await client.get("/api/me/agenda", headers={"X-Participant-Token": "guess"})
    assert wrong_link.status_code == 401
    assert (await organizer_client.get("/api/me/agenda")).status_code == 401  # organizers have no agenda
    for path in (
        f"/api/events/{fair.event.id}/requests",
        f"/api/events/{fair.event.id}/notifications",
        f"/api/events/{fair.event.id}/grid",
    ):
        assert (await enterprise.get(path)).status_code == 401, path
        assert (await organizer_client.get(path)).status_code == 200, path


async def test_organizer_requests_grid_sheet_and_removal(
    fair: MeetingFair, organizer_client: httpx.AsyncClient
) -> None:
    base = f"/api/events/{fair.event.id}"
    (e1, e2, _e3), (t1, t2) = fair.enterprises, fair.teams
    forced = await organizer_client.post(
        f"{base}/requests",
        json={
            "requester_id": e1.id,
            "recipient_id": t1.id,
            "required": True,
            "priority": 5,
            "allowed_slots": ["d1-0900"],
        },
    )
    assert forced.status_code == 201, forced.text
    assert (forced.json()["required"], forced.json()["arranged_by_organizer"]) == (True, True)
    await scheduled_meeting(fair=fair, requester=e2, recipient=t2, slot=fair.slots[0], table=fair.tables[1])
    placed = await organizer_client.post(
        f"{base}/meetings", json={"slot": "d1-0900", "request_id": forced.json()["id"], "force": True}
    )
    assert placed.status_code == 201, placed.text
    assert placed.json()["locked"] is True

    grid = (await organizer_client.get(f"{base}/grid")).json()
    assert grid["meeting_count"] == 2
    assert grid["seat_count"] == 3 * 3
    assert sorted((c["table"], c["slot"]) for c in grid["cells"]) == [
        (fair.tables[0].code, "d1-0900"),
        (fair.tables[1].code, "d1-0900"),
    ]
    sheet = (await organizer_client.get(f"{base}/tables/{fair.tables[0].code}/sheet")).json()
    assert sheet["host"]["id"] == t1.id
    assert [len(r["meetings"]) for r in sheet["rows"]] == [1, 0, 0]
    assert (await organizer_client.get(f"{base}/tables/Z99/sheet")).status_code == 404

    moved = await organizer_client.post(
        f"{base}/meetings/{placed.json()['id']}/move", json={"slot": "d1-0920", "force": True}
    )
    assert moved.status_code == 200, moved.text
    listed = (await organizer_client.get(f"{base}/meetings", params={"registration_id": t1.id})).json()
    assert [m["slot"]["code"] for m in listed["items"]] == ["d1-0920"]

    removed = await organizer_client.delete(f"{base}/requests/{forced.json()['id']}")
    assert removed.status_code == 204
    assert await Meeting.count().where(Meeting.status == "scheduled") == 1
    requests_page = (await organizer_client.get(f"{base}/requests", params={"status": "withdrawn"})).json()
    assert [r["id"] for r in requests_page["items"]] == [forced.json()["id"]]
    expired = await organizer_client.post(f"{base}/requests/expire")
    assert expired.json() == {"changed": 0}
    not_configured = await organizer_client.post(f"{base}/notifications/send")
    assert not_configured.status_code == 409
    assert not_configured.json()["code"] == "smtp_not_configured"


async def test_openapi_documents_the_area(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    for path in (
        "/api/me/requests",
        "/api/me/meetings",
        "/api/me/agenda",
        "/api/me/agenda.ics",
        "/calendar/{feed}",
        "/api/events/{event_id}/grid",
        "/api/events/{event_id}/notifications",
    ):
        assert path in schema["paths"], path
    assert "participant" in schema["components"]["securitySchemes"]


async def test_the_organizer_sets_expiry_and_limits(
    fair: MeetingFair, enterprise: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    base = f"/api/events/{fair.event.id}/meeting-rules"
    assert (await organizer_client.get(base)).json() == {
        "request_expiry_hours": None,
        "max_requests_per_participant": None,
        "max_meetings_per_participant": None,
    }
    rules = {"request_expiry_hours": 48, "max_requests_per_participant": 1, "max_meetings_per_participant": 8}
    saved = await organizer_client.put(base, json=rules)
    assert saved.status_code == 200, saved.text
    assert saved.json() == rules
    bad = await organizer_client.put(base, json={"request_expiry_hours": 0})
    assert bad.status_code == 400
    assert (await enterprise.put(base, json=rules)).status_code == 401

    first = await enterprise.post("/api/me/requests", json={"recipient_id": fair.teams[0].id})
    assert first.json()["expires_at"] is not None
    refused = await enterprise.post("/api/me/requests", json={"recipient_id": fair.teams[1].id})
    assert refused.status_code == 409
    assert refused.json()["code"] == "request_limit_reached"
    own = await organizer_client.put(
        f"{base}/participants/{fair.enterprises[0].id}", json={"max_requests": 2, "max_meetings": None}
    )
    assert own.json() == {"registration_id": fair.enterprises[0].id, "max_requests": 2, "max_meetings": None}
    allowed = await enterprise.post("/api/me/requests", json={"recipient_id": fair.teams[1].id})
    assert allowed.status_code == 201, allowed.text
    stranger = await organizer_client.put(f"{base}/participants/987654", json={})
    assert stranger.status_code == 404

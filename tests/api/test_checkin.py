"""The check-in API: POST /api/events/{id}/checkins and friends, through the real app."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from events import accounts
from events.checkin import tickets
from events.checkin.tokens import new_token, ticket_url
from events.tables import CheckIn, Scan
from tests.checkin.helpers import make_meeting
from tests.factories import make_fair, make_registration


async def _staffed_fair() -> Any:
    fair = await make_fair()
    await accounts.assign_staff(event_id=fair.id, username="staff")
    return fair


def _nonce() -> str:
    return uuid.uuid4().hex


async def test_first_scan_201_then_200_already_checked_in_with_who_when_where(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    person = await make_registration(event_id=fair.id, role="team", person_name="陈静")
    other = await make_registration(event_id=fair.id)
    await make_meeting(event_id=fair.id, a=person, b=other, slot_index=2)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    url = ticket_url("http://testserver", ticket.token)

    first = await staff_client.post(
        f"/api/events/{fair.id}/checkins", json={"token": url, "gate": "东门", "nonce": _nonce()}
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["outcome"] == "checked_in"
    assert body["attendee"]["name"] == "陈静"
    assert body["attendee"]["role"] == "team"
    assert body["check_in"]["gate"] == "东门"
    assert body["check_in"]["by"] == "staff"
    # the fair is in December 2026, so the meeting is still ahead
    assert body["next_meeting"]["slot"] == "d1-0940"
    assert body["next_meeting"]["table"] == "T01"

    second = await staff_client.post(
        f"/api/events/{fair.id}/checkins", json={"token": ticket.token, "gate": "西门", "nonce": _nonce()}
    )
    assert second.status_code == 200
    again = second.json()
    assert again["outcome"] == "already_checked_in"
    assert again["check_in"] == body["check_in"]
    assert again["scan"]["gate"] == "西门"


async def test_same_nonce_same_answer_nothing_created(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    payload = {"token": ticket.token, "gate": "A", "nonce": _nonce()}
    first = await staff_client.post(f"/api/events/{fair.id}/checkins", json=payload)
    retry = await staff_client.post(f"/api/events/{fair.id}/checkins", json=payload)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json() == first.json()
    assert (await CheckIn.count(), await Scan.count()) == (1, 1)

    bad = {"token": new_token(), "gate": "A", "nonce": _nonce()}
    refused = await staff_client.post(f"/api/events/{fair.id}/checkins", json=bad)
    refused_again = await staff_client.post(f"/api/events/{fair.id}/checkins", json=bad)
    assert refused.status_code == refused_again.status_code == 404
    assert refused.json() == refused_again.json()
    assert await Scan.count() == 2


async def test_refusals_have_distinct_codes_and_are_recorded(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    elsewhere = await make_fair()
    person = await make_registration(event_id=fair.id)
    stranger = await make_registration(event_id=elsewhere.id)
    old = await tickets.issue_ticket(registration_id=person.id)
    await tickets.reissue_ticket(registration_id=person.id)
    foreign = await tickets.issue_ticket(registration_id=stranger.id)
    tampered = old.token[:-1] + ("A" if old.token[-1] != "A" else "B")
    expected = [
        (foreign.token, 409, "ticket_other_fair"),
        (old.token, 410, "ticket_revoked"),
        (tampered, 400, "ticket_tampered"),
        (new_token(), 404, "ticket_unknown"),
        ("EAN 6901234567892", 400, "ticket_malformed"),
    ]
    for scanned, status, code in expected:
        response = await staff_client.post(
            f"/api/events/{fair.id}/checkins", json={"token": scanned, "gate": "A", "nonce": _nonce()}
        )
        assert (response.status_code, response.json()["code"]) == (status, code)
        assert response.json()["message"]
    outcomes = await Scan.select(Scan.outcome).where(Scan.event == fair.id).order_by(Scan.id)
    assert [row["outcome"] for row in outcomes] == [code for _, _, code in expected]
    assert await CheckIn.count() == 0


async def test_only_staff_of_that_fair_may_scan(client: httpx.AsyncClient, staff_client: httpx.AsyncClient) -> None:
    fair = await make_fair()  # "staff" is not assigned to it
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    payload = {"token": ticket.token, "gate": "A", "nonce": _nonce()}
    anonymous = await client.post(f"/api/events/{fair.id}/checkins", json=payload)
    assert anonymous.status_code == 401
    outsider = await staff_client.post(f"/api/events/{fair.id}/checkins", json=payload)
    assert (outsider.status_code, outsider.json()["code"]) == (403, "not_staff_of_event")
    for other in ({"token": new_token()}, {"token": "garbage"}, {"registration_id": person.id}):
        refused = await staff_client.post(f"/api/events/{fair.id}/checkins", json={**other, "gate": "A"})
        assert (refused.status_code, refused.json()["code"]) == (403, "not_staff_of_event")
    elsewhere = await make_fair()
    await accounts.assign_staff(event_id=elsewhere.id, username="staff")
    # staff of another fair, scanning this fair's ticket at this fair: still refused
    refused = await staff_client.post(f"/api/events/{fair.id}/checkins", json=payload)
    assert (refused.status_code, refused.json()["code"]) == (403, "not_staff_of_event")
    assert await Scan.count() == 0
    assert await CheckIn.count() == 0


async def test_organizers_may_scan_any_existing_fair(organizer_client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    response = await organizer_client.post(
        f"/api/events/{fair.id}/checkins", json={"registration_id": person.id, "gate": "desk"}
    )
    assert response.status_code == 201
    missing = await organizer_client.post("/api/events/999/checkins", json={"registration_id": 1, "gate": "desk"})
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_event")


async def test_token_or_registration_but_not_both(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    response = await staff_client.post(f"/api/events/{fair.id}/checkins", json={"gate": "A"})
    assert (response.status_code, response.json()["code"]) == (400, "token_or_registration")
    short_nonce = await staff_client.post(f"/api/events/{fair.id}/checkins", json={"token": "x", "nonce": "abc"})
    assert short_nonce.status_code == 400


async def test_a_scan_with_an_unknown_key_is_refused_by_name(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)

    response = await staff_client.post(
        f"/api/events/{fair.id}/checkins", json={"token": ticket.token, "door": "东门", "nonce": _nonce()}
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "unknown_field",
        "message": "data: Object contains unknown field `door`",
        "field": "door",
        "details": {"errors": [{"field": "data", "source": "body", "message": "Object contains unknown field `door`"}]},
    }
    assert await CheckIn.count() == 0
    assert await Scan.count() == 0


async def test_search_by_name_and_phone_then_check_in(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    person = await make_registration(event_id=fair.id, person_name="欧阳明")
    await make_registration(event_id=fair.id, person_name="欧阳华", status="pending")
    hits = (await staff_client.get(f"/api/events/{fair.id}/checkins/people", params={"q": "欧阳"})).json()
    assert [h["attendee"]["registration_id"] for h in hits] == [person.id]
    assert hits[0]["phone"] == "138****8000"
    assert hits[0]["checked_in_at"] is None
    by_phone = (await staff_client.get(f"/api/events/{fair.id}/checkins/people", params={"q": "0138000"})).json()
    assert person.id in [h["attendee"]["registration_id"] for h in by_phone]
    await staff_client.post(f"/api/events/{fair.id}/checkins", json={"registration_id": person.id, "gate": "desk"})
    hits = (await staff_client.get(f"/api/events/{fair.id}/checkins/people", params={"q": "欧阳明"})).json()
    assert hits[0]["gate"] == "desk"


async def test_live_numbers(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    people = [await make_registration(event_id=fair.id, role=role) for role in ("enterprise", "enterprise", "team")]
    for person, gate in zip(people[:2], ("东门", "西门"), strict=True):
        await staff_client.post(f"/api/events/{fair.id}/checkins", json={"registration_id": person.id, "gate": gate})
    await staff_client.post(f"/api/events/{fair.id}/checkins", json={"token": new_token(), "gate": "东门"})
    numbers = (await staff_client.get(f"/api/events/{fair.id}/checkins/live")).json()
    assert (numbers["expected"], numbers["checked_in"], numbers["failed"], numbers["scans"]) == (3, 2, 1, 3)
    assert numbers["roles"] == [
        {"role": "enterprise", "expected": 2, "checked_in": 2},
        {"role": "team", "expected": 1, "checked_in": 0},
    ]
    assert sorted((g["key"], g["count"]) for g in numbers["gates"]) == [("东门", 1), ("西门", 1)]
    assert sum(b["count"] for b in numbers["arrivals"]) == 2
    assert numbers["failed_by_code"] == [{"key": "ticket_unknown", "count": 1}]
    assert numbers["recent"][0]["outcome"] == "ticket_unknown"


async def test_table_check_in_and_attendance(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    company = await make_registration(event_id=fair.id)
    team = await make_registration(event_id=fair.id, role="team")
    meeting = await make_meeting(event_id=fair.id, a=company, b=team, slot_index=0, table_index=1)
    for person in (company, team):
        ticket = await tickets.issue_ticket(registration_id=person.id)
        response = await staff_client.post(
            f"/api/events/{fair.id}/table-checkins", json={"table": "T02", "slot": "d1-0900", "token": ticket.token}
        )
        assert response.status_code == 201, response.text
    body = response.json()
    assert body["outcome"] == "meeting_checked_in"
    assert body["meeting"]["meeting_id"] == meeting.id
    assert body["meeting"]["held"] is True
    nowhere = await staff_client.post(
        f"/api/events/{fair.id}/table-checkins", json={"table": "T03", "slot": "d1-0900", "registration_id": team.id}
    )
    assert (nowhere.status_code, nowhere.json()["code"]) == (409, "no_meeting_here")
    slots = (await staff_client.get(f"/api/events/{fair.id}/attendance")).json()
    assert slots[0] == {**slots[0], "slot": "d1-0900", "held": 1, "no_show": 0, "pending": 0}
    assert [s["slot"] for s in slots] == ["d1-0900", "d1-0920", "d1-0940"]


async def test_tickets_issue_read_and_reissue(organizer_client: httpx.AsyncClient) -> None:
    fair = await make_fair()
    people = [await make_registration(event_id=fair.id) for _ in range(3)]
    issued = await organizer_client.post(f"/api/events/{fair.id}/tickets")
    assert (issued.status_code, issued.json()) == (201, {"issued": 3})
    ticket = (await organizer_client.get(f"/api/events/{fair.id}/tickets/{people[0].id}")).json()
    assert ticket["url"] == f"http://testserver/t/{ticket['token']}"
    assert ticket["qr_png"] == ticket["url"] + "/qr.png"
    renewed = await organizer_client.post(f"/api/events/{fair.id}/tickets/{people[0].id}/reissue")
    assert renewed.status_code == 201
    assert renewed.json()["token"] != ticket["token"]
    old = await organizer_client.post(
        f"/api/events/{fair.id}/checkins", json={"token": ticket["url"], "gate": "A", "nonce": _nonce()}
    )
    assert (old.status_code, old.json()["code"]) == (410, "ticket_revoked")


async def test_staff_may_not_reissue(staff_client: httpx.AsyncClient) -> None:
    fair = await _staffed_fair()
    person = await make_registration(event_id=fair.id)
    response = await staff_client.post(f"/api/events/{fair.id}/tickets/{person.id}/reissue")
    assert response.status_code == 403

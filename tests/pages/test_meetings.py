"""Meeting pages: the portal's agenda, booking, requests, availability and messages; printable sheets; the grid."""

from __future__ import annotations

from typing import Any

import httpx

from events.tables import Event, Meeting, MeetingRequest, Registration
from tests.meeting_helpers import meeting_fair, scheduled_meeting, set_status
from tests.pages.helpers import HTML, csrf_field


async def _portal(client: httpx.AsyncClient, registration: Registration, query: str = "") -> httpx.Response:
    page = await client.get(f"/p/{registration.portal_token}{query}", headers=HTML)
    assert page.status_code == 200, page.text
    return page


async def test_the_portal_agenda_in_chinese_and_english(client: httpx.AsyncClient, db: Any) -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    enterprise, team = fair.enterprises[0], fair.teams[0]
    await scheduled_meeting(fair=fair, requester=enterprise, recipient=team, slot=fair.slots[1], table=fair.tables[0])
    page = await _portal(client, enterprise)
    assert 'id="section-agenda"' in page.text
    assert "我的日程" in page.text
    assert "课题组1" in page.text
    assert "09:20–09:40" in page.text
    assert fair.tables[0].code in page.text
    assert f"/calendar/{enterprise.calendar_token}.ics" in page.text
    assert 'href="/api/me/agenda.ics"' in page.text
    assert "/static/js/meetings.js" in page.text
    english = await _portal(client, enterprise, "?lang=en")
    assert "My agenda" in english.text
    assert "Download .ics" in english.text

    printable = await client.get(f"/p/{enterprise.portal_token}/agenda", headers=HTML)
    assert printable.status_code == 200
    assert "课题组1" in printable.text
    assert "data-print" in printable.text
    sheet = await client.get(f"/p/{team.portal_token}/table", headers=HTML)
    assert sheet.status_code == 200
    assert fair.tables[0].code in sheet.text
    assert "测试机构" in sheet.text  # the enterprise across the table
    no_table = await client.get(f"/p/{enterprise.portal_token}/table", headers=HTML)
    assert no_table.status_code == 404


async def test_request_answer_book_move_cancel_through_forms(client: httpx.AsyncClient, db: Any) -> None:
    fair = await meeting_fair(teams=1, enterprises=2, status="open")
    (enterprise, rival), team = fair.enterprises, fair.teams[0]

    page = await _portal(client, enterprise)
    token = csrf_field(page.text)
    asked = await client.post(
        f"/p/{enterprise.portal_token}/requests",
        data={"_csrf_token": token, "recipient_id": str(team.id), "priority": "5", "message": "想聊聊"},
    )
    assert asked.status_code == 303
    assert asked.headers["location"] == f"/p/{enterprise.portal_token}?in=requests&done=asked#section-requests"
    request = await MeetingRequest.objects().first()
    assert request is not None
    assert (request.priority, request.message) == (5, "想聊聊")
    again = await client.post(
        f"/p/{enterprise.portal_token}/requests", data={"_csrf_token": token, "recipient_id": str(team.id)}
    )
    assert "error=already_requested" in again.headers["location"]
    shown = await client.get(again.headers["location"], headers=HTML)
    assert "已经有一个未结束的洽谈邀请" in shown.text

    team_page = await _portal(client, team)
    assert "想聊聊" in team_page.text
    accepted = await client.post(
        f"/p/{team.portal_token}/requests/{request.id}/accept", data={"_csrf_token": csrf_field(team_page.text)}
    )
    assert "done=accepted" in accepted.headers["location"]

    # the schedule is published: booking opens
    await set_status(fair.event.id, "scheduled")
    page = await _portal(client, enterprise)
    assert f"/p/{enterprise.portal_token}/book?with={team.id}" in page.text
    book_page = await client.get(f"/p/{enterprise.portal_token}/book?with={team.id}", headers=HTML)
    assert book_page.status_code == 200
    assert 'data-slot="d1-0900"' in book_page.text
    booked = await client.post(
        f"/p/{enterprise.portal_token}/meetings",
        data={"_csrf_token": csrf_field(book_page.text), "counterpart_id": str(team.id), "slot": "d1-0900"},
    )
    assert "done=booked" in booked.headers["location"]
    meeting = await Meeting.objects().first()
    assert meeting is not None
    assert meeting.request == request.id

    rival_page = await _portal(client, rival)
    taken = await client.post(
        f"/p/{rival.portal_token}/meetings",
        data={"_csrf_token": csrf_field(rival_page.text), "counterpart_id": str(team.id), "slot": "d1-0900"},
    )
    assert "error=slot_taken" in taken.headers["location"]
    shown = await client.get(taken.headers["location"], headers=HTML)
    assert "刚刚被别人订走" in shown.text

    page = await _portal(client, enterprise)
    moved = await client.post(
        f"/p/{enterprise.portal_token}/meetings/{meeting.id}/move",
        data={"_csrf_token": csrf_field(page.text), "slot": "d1-0940"},
    )
    assert "done=moved" in moved.headers["location"]
    cancelled = await client.post(
        f"/p/{enterprise.portal_token}/meetings/{meeting.id}/cancel", data={"_csrf_token": csrf_field(page.text)}
    )
    assert "done=cancelled" in cancelled.headers["location"]
    stored = await Meeting.objects().first()
    assert stored is not None
    assert (stored.status, stored.sequence) == ("cancelled", 2)

    messages = await _portal(client, team)
    for text in ("向您发出洽谈邀请", "改至", "已取消"):
        assert text in messages.text, text
    read = await client.post(f"/p/{team.portal_token}/messages/read", data={"_csrf_token": csrf_field(messages.text)})
    assert "done=read" in read.headers["location"]


async def test_forms_without_csrf_are_refused(client: httpx.AsyncClient, db: Any) -> None:
    fair = await meeting_fair(teams=1, enterprises=1, status="open")
    await _portal(client, fair.enterprises[0])  # sets the portal cookie
    refused = await client.post(
        f"/p/{fair.enterprises[0].portal_token}/requests", data={"recipient_id": str(fair.teams[0].id)}
    )
    assert refused.status_code == 403
    assert await MeetingRequest.count() == 0


async def test_availability_form(client: httpx.AsyncClient, db: Any) -> None:
    fair = await meeting_fair(teams=1, enterprises=1, status="open")
    enterprise = fair.enterprises[0]
    page = await _portal(client, enterprise)
    saved = await client.post(
        f"/p/{enterprise.portal_token}/unavailable",
        data={"_csrf_token": csrf_field(page.text), "slot_ids": [str(fair.slots[0].id), str(fair.slots[2].id)]},
    )
    assert "done=availability" in saved.headers["location"]
    stored = await Registration.objects().where(Registration.id == enterprise.id).first()
    assert stored is not None
    assert sorted(stored.unavailable_slots) == sorted([fair.slots[0].id, fair.slots[2].id])


async def test_console_grid_sheet_and_outbox(organizer_client: httpx.AsyncClient, db: Any) -> None:
    fair = await meeting_fair(teams=2, enterprises=2)
    await scheduled_meeting(
        fair=fair, requester=fair.enterprises[0], recipient=fair.teams[0], slot=fair.slots[0], table=fair.tables[0]
    )
    grid = await organizer_client.get(f"/console/fairs/{fair.event.id}/meetings", headers=HTML)
    assert grid.status_code == 200, grid.text
    assert "meeting-grid" in grid.text
    assert f"/console/fairs/{fair.event.id}/tables/{fair.tables[0].code}" in grid.text
    placed = await organizer_client.post(
        f"/console/fairs/{fair.event.id}/meetings",
        data={
            "_csrf_token": csrf_field(grid.text),
            "requester_id": str(fair.enterprises[1].id),
            "recipient_id": str(fair.teams[1].id),
            "slot": "d1-0920",
        },
    )
    assert placed.status_code == 303
    assert placed.headers["location"].endswith("?done=placed")
    assert await Meeting.count() == 2
    sheet = await organizer_client.get(f"/console/fairs/{fair.event.id}/tables/{fair.tables[1].code}", headers=HTML)
    assert sheet.status_code == 200
    assert "课题组2" in sheet.text
    outbox = await organizer_client.get(f"/console/fairs/{fair.event.id}/outbox", headers=HTML)
    assert outbox.status_code == 200
    assert "已安排洽谈" in outbox.text
    assert "boss2@example.com" in outbox.text


async def test_console_rules_form(organizer_client: httpx.AsyncClient, db: Any) -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    grid = await organizer_client.get(f"/console/fairs/{fair.event.id}/meetings", headers=HTML)
    assert "洽谈邀请规则" in grid.text
    saved = await organizer_client.post(
        f"/console/fairs/{fair.event.id}/meeting-rules",
        data={"request_expiry_hours": "72", "max_requests_per_participant": "", "max_meetings_per_participant": "6"},
    )
    assert saved.headers["location"].endswith("?done=rules")
    event = await Event.objects().where(Event.id == fair.event.id).first()
    assert event is not None
    assert (event.request_expiry_hours, event.max_requests_per_participant, event.max_meetings_per_participant) == (
        72,
        None,
        6,
    )
    refused = await organizer_client.post(
        f"/console/fairs/{fair.event.id}/meeting-rules", data={"request_expiry_hours": "0"}
    )
    assert "error=" in refused.headers["location"]

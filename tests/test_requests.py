"""Meeting requests: asking, answering, expiry that frees the pair, limits, organizer requests, unavailability."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events import requests
from events.clock import utc_now
from events.errors import DomainError
from events.pagination import PageRequest
from events.tables import EventAchievement, MeetingRequest, Notification
from tests.factories import make_achievement, make_registration
from tests.meeting_helpers import meeting_fair, scheduled_meeting


async def _codes(call: object) -> str:
    with pytest.raises(DomainError) as caught:
        await call  # type: ignore[misc]
    return caught.value.code


async def test_ask_accept_and_the_outbox_of_both_sides() -> None:
    fair = await meeting_fair(status="open")
    enterprise, team = fair.enterprises[0], fair.teams[0]
    achievement = await make_achievement(organization_id=team.organization, title="固态电池电解质")
    await EventAchievement(event=fair.event.id, achievement=achievement.id, registration=team.id).save()

    request = await requests.ask(
        registration_id=enterprise.id,
        recipient_id=team.id,
        message="想了解中试条件",
        priority=5,
        about=requests.About(achievement_id=achievement.id),
    )
    assert request.status == "pending"
    assert request.expires_at is None  # the fair sets no expiry
    received = await Notification.objects().where(Notification.registration == team.id)
    assert [n.kind for n in received] == ["request_received"]
    assert "想了解中试条件" in received[0].body
    assert "固态电池电解质" in received[0].body
    assert received[0].email == "team1@example.edu.cn"
    assert received[0].delivery == "pending"

    accepted = await requests.respond(request_id=request.id, registration_id=team.id, accept=True)
    assert accepted.status == "accepted"
    again = await requests.respond(request_id=request.id, registration_id=team.id, accept=True)
    assert again.status == "accepted"  # answering twice the same way changes nothing
    told = await Notification.objects().where(Notification.registration == enterprise.id)
    assert [n.kind for n in told] == ["request_accepted"]
    assert await _codes(requests.respond(request_id=request.id, registration_id=team.id, accept=False)) == (
        "request_not_pending"
    )
    # only the recipient answers
    assert await _codes(requests.respond(request_id=request.id, registration_id=enterprise.id, accept=True)) == (
        "unknown_request"
    )


async def test_refusals_name_the_rule() -> None:
    fair = await meeting_fair(status="open", teams=2, enterprises=2, max_requests_per_participant=1)
    e1, e2 = fair.enterprises
    t1, t2 = fair.teams
    pending = await make_registration(event_id=fair.event.id, role="enterprise", status="pending")
    assert await _codes(requests.ask(registration_id=e1.id, recipient_id=e2.id)) == "invalid_pair"
    assert await _codes(requests.ask(registration_id=t1.id, recipient_id=t2.id)) == "invalid_pair"
    assert await _codes(requests.ask(registration_id=e1.id, recipient_id=e1.id)) == "self_meeting"
    assert await _codes(requests.ask(registration_id=pending.id, recipient_id=t1.id)) == "not_approved"
    assert await _codes(requests.ask(registration_id=e1.id, recipient_id=t1.id, priority=9)) == "invalid_priority"
    assert await _codes(requests.ask(registration_id=e1.id, recipient_id=t1.id, message="长" * 2001)) == (
        "message_too_long"
    )
    assert (
        await _codes(
            requests.ask(registration_id=e1.id, recipient_id=t1.id, about=requests.About(achievement_id=999999))
        )
        == "unknown_achievement"
    )
    await requests.ask(registration_id=e1.id, recipient_id=t1.id)
    assert await _codes(requests.ask(registration_id=e1.id, recipient_id=t1.id)) == "already_requested"
    # the reverse direction is the same pair
    assert await _codes(requests.ask(registration_id=t1.id, recipient_id=e1.id)) == "already_requested"
    assert await _codes(requests.ask(registration_id=e1.id, recipient_id=t2.id)) == "request_limit_reached"
    # teams may ask enterprises too
    reverse = await requests.ask(registration_id=t2.id, recipient_id=e2.id)
    assert reverse.status == "pending"
    other_fair = await meeting_fair(status="open")
    assert await _codes(requests.ask(registration_id=e1.id, recipient_id=other_fair.teams[0].id)) == (
        "unknown_registration"
    )
    draft = await meeting_fair(status="draft")
    assert await _codes(requests.ask(registration_id=draft.enterprises[0].id, recipient_id=draft.teams[0].id)) == (
        "requests_closed"
    )


async def test_a_participant_limit_overrides_the_fair() -> None:
    fair = await meeting_fair(status="open", teams=3, enterprises=1, max_requests_per_participant=1)
    enterprise = fair.enterprises[0]
    await make_registration_limit(enterprise.id, 2)
    await requests.ask(registration_id=enterprise.id, recipient_id=fair.teams[0].id)
    await requests.ask(registration_id=enterprise.id, recipient_id=fair.teams[1].id)
    assert await _codes(requests.ask(registration_id=enterprise.id, recipient_id=fair.teams[2].id)) == (
        "request_limit_reached"
    )


async def make_registration_limit(registration_id: int, limit: int) -> None:
    from events.tables import Registration

    await Registration.update({Registration.max_requests: limit}).where(Registration.id == registration_id)


async def test_expired_requests_stop_blocking_the_pair_and_the_limit() -> None:
    fair = await meeting_fair(status="open", teams=2, enterprises=1, request_expiry_hours=48)
    enterprise, team = fair.enterprises[0], fair.teams[0]
    await make_registration_limit(enterprise.id, 1)
    first = await requests.ask(registration_id=enterprise.id, recipient_id=team.id)
    assert first.expires_at is not None
    assert timedelta(hours=47, minutes=59) < first.expires_at - utc_now() <= timedelta(hours=48)
    assert await _codes(requests.ask(registration_id=enterprise.id, recipient_id=fair.teams[1].id)) == (
        "request_limit_reached"
    )

    # time passes: the request is due
    await MeetingRequest.update({MeetingRequest.expires_at: utc_now() - timedelta(minutes=1)}).where(
        MeetingRequest.id == first.id
    )
    listed = await requests.list_requests(event_id=fair.event.id, page=PageRequest(), registration_id=team.id)
    assert [r.status for r in listed.items] == ["expired"]  # shown as expired before any sweep
    assert await _codes(requests.respond(request_id=first.id, registration_id=team.id, accept=True)) == (
        "request_expired"
    )
    stored = await MeetingRequest.objects().where(MeetingRequest.id == first.id).first()
    assert stored is not None
    assert stored.status == "expired"
    # neither the pair nor the limit is blocked any more
    second = await requests.ask(registration_id=enterprise.id, recipient_id=team.id)
    assert second.status == "pending"


async def test_withdraw_only_without_a_meeting() -> None:
    fair = await meeting_fair(status="scheduled")
    enterprise, team = fair.enterprises[0], fair.teams[0]
    request = await requests.ask(registration_id=enterprise.id, recipient_id=team.id)
    assert await _codes(requests.withdraw(request_id=request.id, registration_id=team.id)) == "unknown_request"
    withdrawn = await requests.withdraw(request_id=request.id, registration_id=enterprise.id)
    assert withdrawn.status == "withdrawn"

    other = fair.enterprises[1]
    meeting = await scheduled_meeting(
        fair=fair, requester=other, recipient=team, slot=fair.slots[0], table=fair.tables[0]
    )
    assert await _codes(requests.withdraw(request_id=meeting.request, registration_id=other.id)) == "has_meeting"


async def test_organizer_adds_and_forces_requests() -> None:
    fair = await meeting_fair(status="closed", max_requests_per_participant=0)
    enterprise, team = fair.enterprises[0], fair.teams[0]
    pending = await requests.organizer_add(
        event_id=fair.event.id,
        requester_id=enterprise.id,
        recipient_id=team.id,
        created_by=None,
        priority=4,
        allowed_slot_ids=[fair.slots[1].id],
    )
    assert pending.status == "accepted"
    assert pending.allowed_slots == [fair.slots[1].id]
    # adding again upgrades the same request: forced (required) and re-weighted
    forced = await requests.organizer_add(
        event_id=fair.event.id,
        requester_id=enterprise.id,
        recipient_id=team.id,
        created_by=None,
        priority=5,
        required=True,
    )
    assert forced.id == pending.id
    assert forced.required is True
    assert forced.priority == 5
    kinds = await Notification.select(Notification.registration, Notification.kind).order_by(Notification.id)
    assert kinds == [
        {"registration": enterprise.id, "kind": "request_accepted"},
        {"registration": team.id, "kind": "request_accepted"},
    ]
    assert (
        await _codes(
            requests.organizer_add(
                event_id=fair.event.id,
                requester_id=enterprise.id,
                recipient_id=team.id,
                created_by=None,
                allowed_slot_ids=[999999],
            )
        )
        == "unknown_slot"
    )


async def test_unavailable_slots_are_checked_against_meetings() -> None:
    fair = await meeting_fair()
    enterprise, team = fair.enterprises[0], fair.teams[0]
    saved = await requests.set_unavailable_slots(
        registration_id=enterprise.id, slot_ids=[fair.slots[2].id, fair.slots[1].id, fair.slots[1].id]
    )
    assert saved == sorted([fair.slots[1].id, fair.slots[2].id])
    await scheduled_meeting(fair=fair, requester=enterprise, recipient=team, slot=fair.slots[0], table=fair.tables[0])
    assert await _codes(requests.set_unavailable_slots(registration_id=enterprise.id, slot_ids=[fair.slots[0].id])) == (
        "meeting_in_slot"
    )
    assert await _codes(requests.set_unavailable_slots(registration_id=enterprise.id, slot_ids=[424242])) == (
        "unknown_slot"
    )

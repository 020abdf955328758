"""Issuing, re-issuing and reading tickets."""

from __future__ import annotations

import asyncio

import pytest

from events.checkin import tickets
from events.checkin.errors import CheckinError
from events.checkin.tokens import extract_token
from events.errors import NotFoundError
from events.tables import Ticket
from tests.checkin.helpers import make_meeting
from tests.factories import make_fair, make_registration


async def test_issuing_twice_gives_the_same_live_ticket() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    first = await tickets.issue_ticket(registration_id=person.id)
    again = await tickets.issue_ticket(registration_id=person.id)
    assert again == first
    assert extract_token(first.token) == first.token
    assert (first.event_id, first.registration_id, first.revoked_at) == (fair.id, person.id, None)


async def test_concurrent_first_issues_converge_on_one_ticket() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    issued = await asyncio.gather(*(tickets.issue_ticket(registration_id=person.id) for _ in range(8)))
    assert len({t.token for t in issued}) == 1
    assert await Ticket.count() == 1


async def test_reissuing_revokes_the_old_ticket_at_once() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    old = await tickets.issue_ticket(registration_id=person.id)
    new = await tickets.reissue_ticket(registration_id=person.id)
    assert new.token != old.token
    rows = await Ticket.select(Ticket.secret, Ticket.revoked_at).order_by(Ticket.id)
    assert rows[0]["secret"] == old.token
    assert rows[0]["revoked_at"] is not None
    assert rows[1] == {"secret": new.token, "revoked_at": None}
    with pytest.raises(CheckinError) as caught:
        await tickets.ticket_view(token=old.token)
    assert caught.value.code == "ticket_revoked"
    assert (await tickets.ticket_view(token=new.token)).ticket == new


async def test_only_approved_registrations_get_tickets() -> None:
    fair = await make_fair()
    pending = await make_registration(event_id=fair.id, status="pending")
    with pytest.raises(CheckinError) as caught:
        await tickets.issue_ticket(registration_id=pending.id)
    assert caught.value.code == "registration_not_approved"
    with pytest.raises(NotFoundError):
        await tickets.issue_ticket(registration_id=pending.id + 1000)


async def test_issue_tickets_for_a_fair_fills_the_gaps_only() -> None:
    fair = await make_fair()
    people = [await make_registration(event_id=fair.id) for _ in range(3)]
    await make_registration(event_id=fair.id, status="rejected")
    kept = await tickets.issue_ticket(registration_id=people[0].id)
    assert await tickets.issue_tickets(event_id=fair.id) == 2
    assert await tickets.issue_tickets(event_id=fair.id) == 0
    assert await tickets.live_ticket(registration_id=people[0].id) == kept
    assert await Ticket.count() == 3


async def test_revoking_without_replacement() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    await tickets.issue_ticket(registration_id=person.id)
    assert await tickets.revoke_tickets(registration_id=person.id) == 1
    assert await tickets.live_ticket(registration_id=person.id) is None


async def test_ticket_view_shows_who_and_the_agenda() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id, person_name="李娜")
    team = await make_registration(event_id=fair.id, role="team", team_name="新材料课题组")
    other = await make_registration(event_id=fair.id, role="team")
    await make_meeting(event_id=fair.id, a=person, b=other, slot_index=2, table_index=1)
    await make_meeting(event_id=fair.id, a=person, b=team, slot_index=0, table_index=0)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    view = await tickets.ticket_view(token=ticket.token.lower())
    assert view.attendee.name == "李娜"
    assert view.arrival is None
    assert [(i.slot_code, i.table_code) for i in view.agenda] == [("d1-0900", "T01"), ("d1-0940", "T02")]
    assert "新材料课题组" in view.agenda[0].counterpart


async def test_unknown_ticket_links_are_not_found() -> None:
    with pytest.raises(NotFoundError):
        await tickets.ticket_view(token="not-a-ticket")


async def test_badges_list_approved_people_with_live_tickets() -> None:
    fair = await make_fair()
    for _ in range(5):
        await make_registration(event_id=fair.id)
    await make_registration(event_id=fair.id, status="pending")
    page, total = await tickets.badges(event_id=fair.id, offset=0, limit=3)
    assert total == 5
    assert len(page) == 3
    rest, _ = await tickets.badges(event_id=fair.id, offset=3, limit=3)
    assert len(rest) == 2
    assert len({b.token for b in page + rest}) == 5

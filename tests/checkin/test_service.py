"""The gate scan on a real database: once, idempotent per nonce, every refusal distinct and recorded."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from events.checkin import service, tickets
from events.checkin.errors import CheckinError
from events.checkin.tokens import new_token, ticket_url
from events.errors import ErrorKind
from events.tables import CheckIn, Scan
from tests.checkin.helpers import make_meeting
from tests.factories import make_fair, make_registration, make_user

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)  # 08:30 in Shanghai, before the first slot


async def _scan_rows() -> list[dict]:
    return await Scan.select(Scan.nonce, Scan.outcome, Scan.status_code, Scan.registration, Scan.gate).order_by(Scan.id)


async def test_first_scan_checks_in_and_names_who_role_and_next_meeting() -> None:
    fair = await make_fair()
    staff = await make_user(role="staff")
    guest = await make_registration(event_id=fair.id, role="enterprise", person_name="张伟")
    team = await make_registration(event_id=fair.id, role="team")
    meeting = await make_meeting(event_id=fair.id, a=guest, b=team, slot_index=1, table_index=2)
    ticket = await tickets.issue_ticket(registration_id=guest.id)

    answer = await service.check_in(
        event_id=fair.id,
        scanned=ticket_url("https://fair.example.cn", ticket.token),
        gate="东门",
        nonce="n-1",
        scanned_by=staff.id,
        scanned_by_name="Gate staff",
        now=NOW,
    )

    assert answer.created is True
    body = answer.body
    assert body["outcome"] == "checked_in"
    assert body["attendee"]["name"] == "张伟"
    assert body["attendee"]["role"] == "enterprise"
    assert body["attendee"]["registration_id"] == guest.id
    assert body["check_in"] == {"at": NOW.isoformat(), "gate": "东门", "by": "Gate staff"}
    assert body["next_meeting"]["meeting_id"] == meeting.id
    assert body["next_meeting"]["slot"] == "d1-0920"
    assert body["next_meeting"]["table"] == "T03"
    assert body["next_meeting"]["with"] != ""
    rows = await CheckIn.select(CheckIn.registration, CheckIn.gate, CheckIn.scanned_by, CheckIn.ticket)
    assert rows == [{"registration": guest.id, "gate": "东门", "scanned_by": staff.id, "ticket": ticket.id}]
    assert await _scan_rows() == [
        {"nonce": "n-1", "outcome": "checked_in", "status_code": 201, "registration": guest.id, "gate": "东门"}
    ]


async def test_a_second_scan_says_when_where_and_by_whom() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    await service.check_in(
        event_id=fair.id, scanned=ticket.token, gate="A", nonce="n-1", scanned_by_name="王芳", now=NOW
    )
    later = NOW + timedelta(minutes=7)
    answer = await service.check_in(
        event_id=fair.id, scanned=ticket.token, gate="B", nonce="n-2", scanned_by_name="李雷", now=later
    )
    assert answer.created is False
    assert answer.body["outcome"] == "already_checked_in"
    assert answer.body["check_in"]["gate"] == "A"
    assert datetime.fromisoformat(answer.body["check_in"]["at"]) == NOW
    assert answer.body["scan"] == {"nonce": "n-2", "gate": "B", "at": later.isoformat()}
    assert await CheckIn.count() == 1
    assert [r["outcome"] for r in await _scan_rows()] == ["checked_in", "already_checked_in"]


async def test_the_same_nonce_replays_the_first_answer_and_creates_nothing() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    first = await service.check_in(event_id=fair.id, scanned=ticket.token, gate="A", nonce="same", now=NOW)
    again = await service.check_in(
        event_id=fair.id, scanned=ticket.token, gate="A", nonce="same", now=NOW + timedelta(seconds=30)
    )
    assert again.created is True
    assert again.replayed is True
    assert again.body == first.body
    assert await CheckIn.count() == 1
    assert await Scan.count() == 1


async def test_a_nonce_used_for_another_scan_is_refused() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    await service.check_in(event_id=fair.id, scanned=ticket.token, gate="A", nonce="n", now=NOW)
    with pytest.raises(CheckinError) as caught:
        await service.check_in(event_id=fair.id, scanned=ticket.token, gate="B", nonce="n", now=NOW)
    assert caught.value.code == "nonce_reused"
    assert caught.value.kind is ErrorKind.CONFLICT


async def _refusal(fair_id: int, scanned: str, nonce: str) -> CheckinError:
    with pytest.raises(CheckinError) as caught:
        await service.check_in(event_id=fair_id, scanned=scanned, gate="A", nonce=nonce, now=NOW)
    return caught.value


async def test_each_bad_ticket_has_its_own_code_and_is_recorded() -> None:
    fair = await make_fair()
    other = await make_fair()
    here = await make_registration(event_id=fair.id)
    there = await make_registration(event_id=other.id)
    old = await tickets.issue_ticket(registration_id=here.id)
    await tickets.reissue_ticket(registration_id=here.id)
    foreign = await tickets.issue_ticket(registration_id=there.id)
    tampered = old.token[:5] + ("Q" if old.token[5] != "Q" else "R") + old.token[6:]

    cases = {
        "ticket_other_fair": (foreign.token, ErrorKind.CONFLICT),
        "ticket_revoked": (old.token, ErrorKind.GONE),
        "ticket_tampered": (tampered, ErrorKind.INVALID),
        "ticket_unknown": (new_token(), ErrorKind.NOT_FOUND),
        "ticket_malformed": ("6901234567892", ErrorKind.INVALID),
    }
    for index, (code, (scanned, kind)) in enumerate(cases.items()):
        error = await _refusal(fair.id, scanned, f"bad-{index}")
        assert (error.code, error.kind) == (code, kind)

    assert await CheckIn.count() == 0
    rows = await _scan_rows()
    assert [r["outcome"] for r in rows] == list(cases)
    assert [r["status_code"] for r in rows] == [409, 410, 400, 404, 400]
    assert [r["registration"] for r in rows] == [None, here.id, None, None, None]


async def test_a_refused_scan_replays_the_same_refusal() -> None:
    fair = await make_fair()
    token = new_token()
    first = await _refusal(fair.id, token, "n")
    again = await _refusal(fair.id, token, "n")
    assert (again.code, again.message, again.kind) == (first.code, first.message, first.kind)
    assert await Scan.count() == 1


async def test_a_cancelled_registration_is_refused_at_the_gate() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    from events.tables import Registration

    await Registration.update({Registration.status: "cancelled"}).where(Registration.id == person.id)
    error = await _refusal(fair.id, ticket.token, "n")
    assert error.code == "registration_not_approved"
    assert error.details["status"] == "cancelled"


async def test_search_fallback_checks_in_by_registration() -> None:
    fair = await make_fair()
    other = await make_fair()
    person = await make_registration(event_id=fair.id)
    stranger = await make_registration(event_id=other.id)
    answer = await service.check_in(event_id=fair.id, registration_id=person.id, gate="desk", nonce="s1", now=NOW)
    assert answer.body["outcome"] == "checked_in"
    rows = await CheckIn.select(CheckIn.ticket, CheckIn.registration)
    assert rows == [{"ticket": None, "registration": person.id}]
    with pytest.raises(CheckinError) as caught:
        await service.check_in(event_id=fair.id, registration_id=stranger.id, gate="desk", nonce="s2", now=NOW)
    assert caught.value.code == "unknown_registration"


async def test_concurrent_scans_in_one_process_check_in_once() -> None:
    fair = await make_fair()
    person = await make_registration(event_id=fair.id)
    ticket = await tickets.issue_ticket(registration_id=person.id)
    answers = await asyncio.gather(
        *(
            service.check_in(event_id=fair.id, scanned=ticket.token, gate=f"G{i % 10}", nonce=f"c{i}", now=NOW)
            for i in range(20)
        )
    )
    assert sorted(a.body["outcome"] for a in answers) == ["already_checked_in"] * 19 + ["checked_in"]
    assert await CheckIn.count() == 1
    assert await Scan.count() == 20


def test_audit_status_matches_the_http_mapping() -> None:
    from events.api.errors import STATUS_BY_KIND

    for kind, status in service.AUDIT_STATUS.items():
        assert STATUS_BY_KIND[kind] == status

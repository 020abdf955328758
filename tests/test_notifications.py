"""The outbox and its e-mail delivery, against a real SMTP server (aiosmtpd) running in the test process."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import email.policy
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from events import booking, notifications, requests
from events.settings import MailSettings, Settings
from events.tables import Notification, NotificationKind
from tests.meeting_helpers import meeting_fair

BASE = "https://fair.example.cn"


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and refuses addresses starting with 'bounce'."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, MailSettings]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield (
            mailbox,
            MailSettings(
                host="127.0.0.1", port=controller.port, use_tls=False, sender="江城科技局 <fair@kjj.example.gov.cn>"
            ),
        )
    finally:
        controller.stop()


async def test_pending_messages_are_emailed_once_in_both_languages(smtp: tuple[Mailbox, MailSettings]) -> None:
    mailbox, mail = smtp
    fair = await meeting_fair(teams=1, enterprises=1)
    enterprise, team = fair.enterprises[0], fair.teams[0]
    await booking.book(registration_id=enterprise.id, counterpart_id=team.id, slot_id=fair.slots[0].id)

    first, second = await asyncio.gather(
        notifications.deliver_pending(mail=mail, base_url=BASE),
        notifications.deliver_pending(mail=mail, base_url=BASE),
    )
    assert first.sent + second.sent == 2  # two senders at once: each message claimed by one of them
    assert await notifications.deliver_pending(mail=mail, base_url=BASE) == notifications.DeliveryReport()
    assert sorted(rcpt for _sender, (rcpt,) in mailbox.envelopes) == ["boss1@example.com", "team1@example.edu.cn"]
    assert {sender for sender, _ in mailbox.envelopes} == {"fair@kjj.example.gov.cn"}

    to_team = next(m for m in mailbox.messages if m["To"] == "team1@example.edu.cn")
    assert to_team["Subject"].startswith("与")  # Chinese first
    assert "Meeting with" in to_team["Subject"]
    body = to_team.get_content()
    assert "09:00" in body
    assert fair.tables[0].code in body
    assert "—— English ——" in body
    assert f"{BASE}/p/{team.portal_token}" in body

    rows = await Notification.objects().order_by(Notification.id)
    assert {(r.delivery, r.attempts) for r in rows} == {("sent", 1)}
    assert all(r.sent_at is not None for r in rows)


async def test_refused_addresses_are_retried_then_marked_failed(smtp: tuple[Mailbox, MailSettings]) -> None:
    mailbox, mail = smtp
    fair = await meeting_fair(teams=1, enterprises=1)
    enterprise, team = fair.enterprises[0], fair.teams[0]
    from tests.meeting_helpers import give_email

    await give_email(team, "bounce@example.edu.cn")
    await requests.ask(registration_id=enterprise.id, recipient_id=team.id)
    for attempt in range(1, notifications.MAX_ATTEMPTS + 1):
        report = await notifications.deliver_pending(mail=mail, base_url=BASE)
        expected = "failed" if attempt == notifications.MAX_ATTEMPTS else "pending"
        (row,) = await Notification.objects()
        assert (row.delivery, row.attempts) == (expected, attempt)
        assert "550" in row.last_error
        assert (report.failed, report.retrying) == ((1, 0) if expected == "failed" else (0, 1))
    assert mailbox.messages == []
    assert await notifications.retry_failed(event_id=fair.event.id) == 1
    (row,) = await Notification.objects()
    assert (row.delivery, row.attempts) == ("pending", 0)


async def test_an_unreachable_server_keeps_messages_pending() -> None:
    fair = await meeting_fair(teams=1, enterprises=1)
    await requests.ask(registration_id=fair.enterprises[0].id, recipient_id=fair.teams[0].id)
    closed = MailSettings(host="127.0.0.1", port=_free_port(), use_tls=False)
    report = await notifications.deliver_pending(mail=closed, base_url=BASE)
    assert report == notifications.DeliveryReport(retrying=1)
    (row,) = await Notification.objects()
    assert row.delivery == "pending"
    assert "ConnectionRefusedError" in row.last_error


async def test_without_smtp_or_address_the_outbox_still_records() -> None:
    fair = await meeting_fair(teams=1, enterprises=1, emails=False)
    await requests.ask(registration_id=fair.enterprises[0].id, recipient_id=fair.teams[0].id)
    assert await notifications.deliver_pending(mail=MailSettings(), base_url=BASE) == notifications.DeliveryReport()
    (row,) = await Notification.objects()
    assert (row.kind, row.delivery, row.email) == ("request_received", "no_address", "")


async def test_the_api_emails_after_answering(smtp: tuple[Mailbox, MailSettings], settings: Settings, db: Any) -> None:
    from events.app import create_app

    mailbox, mail = smtp
    app = create_app(dataclasses.replace(settings, mail=mail))
    fair = await meeting_fair(teams=1, enterprises=1, status="open")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://testserver",
        headers={"X-Participant-Token": fair.enterprises[0].portal_token},
    ) as enterprise:
        asked = await enterprise.post("/api/me/requests", json={"recipient_id": fair.teams[0].id, "message": "你好"})
    assert asked.status_code == 201, asked.text
    (message,) = mailbox.messages
    assert message["To"] == "team1@example.edu.cn"
    assert "你好" in message.get_content()
    (row,) = await Notification.objects()
    assert row.delivery == "sent"


def test_rendering_follows_the_readers_language() -> None:
    data = {
        "fair": "测试对接会",
        "fair_en": "Test Fair",
        "time_zone": "Asia/Shanghai",
        "counterpart": "江城理工大学 · 课题组1",
        "slot": "d1-0940",
        "starts_at": "2026-12-03T01:40:00+00:00",
        "ends_at": "2026-12-03T02:00:00+00:00",
        "previous_slot": "d1-0900",
        "previous_starts_at": "2026-12-03T01:00:00+00:00",
        "previous_ends_at": "2026-12-03T01:20:00+00:00",
        "table": "T01",
    }
    subject, body = notifications.render("meeting_moved", data, "en")
    assert subject == "Meeting with 江城理工大学 · 课题组1 moved to Dec 3, 2026, 09:40–10:00"
    assert "from Dec 3, 2026, 09:00–09:20 to Dec 3, 2026, 09:40–10:00, at table T01" in body
    assert body.endswith("Fair: Test Fair")
    zh_subject, zh_body = notifications.render("meeting_moved", data, "zh_CN")
    assert "2026年12月3日 09:40–10:00" in zh_subject
    assert zh_body.endswith("测试对接会")


async def test_record_many_writes_what_record_writes_one_by_one() -> None:
    from events.parties import load_parties
    from tests.meeting_helpers import give_email

    fair = await meeting_fair(teams=1, enterprises=1, emails=False)
    await give_email(fair.teams[0], "team1@example.edu.cn")  # the enterprise has no address
    parties = await load_parties([fair.teams[0].id, fair.enterprises[0].id])
    team, enterprise = parties[fair.teams[0].id], parties[fair.enterprises[0].id]
    data = {"slot": "d1-0900", "starts_at": "2026-12-03T01:00:00+00:00", "ends_at": "2026-12-03T01:20:00+00:00"}
    told = [(team, enterprise), (enterprise, team)]
    for one, other in told:
        await notifications.record(
            event=fair.event, recipient=one, kind=NotificationKind.MEETING_CANCELLED, counterpart=other, data=data
        )

    written = await notifications.record_many(
        event=fair.event,
        messages=[
            notifications.Message(recipient=one, kind=NotificationKind.MEETING_CANCELLED, counterpart=other, data=data)
            for one, other in told
        ],
    )

    assert written == 2
    rows = [
        {k: v for k, v in row.items() if k not in {"id", "created_at"}}
        for row in await Notification.select().order_by(Notification.id).output(load_json=True)
    ]
    assert rows[2:] == rows[:2]
    assert [(r["registration"], r["delivery"]) for r in rows[:2]] == [
        (team.id, "pending"),
        (enterprise.id, "no_address"),
    ]
    assert rows[0]["data"]["counterpart"] == enterprise.name

"""The demo's outbox: one message per request received and one per answer, inside each fair."""

from __future__ import annotations

from events.demo import build_demo
from events.tables import MeetingRequest, Notification


async def test_every_request_and_answer_is_in_the_outbox() -> None:
    await build_demo()
    requests = await MeetingRequest.select(
        MeetingRequest.id, MeetingRequest.event, MeetingRequest.requester, MeetingRequest.recipient,
        MeetingRequest.status,
    )  # fmt: skip
    by_id = {r["id"]: r for r in requests}
    messages = await Notification.select(
        Notification.request, Notification.event, Notification.registration, Notification.kind, Notification.delivery
    )
    received = [m for m in messages if m["kind"] == "request_received"]
    answers = [m for m in messages if m["kind"] in ("request_accepted", "request_declined")]
    assert sorted(m["request"] for m in received) == sorted(by_id)
    answered = [r for r in requests if r["status"] in ("accepted", "declined")]
    assert len(answers) == len(answered)
    assert len(messages) == len(received) + len(answers)
    for message in received:
        request = by_id[message["request"]]
        assert (message["registration"], message["event"]) == (request["recipient"], request["event"])
    for message in answers:
        request = by_id[message["request"]]
        assert message["registration"] == request["requester"]
        assert message["kind"] == f"request_{request['status']}"
    assert {m["delivery"] for m in messages} == {"pending"}  # nothing e-mailed without SMTP

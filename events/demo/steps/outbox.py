"""Step ``outbox``: what the demo's participants were told about their meeting requests.

Every request left a "request received" message for its recipient when it was sent, and every answer an
"accepted" or "declined" message for its sender when it was given, exactly as :mod:`events.notifications`
records them live. Nothing is e-mailed: the demo has no SMTP server, so the messages wait in the outbox (the
addresses are under the reserved ``.example`` domain anyway).
"""

from __future__ import annotations

from events.demo.context import DemoContext
from events.demo.rows import insert_rows
from events.notifications import email_text
from events.parties import load_parties
from events.tables import Delivery, Event, MeetingRequest, Notification, NotificationKind
from events.vocabulary import RequestStatus

ANSWERS = {
    RequestStatus.ACCEPTED.value: NotificationKind.REQUEST_ACCEPTED,
    RequestStatus.DECLINED.value: NotificationKind.REQUEST_DECLINED,
}


async def add_outbox(demo: DemoContext) -> None:
    await add_fair_outbox(demo, [fair.id for fair in demo.fairs])


async def add_fair_outbox(demo: DemoContext, fair_ids: list[int]) -> None:
    """The messages about the requests of these fairs."""
    if not fair_ids:
        return
    events = {e.id: e for e in await Event.objects().where(Event.id.is_in(fair_ids))}
    rows = (
        await MeetingRequest.select(
            MeetingRequest.id,
            MeetingRequest.event,
            MeetingRequest.requester,
            MeetingRequest.recipient,
            MeetingRequest.status,
            MeetingRequest.message,
            MeetingRequest.created_at,
            MeetingRequest.responded_at,
            MeetingRequest.achievement.title,
            MeetingRequest.demand.title,
        )
        .where(MeetingRequest.event.is_in(fair_ids))
        .order_by(MeetingRequest.id)
    )
    parties = await load_parties([r["requester"] for r in rows] + [r["recipient"] for r in rows])
    messages: list[Notification] = []
    for row in rows:
        event = events[row["event"]]
        requester, recipient = parties[row["requester"]], parties[row["recipient"]]
        about = " · ".join(t for t in (row["achievement.title"], row["demand.title"]) if t)
        told = [(recipient, requester, NotificationKind.REQUEST_RECEIVED, row["created_at"], row["message"])]
        if row["status"] in ANSWERS and row["responded_at"] is not None:
            told.append((requester, recipient, ANSWERS[row["status"]], row["responded_at"], ""))
        for reader, other, kind, moment, message in told:
            data = {
                "fair": event.title,
                "fair_en": event.title_en,
                "time_zone": event.time_zone,
                "counterpart": other.name,
                "about": about,
                "message": message,
            }
            subject, body = email_text(kind.value, data)
            messages.append(
                Notification(
                    event=event.id,
                    registration=reader.id,
                    kind=kind.value,
                    request=row["id"],
                    subject=subject,
                    body=body,
                    data=data,
                    email=reader.email,
                    delivery=(Delivery.PENDING if reader.email else Delivery.NO_ADDRESS).value,
                    created_at=moment,
                )
            )
    messages.sort(key=lambda m: (m.created_at, m.registration))
    await insert_rows(Notification, messages)
    demo.progress(f"outbox: {len(messages)} messages about {len(rows)} requests")

"""Online enquiries (线上咨询): from an achievement or a demand, a participant asks its owner a question.

- The sender is a participant signed in through their personal link; the thread belongs to the sender's fair.
- The owner is the item's organization; the thread is addressed to the owner's registration at that fair (the
  team that presents the achievement, or the enterprise that brought the demand) when there is one, otherwise
  to any registration of the owner's organization, which answers in its portal.
- Either side turns the thread into a meeting request with one click (:func:`request_meeting`), through the
  meeting-request domain (:func:`events.requests.ask`) in the same transaction as the thread's new status.
- Organizers see how many enquiries each achievement of a fair received (:func:`enquiry_counts`).
- One thread per sender and item: asking again adds to the open thread.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from piccolo.query.functions.aggregate import Count

from events import requests
from events.clock import utc_now
from events.database import write_transaction
from events.errors import DomainError, ErrorKind, NotFoundError
from events.tables import (
    Achievement,
    Demand,
    Enquiry,
    EnquiryMessage,
    Event,
    EventAchievement,
    EventDemand,
    MeetingRequest,
    Registration,
)
from events.vocabulary import EnquiryStatus, RegistrationStatus

MAX_MESSAGE = 2000
INACTIVE = (RegistrationStatus.REJECTED.value, RegistrationStatus.CANCELLED.value)


class EnquiryError(DomainError):
    """Refusals about online enquiries."""


def _message(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise EnquiryError("empty_message", "write a message", field="message")
    if len(cleaned) > MAX_MESSAGE:
        raise EnquiryError("message_too_long", f"a message has at most {MAX_MESSAGE} characters", field="message")
    return cleaned


async def _active_registration(registration_id: int) -> Registration:
    registration = await Registration.objects().where(Registration.id == registration_id).first()
    if registration is None or registration.status in INACTIVE:
        raise EnquiryError(
            "not_participant", "only participants of a fair can send enquiries", kind=ErrorKind.FORBIDDEN
        )
    return registration


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # achievement or demand
    id: int
    title: str
    organization_id: int


async def _item(*, achievement_id: int | None, demand_id: int | None) -> _Item:
    if (achievement_id is None) == (demand_id is None):
        raise EnquiryError("one_item", "an enquiry is about one achievement or one demand", field="achievement_id")
    if achievement_id is not None:
        row = (
            await Achievement.select(Achievement.id, Achievement.title, Achievement.organization)
            .where(
                (Achievement.id == achievement_id) & (Achievement.published == True)  # noqa: E712
            )
            .first()
        )
        if row is None:
            raise NotFoundError("unknown_achievement", f"no achievement with id {achievement_id}")
        return _Item("achievement", row["id"], row["title"], row["organization"])
    row = (
        await Demand.select(Demand.id, Demand.title, Demand.organization)
        .where(
            (Demand.id == demand_id) & (Demand.published == True)  # noqa: E712
        )
        .first()
    )
    if row is None:
        raise NotFoundError("unknown_demand", f"no demand with id {demand_id}")
    return _Item("demand", row["id"], row["title"], row["organization"])


async def owner_registration(*, event_id: int, kind: str, item_id: int, organization_id: int) -> int | None:
    """The owner's registration at a fair: the one presenting (or bringing) the item, else any of its organization."""
    if kind == "achievement":
        shown = (
            await EventAchievement.select(EventAchievement.registration)
            .where(
                (EventAchievement.event == event_id)
                & (EventAchievement.achievement == item_id)
                & EventAchievement.registration.is_not_null()
            )
            .first()
        )
    else:
        shown = (
            await EventDemand.select(EventDemand.registration)
            .where(
                (EventDemand.event == event_id)
                & (EventDemand.demand == item_id)
                & EventDemand.registration.is_not_null()
            )
            .first()
        )
    if shown is not None:
        return int(shown["registration"])
    row = (
        await Registration.select(Registration.id)
        .where(
            (Registration.event == event_id)
            & (Registration.organization == organization_id)
            & Registration.status.not_in(list(INACTIVE))
        )
        .order_by(Registration.id)
        .first()
    )
    return int(row["id"]) if row else None


async def send_enquiry(
    *, registration_id: int, message: str, achievement_id: int | None = None, demand_id: int | None = None
) -> Enquiry:
    """A participant asks the owner of an achievement or demand; returns the (new or continued) thread."""
    text = _message(message)
    sender = await _active_registration(registration_id)
    item = await _item(achievement_id=achievement_id, demand_id=demand_id)
    if sender.organization is not None and sender.organization == item.organization_id:
        raise EnquiryError("own_item", f"{item.title} is your own organization's", kind=ErrorKind.CONFLICT)
    event_id = int(sender.event)
    now = utc_now()
    async with write_transaction():
        column = Enquiry.achievement if item.kind == "achievement" else Enquiry.demand
        existing = (
            await Enquiry.objects()
            .where((Enquiry.sender == sender.id) & (column == item.id) & (Enquiry.status != EnquiryStatus.CLOSED.value))
            .first()
        )
        if existing is None:
            recipient = await owner_registration(
                event_id=event_id, kind=item.kind, item_id=item.id, organization_id=item.organization_id
            )
            existing = Enquiry(
                event=event_id,
                sender=sender.id,
                achievement=item.id if item.kind == "achievement" else None,
                demand=item.id if item.kind == "demand" else None,
                owner=item.organization_id,
                recipient=recipient,
                subject=item.title[:200],
                status=EnquiryStatus.OPEN.value,
                created_at=now,
                last_message_at=now,
            )
            await existing.save()
        else:
            await Enquiry.update({Enquiry.last_message_at: now, Enquiry.status: _after_sender(existing.status)}).where(
                Enquiry.id == existing.id
            )
        await EnquiryMessage(enquiry=existing.id, author=sender.id, from_owner=False, body=text, created_at=now).save()
    return existing


def _after_sender(status: str) -> str:
    return EnquiryStatus.OPEN.value if status == EnquiryStatus.ANSWERED.value else status


async def _enquiry(enquiry_id: int) -> Enquiry:
    enquiry = await Enquiry.objects().where(Enquiry.id == enquiry_id).first()
    if enquiry is None:
        raise NotFoundError("unknown_enquiry", f"no enquiry with id {enquiry_id}")
    return enquiry


def side_of(enquiry: Enquiry, registration: Registration) -> str | None:
    """'sender', 'owner' or None (not a party of the thread)."""
    return _side(enquiry.sender, enquiry.recipient, enquiry.owner, registration)


def _side(sender: Any, recipient: Any, owner: Any, registration: Registration) -> str | None:
    if registration.status in INACTIVE:
        return None
    if sender == registration.id:
        return "sender"
    if recipient is not None:
        return "owner" if recipient == registration.id else None
    if registration.organization is not None and registration.organization == owner:
        return "owner"
    return None


async def _party(enquiry: Enquiry, registration_id: int) -> tuple[Registration, str]:
    registration = await Registration.objects().where(Registration.id == registration_id).first()
    side = side_of(enquiry, registration) if registration is not None else None
    if registration is None or side is None:
        raise EnquiryError(
            "not_party", f"enquiry {enquiry.id} is not addressed to you or sent by you", kind=ErrorKind.FORBIDDEN
        )
    return registration, side


async def reply(*, enquiry_id: int, registration_id: int, message: str) -> Enquiry:
    """Either side writes in the thread; the owner's answer marks it answered."""
    text = _message(message)
    enquiry = await _enquiry(enquiry_id)
    registration, side = await _party(enquiry, registration_id)
    if enquiry.status == EnquiryStatus.CLOSED.value:
        raise EnquiryError("enquiry_closed", f"enquiry {enquiry_id} is closed", kind=ErrorKind.CONFLICT)
    now = utc_now()
    changes: dict[Any, Any] = {Enquiry.last_message_at: now}
    if side == "owner":
        if enquiry.status == EnquiryStatus.OPEN.value:
            changes[Enquiry.status] = EnquiryStatus.ANSWERED.value
        if enquiry.answered_at is None:
            changes[Enquiry.answered_at] = now
        if enquiry.recipient is None and registration.event == enquiry.event:
            changes[Enquiry.recipient] = registration.id  # the owner answered from the fair: they are the recipient
    else:
        changes[Enquiry.status] = _after_sender(enquiry.status)
    async with write_transaction():
        await EnquiryMessage(
            enquiry=enquiry.id, author=registration.id, from_owner=side == "owner", body=text, created_at=now
        ).save()
        await Enquiry.update(changes).where(Enquiry.id == enquiry.id)
    return await _enquiry(enquiry_id)


async def request_meeting(*, enquiry_id: int, registration_id: int, message: str = "") -> MeetingRequest:
    """Turn a thread into a meeting request between its two sides (the one who clicks asks the other).

    The owner must take part in the sender's fair. Asking again returns the request already made.
    """
    enquiry = await _enquiry(enquiry_id)
    registration, side = await _party(enquiry, registration_id)
    if side == "sender":
        counterpart = enquiry.recipient or await owner_registration(
            event_id=int(enquiry.event),
            kind="achievement" if enquiry.achievement is not None else "demand",
            item_id=int(enquiry.achievement or enquiry.demand),
            organization_id=int(enquiry.owner),
        )
    else:
        if registration.event != enquiry.event:
            raise EnquiryError(
                "owner_not_at_fair", "register for the enquirer's fair to meet them there", kind=ErrorKind.CONFLICT
            )
        counterpart = int(enquiry.sender)
    if counterpart is None:
        raise EnquiryError(
            "owner_not_at_fair",
            "the owner does not take part in this fair: keep the conversation going here",
            kind=ErrorKind.CONFLICT,
        )
    if enquiry.meeting_request is not None:
        existing = await MeetingRequest.objects().where(MeetingRequest.id == enquiry.meeting_request).first()
        if existing is not None:
            return existing
    about = requests.About(achievement_id=enquiry.achievement, demand_id=enquiry.demand)
    note = message.strip() or f"线上咨询：{enquiry.subject}"
    async with write_transaction():
        try:
            request = await requests.ask(
                registration_id=registration.id, recipient_id=counterpart, message=note[:2000], about=about
            )
            request_id = request.id
        except DomainError as exc:
            if exc.code != "already_requested" or "request_id" not in exc.details:
                raise
            request_id = int(exc.details["request_id"])
        await Enquiry.update(
            {
                Enquiry.meeting_request: request_id,
                Enquiry.status: EnquiryStatus.MEETING_REQUESTED.value,
                Enquiry.recipient: enquiry.recipient or (counterpart if side == "sender" else registration.id),
            }
        ).where(Enquiry.id == enquiry.id)
    found = await MeetingRequest.objects().where(MeetingRequest.id == request_id).first()
    assert found is not None
    return found


# -- reading ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageView:
    id: int
    from_owner: bool
    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class EnquiryView:
    id: int
    event_id: int
    event_title: str
    subject: str
    status: str
    achievement_id: int | None
    demand_id: int | None
    owner_id: int
    owner_name: str
    sender_id: int
    sender_name: str
    recipient_id: int | None
    meeting_request_id: int | None
    created_at: datetime
    last_message_at: datetime
    messages: tuple[MessageView, ...]
    side: str | None = None  # the viewer's side


def _via(column: Any) -> Any:
    """A foreign key to follow further (Piccolo's typing stops after one hop)."""
    return column


def _name(row: dict[str, Any], prefix: str) -> str:
    return str(row.get(f"{prefix}.organization.name") or row.get(f"{prefix}.person.name") or "")


async def _views(condition: Any, *, viewer: Registration | None = None) -> list[EnquiryView]:
    rows = (
        await Enquiry.select(
            *Enquiry.all_columns(),
            Enquiry.event.title.as_alias("event_title"),
            Enquiry.owner.name.as_alias("owner_name"),
            _via(Enquiry.sender).organization.name.as_alias("sender.organization.name"),
            _via(Enquiry.sender).person.name.as_alias("sender.person.name"),
        )
        .where(condition)
        .order_by(Enquiry.last_message_at, ascending=False)
    )
    ids = [row["id"] for row in rows]
    messages: dict[int, list[MessageView]] = {i: [] for i in ids}
    if ids:
        for m in (
            await EnquiryMessage.select(
                *EnquiryMessage.all_columns(),
                _via(EnquiryMessage.author).organization.name.as_alias("author.organization.name"),
                _via(EnquiryMessage.author).person.name.as_alias("author.person.name"),
            )
            .where(EnquiryMessage.enquiry.is_in(ids))
            .order_by(EnquiryMessage.id)
        ):
            messages[m["enquiry"]].append(
                MessageView(
                    id=m["id"],
                    from_owner=bool(m["from_owner"]),
                    author=_name(m, "author"),
                    body=m["body"],
                    created_at=m["created_at"],
                )
            )
    views = []
    for row in rows:
        view = EnquiryView(
            id=row["id"],
            event_id=row["event"],
            event_title=row["event_title"],
            subject=row["subject"],
            status=row["status"],
            achievement_id=row["achievement"],
            demand_id=row["demand"],
            owner_id=row["owner"],
            owner_name=row["owner_name"] or "",
            sender_id=row["sender"],
            sender_name=_name(row, "sender"),
            recipient_id=row["recipient"],
            meeting_request_id=row["meeting_request"],
            created_at=row["created_at"],
            last_message_at=row["last_message_at"],
            messages=tuple(messages[row["id"]]),
        )
        side = None
        if viewer is not None:
            side = _side(row["sender"], row["recipient"], row["owner"], viewer)
        views.append(_with_side(view, side))
    return views


def _with_side(view: EnquiryView, side: str | None) -> EnquiryView:
    return replace(view, side=side)


async def get_enquiry(*, enquiry_id: int, registration_id: int | None = None) -> EnquiryView:
    """One thread with its messages; a participant must be one of its sides (organizers pass no registration)."""
    enquiry = await _enquiry(enquiry_id)
    viewer = None
    if registration_id is not None:
        viewer, _side = await _party(enquiry, registration_id)
    views = await _views(Enquiry.id == enquiry_id, viewer=viewer)
    return views[0]


def _received_condition(registration: Registration) -> Any:
    condition = Enquiry.recipient == registration.id
    if registration.organization is not None:
        condition = condition | (Enquiry.recipient.is_null() & (Enquiry.owner == registration.organization))
    return condition


async def my_enquiries(*, registration_id: int) -> dict[str, list[EnquiryView]]:
    """The threads a participant sent and those addressed to them (newest activity first)."""
    registration = await _active_registration(registration_id)
    return {
        "sent": await _views(Enquiry.sender == registration.id, viewer=registration),
        "received": await _views(_received_condition(registration), viewer=registration),
    }


async def portal_data(registration: Registration, event: Event) -> dict[str, Any] | None:
    """The portal section: threads sent and received (hidden for rejected or cancelled participants)."""
    if registration.status in INACTIVE:
        return None
    return await my_enquiries(registration_id=registration.id)


@dataclass(frozen=True, slots=True)
class EnquiryCount:
    kind: str
    item_id: int
    title: str
    owner: str
    enquiries: int


async def enquiry_counts(*, event_id: int, limit: int = 50) -> list[EnquiryCount]:
    """The most asked-about achievements (then demands) of a fair, by number of enquiry threads."""
    out: list[EnquiryCount] = []
    for kind, column, table in (
        ("achievement", Enquiry.achievement, Achievement),
        ("demand", Enquiry.demand, Demand),
    ):
        rows = (
            await Enquiry.select(column.as_alias("item"), Count(Enquiry.id, alias="n"))
            .where((Enquiry.event == event_id) & column.is_not_null())
            .group_by(column)
        )
        counts = {int(r["item"]): int(r["n"]) for r in rows}
        if not counts:
            continue
        items = await table.select(table.id, table.title, table.organization.name.as_alias("owner")).where(
            table.id.is_in(list(counts))
        )
        out += [EnquiryCount(kind, r["id"], r["title"], r["owner"] or "", counts[r["id"]]) for r in items]
    out.sort(key=lambda c: (c.kind != "achievement", -c.enquiries, c.item_id))
    return out[:limit]

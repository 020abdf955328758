"""Notifications: the outbox of every change to a participant's meetings, and its e-mail delivery.

- :func:`record` writes one outbox row per participant concerned, inside the transaction of the change, with
  what the message is made of (``data``) and the bilingual text as e-mailed (Chinese first, then English);
  :func:`record_many` writes many such rows in one statement (a schedule's publication), with the same content.
- The participant sees their outbox in the portal, rendered again in the language of the page; the
  organizer inspects the fair's outbox with the e-mail status of each row.
- :func:`deliver_pending` sends what is pending through SMTP when a host is configured. Each row is claimed by
  a conditional update first, so several workers never send the same message twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import lru_cache
from typing import Any

from events.bulk import insert_rows
from events.clock import utc_now
from events.errors import NotFoundError
from events.i18n import format_datetime, format_time, gettext, reset_locale, set_locale
from events.pagination import Page, PageRequest
from events.parties import Party, load_parties
from events.settings import MailSettings
from events.tables import Delivery, Event, Notification, NotificationKind, Slot

MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=10)  # a sender that claimed a row and died: the row is pending again after this
BATCH = 50


def slot_data(slot: Slot | dict[str, Any], prefix: str = "") -> dict[str, Any]:
    starts = slot["starts_at"] if isinstance(slot, dict) else slot.starts_at
    ends = slot["ends_at"] if isinstance(slot, dict) else slot.ends_at
    code = slot["code"] if isinstance(slot, dict) else slot.code
    return {f"{prefix}slot": code, f"{prefix}starts_at": starts.isoformat(), f"{prefix}ends_at": ends.isoformat()}


def _when(data: dict[str, Any], prefix: str, locale: str) -> str:
    starts = data.get(f"{prefix}starts_at")
    if not starts:
        return ""
    return _period(starts, data.get(f"{prefix}ends_at") or "", data.get("time_zone") or "Asia/Shanghai", locale)


@lru_cache(maxsize=1024)
def _period(starts: str, ends: str, tz: str, locale: str) -> str:
    """A slot's time as a message says it (a fair has a few dozen slots: a publication formats each once)."""
    text = format_datetime(datetime.fromisoformat(starts), time_zone=tz, locale=locale)
    if ends:
        text += "–" + format_time(datetime.fromisoformat(ends), time_zone=tz, locale=locale)
    return text


def _lines(kind: NotificationKind, data: dict[str, Any], locale: str) -> tuple[str, list[str]]:
    """Subject and body lines of one message in the current locale (the caller sets it)."""
    fair = (data.get("fair_en") if locale == "en" else None) or data.get("fair", "")
    who = data.get("counterpart", "")
    when = _when(data, "", locale)
    table = data.get("table", "")
    about = data.get("about", "")
    body: list[str] = []
    if kind is NotificationKind.REQUEST_RECEIVED:
        subject = gettext("Meeting request from %(counterpart)s", counterpart=who)
        body.append(gettext("%(counterpart)s would like to meet you at %(fair)s.", counterpart=who, fair=fair))
        if data.get("message"):
            body.append(gettext("Their message: %(text)s", text=data["message"]))
        body.append(gettext("Open your personal page to accept or decline."))
    elif kind is NotificationKind.REQUEST_ACCEPTED:
        if data.get("arranged"):
            subject = gettext("The organizer arranged a meeting with %(counterpart)s", counterpart=who)
            body.append(gettext("The organizer arranged a meeting between you and %(counterpart)s.", counterpart=who))
        else:
            subject = gettext("%(counterpart)s accepted your meeting request", counterpart=who)
            body.append(gettext("%(counterpart)s accepted your request to meet.", counterpart=who))
        body.append(gettext("The meeting appears in your agenda once it has a time and a table."))
    elif kind is NotificationKind.REQUEST_DECLINED:
        subject = gettext("%(counterpart)s declined your meeting request", counterpart=who)
        body.append(gettext("%(counterpart)s declined your request to meet.", counterpart=who))
    elif kind is NotificationKind.MEETING_SCHEDULED:
        subject = gettext("Meeting with %(counterpart)s: %(when)s", counterpart=who, when=when)
        body.append(
            gettext(
                "Your meeting with %(counterpart)s is on %(when)s at table %(table)s.",
                counterpart=who,
                when=when,
                table=table,
            )
        )
    elif kind is NotificationKind.MEETING_MOVED:
        subject = gettext("Meeting with %(counterpart)s moved to %(when)s", counterpart=who, when=when)
        body.append(
            gettext(
                "Your meeting with %(counterpart)s moved from %(previous)s to %(when)s, at table %(table)s.",
                counterpart=who,
                previous=_when(data, "previous_", locale),
                when=when,
                table=table,
            )
        )
    else:
        subject = gettext("Meeting with %(counterpart)s on %(when)s cancelled", counterpart=who, when=when)
        body.append(gettext("Your meeting with %(counterpart)s on %(when)s is cancelled.", counterpart=who, when=when))
    if about:
        body.append(gettext("About: %(about)s", about=about))
    if fair:
        body.append(gettext("Fair: %(fair)s", fair=fair))
    return subject, body


def render(kind: str, data: dict[str, Any], locale: str) -> tuple[str, str]:
    """(subject, body) of a notification in ``locale``."""
    token = set_locale(locale)
    try:
        subject, lines = _lines(NotificationKind(kind), data, locale)
    finally:
        reset_locale(token)
    return subject, "\n".join(lines)


def email_text(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    """The e-mailed text: Chinese subject, Chinese body then the English one."""
    zh_subject, zh_body = render(kind, data, "zh_CN")
    en_subject, en_body = render(kind, data, "en")
    return f"{zh_subject} / {en_subject}"[:255], f"{zh_body}\n\n—— English ——\n{en_subject}\n{en_body}"


@dataclass(frozen=True, slots=True)
class Message:
    """One message to record: to whom, of what kind, about whom and which request or meeting, and its data."""

    recipient: Party
    kind: NotificationKind
    counterpart: Party | None = None
    request_id: int | None = None
    meeting_id: int | None = None
    data: dict[str, Any] = field(default_factory=dict)


def _content(event: Event, message: Message) -> dict[str, Any]:
    return {
        "fair": event.title,
        "fair_en": event.title_en,
        "time_zone": event.time_zone,
        "counterpart": message.counterpart.name if message.counterpart is not None else "",
        **message.data,
    }


def _delivery(recipient: Party) -> str:
    return (Delivery.PENDING if recipient.email else Delivery.NO_ADDRESS).value


async def record(
    *,
    event: Event,
    recipient: Party,
    kind: NotificationKind,
    counterpart: Party | None = None,
    request_id: int | None = None,
    meeting_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Notification:
    """Add one message to the outbox (call inside the transaction of the change it reports)."""
    message = Message(recipient, kind, counterpart, request_id, meeting_id, data or {})
    content = _content(event, message)
    subject, body = email_text(kind.value, content)
    notification = Notification(
        event=event.id,
        registration=recipient.id,
        kind=kind.value,
        request=request_id,
        meeting=meeting_id,
        subject=subject,
        body=body,
        data=content,
        email=recipient.email,
        delivery=_delivery(recipient),
    )
    await notification.save()
    return notification


BULK_COLUMNS: tuple[Any, ...] = (
    Notification.event,
    Notification.registration,
    Notification.kind,
    Notification.request,
    Notification.meeting,
    Notification.subject,
    Notification.body,
    Notification.data,
    Notification.email,
    Notification.delivery,
)


async def record_many(*, event: Event, messages: Sequence[Message]) -> int:
    """Add messages to the outbox in one statement, in order, each as :func:`record` writes it; how many."""
    rows = []
    for message in messages:
        content = _content(event, message)
        subject, body = email_text(message.kind.value, content)
        recipient = message.recipient
        rows.append(
            (
                event.id,
                recipient.id,
                message.kind.value,
                message.request_id,
                message.meeting_id,
                subject,
                body,
                content,
                recipient.email,
                _delivery(recipient),
            )
        )
    await insert_rows(Notification, BULK_COLUMNS, rows)
    return len(rows)


# --- reading the outbox --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NotificationView:
    id: int
    event_id: int
    registration_id: int
    recipient: str
    kind: str
    subject: str
    body: str
    email: str
    delivery: str
    attempts: int
    last_error: str
    request_id: int | None
    meeting_id: int | None
    created_at: datetime
    sent_at: datetime | None
    read_at: datetime | None


COLUMNS: tuple[Any, ...] = (
    Notification.id,
    Notification.event,
    Notification.registration,
    Notification.kind,
    Notification.data,
    Notification.email,
    Notification.delivery,
    Notification.attempts,
    Notification.last_error,
    Notification.request,
    Notification.meeting,
    Notification.created_at,
    Notification.sent_at,
    Notification.read_at,
)


def _view(row: dict[str, Any], locale: str, parties: dict[int, Party]) -> NotificationView:
    subject, body = render(row["kind"], row["data"] or {}, locale)
    party = parties.get(row["registration"])
    return NotificationView(
        id=row["id"],
        event_id=row["event"],
        registration_id=row["registration"],
        recipient=party.name if party is not None else "",
        kind=row["kind"],
        subject=subject,
        body=body,
        email=row["email"],
        delivery=row["delivery"],
        attempts=row["attempts"],
        last_error=row["last_error"],
        request_id=row["request"],
        meeting_id=row["meeting"],
        created_at=row["created_at"],
        sent_at=row["sent_at"],
        read_at=row["read_at"],
    )


async def list_notifications(
    *,
    page: PageRequest,
    locale: str,
    event_id: int | None = None,
    registration_id: int | None = None,
    delivery: Delivery | None = None,
    kind: NotificationKind | None = None,
) -> Page[NotificationView]:
    """Newest first: a participant's outbox, or a fair's (for the organizer), optionally filtered."""
    query = Notification.select(*COLUMNS).order_by(Notification.id, ascending=False)
    count = Notification.count()
    conditions = []
    if event_id is not None:
        conditions.append(Notification.event == event_id)
    if registration_id is not None:
        conditions.append(Notification.registration == registration_id)
    if delivery is not None:
        conditions.append(Notification.delivery == delivery.value)
    if kind is not None:
        conditions.append(Notification.kind == kind.value)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.output(load_json=True).limit(page.limit).offset(page.offset)
    parties = await load_parties([r["registration"] for r in rows])
    items = [_view(r, locale, parties) for r in rows]
    return Page(items=items, total=await count, limit=page.limit, offset=page.offset)


async def unread_count(*, registration_id: int) -> int:
    return int(
        await Notification.count().where(
            (Notification.registration == registration_id) & Notification.read_at.is_null()
        )
    )


async def mark_read(*, registration_id: int, notification_ids: list[int] | None = None) -> int:
    """Mark the participant's messages read (all when no ids are given); returns how many changed."""
    query = Notification.update({Notification.read_at: utc_now()}).where(
        (Notification.registration == registration_id) & Notification.read_at.is_null()
    )
    if notification_ids is not None:
        if not notification_ids:
            return 0
        owned = await Notification.count().where(
            (Notification.registration == registration_id) & Notification.id.is_in(notification_ids)
        )
        if owned != len(set(notification_ids)):
            raise NotFoundError("unknown_notification", "some of these messages are not yours")
        query = query.where(Notification.id.is_in(notification_ids))
    changed = await query.returning(Notification.id)
    return len(changed)


# --- e-mail delivery -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    sent: int = 0
    failed: int = 0
    retrying: int = 0


def _message(mail: MailSettings, row: dict[str, Any], base_url: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = row["email"]
    message["Subject"] = row["subject"]
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(idstring=f"tf{row['id']}", domain="transferfair")
    link = f"{base_url.rstrip('/')}/p/{row['registration.portal_token']}"
    message.set_content(f"{row['body']}\n\n{link}\n", charset="utf-8")
    return message


def _send_batch(mail: MailSettings, messages: list[EmailMessage]) -> list[str | None]:
    """Send over one SMTP connection; the error text per message (None when it went out)."""
    import smtplib
    import ssl

    if mail.host is None:
        return ["no SMTP host configured"] * len(messages)
    results: list[str | None] = []
    try:
        implicit_tls = mail.port == 465
        smtp_class = smtplib.SMTP_SSL if implicit_tls else smtplib.SMTP
        with smtp_class(mail.host, mail.port, timeout=30) as smtp:
            if mail.use_tls and not implicit_tls:
                smtp.starttls(context=ssl.create_default_context())
            if mail.username:
                smtp.login(mail.username, mail.password or "")
            for message in messages:
                try:
                    smtp.send_message(message)
                    results.append(None)
                except smtplib.SMTPException as exc:
                    results.append(f"{type(exc).__name__}: {exc}"[:500])
    except (OSError, smtplib.SMTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
        results.extend([error] * (len(messages) - len(results)))
    return results


async def deliver_pending(
    *, mail: MailSettings, base_url: str, limit: int = BATCH, event_id: int | None = None
) -> DeliveryReport:
    """E-mail what is pending (when SMTP is configured); safe to run from several workers at once."""
    if mail.host is None:
        return DeliveryReport()
    now = utc_now()
    await Notification.update({Notification.delivery: Delivery.PENDING.value}).where(
        (Notification.delivery == Delivery.SENDING.value) & (Notification.claimed_at < now - STALE_CLAIM)
    )
    query = Notification.select(Notification.id).where(Notification.delivery == Delivery.PENDING.value)
    if event_id is not None:
        query = query.where(Notification.event == event_id)
    candidates = await query.order_by(Notification.id).limit(limit)
    claimed: list[int] = []
    for row in candidates:
        won = await (
            Notification.update({Notification.delivery: Delivery.SENDING.value, Notification.claimed_at: now})
            .where((Notification.id == row["id"]) & (Notification.delivery == Delivery.PENDING.value))
            .returning(Notification.id)
        )
        if won:
            claimed.append(row["id"])
    if not claimed:
        return DeliveryReport()
    rows = await Notification.select(
        Notification.id,
        Notification.email,
        Notification.subject,
        Notification.body,
        Notification.attempts,
        Notification.registration.portal_token,
    ).where(Notification.id.is_in(claimed))
    messages = [_message(mail, row, base_url) for row in rows]
    errors = await asyncio.to_thread(_send_batch, mail, messages)
    sent = failed = retrying = 0
    for row, error in zip(rows, errors, strict=True):
        attempts = row["attempts"] + 1
        if error is None:
            sent += 1
            values: dict[Any, Any] = {
                Notification.delivery: Delivery.SENT.value,
                Notification.sent_at: utc_now(),
                Notification.last_error: "",
            }
        elif attempts >= MAX_ATTEMPTS:
            failed += 1
            values = {Notification.delivery: Delivery.FAILED.value, Notification.last_error: error}
        else:
            retrying += 1
            values = {Notification.delivery: Delivery.PENDING.value, Notification.last_error: error}
        values[Notification.attempts] = attempts
        await Notification.update(values).where(Notification.id == row["id"])
    return DeliveryReport(sent=sent, failed=failed, retrying=retrying)


async def retry_failed(*, event_id: int) -> int:
    """Put a fair's failed e-mails back in the queue (the organizer fixed the SMTP settings)."""
    changed = await (
        Notification.update({Notification.delivery: Delivery.PENDING.value, Notification.attempts: 0})
        .where((Notification.event == event_id) & (Notification.delivery == Delivery.FAILED.value))
        .returning(Notification.id)
    )
    return len(changed)

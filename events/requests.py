"""Meeting requests: enterprises ask teams (or teams ask enterprises), the other side accepts or declines.

- A request carries a message, a priority (1 nice to have … 5 must meet, the scheduler's weight) and what it
  is about (one of the team's achievements, one of the enterprise's demands).
- Pending requests expire after the fair's ``request_expiry_hours`` so that they never block anyone: an expired
  request frees the pair and no longer counts towards the sender's limit. Expiry is applied lazily, by every
  change that could be blocked (:func:`expire_due`), and shown as such when listing.
- Limits: a participant has at most ``max_requests`` live requests sent (their own limit, else the fair's).
- Organizers add requests (accepted at once, optionally *required*: the scheduler must place them) and remove
  them (:func:`events.booking.remove_request`, which also cancels the meeting that answers one).
- A participant marks the slots they cannot attend (:func:`set_unavailable_slots`).

One live request per pair and direction is a unique index; the reverse direction is checked here, under the
lock of both registrations (:func:`events.parties.lock_parties`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from piccolo.custom_types import Combinable

from events import notifications
from events.bulk import among
from events.clock import utc_now
from events.database import contains_text, write_transaction
from events.errors import DomainError, ErrorKind, NotFoundError
from events.pagination import Page, PageRequest
from events.parties import (
    HOST_ROLE,
    REQUEST_STATUSES,
    SEEKER_ROLES,
    Party,
    check_pair,
    get_event,
    is_unique_violation,
    load_parties,
    lock_parties,
    request_limit,
)
from events.tables import (
    Achievement,
    Demand,
    Event,
    EventAchievement,
    EventDemand,
    Meeting,
    MeetingRequest,
    NotificationKind,
    Registration,
    Slot,
)
from events.vocabulary import MeetingStatus, RegistrationStatus, RequestStatus

PRIORITY_MIN = 1
PRIORITY_MAX = 5
DEFAULT_PRIORITY = 3
MAX_MESSAGE = 2000
LIVE = (RequestStatus.PENDING.value, RequestStatus.ACCEPTED.value)


class RequestError(DomainError):
    """Refusals about meeting requests."""


@dataclass(frozen=True, slots=True)
class About:
    """What a meeting is about: one of the team's achievements and/or one of the enterprise's demands."""

    achievement_id: int | None = None
    demand_id: int | None = None


def check_window(event: Event) -> None:
    if event.status not in REQUEST_STATUSES:
        raise RequestError(
            "requests_closed",
            f"fair {event.id} is {event.status}: meeting requests are open from registration until the fair ends",
            kind=ErrorKind.CONFLICT,
        )


def check_text(*, message: str, priority: int) -> str:
    if not PRIORITY_MIN <= priority <= PRIORITY_MAX:
        raise RequestError(
            "invalid_priority", f"priority is {PRIORITY_MIN} to {PRIORITY_MAX}, not {priority}", field="priority"
        )
    text = message.strip()
    if len(text) > MAX_MESSAGE:
        raise RequestError(
            "message_too_long", f"the message has {len(text)} characters; at most {MAX_MESSAGE}", field="message"
        )
    return text


async def about_titles(about: About) -> str:
    """'成果 · 需求' for the outbox and the agendas."""
    titles: list[str] = []
    if about.achievement_id is not None:
        row = await Achievement.select(Achievement.title).where(Achievement.id == about.achievement_id).first()
        titles.append((row or {}).get("title", ""))
    if about.demand_id is not None:
        row = await Demand.select(Demand.title).where(Demand.id == about.demand_id).first()
        titles.append((row or {}).get("title", ""))
    return " · ".join(t for t in titles if t)


async def about_titles_of(abouts: Iterable[About]) -> dict[About, str]:
    """:func:`about_titles` of many meetings at once (two queries whatever their number)."""
    wanted = set(abouts)
    achievement_ids = sorted({a.achievement_id for a in wanted if a.achievement_id is not None})
    demand_ids = sorted({a.demand_id for a in wanted if a.demand_id is not None})
    achievements: dict[int, str] = {}
    demands: dict[int, str] = {}
    if achievement_ids:
        rows = await Achievement.select(Achievement.id, Achievement.title).where(among(Achievement.id, achievement_ids))
        achievements = {r["id"]: r["title"] for r in rows}
    if demand_ids:
        rows = await Demand.select(Demand.id, Demand.title).where(among(Demand.id, demand_ids))
        demands = {r["id"]: r["title"] for r in rows}

    def titles(about: About) -> str:
        found = [
            achievements.get(about.achievement_id, "") if about.achievement_id is not None else "",
            demands.get(about.demand_id, "") if about.demand_id is not None else "",
        ]
        return " · ".join(t for t in found if t)

    return {about: titles(about) for about in wanted}


async def check_about(*, event_id: int, team: Party, seeker: Party, about: About) -> None:
    """The achievement must be the team's (shown at this fair or its organization's); the demand the seeker's."""
    if about.achievement_id is not None:
        shown = await EventAchievement.exists().where(
            (EventAchievement.event == event_id)
            & (EventAchievement.achievement == about.achievement_id)
            & (EventAchievement.registration == team.id)
        )
        owned = team.organization_id is not None and await Achievement.exists().where(
            (Achievement.id == about.achievement_id) & (Achievement.organization == team.organization_id)
        )
        if not (shown or owned):
            raise NotFoundError(
                "unknown_achievement",
                f"achievement {about.achievement_id} is not presented by {team.name} at this fair",
                field="achievement_id",
            )
    if about.demand_id is not None:
        brought = await EventDemand.exists().where(
            (EventDemand.event == event_id)
            & (EventDemand.demand == about.demand_id)
            & (EventDemand.registration == seeker.id)
        )
        owned = seeker.organization_id is not None and await Demand.exists().where(
            (Demand.id == about.demand_id) & (Demand.organization == seeker.organization_id)
        )
        if not (brought or owned):
            raise NotFoundError(
                "unknown_demand", f"demand {about.demand_id} is not one of {seeker.name}'s", field="demand_id"
            )


async def expire_due(*, event_id: int | None = None, now: datetime | None = None) -> int:
    """Mark pending requests past their expiry as expired; returns how many."""
    moment = now or utc_now()
    query = MeetingRequest.update({MeetingRequest.status: RequestStatus.EXPIRED.value}).where(
        (MeetingRequest.status == RequestStatus.PENDING.value)
        & MeetingRequest.expires_at.is_not_null()
        & (MeetingRequest.expires_at <= moment)
    )
    if event_id is not None:
        query = query.where(MeetingRequest.event == event_id)
    return len(await query.returning(MeetingRequest.id))


async def live_request_between(first_id: int, second_id: int) -> dict[str, Any] | None:
    """The pending or accepted request between two participants, in either direction."""
    row: dict[str, Any] | None = (
        await MeetingRequest.select()
        .where(
            MeetingRequest.status.is_in(list(LIVE))
            & (
                ((MeetingRequest.requester == first_id) & (MeetingRequest.recipient == second_id))
                | ((MeetingRequest.requester == second_id) & (MeetingRequest.recipient == first_id))
            )
        )
        .first()
    )
    return row


async def _check_request_limit(event: Event, requester: Party) -> None:
    limit = request_limit(requester, event)
    if limit is None:
        return
    sent = await MeetingRequest.count().where(
        (MeetingRequest.requester == requester.id) & MeetingRequest.status.is_in(list(LIVE))
    )
    if sent >= limit:
        raise RequestError(
            "request_limit_reached",
            f"{requester.name} already has {sent} open requests; the limit is {limit}",
            kind=ErrorKind.CONFLICT,
        )


async def ask(
    *,
    registration_id: int,
    recipient_id: int,
    message: str = "",
    priority: int = DEFAULT_PRIORITY,
    about: About | None = None,
) -> MeetingRequest:
    """A participant asks another for a meeting (pending until answered or expired)."""
    about = about or About()
    text = check_text(message=message, priority=priority)
    try:
        async with write_transaction():
            parties = await lock_parties([registration_id, recipient_id])
            requester, recipient = parties[registration_id], parties[recipient_id]
            event = await get_event(requester.event_id)
            team, seeker = check_pair(requester, recipient)
            check_window(event)
            await check_about(event_id=event.id, team=team, seeker=seeker, about=about)
            now = utc_now()
            await expire_due(event_id=event.id, now=now)
            live = await live_request_between(requester.id, recipient.id)
            if live is not None:
                raise RequestError(
                    "already_requested",
                    f"{requester.name} and {recipient.name} already have a {live['status']} request (#{live['id']})",
                    kind=ErrorKind.CONFLICT,
                    details={"request_id": live["id"]},
                )
            await _check_request_limit(event, requester)
            hours = event.request_expiry_hours
            request = MeetingRequest(
                event=event.id,
                requester=requester.id,
                recipient=recipient.id,
                achievement=about.achievement_id,
                demand=about.demand_id,
                message=text,
                priority=priority,
                status=RequestStatus.PENDING.value,
                created_at=now,
                expires_at=now + timedelta(hours=hours) if hours else None,
            )
            await request.save()
            await notifications.record(
                event=event,
                recipient=recipient,
                kind=NotificationKind.REQUEST_RECEIVED,
                counterpart=requester,
                request_id=request.id,
                data={"message": text, "about": await about_titles(about)},
            )
    except Exception as exc:
        if is_unique_violation(exc):
            raise RequestError(
                "already_requested", "these two participants already have an open request", kind=ErrorKind.CONFLICT
            ) from None
        raise
    return request


async def _request_for(request_id: int) -> MeetingRequest:
    request = await MeetingRequest.objects().where(MeetingRequest.id == request_id).first()
    if request is None:
        raise NotFoundError("unknown_request", f"no meeting request with id {request_id}")
    return request


async def respond(*, request_id: int, registration_id: int, accept: bool) -> MeetingRequest:
    """The recipient accepts or declines a pending request (answering twice the same way changes nothing)."""
    request = await _request_for(request_id)
    if request.recipient != registration_id:
        raise NotFoundError("unknown_request", f"you received no meeting request with id {request_id}")
    wanted = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    async with write_transaction():
        parties = await lock_parties([request.requester, request.recipient])
        event = await get_event(request.event)
        check_window(event)
        request = await _request_for(request_id)
        now = utc_now()
        if request.status == wanted.value:
            return request
        due = request.expires_at is not None and request.expires_at <= now
        if request.status == RequestStatus.PENDING.value and due:
            await expire_due(event_id=event.id, now=now)  # committed; the refusal comes after the transaction
        else:
            if request.status != RequestStatus.PENDING.value:
                raise RequestError(
                    "request_not_pending", f"request {request_id} is already {request.status}", kind=ErrorKind.CONFLICT
                )
            await MeetingRequest.update({MeetingRequest.status: wanted.value, MeetingRequest.responded_at: now}).where(
                MeetingRequest.id == request_id
            )
            request.status, request.responded_at = wanted.value, now
            await notifications.record(
                event=event,
                recipient=parties[request.requester],
                kind=NotificationKind.REQUEST_ACCEPTED if accept else NotificationKind.REQUEST_DECLINED,
                counterpart=parties[request.recipient],
                request_id=request.id,
                data={"about": await about_titles(About(request.achievement, request.demand))},
            )
            return request
    raise RequestError(
        "request_expired",
        f"request {request_id} expired at {request.expires_at:%Y-%m-%d %H:%M} UTC",
        kind=ErrorKind.GONE,
    )


async def standing_meeting_of(request_id: int) -> int | None:
    row = (
        await Meeting.select(Meeting.id)
        .where((Meeting.request == request_id) & (Meeting.status != MeetingStatus.CANCELLED.value))
        .first()
    )
    return row["id"] if row else None


async def withdraw(*, request_id: int, registration_id: int) -> MeetingRequest:
    """The sender takes back a pending or accepted request that has no meeting yet."""
    request = await _request_for(request_id)
    if request.requester != registration_id:
        raise NotFoundError("unknown_request", f"you sent no meeting request with id {request_id}")
    async with write_transaction():
        await lock_parties([request.requester, request.recipient])
        request = await _request_for(request_id)
        if request.status == RequestStatus.WITHDRAWN.value:
            return request
        if request.status not in LIVE:
            raise RequestError(
                "request_not_live", f"request {request_id} is already {request.status}", kind=ErrorKind.CONFLICT
            )
        meeting_id = await standing_meeting_of(request_id)
        if meeting_id is not None:
            raise RequestError(
                "has_meeting",
                f"request {request_id} already has meeting {meeting_id}: cancel the meeting instead",
                kind=ErrorKind.CONFLICT,
                details={"meeting_id": meeting_id},
            )
        await MeetingRequest.update({MeetingRequest.status: RequestStatus.WITHDRAWN.value}).where(
            MeetingRequest.id == request_id
        )
        request.status = RequestStatus.WITHDRAWN.value
    return request


async def _slot_ids_of_event(event_id: int, slot_ids: list[int], field: str) -> list[int]:
    wanted = sorted(set(slot_ids))
    if not wanted:
        return []
    known = await Slot.count().where((Slot.event == event_id) & Slot.id.is_in(wanted))
    if known != len(wanted):
        raise RequestError("unknown_slot", f"some slots are not slots of fair {event_id}", field=field)
    return wanted


async def organizer_add(
    *,
    event_id: int,
    requester_id: int,
    recipient_id: int,
    created_by: int | None,
    priority: int = DEFAULT_PRIORITY,
    required: bool = False,
    message: str = "",
    about: About | None = None,
    allowed_slot_ids: list[int] | None = None,
) -> MeetingRequest:
    """The organizer arranges a meeting request: accepted at once; ``required`` forces the scheduler to place it.

    An existing live request between the two is upgraded instead (accepted, with the new priority and flags).
    Participant limits do not apply to the organizer.
    """
    about = about or About()
    text = check_text(message=message, priority=priority)
    allowed = await _slot_ids_of_event(event_id, allowed_slot_ids or [], "allowed_slots")
    async with write_transaction():
        parties = await lock_parties([requester_id, recipient_id])
        requester, recipient = parties[requester_id], parties[recipient_id]
        if requester.event_id != event_id:
            raise NotFoundError("unknown_registration", f"fair {event_id} has no participant {requester_id}")
        event = await get_event(event_id)
        team, seeker = check_pair(requester, recipient)
        await check_about(event_id=event_id, team=team, seeker=seeker, about=about)
        now = utc_now()
        await expire_due(event_id=event_id, now=now)
        live = await live_request_between(requester.id, recipient.id)
        newly_accepted = True
        if live is not None:
            newly_accepted = live["status"] != RequestStatus.ACCEPTED.value
            values: dict[Any, Any] = {
                MeetingRequest.status: RequestStatus.ACCEPTED.value,
                MeetingRequest.priority: priority,
                MeetingRequest.required: required or live["required"],
                MeetingRequest.expires_at: None,
            }
            if newly_accepted:
                values[MeetingRequest.responded_at] = now
            if allowed:
                values[MeetingRequest.allowed_slots] = allowed
            if about.achievement_id is not None:
                values[MeetingRequest.achievement] = about.achievement_id
            if about.demand_id is not None:
                values[MeetingRequest.demand] = about.demand_id
            await MeetingRequest.update(values).where(MeetingRequest.id == live["id"])
            request = await _request_for(live["id"])
        else:
            request = MeetingRequest(
                event=event_id,
                requester=requester.id,
                recipient=recipient.id,
                achievement=about.achievement_id,
                demand=about.demand_id,
                message=text,
                priority=priority,
                status=RequestStatus.ACCEPTED.value,
                required=required,
                allowed_slots=allowed,
                created_by=created_by,
                created_at=now,
                responded_at=now,
            )
            await request.save()
        if newly_accepted:
            titles = await about_titles(About(request.achievement, request.demand))
            for one, other in ((requester, recipient), (recipient, requester)):
                await notifications.record(
                    event=event,
                    recipient=one,
                    kind=NotificationKind.REQUEST_ACCEPTED,
                    counterpart=other,
                    request_id=request.id,
                    data={"arranged": True, "about": titles},
                )
    return request


async def set_unavailable_slots(*, registration_id: int, slot_ids: list[int]) -> list[int]:
    """The slots a participant cannot attend (replaces the previous list); refused where they have a meeting."""
    party = (await load_parties([registration_id])).get(registration_id)
    if party is None:
        raise NotFoundError("unknown_registration", f"no participant with id {registration_id}")
    wanted = await _slot_ids_of_event(party.event_id, slot_ids, "unavailable_slots")
    async with write_transaction():
        await lock_parties([registration_id])
        if wanted:
            clash = (
                await Meeting.select(Meeting.id, Meeting.slot.code)
                .where(
                    (Meeting.status != MeetingStatus.CANCELLED.value)
                    & Meeting.slot.is_in(wanted)
                    & ((Meeting.request.requester == registration_id) | (Meeting.request.recipient == registration_id))
                )
                .first()
            )
            if clash is not None:
                raise RequestError(
                    "meeting_in_slot",
                    f"you have meeting {clash['id']} in slot {clash['slot.code']}: cancel or move it first",
                    kind=ErrorKind.CONFLICT,
                    field="unavailable_slots",
                    details={"meeting_id": clash["id"], "slot": clash["slot.code"]},
                )
        await Registration.update({Registration.unavailable_slots: wanted}).where(Registration.id == registration_id)
    return wanted


# --- reading ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartyRef:
    id: int
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class RequestView:
    id: int
    event_id: int
    requester: PartyRef
    recipient: PartyRef
    achievement_id: int | None
    achievement_title: str
    demand_id: int | None
    demand_title: str
    message: str
    priority: int
    status: str  # pending requests past their expiry show as expired
    required: bool
    arranged: bool  # made by the organizer
    created_at: datetime
    responded_at: datetime | None
    expires_at: datetime | None
    meeting_id: int | None  # the standing meeting that answers it


def _ref(parties: dict[int, Party], registration_id: int) -> PartyRef:
    party = parties.get(registration_id)
    if party is None:
        return PartyRef(id=registration_id, name=f"#{registration_id}", role="")
    return PartyRef(id=party.id, name=party.name, role=party.role)


async def list_requests(
    *,
    event_id: int,
    page: PageRequest,
    registration_id: int | None = None,
    direction: str | None = None,
    status: RequestStatus | None = None,
    request_ids: list[int] | None = None,
) -> Page[RequestView]:
    """A fair's requests, newest first; for one participant, ``direction`` is ``sent`` or ``received``."""
    query = MeetingRequest.select(
        *MeetingRequest.all_columns(), MeetingRequest.achievement.title, MeetingRequest.demand.title
    ).where(MeetingRequest.event == event_id)
    count = MeetingRequest.count().where(MeetingRequest.event == event_id)
    conditions: list[Combinable] = []
    if request_ids is not None:
        conditions.append(MeetingRequest.id.is_in(request_ids or [-1]))
    if registration_id is not None:
        if direction == "sent":
            conditions.append(MeetingRequest.requester == registration_id)
        elif direction == "received":
            conditions.append(MeetingRequest.recipient == registration_id)
        else:
            conditions.append(
                (MeetingRequest.requester == registration_id) | (MeetingRequest.recipient == registration_id)
            )
    now = utc_now()
    if status is RequestStatus.EXPIRED:
        conditions.append(
            (MeetingRequest.status == RequestStatus.EXPIRED.value)
            | (
                (MeetingRequest.status == RequestStatus.PENDING.value)
                & MeetingRequest.expires_at.is_not_null()
                & (MeetingRequest.expires_at <= now)
            )
        )
    elif status is RequestStatus.PENDING:
        conditions.append(
            (MeetingRequest.status == RequestStatus.PENDING.value)
            & (MeetingRequest.expires_at.is_null() | (MeetingRequest.expires_at > now))
        )
    elif status is not None:
        conditions.append(MeetingRequest.status == status.value)
    for condition in conditions:
        query = query.where(condition)
        count = count.where(condition)
    rows = await query.order_by(MeetingRequest.id, ascending=False).limit(page.limit).offset(page.offset)
    ids = [r["id"] for r in rows]
    meetings = await Meeting.select(Meeting.id, Meeting.request).where(
        Meeting.request.is_in(ids or [-1]) & (Meeting.status != MeetingStatus.CANCELLED.value)
    )
    meeting_of = {m["request"]: m["id"] for m in meetings}
    parties = await load_parties([r["requester"] for r in rows] + [r["recipient"] for r in rows])
    items = []
    for r in rows:
        effective = r["status"]
        if effective == RequestStatus.PENDING.value and r["expires_at"] is not None and r["expires_at"] <= now:
            effective = RequestStatus.EXPIRED.value
        items.append(
            RequestView(
                id=r["id"],
                event_id=r["event"],
                requester=_ref(parties, r["requester"]),
                recipient=_ref(parties, r["recipient"]),
                achievement_id=r["achievement"],
                achievement_title=r["achievement.title"] or "",
                demand_id=r["demand"],
                demand_title=r["demand.title"] or "",
                message=r["message"],
                priority=r["priority"],
                status=effective,
                required=r["required"],
                arranged=r["created_by"] is not None,
                created_at=r["created_at"],
                responded_at=r["responded_at"],
                expires_at=r["expires_at"],
                meeting_id=meeting_of.get(r["id"]),
            )
        )
    return Page(items=items, total=await count, limit=page.limit, offset=page.offset)


async def get_request_view(*, request_id: int, event_id: int) -> RequestView:
    page = await list_requests(event_id=event_id, page=PageRequest(limit=1), request_ids=[request_id])
    if not page.items:
        raise NotFoundError("unknown_request", f"fair {event_id} has no meeting request {request_id}")
    return page.items[0]


@dataclass(frozen=True, slots=True)
class Counterpart:
    """Someone a participant may ask for a meeting, with the achievements or demands they bring."""

    party: Party
    achievements: list[tuple[int, str]]
    demands: list[tuple[int, str]]


async def counterparts(*, registration_id: int, page: PageRequest, q: str | None = None) -> Page[Counterpart]:
    """Approved participants of the other side (teams for enterprises and investors, and the reverse)."""
    me = (await load_parties([registration_id])).get(registration_id)
    if me is None:
        raise NotFoundError("unknown_registration", f"no participant with id {registration_id}")
    roles = sorted(SEEKER_ROLES) if me.is_team else [HOST_ROLE]
    condition: Combinable = (
        (Registration.event == me.event_id)
        & (Registration.status == RegistrationStatus.APPROVED.value)
        & Registration.role.is_in(roles)
        & (Registration.id != me.id)
    )
    if q:
        condition = condition & (
            contains_text(Registration.organization.name, q)
            | contains_text(Registration.team_name, q)
            | contains_text(Registration.person.name, q)
        )
    rows = (
        await Registration.select(Registration.id)
        .where(condition)
        .order_by(Registration.id)
        .limit(page.limit)
        .offset(page.offset)
    )
    ids = [r["id"] for r in rows]
    parties = await load_parties(ids)
    shown = await EventAchievement.select(
        EventAchievement.registration, EventAchievement.achievement, EventAchievement.achievement.title
    ).where((EventAchievement.event == me.event_id) & EventAchievement.registration.is_in(ids or [-1]))
    brought = await EventDemand.select(EventDemand.registration, EventDemand.demand, EventDemand.demand.title).where(
        (EventDemand.event == me.event_id) & EventDemand.registration.is_in(ids or [-1])
    )
    items = [
        Counterpart(
            party=parties[i],
            achievements=[(a["achievement"], a["achievement.title"]) for a in shown if a["registration"] == i],
            demands=[(d["demand"], d["demand.title"]) for d in brought if d["registration"] == i],
        )
        for i in ids
        if i in parties
    ]
    return Page(items=items, total=await Registration.count().where(condition), limit=page.limit, offset=page.offset)


@dataclass(frozen=True, slots=True)
class MeetingRules:
    """The organizer's rules for a fair: when pending requests expire, and the default limits per participant."""

    request_expiry_hours: int | None
    max_requests_per_participant: int | None
    max_meetings_per_participant: int | None


MAX_EXPIRY_HOURS = 24 * 60


def _check_limit(name: str, value: int | None, *, low: int = 0, high: int = 10_000) -> None:
    if value is not None and not low <= value <= high:
        raise RequestError("invalid_limit", f"{name} must be between {low} and {high}, not {value}", field=name)


async def meeting_rules(*, event_id: int) -> MeetingRules:
    event = await get_event(event_id)
    return MeetingRules(
        request_expiry_hours=event.request_expiry_hours,
        max_requests_per_participant=event.max_requests_per_participant,
        max_meetings_per_participant=event.max_meetings_per_participant,
    )


async def set_meeting_rules(*, event_id: int, rules: MeetingRules) -> MeetingRules:
    """Replace a fair's rules (None: no expiry, no limit). New expiry applies to requests sent from now on."""
    _check_limit("request_expiry_hours", rules.request_expiry_hours, low=1, high=MAX_EXPIRY_HOURS)
    _check_limit("max_requests_per_participant", rules.max_requests_per_participant)
    _check_limit("max_meetings_per_participant", rules.max_meetings_per_participant)
    await get_event(event_id)
    await Event.update(
        {
            Event.request_expiry_hours: rules.request_expiry_hours,
            Event.max_requests_per_participant: rules.max_requests_per_participant,
            Event.max_meetings_per_participant: rules.max_meetings_per_participant,
        }
    ).where(Event.id == event_id)
    return await meeting_rules(event_id=event_id)


async def set_participant_limits(
    *, event_id: int, registration_id: int, max_requests: int | None, max_meetings: int | None
) -> Party:
    """One participant's own limits (None: the fair's); a limit below what they already have only stops new ones."""
    _check_limit("max_requests", max_requests)
    _check_limit("max_meetings", max_meetings)
    party = (await load_parties([registration_id])).get(registration_id)
    if party is None or party.event_id != event_id:
        raise NotFoundError("unknown_registration", f"fair {event_id} has no participant {registration_id}")
    await Registration.update({Registration.max_requests: max_requests, Registration.max_meetings: max_meetings}).where(
        Registration.id == registration_id
    )
    return (await load_parties([registration_id]))[registration_id]

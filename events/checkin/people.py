"""Who a registration is, and their meetings: the facts a ticket, a badge and a scan answer show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from events.tables import MeetingAttendee, Registration
from events.vocabulary import MeetingStatus


@dataclass(frozen=True, slots=True)
class Attendee:
    """A participant as the gate sees them."""

    registration_id: int
    event_id: int
    role: str
    status: str
    name: str  # the person, or the organization when no person is named
    organization: str
    team_name: str
    phone: str


def attendee_columns(prefix: Any) -> list[Any]:
    """The columns :func:`attendee_of` reads, reached from ``prefix`` (``Registration`` or a foreign key to it)."""
    return [
        prefix.id.as_alias("r_id"),
        prefix.event.as_alias("r_event"),
        prefix.role.as_alias("r_role"),
        prefix.status.as_alias("r_status"),
        prefix.team_name.as_alias("r_team"),
        prefix.person.name.as_alias("r_person"),
        prefix.person.phone.as_alias("r_phone"),
        prefix.organization.name.as_alias("r_org"),
    ]


def attendee_of(row: dict[str, Any]) -> Attendee:
    organization = row["r_org"] or ""
    return Attendee(
        registration_id=row["r_id"],
        event_id=row["r_event"],
        role=row["r_role"],
        status=row["r_status"],
        name=row["r_person"] or organization or row["r_team"] or f"#{row['r_id']}",
        organization=organization,
        team_name=row["r_team"] or "",
        phone=row["r_phone"] or "",
    )


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One meeting of a participant: when, where, with whom, and whether it happened."""

    meeting_id: int
    slot_code: str
    starts_at: datetime
    ends_at: datetime
    table_code: str
    table_name: str
    status: str
    counterpart: str
    checked_in_at: datetime | None


_MEETING: Any = MeetingAttendee.meeting


def _agenda_query(registration_id: int) -> Any:
    meeting: Any = MeetingAttendee.meeting
    return (
        MeetingAttendee.select(
            meeting.id.as_alias("meeting_id"),
            meeting.status.as_alias("status"),
            meeting.slot.code.as_alias("slot_code"),
            meeting.slot.starts_at.as_alias("starts_at"),
            meeting.slot.ends_at.as_alias("ends_at"),
            meeting.table.code.as_alias("table_code"),
            meeting.table.name.as_alias("table_name"),
            MeetingAttendee.checked_in_at,
        )
        .where(MeetingAttendee.registration == registration_id)
        .where(meeting.status != MeetingStatus.CANCELLED.value)
        .order_by(meeting.slot.starts_at)
    )


async def _counterparts(meeting_ids: list[int], registration_id: int) -> dict[int, str]:
    if not meeting_ids:
        return {}
    registration: Any = MeetingAttendee.registration
    rows = await MeetingAttendee.select(
        MeetingAttendee.meeting,
        registration.organization.name.as_alias("org"),
        registration.team_name.as_alias("team"),
        registration.person.name.as_alias("person"),
    ).where(MeetingAttendee.meeting.is_in(meeting_ids) & (MeetingAttendee.registration != registration_id))
    names: dict[int, list[str]] = {}
    for row in rows:
        label = " · ".join(part for part in (row["org"], row["team"]) if part) or row["person"] or ""
        names.setdefault(row["meeting"], []).append(label)
    return {meeting_id: ", ".join(labels) for meeting_id, labels in names.items()}


def _items(rows: list[dict[str, Any]], counterparts: dict[int, str]) -> list[AgendaItem]:
    return [
        AgendaItem(
            meeting_id=row["meeting_id"],
            slot_code=row["slot_code"],
            starts_at=row["starts_at"],
            ends_at=row["ends_at"],
            table_code=row["table_code"],
            table_name=row["table_name"] or "",
            status=row["status"],
            counterpart=counterparts.get(row["meeting_id"], ""),
            checked_in_at=row["checked_in_at"],
        )
        for row in rows
    ]


async def agenda(*, registration_id: int) -> list[AgendaItem]:
    """Every standing meeting of the participant, in time order."""
    rows = await _agenda_query(registration_id)
    return _items(rows, await _counterparts([r["meeting_id"] for r in rows], registration_id))


_NEXT_MEETING = """
SELECT m.id AS meeting_id, m.status AS status, s.code AS slot_code, s.starts_at AS starts_at,
       s.ends_at AS ends_at, mt.code AS table_code, mt.name AS table_name, a.checked_in_at AS checked_in_at,
       o2.name AS other_org, r2.team_name AS other_team, p2.name AS other_person
FROM meeting_attendee a
JOIN meeting m ON m.id = a.meeting
JOIN slot s ON s.id = m.slot
JOIN meeting_table mt ON mt.id = m."table"
LEFT JOIN meeting_attendee a2 ON a2.meeting = m.id AND a2.registration <> a.registration
LEFT JOIN registration r2 ON r2.id = a2.registration
LEFT JOIN organization o2 ON o2.id = r2.organization
LEFT JOIN person p2 ON p2.id = r2.person
WHERE a.registration = {} AND m.status = 'scheduled' AND s.ends_at > {}
ORDER BY s.starts_at, a2.id
LIMIT 1
"""


def upcoming_of(row: dict[str, Any]) -> AgendaItem | None:
    """The meeting in a row with the columns of ``_NEXT_MEETING`` (None when the row has none)."""
    if row["meeting_id"] is None:
        return None
    other = " · ".join(part for part in (row["other_org"], row["other_team"]) if part) or row["other_person"] or ""
    return _items([row], {row["meeting_id"]: other})[0]


async def next_meeting(*, registration_id: int, now: datetime) -> AgendaItem | None:
    """The participant's first scheduled meeting that has not ended yet, with whom (one indexed query)."""
    rows = await MeetingAttendee.raw(_NEXT_MEETING, registration_id, now)
    return upcoming_of(rows[0]) if rows else None


@dataclass(frozen=True, slots=True)
class Found:
    """A search hit at the gate: the person, their masked phone, and whether they have arrived."""

    attendee: Attendee
    masked_phone: str
    checked_in_at: datetime | None
    gate: str


def mask_phone(phone: str) -> str:
    """138****8000: enough for staff to confirm with the person, not a list of phone numbers."""
    digits = phone.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


async def search_attendees(*, event_id: int, q: str, limit: int = 20) -> list[Found]:
    """Approved participants of the fair whose name, organization, team or phone contains ``q``."""
    from events.database import contains_text
    from events.tables import CheckIn
    from events.vocabulary import RegistrationStatus

    text = q.strip()
    if not text:
        return []
    registration: Any = Registration
    condition = (
        contains_text(registration.person.name, text)
        | contains_text(registration.organization.name, text)
        | contains_text(registration.team_name, text)
    )
    if sum(ch.isdigit() for ch in text) >= 4:
        condition = condition | contains_text(registration.person.phone, text)
    rows = (
        await Registration.select(*attendee_columns(Registration))
        .where(
            (Registration.event == event_id) & (Registration.status == RegistrationStatus.APPROVED.value) & condition
        )
        .order_by(Registration.id)
        .limit(limit)
    )
    people = [attendee_of(row) for row in rows]
    arrivals = await CheckIn.select(CheckIn.registration, CheckIn.created_at, CheckIn.gate).where(
        (CheckIn.event == event_id) & CheckIn.registration.is_in([p.registration_id for p in people] or [-1])
    )
    seen = {row["registration"]: row for row in arrivals}
    return [
        Found(
            attendee=person,
            masked_phone=mask_phone(person.phone),
            checked_in_at=seen[person.registration_id]["created_at"] if person.registration_id in seen else None,
            gate=seen[person.registration_id]["gate"] if person.registration_id in seen else "",
        )
        for person in people
    ]


def attendee_json(person: Attendee) -> dict[str, Any]:
    """A person as scan answers name them (the same shape whether stored by a scan or by the demo)."""
    return {
        "registration_id": person.registration_id,
        "name": person.name,
        "organization": person.organization,
        "team_name": person.team_name,
        "role": person.role,
    }

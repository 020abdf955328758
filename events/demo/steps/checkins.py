"""Step ``checkins``: what happened at the finished fair's gates and tables.

Most approved participants came (:data:`~events.demo.plan.ARRIVED` per role). Each was scanned once at one of
the three gates, by the staff member working it, in the first hour of the day they first had a meeting (the
officials on the first morning, for the opening): a ``check_in`` row and its ``scan`` row with the answer the
gate gave, exactly as :mod:`events.checkin.service` writes them (the audit trigger adds the log entry). Refused
scans are recorded too: the old codes of re-issued tickets (followed by the new one), codes never issued,
a barcode that is no ticket, people scanned again when they came back on the second day, and a few who went to
the wrong table first.

At the tables, both sides of most meetings were scanned a few minutes around the start of their slot, which made
the meeting *held*; some meetings had only one side (they stay *scheduled*, shown as "one side only"), and
meetings nobody came to are *no-shows*, as the app settles them when the slot ends. A meeting is held only
when both sides arrived at the fair, and nobody is at a table before passing a gate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from events.bulk import among, update_rows
from events.checkin.people import Attendee, attendee_columns, attendee_json, attendee_of
from events.demo.context import DemoContext, Fair, MeetingRecord, Participant
from events.demo.data.fairs import FINISHED_FAIR, GATES, SHANGHAI
from events.demo.plan import ARRIVED, MALFORMED_SCANS, SCANNED_AGAIN, UNKNOWN_TICKET_SCANS, WRONG_TABLE_SCANS
from events.demo.rows import insert_rows
from events.tables import CheckIn, Meeting, MeetingAttendee, MeetingTable, Registration, Scan, Slot, User
from events.vocabulary import MeetingStatus, RegistrationRole, RegistrationStatus

DOORS_OPEN = time(8, 20)
FIRST_HOUR_ENDS = time(9, 25)
OPENING = time(9, 0)  # the officials come for the opening ceremony on the first morning
GATE_SHARES = (0.5, 0.3, 0.2)  # 东门 (by the car park), 南门, 西门
HELD = 0.88  # both sides came to the fair: the meeting was held ...
ONE_SIDE = 0.07  # ... or only one side went to the table (the rest: nobody did)
LONE_SIDE_CAME = 0.6  # one side did not come to the fair: the other still sat at the table


@dataclass(slots=True)
class _Slot:
    id: int
    code: str
    starts_at: datetime
    ends_at: datetime


@dataclass(slots=True)
class _Table:
    code: str
    name: str


@dataclass(slots=True)
class _Outcome:
    meeting: MeetingRecord
    seen: dict[int, datetime] = field(default_factory=dict)  # registration id -> table check-in

    @property
    def status(self) -> MeetingStatus:
        if len(self.seen) == len(self.meeting.registration_ids):
            return MeetingStatus.HELD
        return MeetingStatus.SCHEDULED if self.seen else MeetingStatus.NO_SHOW


@dataclass(slots=True)
class _Scans:
    """Scan rows in the making, inserted in time order so that the newest scan has the highest id."""

    event_id: int
    rng: random.Random
    rows: list[Scan] = field(default_factory=list)

    def add(
        self,
        *,
        at: datetime,
        kind: str,
        gate: str,
        registration: int | None,
        by: int,
        outcome: str,
        status: int,
        response: dict[str, Any],
    ) -> None:
        nonce = f"demo-{self.rng.getrandbits(64):016x}"
        if isinstance(response.get("scan"), dict):
            response["scan"] = {"nonce": nonce, **response["scan"]}
        self.rows.append(
            Scan(
                event=self.event_id,
                nonce=nonce,
                kind=kind,
                gate=gate,
                registration=registration,
                scanned_by=by,
                outcome=outcome,
                status_code=status,
                response=response,
                created_at=at,
            )
        )


class _Fair:
    """The finished fair as the gates and tables saw it."""

    def __init__(
        self,
        demo: DemoContext,
        fair: Fair,
        *,
        slots: dict[int, _Slot],
        tables: dict[int, _Table],
        people: dict[int, Attendee],
        staff_names: dict[int, str],
    ) -> None:
        self.demo = demo
        self.staff_names = staff_names
        self.fair = fair
        self.slots = slots
        self.tables = tables
        self.people = people
        self.meetings = sorted(demo.meetings.get(fair.id, []), key=lambda m: m.id)
        self.of_person: dict[int, list[MeetingRecord]] = {}
        for meeting in self.meetings:
            for registration_id in meeting.registration_ids:
                self.of_person.setdefault(registration_id, []).append(meeting)
        for mine in self.of_person.values():
            mine.sort(key=lambda m: self.slots[m.slot_id].starts_at)
        self.gate_staff = dict(zip(GATES, [*demo.volunteer_ids, demo.staff_id], strict=True))

    def counterpart(self, meeting: MeetingRecord, registration_id: int) -> str:
        names = []
        for other in meeting.registration_ids:
            if other != registration_id:
                person = self.people[other]
                names.append(" · ".join(p for p in (person.organization, person.team_name) if p) or person.name)
        return ", ".join(names)

    def meeting_json(self, meeting: MeetingRecord, registration_id: int) -> dict[str, Any]:
        slot, table = self.slots[meeting.slot_id], self.tables[meeting.table_id]
        return {
            "meeting_id": meeting.id,
            "slot": slot.code,
            "starts_at": slot.starts_at.isoformat(),
            "ends_at": slot.ends_at.isoformat(),
            "table": table.code,
            "table_name": table.name,
            "with": self.counterpart(meeting, registration_id),
        }

    def next_meeting(self, registration_id: int, at: datetime) -> dict[str, Any] | None:
        for meeting in self.of_person.get(registration_id, []):
            if self.slots[meeting.slot_id].ends_at > at:
                return self.meeting_json(meeting, registration_id)
        return None


def _day_at(day: datetime, moment: time) -> datetime:
    return datetime.combine(day.date(), moment, tzinfo=SHANGHAI)


def _between(rng: random.Random, start: datetime, end: datetime, *, early: float = 0.4) -> datetime:
    """A moment between ``start`` and ``end`` to the second, most often early in the span."""
    span = max(1, int((end - start).total_seconds()))
    return start + timedelta(seconds=int(rng.triangular(0, span, span * early)))


async def _load(demo: DemoContext, fair: Fair) -> _Fair:
    slot_rows = await Slot.select(Slot.id, Slot.code, Slot.starts_at, Slot.ends_at).where(Slot.event == fair.id)
    slots = {
        r["id"]: _Slot(r["id"], r["code"], r["starts_at"].astimezone(SHANGHAI), r["ends_at"].astimezone(SHANGHAI))
        for r in slot_rows
    }
    table_rows = await MeetingTable.select(MeetingTable.id, MeetingTable.code, MeetingTable.name).where(
        MeetingTable.event == fair.id
    )
    tables = {r["id"]: _Table(r["code"], r["name"]) for r in table_rows}
    rows = await Registration.select(*attendee_columns(Registration)).where(Registration.event == fair.id)
    people = {attendee.registration_id: attendee for attendee in map(attendee_of, rows)}
    users = await User.select(User.id, User.username, User.display_name)
    staff_names = {r["id"]: r["display_name"] or r["username"] for r in users}
    return _Fair(demo, fair, slots=slots, tables=tables, people=people, staff_names=staff_names)


def _absent(rng: random.Random, demo: DemoContext, fair: Fair) -> set[int]:
    """Who of the approved participants did not come, per role (never someone whose ticket was re-issued)."""
    absent: set[int] = set()
    for role, arrived in ARRIVED.items():
        approved = [
            p.id
            for p in demo.participants_of(fair, role)
            if p.status is RegistrationStatus.APPROVED and p.id not in demo.revoked_tickets
        ]
        expected = sum(1 for p in demo.participants_of(fair, role) if p.status is RegistrationStatus.APPROVED)
        absent.update(rng.sample(approved, expected - arrived))
    return absent


def _tables(rng: random.Random, state: _Fair, absent: set[int]) -> list[_Outcome]:
    """Who was scanned at which meeting's table, and when."""
    outcomes: list[_Outcome] = []
    for meeting in state.meetings:
        outcome = _Outcome(meeting)
        starts = state.slots[meeting.slot_id].starts_at
        present = [r for r in meeting.registration_ids if r not in absent]
        chance = rng.random()
        if len(present) == len(meeting.registration_ids) and chance < HELD:
            first = starts + timedelta(seconds=rng.randrange(-300, 180))
            second = first + timedelta(seconds=rng.randrange(20, 300))
            for registration_id, moment in zip(rng.sample(present, len(present)), (first, second), strict=True):
                outcome.seen[registration_id] = moment
        elif present and (
            (len(present) == len(meeting.registration_ids) and chance < HELD + ONE_SIDE)
            or (len(present) < len(meeting.registration_ids) and chance < LONE_SIDE_CAME)
        ):
            outcome.seen[rng.choice(present)] = starts + timedelta(seconds=rng.randrange(-300, 360))
        outcomes.append(outcome)
    return outcomes


@dataclass(slots=True)
class _Arrival:
    participant: Participant
    at: datetime
    gate: str


def _arrivals(rng: random.Random, state: _Fair, absent: set[int], outcomes: list[_Outcome]) -> list[_Arrival]:
    """When and where each participant who came passed a gate: before their first table scan of that day."""
    first_day = datetime.combine(FINISHED_FAIR.starts_on, time(0), tzinfo=SHANGHAI)
    at_table: dict[int, list[datetime]] = {}
    for outcome in outcomes:
        for registration_id, moment in outcome.seen.items():
            at_table.setdefault(registration_id, []).append(moment)
    arrivals: list[_Arrival] = []
    for participant in state.demo.participants_of(state.fair):
        if participant.status is not RegistrationStatus.APPROVED or participant.id in absent:
            continue
        scanned = sorted(at_table.get(participant.id, []))
        mine = state.of_person.get(participant.id, [])
        if scanned:
            day = scanned[0]
        elif mine:
            day = state.slots[mine[0].slot_id].starts_at
        else:
            day = first_day
        latest = _day_at(day, FIRST_HOUR_ENDS)
        if participant.role is RegistrationRole.GUEST:
            latest = _day_at(day, OPENING) - timedelta(minutes=5)
        if scanned and scanned[0].date() == day.date():
            latest = min(latest, scanned[0] - timedelta(minutes=2))
        gate = rng.choices(GATES, weights=GATE_SHARES)[0]
        arrivals.append(_Arrival(participant, _between(rng, _day_at(day, DOORS_OPEN), latest), gate))
    return sorted(arrivals, key=lambda a: a.at)


def _gate_body(state: _Fair, outcome: str, arrival: _Arrival, *, at: datetime, gate: str) -> dict[str, Any]:
    """The gate's answer (:func:`events.checkin.service.check_in`): who, their first arrival, their next meeting."""
    person = state.people[arrival.participant.id]
    return {
        "outcome": outcome,
        "attendee": attendee_json(person),
        "check_in": {"at": arrival.at.isoformat(), "gate": arrival.gate, "by": _staff_name(state, arrival.gate)},
        "next_meeting": state.next_meeting(person.registration_id, at),
        "scan": {"gate": gate, "at": at.isoformat()},
    }


def _staff_name(state: _Fair, gate: str) -> str:
    return state.staff_names[state.gate_staff[gate]]


def _refusal(kind: str, code: str, message: str, **details: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"kind": kind, "code": code, "message": message}
    if details:
        body["details"] = details
    return body


def _gate_scans(rng: random.Random, state: _Fair, arrivals: list[_Arrival], scans: _Scans) -> list[CheckIn]:
    """The check-ins, their scans, and the refused and repeated scans around them."""
    demo = state.demo
    check_ins: list[CheckIn] = []
    for arrival in arrivals:
        registration_id = arrival.participant.id
        by = state.gate_staff[arrival.gate]
        revoked = demo.revoked_tickets.get(registration_id)
        if revoked is not None:
            person = state.people[registration_id]
            at = arrival.at - timedelta(seconds=rng.randrange(40, 150))
            scans.add(
                at=at,
                kind="gate",
                gate=arrival.gate,
                registration=registration_id,
                by=by,
                outcome="ticket_revoked",
                status=410,
                response=_refusal(
                    "gone",
                    "ticket_revoked",
                    f"this ticket of {person.name} was replaced by a newer one: ask for the latest ticket",
                    revoked_at=revoked[1].isoformat(),
                    name=person.name,
                ),
            )
        check_ins.append(
            CheckIn(
                event=state.fair.id,
                registration=registration_id,
                ticket=demo.ticket_ids[registration_id],
                gate=arrival.gate,
                scanned_by=by,
                created_at=arrival.at,
            )
        )
        scans.add(
            at=arrival.at,
            kind="gate",
            gate=arrival.gate,
            registration=registration_id,
            by=by,
            outcome="checked_in",
            status=201,
            response=_gate_body(state, "checked_in", arrival, at=arrival.at, gate=arrival.gate),
        )
    day_one = [a for a in arrivals if a.at.date() == FINISHED_FAIR.starts_on]
    for code, message, kind, status, count in (
        ("ticket_unknown", "no ticket with this code was ever issued here", "not_found", 404, UNKNOWN_TICKET_SCANS),
        ("ticket_malformed", "this is not a Transfer Fair ticket", "invalid", 400, MALFORMED_SCANS),
    ):
        for arrival in rng.sample(day_one, count):
            at = arrival.at + timedelta(seconds=rng.randrange(5, 40))
            gate = arrival.gate
            scans.add(
                at=at,
                kind="gate",
                gate=gate,
                registration=None,
                by=state.gate_staff[gate],
                outcome=code,
                status=status,
                response=_refusal(kind, code, message),
            )
    _scanned_again(rng, state, day_one, scans)
    return check_ins


def _scanned_again(rng: random.Random, state: _Fair, day_one: list[_Arrival], scans: _Scans) -> None:
    """People who came back on the second day and showed their ticket at the gate again."""
    second_day = FINISHED_FAIR.ends_on
    back = [
        a
        for a in day_one
        if any(state.slots[m.slot_id].starts_at.date() == second_day for m in state.of_person.get(a.participant.id, []))
    ]
    for arrival in rng.sample(back, SCANNED_AGAIN):
        first = min(
            state.slots[m.slot_id].starts_at
            for m in state.of_person[arrival.participant.id]
            if state.slots[m.slot_id].starts_at.date() == second_day
        )
        opens = datetime.combine(second_day, DOORS_OPEN, tzinfo=SHANGHAI)
        latest = min(datetime.combine(second_day, FIRST_HOUR_ENDS, tzinfo=SHANGHAI), first - timedelta(minutes=6))
        at = _between(rng, opens, max(opens + timedelta(minutes=5), latest))
        gate = rng.choices(GATES, weights=GATE_SHARES)[0]
        scans.add(
            at=at,
            kind="gate",
            gate=gate,
            registration=arrival.participant.id,
            by=state.gate_staff[gate],
            outcome="already_checked_in",
            status=200,
            response=_gate_body(state, "already_checked_in", arrival, at=at, gate=gate),
        )


def _table_scans(rng: random.Random, state: _Fair, outcomes: list[_Outcome], scans: _Scans) -> None:
    """The scans at the tables, and a few at the wrong table just before the right one."""
    by = state.demo.staff_id
    seen_at = sorted(
        (
            (moment, outcome, registration_id)
            for outcome in outcomes
            for registration_id, moment in outcome.seen.items()
        ),
        key=lambda item: (item[0], item[1].meeting.id, item[2]),
    )
    for moment, outcome, registration_id in seen_at:
        meeting = outcome.meeting
        slot, table = state.slots[meeting.slot_id], state.tables[meeting.table_id]
        there = {r: t for r, t in outcome.seen.items() if t <= moment}
        held = len(there) == len(meeting.registration_ids)
        scans.add(
            at=moment,
            kind="table",
            gate=f"table {table.code}",
            registration=registration_id,
            by=by,
            outcome="meeting_checked_in",
            status=201,
            response={
                "outcome": "meeting_checked_in",
                "attendee": attendee_json(state.people[registration_id]),
                "meeting": {
                    "meeting_id": meeting.id,
                    "slot": slot.code,
                    "starts_at": slot.starts_at.isoformat(),
                    "ends_at": slot.ends_at.isoformat(),
                    "table": table.code,
                    "status": (MeetingStatus.HELD if held else MeetingStatus.SCHEDULED).value,
                    "held": held,
                    "attendees": [
                        {
                            "registration_id": r,
                            "name": state.people[r].name,
                            "organization": state.people[r].organization,
                            "checked_in_at": there[r].isoformat() if r in there else None,
                        }
                        for r in meeting.registration_ids
                    ],
                },
                "scan": {"gate": f"table {table.code}", "at": moment.isoformat()},
            },
        )
    codes = sorted(t.code for t in state.tables.values())
    for moment, outcome, registration_id in rng.sample(seen_at, WRONG_TABLE_SCANS):
        right = state.tables[outcome.meeting.table_id].code
        wrong = codes[(codes.index(right) + 1) % len(codes)]
        person = state.people[registration_id]
        at = moment - timedelta(seconds=rng.randrange(45, 120))
        scans.add(
            at=at,
            kind="table",
            gate=f"table {wrong}",
            registration=registration_id,
            by=by,
            outcome="no_meeting_here",
            status=409,
            response=_refusal(
                "conflict",
                "no_meeting_here",
                f"{person.name} has no meeting at table {wrong} now",
                name=person.name,
                next_meeting=state.next_meeting(registration_id, at),
            ),
        )


async def _record_meetings(state: _Fair, outcomes: list[_Outcome]) -> None:
    """Meeting statuses and the attendees' table check-ins, as the scans and the no-show settling left them
    (two statements, :mod:`events.bulk`)."""
    seats = await MeetingAttendee.select(
        MeetingAttendee.id, MeetingAttendee.meeting, MeetingAttendee.registration
    ).where(among(MeetingAttendee.meeting, [o.meeting.id for o in outcomes]))
    seat_of = {(row["meeting"], row["registration"]): row["id"] for row in seats}
    await update_rows(
        MeetingAttendee,
        key=MeetingAttendee.id,
        columns=[MeetingAttendee.checked_in_at],
        rows=[
            (seat_of[(outcome.meeting.id, registration_id)], moment)
            for outcome in outcomes
            for registration_id, moment in sorted(outcome.seen.items())
        ],
    )
    changed: list[tuple[int, str, datetime | None, datetime]] = []
    for outcome in outcomes:
        if outcome.status is MeetingStatus.HELD:
            held_at = max(outcome.seen.values())
            changed.append((outcome.meeting.id, MeetingStatus.HELD.value, held_at, held_at))
        elif outcome.status is MeetingStatus.NO_SHOW:  # settled when its slot ended
            ended = state.slots[outcome.meeting.slot_id].ends_at
            changed.append((outcome.meeting.id, MeetingStatus.NO_SHOW.value, None, ended))
    await update_rows(
        Meeting, key=Meeting.id, columns=[Meeting.status, Meeting.held_at, Meeting.updated_at], rows=changed
    )


async def add_checkins(demo: DemoContext) -> None:
    rng = demo.rng("checkins")
    fair = next(f for f in demo.fairs if f.spec.slug == FINISHED_FAIR.slug)
    state = await _load(demo, fair)
    absent = _absent(rng, demo, fair)
    outcomes = _tables(rng, state, absent)
    arrivals = _arrivals(rng, state, absent, outcomes)
    scans = _Scans(fair.id, rng)
    check_ins = _gate_scans(rng, state, arrivals, scans)
    _table_scans(rng, state, outcomes, scans)
    await insert_rows(CheckIn, check_ins)
    await insert_rows(Scan, sorted(scans.rows, key=lambda s: s.created_at))
    await _record_meetings(state, outcomes)
    demo.held[fair.id] = [o.meeting for o in outcomes if o.status is MeetingStatus.HELD]
    tally = {status: sum(1 for o in outcomes if o.status is status) for status in MeetingStatus}
    demo.progress(
        f"check-ins {fair.spec.slug}: {len(check_ins)} of "
        f"{sum(1 for p in demo.participants_of(fair) if p.status is RegistrationStatus.APPROVED)} at the gates, "
        f"{len(scans.rows)} scans; meetings held {tally[MeetingStatus.HELD]}, one side only "
        f"{tally[MeetingStatus.SCHEDULED]}, no-show {tally[MeetingStatus.NO_SHOW]}"
    )

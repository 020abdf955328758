"""The demo database behind ``transferfair demo``: the counts it promises, the same data on every run, a second
run that changes nothing, identifiers and amounts that hold up, and rows that stay inside their own fair."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

from piccolo.query.functions.aggregate import Count

from events.demo import build_demo
from events.demo.data.demands import DEMANDS
from events.demo.data.topics import GROUPS, SECOND_FIELDS
from events.demo.identifiers import patent_check
from events.demo.plan import AS_OF
from events.directory import valid_credit_code
from events.tables import (
    ALL_TABLES,
    Achievement,
    AuditEntry,
    CheckIn,
    Deal,
    DealChange,
    Demand,
    Event,
    EventAchievement,
    EventDemand,
    EventStaff,
    Meeting,
    MeetingAttendee,
    MeetingRequest,
    MeetingTable,
    Organization,
    Person,
    Registration,
    Scan,
    Slot,
    Ticket,
    User,
)
from events.vocabulary import Field, RegistrationStatus
from tests.conftest import truncate_all

UNIVERSITY_FAIR = "jcut-enterprises-2026"
DISTRICT_FAIR = "gaoxin-achievements-2026"
FINISHED_FAIR = "jingkai-achievements-2026"

# (fair, role, status) -> registrations: what the demo promises.
REGISTRATIONS = {
    (UNIVERSITY_FAIR, "enterprise", "approved"): 170,
    (UNIVERSITY_FAIR, "enterprise", "pending"): 7,
    (UNIVERSITY_FAIR, "enterprise", "waitlisted"): 5,
    (UNIVERSITY_FAIR, "enterprise", "rejected"): 3,
    (UNIVERSITY_FAIR, "team", "approved"): 48,
    (UNIVERSITY_FAIR, "team", "pending"): 2,
    (UNIVERSITY_FAIR, "team", "waitlisted"): 1,
    (UNIVERSITY_FAIR, "team", "rejected"): 1,
    (UNIVERSITY_FAIR, "investor", "approved"): 4,
    (UNIVERSITY_FAIR, "guest", "approved"): 3,
    (DISTRICT_FAIR, "enterprise", "approved"): 115,
    (DISTRICT_FAIR, "enterprise", "pending"): 20,
    (DISTRICT_FAIR, "enterprise", "rejected"): 5,
    (DISTRICT_FAIR, "team", "approved"): 56,
    (DISTRICT_FAIR, "team", "pending"): 8,
    (DISTRICT_FAIR, "investor", "approved"): 3,
    (DISTRICT_FAIR, "guest", "approved"): 3,
    (FINISHED_FAIR, "enterprise", "approved"): 96,
    (FINISHED_FAIR, "enterprise", "waitlisted"): 4,
    (FINISHED_FAIR, "enterprise", "rejected"): 3,
    (FINISHED_FAIR, "team", "approved"): 36,
    (FINISHED_FAIR, "team", "rejected"): 1,
    (FINISHED_FAIR, "investor", "approved"): 3,
    (FINISHED_FAIR, "guest", "approved"): 3,
}
# (fair, requester role) -> meeting requests.
REQUESTS = {
    (UNIVERSITY_FAIR, "enterprise"): 1300,
    (UNIVERSITY_FAIR, "investor"): 16,
    (DISTRICT_FAIR, "enterprise"): 860,
    (DISTRICT_FAIR, "team"): 40,
    (DISTRICT_FAIR, "investor"): 12,
    (FINISHED_FAIR, "enterprise"): 480,
    (FINISHED_FAIR, "team"): 30,
    (FINISHED_FAIR, "investor"): 12,
}


async def counts_by(table: Any, *columns: Any) -> dict[Any, int]:
    rows = await table.select(*columns, Count()).group_by(*columns)
    return {
        tuple(row[key] for key in row if key != "count") if len(columns) > 1 else row[next(iter(row))]: row["count"]
        for row in rows
    }


async def row_counts() -> dict[str, int]:
    return {table._meta.tablename: await table.count() for table in ALL_TABLES}


async def test_build_creates_the_documented_demo() -> None:
    summary = await build_demo()

    assert summary.created
    assert summary.fairs == [
        (UNIVERSITY_FAIR, "2026年江城理工大学科技企业进高校成果对接会"),
        (DISTRICT_FAIR, "2026年科技成果进区县（高新区专场）对接会"),
        (FINISHED_FAIR, "2026年科技成果进区县（经开区专场）对接会"),
    ]
    assert summary.organizer == ("organizer", "demo-organizer-2026")
    assert summary.staff == ("staff", "demo-staff-2026")
    assert summary.participant_link is not None
    assert re.fullmatch(r"/p/[A-Za-z0-9_-]{43}", summary.participant_link)
    assert summary.ticket_link is not None
    assert re.fullmatch(r"/t/[A-Z2-7]{32}", summary.ticket_link)

    assert await counts_by(Organization, Organization.kind) == {
        "enterprise": 300,
        "university": 6,
        "institute": 2,
        "investor": 4,
        "government": 2,
    }
    assert await Person.count() == 430
    assert await Achievement.count() == 600
    assert await Demand.count() == 150
    teams = await Achievement.select(Achievement.organization, Achievement.team_name).distinct()
    assert len(teams) == 120
    assert set(await counts_by(Achievement, Achievement.field)) == {field.value for field in Field}

    fairs = {row["slug"]: row for row in await Event.select()}
    assert {slug: (row["format"], row["status"]) for slug, row in fairs.items()} == {
        UNIVERSITY_FAIR: ("enterprises_into_universities", "closed"),
        DISTRICT_FAIR: ("achievements_into_districts", "open"),
        FINISHED_FAIR: ("achievements_into_districts", "finished"),
    }
    slots = await counts_by(Slot, Slot.event.slug)
    tables = await counts_by(MeetingTable, MeetingTable.event.slug)
    assert slots == {UNIVERSITY_FAIR: 16, DISTRICT_FAIR: 16, FINISHED_FAIR: 16}
    assert tables == {UNIVERSITY_FAIR: 48, DISTRICT_FAIR: 40, FINISHED_FAIR: 18}

    registrations = await counts_by(Registration, Registration.event.slug, Registration.role, Registration.status)
    assert registrations == REGISTRATIONS
    requests = await counts_by(MeetingRequest, MeetingRequest.event.slug, MeetingRequest.requester.role)
    assert requests == REQUESTS
    statuses = await counts_by(MeetingRequest, MeetingRequest.event.slug, MeetingRequest.status)
    assert {status for (_, status) in statuses} == {"pending", "accepted", "declined", "expired"}
    assert {slug for (slug, status) in statuses if status == "expired"} == {FINISHED_FAIR}  # unanswered in 96 hours
    assert (FINISHED_FAIR, "pending") not in statuses
    assert set(await counts_by(MeetingRequest, MeetingRequest.priority)) == {1, 2, 3, 4, 5}
    asked = sorted((await counts_by(MeetingRequest, MeetingRequest.recipient)).values())
    assert asked[-1] > 2 * 16  # some teams are asked for far more meetings than their 16 slots hold
    assert asked[len(asked) // 2] < 2 * 16  # while the median team is not swamped

    assert await counts_by(User, User.role) == {"organizer": 1, "staff": 3}  # two volunteers at the finished fair
    assert await EventStaff.count() == 5


async def test_identifiers_and_amounts_hold_up() -> None:
    await build_demo()

    codes = [row["credit_code"] for row in await Organization.select(Organization.credit_code)]
    assert all(code is not None and valid_credit_code(code) for code in codes)
    assert len(set(codes)) == len(codes)
    phones = [row["phone"] for row in await Person.select(Person.phone)]
    assert all(re.fullmatch(r"1380013\d{4}", phone) for phone in phones)
    assert len(set(phones)) == len(phones)

    for row in await Achievement.select():
        for number in row["patent_numbers"]:
            if number.startswith("ZL"):
                digits, check = number[2:].split(".")
                assert patent_check(digits) == check, number
        assert_amounts(row, "price_low_fen", "price_high_fen", "evaluated_value_fen")
        assert (row["price_low_fen"] is None) == (row["price_note"] == "面议")
        assert 2 <= row["summary"].count("。") <= 5
    for row in await Demand.select():
        assert_amounts(row, "budget_low_fen", "budget_high_fen")
        assert row["wanted_by"] is not None


def assert_amounts(row: dict[str, Any], *columns: str) -> None:
    """Amounts are whole fen (and whole 万元 here), never negative; a range never runs backwards."""
    values = [row[column] for column in columns]
    for value in values:
        assert value is None or (isinstance(value, int) and value >= 0 and value % 1_000_000 == 0), (row["id"], value)
    low, high = values[0], values[1]
    assert (low is None) == (high is None)
    assert low is None or low <= high


async def test_registrations_and_requests_stay_within_their_fair() -> None:
    await build_demo()

    events = {row["id"]: row for row in await Event.select().output(load_json=True)}
    slots = {row["id"]: row["event"] for row in await Slot.select(Slot.id, Slot.event)}
    tables = {row["id"]: row["event"] for row in await MeetingTable.select(MeetingTable.id, MeetingTable.event)}
    registrations = {row["id"]: row for row in await Registration.select()}
    as_of = AS_OF.timestamp()
    for row in registrations.values():
        if row["host_table"] is not None:
            assert tables[row["host_table"]] == row["event"]
        assert all(slots[slot] == row["event"] for slot in row["unavailable_slots"])
        assert stamp(row["created_at"]) < as_of
        assert (row["decided_at"] is None) == (row["status"] == "pending")
    for slug, hosting in ((UNIVERSITY_FAIR, True), (DISTRICT_FAIR, False), (FINISHED_FAIR, False)):
        event_id = next(i for i, e in events.items() if e["slug"] == slug)
        teams = [
            r
            for r in registrations.values()
            if r["event"] == event_id and r["role"] == "team" and r["status"] == "approved"
        ]
        hosts = [r["host_table"] for r in teams if r["host_table"] is not None]
        assert len(hosts) == (len(teams) if hosting else 0)
        assert len(set(hosts)) == len(hosts)
        approved = Counter(
            r["role"] for r in registrations.values() if r["event"] == event_id and r["status"] == "approved"
        )
        for role, capacity in events[event_id]["capacities"].items():
            assert approved[role] <= capacity

    shown = {(r["event"], r["achievement"], r["registration"]) for r in await EventAchievement.select()}
    brought = {(r["event"], r["demand"], r["registration"]) for r in await EventDemand.select()}
    assert all(registrations[registration]["event"] == event for event, _, registration in shown | brought)
    live_pairs: set[frozenset[int]] = set()
    for request in await MeetingRequest.select():
        requester, recipient = registrations[request["requester"]], registrations[request["recipient"]]
        assert requester["event"] == recipient["event"] == request["event"]
        assert {requester["status"], recipient["status"]} == {RegistrationStatus.APPROVED.value}
        team, other = (requester, recipient) if requester["role"] == "team" else (recipient, requester)
        assert team["role"] == "team"
        assert other["role"] in ("enterprise", "investor")
        if request["achievement"] is not None:
            assert (request["event"], request["achievement"], team["id"]) in shown
        if request["demand"] is not None:
            assert (request["event"], request["demand"], other["id"]) in brought
        assert 1 <= request["priority"] <= 5
        assert (request["responded_at"] is None) == (request["status"] in ("pending", "expired"))
        assert (request["expires_at"] is not None) == (events[request["event"]]["slug"] == FINISHED_FAIR)
        if request["status"] == "expired":
            assert stamp(request["expires_at"]) < as_of
        elif request["expires_at"] is not None and request["responded_at"] is not None:
            assert stamp(request["responded_at"]) < stamp(request["expires_at"])
        assert stamp(request["created_at"]) < as_of
        pair = frozenset((requester["id"], recipient["id"]))
        assert pair not in live_pairs, "one live request per pair, in either direction"
        live_pairs.add(pair)


# Deal changes name the rows they link by id: leave those out, the deal's own row names them by natural keys.
LINKS = {"event", "meeting", "achievement", "team_organization", "enterprise"}


async def finished_fair_parts() -> list[Any]:
    """What the finished fair's steps wrote, by natural keys (its schedule is proved optimal: the same every time)."""
    tickets = await Ticket.select(
        Ticket.event.slug, Ticket.registration.person.phone, Ticket.issued_at, Ticket.revoked_at
    )
    check_ins = await CheckIn.select(
        CheckIn.registration.person.phone, CheckIn.gate, CheckIn.scanned_by.username, CheckIn.created_at
    )
    scans = await Scan.select(
        Scan.nonce, Scan.kind, Scan.gate, Scan.registration.person.phone, Scan.scanned_by.username, Scan.outcome,
        Scan.status_code, Scan.created_at,
    )  # fmt: skip
    pairs = {
        row["id"]: (row["requester.person.phone"], row["recipient.person.phone"])
        for row in await MeetingRequest.select(
            MeetingRequest.id, MeetingRequest.requester.person.phone, MeetingRequest.recipient.person.phone
        )
    }
    meetings = {
        row["id"]: [*pairs[row["request"]], row["slot.code"], row["table.code"], row["status"], row["held_at"]]
        for row in await Meeting.select(
            Meeting.id, Meeting.request, Meeting.slot.code, Meeting.table.code, Meeting.status, Meeting.held_at
        ).where(Meeting.event.slug == FINISHED_FAIR)
    }
    seats = [
        [*meetings[row["meeting"]], row["registration.person.phone"], row["checked_in_at"]]
        for row in await MeetingAttendee.select(
            MeetingAttendee.meeting, MeetingAttendee.registration.person.phone, MeetingAttendee.checked_in_at
        )
        if row["meeting"] in meetings
    ]
    deals = await Deal.select(
        Deal.achievement.title, Deal.team_organization.name, Deal.enterprise.name, Deal.contract_type,
        Deal.licence_terms, Deal.amount_fen, Deal.stage, Deal.intent_on, Deal.negotiating_on, Deal.signed_on,
        Deal.landed_on, Deal.dropped_on, Deal.registration_number, Deal.note, Deal.created_at, Deal.updated_at,
        Deal.created_by.username,
    )  # fmt: skip
    changes = await DealChange.select(
        DealChange.deal.achievement.title, DealChange.deal.enterprise.name, DealChange.changed_at,
        DealChange.changed_by.username, DealChange.changes,
    ).output(load_json=True)  # fmt: skip
    for change in changes:
        change["changes"] = {k: v for k, v in change["changes"].items() if k not in LINKS}
    audit = await AuditEntry.select(AuditEntry.at, AuditEntry.actor, AuditEntry.action).where(
        AuditEntry.action != "schedule_published"  # the university fair's schedule may differ between builds
    )
    return [
        sorted(rows, key=lambda row: json.dumps(row, ensure_ascii=False, sort_keys=True, default=str))
        for rows in (tickets, check_ins, scans, seats, deals, changes, audit)
    ]


def stamp(value: datetime | str) -> float:
    return (value if isinstance(value, datetime) else datetime.fromisoformat(value)).timestamp()


async def digest() -> str:
    """A digest of what the demo wrote, by natural keys (names, titles, codes) rather than ids or secrets."""
    slot_codes = {row["id"]: row["code"] for row in await Slot.select(Slot.id, Slot.code)}
    parts: list[Any] = [
        await Organization.select(
            Organization.name, Organization.name_en, Organization.kind, Organization.credit_code, Organization.address,
            Organization.description,
        ).order_by(Organization.name),
        await Person.select(Person.name, Person.title, Person.phone, Person.email, Person.organization.name).order_by(
            Person.phone
        ),
        await Achievement.select(
            Achievement.title, Achievement.title_en, Achievement.summary, Achievement.keywords, Achievement.fields,
            Achievement.maturity, Achievement.ip_type, Achievement.patent_numbers, Achievement.transfer_modes,
            Achievement.price_low_fen, Achievement.price_high_fen, Achievement.evaluated_value_fen,
            Achievement.organization.name, Achievement.team_name,
        ).order_by(Achievement.title),
        await Demand.select(
            Demand.title, Demand.summary, Demand.budget_low_fen, Demand.budget_high_fen, Demand.wanted_by,
            Demand.organization.name,
        ).order_by(Demand.title),
        await Event.select(Event.slug, Event.title, Event.status, Event.starts_on, Event.capacities).order_by(
            Event.slug
        ),
    ]  # fmt: skip
    registrations = await Registration.select(
        Registration.event.slug, Registration.role, Registration.status, Registration.person.phone,
        Registration.team_name, Registration.host_table.code, Registration.unavailable_slots, Registration.note,
        Registration.created_at, Registration.decided_at,
    )  # fmt: skip
    for row in registrations:
        row["unavailable_slots"] = [slot_codes[slot] for slot in row["unavailable_slots"]]
    parts.append(sorted(registrations, key=lambda r: (r["event.slug"], r["person.phone"])))
    requests = await MeetingRequest.select(
        MeetingRequest.event.slug, MeetingRequest.requester.person.phone, MeetingRequest.recipient.person.phone,
        MeetingRequest.achievement.title, MeetingRequest.demand.title, MeetingRequest.message,
        MeetingRequest.priority, MeetingRequest.status, MeetingRequest.created_at, MeetingRequest.responded_at,
    )  # fmt: skip
    parts.append(
        sorted(requests, key=lambda r: (r["event.slug"], r["requester.person.phone"], r["recipient.person.phone"]))
    )
    parts += await finished_fair_parts()
    text = json.dumps(
        parts, ensure_ascii=False, sort_keys=True, default=lambda v: stamp(v) if isinstance(v, datetime) else str(v)
    )
    return hashlib.sha256(text.encode()).hexdigest()


async def test_build_is_the_same_on_every_run() -> None:
    first = await build_demo()
    first_digest = await digest()
    await truncate_all()

    second = await build_demo()

    assert second.created
    assert await digest() == first_digest
    assert second.participant_link != first.participant_link  # secrets are fresh, not derived from the seed


async def test_second_build_reuses_the_demo() -> None:
    first = await build_demo()
    before = await row_counts()
    lines: list[str] = []

    second = await build_demo(progress=lines.append)

    assert not second.created
    assert second.fairs == first.fairs
    assert second.organizer == first.organizer
    assert second.participant_link == first.participant_link
    assert second.ticket_link == first.ticket_link
    assert await row_counts() == before
    assert any("reusing" in line for line in lines)


async def test_two_builds_at_once_make_one_demo() -> None:
    results = await asyncio.gather(build_demo(), build_demo())

    assert sorted(result.created for result in results) == [False, True]
    assert await Event.count() == 3
    assert await Achievement.count() == 600
    assert results[0].participant_link == results[1].participant_link


def test_every_demand_names_topics_that_exist() -> None:
    topics = {topic.zh for groups in GROUPS.values() for group in groups for topic in group.topics}
    assert set(SECOND_FIELDS) <= topics
    for templates in DEMANDS.values():
        for template in templates:
            assert set(template.answers) <= topics, template.title


def test_demo_command_creates_then_reuses(transferfair_command: list[str], tmp_path: Path) -> None:
    command = [*transferfair_command, "demo", "--no-serve", "--database", f"sqlite:///{tmp_path}/demo.db"]

    first = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)
    second = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)

    assert first.returncode == 0, first.stderr
    assert "Transfer Fair demo created" in first.stdout
    assert "user organizer  password demo-organizer-2026" in first.stdout
    assert "user staff  password demo-staff-2026" in first.stdout
    for slug in (UNIVERSITY_FAIR, DISTRICT_FAIR, FINISHED_FAIR):
        assert f"http://127.0.0.1:8000/fairs/{slug}" in first.stdout
    assert re.search(r"participant +http://127\.0\.0\.1:8000/p/\S+", first.stdout)
    ticket = re.search(r"ticket +http://127\.0\.0\.1:8000(/t/[A-Z2-7]{32})\n", first.stdout)
    assert ticket is not None
    assert ticket.group(1) in second.stdout  # the reused demo prints the same ticket
    assert "organizations 314" in first.stderr
    assert "achievements 600" in first.stderr
    assert second.returncode == 0, second.stderr
    assert "reused" in second.stdout
    assert "achievements 600" not in second.stderr

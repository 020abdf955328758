"""The demo's finished fair: tickets, gate and table check-ins, meetings held or missed, and the deals that came out
of them, consistent with each other, with the audit log and with what the app's own code would have written."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from piccolo.query.functions.aggregate import Count

from events.checkin import attendance, live
from events.checkin.service import SUCCESSES
from events.checkin.tickets import ticket_view
from events.checkin.tokens import extract_token
from events.deals import MAIN_LINE, STAGE_DATE, TRACKED
from events.demo import build_demo
from events.demo.data.fairs import FINISHED_FAIR, SHANGHAI
from events.demo.plan import AS_OF, DEAL_TYPES, DEALS, REGISTRATIONS
from events.reports import ReportFilter, funnel_report
from events.scheduling import parse_problem, schedule_from_json, validate_schedule
from events.tables import (
    AuditEntry,
    CheckIn,
    Deal,
    DealChange,
    Event,
    Meeting,
    MeetingAttendee,
    MeetingRequest,
    Registration,
    Scan,
    ScheduleRun,
    Ticket,
)
from events.vocabulary import RegistrationStatus

UNIVERSITY_FAIR = "jcut-enterprises-2026"
DISTRICT_FAIR = "gaoxin-achievements-2026"
SLUG = FINISHED_FAIR.slug

# What the finished fair came to. The seeded draws run over a schedule the solver proves optimal, so these are the
# same on every build and on both databases.
MEETINGS = {"held": 214, "scheduled": 26, "no_show": 20}  # scheduled: one side only came to the table
SCANS = {
    "checked_in": 129,
    "meeting_checked_in": 2 * 214 + 26,
    "ticket_revoked": 3,
    "ticket_unknown": 2,
    "ticket_malformed": 1,
    "already_checked_in": 6,
    "no_meeting_here": 2,
}
STATUS = {
    "checked_in": 201,
    "meeting_checked_in": 201,
    "already_checked_in": 200,
    "ticket_revoked": 410,
    "ticket_unknown": 404,
    "ticket_malformed": 400,
    "no_meeting_here": 409,
}
CHECKED_IN = {"enterprise": 89, "team": 35, "investor": 3, "guest": 2}
SIGNED_FEN = 2_547_097_800  # the signed and landed deals' amounts: 25,470,978.00 yuan
REGISTRATION_NUMBER = re.compile(r"2026(42\d{4})(\d{6})")


async def fair_ids() -> dict[str, int]:
    return {row["slug"]: row["id"] for row in await Event.select(Event.id, Event.slug)}


def local(value: datetime) -> datetime:
    """A stored moment on the fair's clock."""
    return value.astimezone(SHANGHAI)


async def test_every_approved_registration_has_one_live_ticket() -> None:
    summary = await build_demo()
    fairs = await fair_ids()
    approved = {
        row["id"]: row["event"]
        for row in await Registration.select(Registration.id, Registration.event).where(
            Registration.status == RegistrationStatus.APPROVED.value
        )
    }
    tickets = await Ticket.select()
    live_ones = [t for t in tickets if t["revoked_at"] is None]
    assert sorted(t["registration"] for t in live_ones) == sorted(approved)
    assert all(approved[t["registration"]] == t["event"] for t in tickets)
    assert all(extract_token(t["secret"]) == t["secret"] for t in tickets)
    revoked = [t for t in tickets if t["revoked_at"] is not None]
    assert Counter(t["event"] for t in revoked) == {fairs[SLUG]: 3}
    for old in revoked:
        (new,) = [t for t in live_ones if t["registration"] == old["registration"]]
        assert old["issued_at"] < old["revoked_at"] == new["issued_at"] < datetime(2026, 10, 15, tzinfo=SHANGHAI)
    per_fair = Counter(t["event"] for t in live_ones)
    assert per_fair == {
        fairs[slug]: sum(plan[role].get(RegistrationStatus.APPROVED, 0) for role in plan)
        for slug, plan in REGISTRATIONS.items()
    }

    assert summary.ticket_link is not None
    shown = await ticket_view(token=summary.ticket_link.removeprefix("/t/"))
    assert shown.ticket.event_id == fairs[UNIVERSITY_FAIR]
    assert shown.ticket.revoked_at is None
    assert shown.agenda  # the showcase enterprise has meetings in the published schedule


async def test_gate_check_ins_are_for_approved_registrations_with_live_tickets_in_the_first_hour() -> None:
    await build_demo()
    fairs = await fair_ids()
    registrations = {r["id"]: r for r in await Registration.select()}
    live_tickets = {t["id"]: t for t in await Ticket.select().where(Ticket.revoked_at.is_null())}
    check_ins = await CheckIn.select(
        CheckIn.all_columns(), CheckIn.registration.role.as_alias("role"), CheckIn.scanned_by.username
    )
    assert {c["event"] for c in check_ins} == {fairs[SLUG]}
    assert Counter(c["role"] for c in check_ins) == CHECKED_IN
    assert len({c["registration"] for c in check_ins}) == len(check_ins)
    fair_days = {FINISHED_FAIR.starts_on, FINISHED_FAIR.ends_on}
    for check_in in check_ins:
        registration = registrations[check_in["registration"]]
        assert registration["status"] == RegistrationStatus.APPROVED.value
        assert registration["event"] == check_in["event"]
        ticket = live_tickets[check_in["ticket"]]
        assert ticket["registration"] == check_in["registration"]
        at = local(check_in["created_at"])
        assert at.date() in fair_days
        assert time(8, 20) <= at.time() <= time(9, 25)  # the first hour of the day
        assert ticket["issued_at"] < check_in["created_at"]
    assert {(c["gate"], c["scanned_by.username"]) for c in check_ins} == {
        ("东门", "volunteer-zhao"),
        ("南门", "volunteer-sun"),
        ("西门", "staff"),
    }

    scans = await Scan.select().where(Scan.event == fairs[SLUG]).order_by(Scan.id).output(load_json=True)
    assert Counter(s["outcome"] for s in scans) == SCANS
    assert [s["created_at"] for s in scans] == sorted(s["created_at"] for s in scans)  # the newest scan is last
    assert len({s["nonce"] for s in scans}) == len(scans)
    first_scans = {(s["registration"], s["gate"], s["created_at"]) for s in scans if s["outcome"] == "checked_in"}
    assert first_scans == {(c["registration"], c["gate"], c["created_at"]) for c in check_ins}
    arrived = {c["registration"]: c["created_at"] for c in check_ins}
    for scan in scans:
        assert scan["status_code"] == STATUS[scan["outcome"]]
        if scan["outcome"] in SUCCESSES:
            assert scan["response"]["outcome"] == scan["outcome"]
            assert scan["response"]["scan"]["nonce"] == scan["nonce"]
        else:
            assert scan["response"]["code"] == scan["outcome"]
        if scan["outcome"] in ("ticket_unknown", "ticket_malformed"):
            assert scan["registration"] is None
        elif scan["outcome"] == "ticket_revoked":
            assert scan["created_at"] < arrived[scan["registration"]]  # then the new ticket was scanned
        elif scan["outcome"] != "checked_in":
            assert scan["created_at"] > arrived[scan["registration"]]  # nobody is at a table before a gate
    assert await Scan.count().where(Scan.event != fairs[SLUG]) == 0
    assert await CheckIn.count().where(CheckIn.event != fairs[SLUG]) == 0

    numbers = await live.live_numbers(event_id=fairs[SLUG], now=AS_OF)
    assert numbers.checked_in == CHECKED_IN
    assert numbers.total_failed == 3 + 2 + 1 + 2
    assert numbers.scans == sum(SCANS.values())
    assert sum(count for _, count in numbers.arrivals) > 0  # the chart shows the fair's arrivals, long after it


async def test_meetings_were_held_only_where_both_sides_checked_in() -> None:
    await build_demo()
    fairs = await fair_ids()
    event_id = fairs[SLUG]
    meetings = {
        m["id"]: m
        for m in await Meeting.select(Meeting.all_columns(), Meeting.slot.starts_at, Meeting.slot.ends_at).where(
            Meeting.event == event_id
        )
    }
    assert Counter(m["status"] for m in meetings.values()) == MEETINGS
    attendees: dict[int, list[dict[str, Any]]] = {}
    for row in await MeetingAttendee.select().where(MeetingAttendee.meeting.is_in(sorted(meetings))):
        attendees.setdefault(row["meeting"], []).append(row)
    arrived = {c["registration"]: c["created_at"] for c in await CheckIn.select().where(CheckIn.event == event_id)}
    for meeting_id, meeting in meetings.items():
        seats = attendees[meeting_id]
        assert len(seats) == 2
        seen = [s["checked_in_at"] for s in seats if s["checked_in_at"] is not None]
        if meeting["status"] == "held":
            assert len(seen) == 2
            assert meeting["held_at"] == max(seen)
        else:
            assert meeting["held_at"] is None
            assert len(seen) == (1 if meeting["status"] == "scheduled" else 0)
        for seat in seats:
            if seat["checked_in_at"] is not None:
                assert arrived[seat["registration"]] < seat["checked_in_at"]
                assert abs(seat["checked_in_at"] - meeting["slot.starts_at"]) <= timedelta(minutes=10)

    slots = await attendance.slot_attendance(event_id=event_id, now=AS_OF)
    assert sum(s.held for s in slots) == MEETINGS["held"]
    assert sum(s.no_show for s in slots) == MEETINGS["no_show"]
    assert sum(s.one_side for s in slots) == MEETINGS["scheduled"]
    assert sum(s.pending for s in slots) == 0
    assert await attendance.settle_no_shows(event_id=event_id, now=AS_OF) == 0  # the demo already settled them

    run = await ScheduleRun.select().where(ScheduleRun.event == event_id).output(load_json=True).first()
    assert run is not None
    assert (run["status"], run["best_weight"]) == ("published", run["upper_bound"])  # proved optimal
    schedule = schedule_from_json(run["result"])
    assert validate_schedule(parse_problem(run["problem"]), schedule) == []
    assert len(schedule.meetings) == len(meetings) == sum(MEETINGS.values())
    accepted = await MeetingRequest.count().where(
        (MeetingRequest.event == event_id) & (MeetingRequest.status == "accepted")
    )
    assert schedule.stats.requested == accepted


async def test_deals_move_forward_in_time_and_their_history_replays_to_them() -> None:
    await build_demo()
    fairs = await fair_ids()
    deals = await Deal.select(Deal.all_columns(), Deal.meeting.status, Deal.meeting.event).order_by(Deal.id)
    assert Counter(d["stage"] for d in deals) == {stage.value: count for stage, count in DEALS.items()}
    assert Counter(d["contract_type"] for d in deals) == {mode.value: count for mode, count in DEAL_TYPES.items()}
    assert {d["event"] for d in deals} == {d["meeting.event"] for d in deals} == {fairs[SLUG]}
    assert {d["meeting.status"] for d in deals} == {"held"}
    assert len({d["meeting"] for d in deals}) == len(deals)
    numbers = [d["registration_number"] for d in deals if d["registration_number"]]
    assert len(set(numbers)) == len(numbers) == DEALS["signed"] + DEALS["landed"]
    today = AS_OF.date()
    for deal in deals:
        assert isinstance(deal["amount_fen"], int)
        assert 3_000_000 <= deal["amount_fen"] <= 4_500_000_000  # 30,000 to 45 million yuan, whole fen
        dates = [as_date(deal[STAGE_DATE[stage]]) for stage in MAIN_LINE if deal[STAGE_DATE[stage]] is not None]
        assert dates == sorted(dates)
        assert len(dates) == len(set(dates))
        assert FINISHED_FAIR.starts_on <= dates[0]
        if deal["dropped_on"] is not None:
            assert deal["stage"] == "dropped"
            assert dates[-1] < as_date(deal["dropped_on"]) < today
        assert all(day < today for day in dates)
        signed = deal["stage"] in ("signed", "landed")
        assert bool(deal["registration_number"]) == signed
        if signed:
            assert REGISTRATION_NUMBER.fullmatch(deal["registration_number"])
        assert (deal["licence_terms"] is not None) == (deal["contract_type"] == "licence")

    logged = await Deal.select(Deal.created_at, Deal.intent_on, Deal.created_by.username, Deal.meeting.slot.ends_at)
    for deal in logged:
        assert deal["created_at"] > deal["meeting.slot.ends_at"]  # after the meeting, at its table or later
        assert local(deal["created_at"]).date() == as_date(deal["intent_on"])
    assert {d["created_by.username"] for d in logged} == {"staff", "organizer"}

    changes = await DealChange.select().order_by(DealChange.id).output(load_json=True)
    by_deal: dict[int, list[dict[str, Any]]] = {}
    for change in changes:
        by_deal.setdefault(change["deal"], []).append(change)
    for deal in deals:
        history = by_deal[deal["id"]]
        replayed: dict[str, Any] = {}
        for index, change in enumerate(history):
            for name, (old, new) in change["changes"].items():
                assert blank(replayed.get(name)) == blank(old), (deal["id"], name)
                replayed[name] = new
            if index:
                assert history[index - 1]["changed_at"] < change["changed_at"]
        assert {name: blank(replayed.get(name)) for name in TRACKED} == {
            name: blank(json_value(deal[name])) for name in TRACKED
        }
        assert all(old is None for old, _new in history[0]["changes"].values())
        assert (deal["created_at"], deal["updated_at"]) == (history[0]["changed_at"], history[-1]["changed_at"])
        assert deal["created_by"] == history[0]["changed_by"]

    # the audit trigger logged each change with the stage it led to
    audit = (
        await AuditEntry.select().where(AuditEntry.object_kind == "deal").order_by(AuditEntry.id).output(load_json=True)
    )
    assert Counter(a["action"] for a in audit) == {"deal_logged": len(deals), "deal_changed": len(changes) - len(deals)}
    stages = {c["id"]: stage_after(by_deal[c["deal"]], c) for c in changes}
    assert [(a["object_id"], a["at"], a["details"]["stage"]) for a in audit] == [
        (c["deal"], c["changed_at"], stages[c["id"]]) for c in changes
    ]


async def test_the_reports_add_up_to_the_deals() -> None:
    await build_demo()
    fairs = await fair_ids()
    deals = await Deal.select(Deal.stage, Deal.amount_fen)
    signed = [d["amount_fen"] for d in deals if d["stage"] in ("signed", "landed")]
    landed = [d["amount_fen"] for d in deals if d["stage"] == "landed"]
    assert sum(signed) == SIGNED_FEN
    for event_id in (fairs[SLUG], None):  # the fair's dashboard, and the cross-fair report
        report = await funnel_report(filters=ReportFilter(event_id=event_id))
        assert report.totals.deals == len(deals) == sum(DEALS.values())
        assert (report.totals.signed, report.totals.signed_fen) == (len(signed), sum(signed))
        assert (report.totals.landed, report.totals.landed_fen) == (len(landed), sum(landed))
        assert report.funnel.deals == dict(DEALS)
    report = await funnel_report(filters=ReportFilter(event_id=fairs[SLUG]))
    assert report.totals.held == report.funnel.held == MEETINGS["held"]
    assert report.funnel.scheduled == sum(MEETINGS.values())
    assert sum(row.figures.signed_fen for row in report.breakdowns["contract_type"]) == SIGNED_FEN
    assert sum(p.signed_fen for p in report.timeline) == SIGNED_FEN


async def test_the_audit_log_records_check_ins_and_publications() -> None:
    await build_demo()
    fairs = await fair_ids()
    check_ins = await CheckIn.select(CheckIn.registration, CheckIn.created_at, CheckIn.scanned_by.username)
    entries = await AuditEntry.select().where(AuditEntry.action == "check_in")
    assert sorted((e["object_id"], e["at"], e["actor"]) for e in entries) == sorted(
        (c["registration"], c["created_at"], c["scanned_by.username"]) for c in check_ins
    )
    published = await AuditEntry.select(AuditEntry.event, AuditEntry.actor, AuditEntry.object_id).where(
        AuditEntry.action == "schedule_published"
    )
    runs = await ScheduleRun.select(ScheduleRun.id, ScheduleRun.event)
    assert sorted((p["event"], p["object_id"], p["actor"]) for p in published) == sorted(
        (r["event"], r["id"], "organizer") for r in runs
    )
    assert {r["event"] for r in runs} == {fairs[UNIVERSITY_FAIR], fairs[SLUG]}
    rows = await AuditEntry.select(AuditEntry.event, Count()).group_by(AuditEntry.event)
    assert fairs[DISTRICT_FAIR] not in {r["event"] for r in rows}


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def blank(value: Any) -> Any:
    """The first change leaves out empty fields: an empty text and None are the same here."""
    return None if value == "" else value


def json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def stage_after(history: list[dict[str, Any]], change: dict[str, Any]) -> str:
    stage = ""
    for item in history:
        stage = item["changes"].get("stage", [None, stage])[1]
        if item["id"] == change["id"]:
            return stage
    raise AssertionError(json.dumps(change))

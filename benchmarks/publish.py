"""Publishing a schedule at the scale of DESIGN.md: how long the write transaction lasts, and how many statements.

    uv run python benchmarks/publish.py                                   # a scratch SQLite file
    uv run python benchmarks/publish.py --database postgresql://postgres@127.0.0.1:5432/test
    uv run python benchmarks/publish.py --teams 100 --slice 20            # smaller, quicker
    uv run python benchmarks/publish.py --baseline full                   # also the old path on the full fair

A scratch database (a temporary SQLite file, or a PostgreSQL database created next to ``--database`` and dropped
at the end) holds one fair of DESIGN.md's size: 2,000 approved registrations (``--teams`` research teams hosting
their own table, twice as many enterprises, as many investors as teams), 16 slots over two days, 20 accepted
requests per team (10,000), each about the team's achievement (and the enterprise's demand). 500 teams rather
than DESIGN.md's 400, so that 7,000 meetings fit (a team meets once a slot: 400 × 16 = 6,400).

- Schedule A places 14 requests of every team (7,000 meetings): the first publication inserts them all and
  tells both participants of each (14,000 outbox messages).
- Schedule B, made after A is published, moves 10 % of them (700), drops 1 % (50) and adds 1 % (50); the rest
  stay. Its publication is the re-publication.

Both go through ``runs.import_schedule`` then ``runs.publish_run``, exactly as the API does. Each is timed, and
the statements it sends through the engine are counted (``events.database.counting_queries``). The baseline is
the per-meeting publication this project had before (``legacy_apply_plan`` below, a copy of it): it runs in the
same process on a fair of ``--slice`` teams, the full fair scaled down in every part, and its figures are scaled
up by the same factor (clearly labelled EXTRAPOLATED); ``--baseline full`` also measures it on a full-size fair
(about a minute more). The current code runs on the slice as well, for a like-for-like ratio, and the two
outboxes of that size are compared message by message.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLOTS = 16
REQUESTS_PER_TEAM = 20
MEETINGS_PER_TEAM = 14  # schedule A: slots 0..13; slots 14 and 15 are left for schedule B's moves and additions
CHUNK = 500


# --- the fair ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fair:
    event_id: int
    teams: int
    schedule_a: dict[str, Any]
    schedule_b: dict[str, Any]

    @property
    def meetings(self) -> int:
        return len(self.schedule_a["meetings"])


async def _insert_all(table: Any, rows: list[Any], key: Any) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        result = await table.insert(*rows[start : start + CHUNK]).returning(key)
        ids.extend(int(row[key._meta.name]) for row in result)
    return ids


async def build_fair(*, teams: int, name: str) -> Fair:
    """One fair: ``teams`` teams at their own tables, 2 × teams enterprises, teams investors, 20 requests a team."""
    from events import fairs
    from events.registration import new_secret
    from events.tables import (
        Achievement,
        Demand,
        Event,
        MeetingRequest,
        Organization,
        Person,
        Registration,
    )
    from events.vocabulary import EventFormat, Field, Maturity

    first_day = datetime.now(tz=UTC).date() + timedelta(days=7)
    event = await fairs.create_fair(
        slug=f"bench-publish-{name}",
        title="发布性能测试对接会",  # the same for every fair: their outboxes compare equal
        format=EventFormat.ENTERPRISES_INTO_UNIVERSITIES,
        starts_on=first_day,
        ends_on=first_day + timedelta(days=1),
        grid=fairs.SlotGrid(sessions=(fairs.Session(clock(9, 0), clock(11, 40)),), slot_minutes=20),
        tables=fairs.numbered_tables(count=teams),
    )
    tables = await fairs.fair_tables(event_id=event.id)
    slots = await fairs.fair_slots(event_id=event.id)
    assert len(slots) == SLOTS
    assert len(tables) == teams
    seekers = 3 * teams  # enterprises first, then investors
    roles = ["team"] * teams + ["enterprise"] * (2 * teams) + ["investor"] * teams
    organizations = await _insert_all(
        Organization,
        [
            Organization(name=f"{'大学' if role == 'team' else '企业'}{n:05d}", kind=_kind(role))
            for n, role in enumerate(roles)
        ],
        Organization.id,
    )
    people = await _insert_all(
        Person,
        [
            Person(name=f"联系人{n:05d}", organization=org, phone=f"139{n:08d}", email=f"p{n}@example.com")
            for n, org in enumerate(organizations)
        ],
        Person.id,
    )
    registrations = await _insert_all(
        Registration,
        [
            Registration(
                event=event.id,
                role=role,
                status="approved",
                organization=organizations[n],
                person=people[n],
                team_name=f"课题组{n:05d}" if role == "team" else "",
                host_table=tables[n].id if role == "team" else None,
                portal_token=new_secret(),
                calendar_token=new_secret(),
            )
            for n, role in enumerate(roles)
        ],
        Registration.id,
    )
    achievements = await _insert_all(
        Achievement,
        [
            Achievement(
                title=f"成果{n:05d}", field=Field.NEW_MATERIALS.value, maturity=Maturity.PILOT.value, organization=org
            )
            for n, org in enumerate(organizations[:teams])
        ],
        Achievement.id,
    )
    demands = await _insert_all(
        Demand,
        [
            Demand(title=f"需求{n:05d}", field=Field.NEW_MATERIALS.value, organization=org)
            for n, org in enumerate(organizations[teams : 3 * teams])
        ],
        Demand.id,
    )

    def weight(t: int, j: int) -> int:
        return 1 + (t + j) % 5  # the request's priority

    step = seekers // REQUESTS_PER_TEAM  # team t asks seekers t, t+step, t+2·step, ... (mod seekers): all distinct
    pairs = [(t, j, (t + step * j) % seekers) for t in range(teams) for j in range(REQUESTS_PER_TEAM)]
    request_ids = await _insert_all(
        MeetingRequest,
        [
            MeetingRequest(
                event=event.id,
                requester=registrations[teams + s],
                recipient=registrations[t],
                status="accepted",
                priority=weight(t, j),
                achievement=achievements[t],
                demand=demands[s] if s < 2 * teams else None,
            )
            for t, j, s in pairs
        ],
        MeetingRequest.id,
    )
    request_rows = await MeetingRequest.select(
        MeetingRequest.id, MeetingRequest.requester, MeetingRequest.recipient
    ).where(MeetingRequest.event == event.id)
    assert len(request_rows) == len(request_ids)
    request_of = {(r["recipient"], r["requester"]): f"r{r['id']}" for r in request_rows}
    assert len(request_of) == len(pairs)
    await Event.update({Event.status: "closed"}).where(Event.id == event.id)
    codes = [slot.code for slot in slots]

    def request(t: int, j: int) -> str:
        return request_of[registrations[t], registrations[teams + (t + step * j) % seekers]]

    def meeting(t: int, j: int, slot: int) -> dict[str, str]:
        return {"request": request(t, j), "slot": codes[slot], "table": tables[t].code}

    placed_a = {(t, j): j for t in range(teams) for j in range(MEETINGS_PER_TEAM)}
    placed_b = dict(placed_a)
    for t in range(teams):
        placed_b[t, 0] = 14  # every team's first meeting moves to slot 14 (its seeker t is free there)
    for t in range(teams * 4 // 10):
        placed_b[t, 1] = 15  # and 40 % of the second ones to slot 15: 10 % of the meetings move
    for t in range(teams // 10):
        del placed_b[t, MEETINGS_PER_TEAM - 1]  # 1 % dropped
    for t in range(teams * 4 // 10, teams // 2):
        placed_b[t, MEETINGS_PER_TEAM] = 15  # 1 % added
    everything = [(t, j) for t in range(teams) for j in range(REQUESTS_PER_TEAM)]
    return Fair(
        event_id=event.id,
        teams=teams,
        schedule_a=_document(placed_a, everything, request=request, meeting=meeting, weight=weight),
        schedule_b=_document(placed_b, everything, request=request, meeting=meeting, weight=weight),
    )


def _kind(role: str) -> str:
    return "university" if role == "team" else "enterprise" if role == "enterprise" else "investor"


def _document(
    placed: dict[tuple[int, int], int],
    everything: list[tuple[int, int]],
    *,
    request: Callable[[int, int], str],
    meeting: Callable[[int, int, int], dict[str, str]],
    weight: Callable[[int, int], int],
) -> dict[str, Any]:
    """A schedule document placing ``placed`` ((team, j) -> slot index) and explaining every other request."""
    total = sum(weight(t, j) for t, j in placed)
    return {
        "format": "transferfair.schedule/1",
        "status": "feasible",
        "meetings": [meeting(t, j, slot) for (t, j), slot in placed.items()],
        "unscheduled": [
            {"request": request(t, j), "reason": "no slot left"} for t, j in everything if (t, j) not in placed
        ],
        "stats": {
            "requested": len(everything),
            "scheduled": len(placed),
            "weight": total,
            "upper_bound": total,
            "solve_seconds": 0.0,
        },
    }


# --- the per-meeting publication this project had (the baseline) ------------------------------------------


async def legacy_apply_plan(*, fair: Any, plan: Any, run_id: int) -> Any:
    """``events.scheduling.fair.apply_plan`` as it was: per-row moves, four statements per message (copy)."""
    from events.booking import seat_attendees
    from events.clock import utc_now
    from events.scheduling.fair import CANCELLED, Applied
    from events.tables import Meeting, MeetingAttendee, NotificationKind

    now = utc_now()
    cancelled_ids = [m.meeting_id for m in plan.cancelled]
    moved_ids = [m.meeting.meeting_id for m in plan.moved]
    if cancelled_ids:
        await Meeting.update(
            {
                Meeting.status: CANCELLED,
                Meeting.cancelled_at: now,
                Meeting.updated_at: now,
                Meeting.sequence: Meeting.sequence + 1,
            }
        ).where(Meeting.id.is_in(cancelled_ids))
    if cancelled_ids or moved_ids:
        await MeetingAttendee.delete().where(MeetingAttendee.meeting.is_in(cancelled_ids + moved_ids))
    for move in plan.moved:
        await Meeting.update({Meeting.seat: -move.meeting.meeting_id}).where(Meeting.id == move.meeting.meeting_id)
    for move in plan.moved:
        slot_id = fair.slot_of[move.slot]
        await Meeting.update(
            {
                Meeting.slot: slot_id,
                Meeting.table: fair.table_of[move.table],
                Meeting.seat: move.seat,
                Meeting.sequence: Meeting.sequence + 1,
                Meeting.updated_at: now,
                Meeting.schedule_run: run_id,
            }
        ).where(Meeting.id == move.meeting.meeting_id)
        await seat_attendees(
            meeting_id=move.meeting.meeting_id,
            slot_id=slot_id,
            registration_ids=list(fair.parties_of[move.meeting.request]),
        )
    kept_ids = [m.meeting_id for m in plan.kept]
    if kept_ids:
        await Meeting.update({Meeting.schedule_run: run_id}).where(Meeting.id.is_in(kept_ids))
    added_ids = await _legacy_insert_meetings(fair=fair, additions=plan.added, run_id=run_id, now=now)
    messages = await _legacy_announce(event_id=fair.event.id, meeting_ids=added_ids)
    messages += await _legacy_tell(fair, NotificationKind.MEETING_MOVED, plan.moved, [])
    messages += await _legacy_tell(fair, NotificationKind.MEETING_CANCELLED, [], plan.cancelled)
    return Applied(
        kept=len(plan.kept),
        moved=len(plan.moved),
        cancelled=len(plan.cancelled),
        added=len(added_ids),
        messages=messages,
    )


async def _legacy_insert_meetings(*, fair: Any, additions: list[Any], run_id: int, now: datetime) -> list[int]:
    from events.scheduling.fair import SCHEDULED
    from events.tables import Meeting, MeetingAttendee

    rows = [
        Meeting(
            event=fair.event.id,
            request=fair.request_of[a.request],
            slot=fair.slot_of[a.slot],
            table=fair.table_of[a.table],
            seat=a.seat,
            status=SCHEDULED,
            locked=False,
            schedule_run=run_id,
            sequence=0,
            created_at=now,
            updated_at=now,
        )
        for a in additions
    ]
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        returned = await Meeting.insert(*rows[start : start + CHUNK]).returning(Meeting.id)
        ids.extend(int(r["id"]) for r in returned)
    seats = [
        MeetingAttendee(meeting=meeting_id, registration=registration, slot=fair.slot_of[a.slot])
        for meeting_id, a in zip(ids, additions, strict=True)
        for registration in sorted(set(fair.parties_of[a.request]))
    ]
    for start in range(0, len(seats), CHUNK):
        await MeetingAttendee.insert(*seats[start : start + CHUNK])
    return ids


async def _legacy_announce(*, event_id: int, meeting_ids: list[int]) -> int:
    from events import notifications
    from events.parties import get_event, load_parties
    from events.requests import About, about_titles
    from events.tables import Meeting, NotificationKind

    if not meeting_ids:
        return 0
    event = await get_event(event_id)
    rows = await Meeting.select(
        Meeting.id,
        Meeting.request,
        Meeting.request.requester,
        Meeting.request.recipient,
        Meeting.request.achievement,
        Meeting.request.demand,
        Meeting.slot.code,
        Meeting.slot.starts_at,
        Meeting.slot.ends_at,
        Meeting.table.code,
        Meeting.table.name,
    ).where(Meeting.id.is_in(meeting_ids) & (Meeting.event == event_id) & (Meeting.status == "scheduled"))
    parties = await load_parties([r["request.requester"] for r in rows] + [r["request.recipient"] for r in rows])
    for r in rows:
        data = {
            **notifications.slot_data(
                {"code": r["slot.code"], "starts_at": r["slot.starts_at"], "ends_at": r["slot.ends_at"]}
            ),
            "table": r["table.name"] or r["table.code"],
            "about": await about_titles(About(r["request.achievement"], r["request.demand"])),
        }
        first, second = parties[r["request.requester"]], parties[r["request.recipient"]]
        for one, other in ((first, second), (second, first)):
            await notifications.record(
                event=event,
                recipient=one,
                kind=NotificationKind.MEETING_SCHEDULED,
                counterpart=other,
                request_id=r["request"],
                meeting_id=r["id"],
                data=data,
            )
    return 2 * len(rows)


async def _legacy_tell(fair: Any, kind: Any, moves: list[Any], cancelled: list[Any]) -> int:
    from events import notifications
    from events.parties import load_parties
    from events.requests import About, about_titles
    from events.tables import MeetingRequest, MeetingTable, Slot

    changes: list[tuple[Any, str | None, str | None]] = [(m.meeting, m.slot, m.table) for m in moves]
    changes += [(m, None, None) for m in cancelled]
    if not changes:
        return 0
    slots = {
        r["code"]: r
        for r in await Slot.select(Slot.code, Slot.starts_at, Slot.ends_at).where(Slot.event == fair.event.id)
    }
    tables = {
        r["code"]: r["name"] or r["code"]
        for r in await MeetingTable.select(MeetingTable.code, MeetingTable.name).where(
            MeetingTable.event == fair.event.id
        )
    }
    abouts = {
        r["id"]: About(r["achievement"], r["demand"])
        for r in await MeetingRequest.select(
            MeetingRequest.id, MeetingRequest.achievement, MeetingRequest.demand
        ).where(MeetingRequest.id.is_in([fair.request_of[m.request] for m, _s, _t in changes]))
    }
    parties = await load_parties([p for m, _s, _t in changes for p in fair.parties_of[m.request]])
    count = 0
    for meeting, new_slot, new_table in changes:
        old = slots[meeting.slot]
        if new_slot is None:
            data = {**notifications.slot_data(old), "table": tables[meeting.table]}
        else:
            data = {
                **notifications.slot_data(slots[new_slot]),
                **notifications.slot_data(old, prefix="previous_"),
                "table": tables[new_table or meeting.table],
            }
        request_row_id = fair.request_of[meeting.request]
        data["about"] = await about_titles(abouts.get(request_row_id, About()))
        first, second = (parties[p] for p in fair.parties_of[meeting.request])
        for one, other in ((first, second), (second, first)):
            await notifications.record(
                event=fair.event,
                recipient=one,
                kind=kind,
                counterpart=other,
                request_id=request_row_id,
                meeting_id=meeting.meeting_id,
                data=data,
            )
            count += 1
    return count


# --- measuring --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timed:
    what: str
    meetings: int  # meetings the publication wrote (inserted, moved or cancelled)
    seconds: float
    statements: int
    messages: int
    cpu: float = 0.0  # CPU seconds of this process (SQLite works in it; PostgreSQL's server is not counted)

    def line(self) -> str:
        per = self.seconds / max(1, self.meetings) * 1000
        return (
            f"{self.what:<46} {self.meetings:>6} meetings  {self.seconds:8.2f} s  {per:6.2f} ms/meeting  "
            f"{self.statements:>7} statements  {self.messages:>6} messages  {self.cpu:6.2f} s CPU"
        )


PROFILE: list[Any] = []  # a cProfile.Profile when --profile is given: the full fair's publications are profiled


async def publish(fair: Fair, document: dict[str, Any], what: str, *, legacy: bool = False) -> Timed:
    from events.database import counting_queries
    from events.scheduling import runs

    profile = PROFILE[0] if PROFILE and fair.teams > 100 and not legacy else None

    run_id, _ = await runs.import_schedule(event_id=fair.event_id, document=document)
    original = runs.apply_plan
    if legacy:
        runs.apply_plan = legacy_apply_plan  # type: ignore[assignment]
    try:
        with counting_queries() as log:
            if profile is not None:
                profile.enable()
            started, cpu = time.perf_counter(), time.process_time()
            published = await runs.publish_run(event_id=fair.event_id, run_id=run_id)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            if profile is not None:
                profile.disable()
    finally:
        runs.apply_plan = original
    applied = published.applied
    return Timed(
        what=what,
        meetings=applied.added + applied.moved + applied.cancelled,
        seconds=seconds,
        statements=log.count,
        messages=applied.messages,
        cpu=cpu,
    )


async def both_publications(fair: Fair, label: str, *, legacy: bool = False) -> tuple[Timed, Timed]:
    first = await publish(fair, fair.schedule_a, f"{label}: first publication", legacy=legacy)
    again = await publish(fair, fair.schedule_b, f"{label}: re-publication (10 % move)", legacy=legacy)
    return first, again


def extrapolated(slice_: Timed, scale: float, what: str) -> Timed:
    """A slice's figures at ``scale`` times its size: the slice is the whole fair scaled down in every part
    (teams, seekers, requests, meetings), and so is every part of the work, the rule check's included."""
    return Timed(
        what=what,
        meetings=round(slice_.meetings * scale),
        seconds=slice_.seconds * scale,
        statements=round(slice_.statements * scale),
        messages=round(slice_.messages * scale),
        cpu=slice_.cpu * scale,
    )


async def _check(fair: Fair) -> str:
    """The fair's standing meetings are schedule B's, each with its two seats; the outbox holds every message."""
    from events.tables import Meeting, MeetingAttendee, Notification

    standing = await Meeting.count().where((Meeting.event == fair.event_id) & (Meeting.status != "cancelled"))
    seats = await MeetingAttendee.count().where(MeetingAttendee.meeting.event == fair.event_id)
    messages = await Notification.count().where(Notification.event == fair.event_id)
    expected = len(fair.schedule_b["meetings"])
    ok = standing == expected and seats == 2 * expected
    verdict = "ok" if ok else "WRONG"
    return f"{verdict}: {standing} standing meetings (expected {expected}), {seats} seats, {messages} messages"


async def _outbox(fair: Fair) -> list[tuple[Any, ...]]:
    from events.tables import Notification

    rows = (
        await Notification.select(
            Notification.kind,
            Notification.subject,
            Notification.body,
            Notification.data,
            Notification.email,
            Notification.delivery,
        )
        .where(Notification.event == fair.event_id)
        .order_by(Notification.id)
        .output(load_json=True)
    )
    return [tuple(row.values()) for row in rows]


async def _same_outbox(legacy: Fair, new: Fair) -> str:
    """The two slices got the same messages, in the same order (their ids aside)."""
    before, after = await _outbox(legacy), await _outbox(new)
    same = before == after
    verdict = "ok" if same else "WRONG"
    return f"{verdict}: the outbox of the slice published as before and as now is {'' if same else 'NOT '}the same"


async def benchmark(database_url: str, *, teams: int, slice_teams: int, legacy: str) -> int:
    """``legacy``: "slices" (the baseline on two slices, extrapolated), "full" (also measured on the full fair)
    or "none"."""
    from events.database import close_pool, migrate, start_pool, use_database

    engine = use_database(database_url)
    await migrate()
    await start_pool(engine, max_size=4)
    try:
        started = time.perf_counter()
        big = await build_fair(teams=teams, name="full")
        new_slice = await build_fair(teams=slice_teams, name="slice-new")
        before: list[Fair] = []
        if legacy != "none":
            before.append(await build_fair(teams=slice_teams, name="legacy-slice"))
        if legacy == "full":
            before.append(await build_fair(teams=teams, name="legacy-full"))
        warm_ups = [await build_fair(teams=20, name=f"warm-up-{n}") for n in range(2)]
        print(f"built {4 + len(before)} fairs in {time.perf_counter() - started:.1f} s", flush=True)
        for fair, old_path in zip(warm_ups, (True, False), strict=True):  # imports and caches: not measured
            await both_publications(fair, "warm-up", legacy=old_path)
        measured: list[tuple[Timed, Timed]] = []
        for fair in before:
            measured.append(await both_publications(fair, f"before, {fair.teams}-team fair", legacy=True))
        after_slice = await both_publications(new_slice, f"after, {slice_teams}-team fair")
        after_full = await both_publications(big, f"after, {teams}-team fair")
        checks = [await _check(fair) for fair in (new_slice, big, *before)]
        if before:
            checks.append(await _same_outbox(before[0], new_slice))
    finally:
        await close_pool(engine)

    load_1, load_5, _ = os.getloadavg()
    kind = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print()
    print(
        f"{kind}; {teams} teams, {3 * teams} enterprises and investors ({4 * teams} registrations), "
        f"{REQUESTS_PER_TEAM * teams} requests, {big.meetings} meetings; cores {os.cpu_count()}, load average "
        f"{load_1:.1f} (1 min) {load_5:.1f} (5 min)"
    )
    print("before = the per-meeting publication (legacy_apply_plan); after = events.scheduling.fair.apply_plan;")
    print("wall-clock seconds (the write transaction's length, about), and this process's CPU seconds")
    comparisons: list[tuple[str, Timed, Timed]] = []
    for pair in measured:
        for timed in pair:
            print(timed.line())
    if measured:
        slice_first, slice_again = measured[0]
        scale = teams / slice_teams
        estimates = (
            extrapolated(slice_first, scale, f"before, EXTRAPOLATED ×{scale:g}: first publication"),
            extrapolated(slice_again, scale, f"before, EXTRAPOLATED ×{scale:g}: re-publication"),
        )
        for timed in estimates:
            print(timed.line())
        comparisons += [
            (f"{slice_teams}-team fair, first publication", slice_first, after_slice[0]),
            (f"{slice_teams}-team fair, re-publication", slice_again, after_slice[1]),
            (f"{teams}-team fair, first publication (before extrapolated)", estimates[0], after_full[0]),
            (f"{teams}-team fair, re-publication (before extrapolated)", estimates[1], after_full[1]),
        ]
    if len(measured) > 1:
        comparisons += [
            (f"{teams}-team fair, first publication (before measured)", measured[1][0], after_full[0]),
            (f"{teams}-team fair, re-publication (before measured)", measured[1][1], after_full[1]),
        ]
    for timed in (*after_slice, *after_full):
        print(timed.line())
    print()
    for label, old, new in comparisons:
        print(
            f"{label:<58} {old.seconds / new.seconds:6.1f}× faster, "
            f"{old.statements / new.statements:7.1f}× fewer statements"
        )
    print()
    for check in checks:
        print(check)
    return 0 if all(check.startswith("ok") for check in checks) else 1


# --- scratch databases ------------------------------------------------------------------------------------


async def _admin(url: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def _in_scratch_database(database: str, run: Callable[[str], Awaitable[int]]) -> int:
    if not database.startswith(("postgres://", "postgresql://")):
        with tempfile.TemporaryDirectory(prefix="tf-bench-publish-") as folder:
            return asyncio.run(run(f"sqlite:///{folder}/publish.db"))
    name = f"tf_bench_publish_{uuid.uuid4().hex[:8]}"
    scratch = urlunsplit(urlsplit(database)._replace(path=f"/{name}"))
    asyncio.run(_admin(database, f'CREATE DATABASE "{name}"'))
    try:
        return asyncio.run(run(scratch))
    finally:
        asyncio.run(_admin(database, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="'sqlite' (a temporary file) or a PostgreSQL URL")
    parser.add_argument("--teams", type=int, default=500, help="teams of the full fair (14 meetings each)")
    parser.add_argument("--slice", type=int, default=50, help="teams of the slice the baseline runs on")
    parser.add_argument(
        "--baseline",
        choices=("slices", "full", "none"),
        default="slices",
        help="the per-meeting baseline on a slice, extrapolated (default); also on the full fair; or not at all",
    )
    parser.add_argument("--profile", metavar="FILE", help="write a cProfile of the full fair's publications")
    args = parser.parse_args(argv)
    if args.profile:
        import cProfile

        PROFILE.append(cProfile.Profile())
    if args.teams < 20 or args.slice < 20:
        parser.error("--teams and --slice are at least 20 (every team asks 20 distinct seekers)")
    status = _in_scratch_database(
        args.database,
        lambda url: benchmark(url, teams=args.teams, slice_teams=args.slice, legacy=args.baseline),
    )
    if args.profile:
        PROFILE[0].dump_stats(args.profile)
    return status


if __name__ == "__main__":
    raise SystemExit(main())

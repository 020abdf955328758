"""Mixed load on a real server on PostgreSQL: agenda reads, bookings and gate scans from 64 clients for a minute.

    uv run python benchmarks/load.py [--database postgresql://postgres@127.0.0.1:5432/test]
                                     [--clients 64] [--seconds 60] [--workers 2]

A scratch database is created next to ``--database`` and dropped at the end. It holds one fair (tomorrow, 18
slots, its schedule published) with 300 research teams hosting a table each and 900 enterprises, all approved
with a ticket; 1,800 scheduled meetings (two per enterprise) and 3,600 accepted requests still to book (four per
enterprise, spread over the teams). ``transferfair serve --workers N`` serves it.

Each client is one keep-alive connection that plays one enterprise (its personal-link token) and a gate scanner
(a staff bearer token), and loops for the duration, choosing at random:

- 60% agenda reads: ``GET /api/me/agenda`` (the enterprise's meetings with counterparts, tables and feed links);
- 20% bookings: ``POST /api/me/meetings`` of one of its enterprise's accepted requests (each request belongs to
  one client) in a random slot; ``409 slot_taken`` / ``agenda_conflict`` are correct answers when the team,
  the table or the enterprise is taken in that slot (the request is tried again in another slot later);
- 20% gate scans: ``POST /api/events/{id}/checkins`` of a random ticket with a fresh nonce (first scans answer
  201 ``checked_in``, later ones 200 ``already_checked_in``).

Then the database is checked: no server error or unexpected status; exactly one check-in per ticket answered
201 and none for the others; one scan row per scan sent; every 201 booking is exactly one stored meeting and
every stored booked meeting was answered 201; nobody (participant, table seat) is in two meetings at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loadgen import connection_to, free_port, insert_all, on_scratch_database, percentile, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEAMS = 300
ENTERPRISES = 900
MEETINGS_PER_ENTERPRISE = 2
REQUESTS_PER_ENTERPRISE = 4
MIX = (("agenda", 0.6), ("booking", 0.2), ("scan", 0.2))
EXPECTED = {"agenda": {200}, "booking": {201, 409}, "scan": {200, 201}}
SEED = 20261126
# Refusals of a booking that another slot may not meet: try the same request again in another slot.
RETRYABLE = ("slot_taken", "agenda_conflict", "unavailable_slot")


# --- the data -------------------------------------------------------------------------------------------------


@dataclass
class Seeded:
    event_id: int
    staff_token: str
    slot_codes: list[str]
    tickets: list[str]
    enterprises: list[tuple[str, list[tuple[int, int]]]]  # (portal token, [(request id, team registration id)])


async def seed(database_url: str) -> Seeded:
    from datetime import time as clock

    from events import accounts, fairs
    from events.checkin.tickets import issue_tickets
    from events.database import close_pool, migrate, start_pool, use_database
    from events.registration import new_secret
    from events.tables import (
        Event,
        Meeting,
        MeetingAttendee,
        MeetingRequest,
        Organization,
        Person,
        Registration,
        ScheduleRun,
        Ticket,
    )
    from events.vocabulary import EventFormat, UserRole

    engine = use_database(database_url)
    await migrate()
    await start_pool(engine, max_size=4)
    try:
        tomorrow = datetime.now(tz=UTC).date() + timedelta(days=1)
        sessions = (fairs.Session(clock(9), clock(12)), fairs.Session(clock(14), clock(17)))
        event = await fairs.create_fair(
            slug="bench-load",
            title="混合负载测试对接会",
            format=EventFormat.ENTERPRISES_INTO_UNIVERSITIES,
            starts_on=tomorrow,
            ends_on=tomorrow,
            grid=fairs.SlotGrid(sessions=sessions, slot_minutes=20),
            tables=fairs.numbered_tables(count=TEAMS),
        )
        await accounts.create_user(username="gate-load", password="benchmark password", role=UserRole.STAFF)
        await accounts.assign_staff(event_id=event.id, username="gate-load")
        staff_token = await accounts.create_api_token(username="gate-load", name="load benchmark")
        slots = await fairs.fair_slots(event_id=event.id)
        tables = await fairs.fair_tables(event_id=event.id)

        total = TEAMS + ENTERPRISES
        org_ids = await insert_all(
            Organization,
            [Organization(name=f"机构{i:05d}", kind="university" if i < TEAMS else "enterprise") for i in range(total)],
            Organization.id,
        )
        person_ids = await insert_all(
            Person, [Person(name=f"参会人{i:05d}", organization=org_ids[i]) for i in range(total)], Person.id
        )
        tokens = [new_secret() for _ in range(total)]
        registration_ids = await insert_all(
            Registration,
            [
                Registration(
                    event=event.id,
                    role="team" if i < TEAMS else "enterprise",
                    status="approved",
                    organization=org_ids[i],
                    person=person_ids[i],
                    team_name=f"课题组{i:05d}" if i < TEAMS else "",
                    host_table=tables[i].id if i < TEAMS else None,
                    portal_token=tokens[i],
                    calendar_token=new_secret(),
                )
                for i in range(total)
            ],
            Registration.id,
        )
        teams, enterprises = registration_ids[:TEAMS], registration_ids[TEAMS:]
        await issue_tickets(event_id=event.id)

        # Two scheduled meetings per enterprise (slots 0..1 and 9..10 so that the day has free slots left).
        run = ScheduleRun(event=event.id, status="published", source="import", published_at=datetime.now(tz=UTC))
        await run.save()
        scheduled: list[tuple[int, int, int]] = []  # (enterprise index, team index, slot index)
        for e in range(ENTERPRISES):
            for m in range(MEETINGS_PER_ENTERPRISE):
                slot_index = (e // TEAMS) + m * 9
                scheduled.append((e, (e + m * 7) % TEAMS, slot_index))
        request_ids = await insert_all(
            MeetingRequest,
            [
                MeetingRequest(event=event.id, requester=enterprises[e], recipient=teams[t], status="accepted")
                for e, t, _ in scheduled
            ],
            MeetingRequest.id,
        )
        meeting_ids = await insert_all(
            Meeting,
            [
                Meeting(
                    event=event.id,
                    request=request_ids[k],
                    slot=slots[s].id,
                    table=tables[t].id,
                    seat=0,
                    schedule_run=run.id,
                )
                for k, (_, t, s) in enumerate(scheduled)
            ],
            Meeting.id,
        )
        await insert_all(
            MeetingAttendee,
            [
                MeetingAttendee(meeting=meeting_ids[k], registration=person, slot=slots[s].id)
                for k, (e, t, s) in enumerate(scheduled)
                for person in (enterprises[e], teams[t])
            ],
            MeetingAttendee.id,
        )
        # Accepted requests still to book: four per enterprise, with other teams.
        met = {(e, t) for e, t, _ in scheduled}
        to_book: list[tuple[int, int]] = []
        for e in range(ENTERPRISES):
            candidates = ((e * 3 + 11 + 13 * r) % TEAMS for r in range(TEAMS))
            chosen = [t for t in dict.fromkeys(candidates) if (e, t) not in met][:REQUESTS_PER_ENTERPRISE]
            to_book.extend((e, t) for t in chosen)
        booking_ids = await insert_all(
            MeetingRequest,
            [
                MeetingRequest(event=event.id, requester=enterprises[e], recipient=teams[t], status="accepted")
                for e, t in to_book
            ],
            MeetingRequest.id,
        )
        await Event.update({Event.status: "scheduled"}).where(Event.id == event.id)
        per_enterprise: dict[int, list[tuple[int, int]]] = {}
        for (e, t), request_id in zip(to_book, booking_ids, strict=True):
            per_enterprise.setdefault(e, []).append((request_id, teams[t]))
        tickets = [row["secret"] for row in await Ticket.select(Ticket.secret).where(Ticket.event == event.id)]
        return Seeded(
            event_id=event.id,
            staff_token=staff_token,
            slot_codes=[slot.code for slot in slots],
            tickets=tickets,
            enterprises=[(tokens[TEAMS + e], per_enterprise[e]) for e in range(ENTERPRISES)],
        )
    finally:
        await close_pool(engine)


# --- the load -------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name, _ in MIX})
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: {name: Counter() for name, _ in MIX})
    unexpected: list[str] = field(default_factory=list)
    booked: dict[int, int] = field(default_factory=dict)  # meeting id -> request id, from 201 answers
    scans_sent: int = 0
    checked_in: set[str] = field(default_factory=set)  # tickets answered 201
    scanned: set[str] = field(default_factory=set)  # tickets answered 200 or 201
    transport_errors: int = 0


async def client(
    number: int, clients: int, base: str, seeded: Seeded, tally: Tally, deadline: float, rng: random.Random
) -> None:
    connection = connection_to(base)
    await connection.open()
    mine = [seeded.enterprises[i] for i in range(number, len(seeded.enterprises), clients)]
    pending = [(token, request_id, team) for token, requests in mine for request_id, team in requests]
    rng.shuffle(pending)
    names = [name for name, _ in MIX]
    weights = [weight for _, weight in MIX]
    gate = {"Authorization": f"Bearer {seeded.staff_token}"}
    scan_path = f"/api/events/{seeded.event_id}/checkins"
    try:
        while time.perf_counter() < deadline:
            kind = rng.choices(names, weights)[0]
            if kind == "booking" and not pending:
                kind = "agenda"
            body: bytes | None = None
            ticket = ""
            if kind == "agenda":
                token = rng.choice(mine)[0]
                method, path, headers = "GET", "/api/me/agenda", {"X-Participant-Token": token}
            elif kind == "booking":
                token, request_id, team = pending[-1]
                slot = rng.choice(seeded.slot_codes)
                method, path, headers = "POST", "/api/me/meetings", {"X-Participant-Token": token}
                body = json.dumps({"counterpart_id": team, "slot": slot, "request_id": request_id}).encode()
            else:
                ticket = rng.choice(seeded.tickets)
                method, path, headers = "POST", scan_path, gate
                body = json.dumps(
                    {"token": ticket, "gate": f"Gate {number % 10 + 1}", "nonce": uuid.uuid4().hex}
                ).encode()
                tally.scans_sent += 1
            started = time.perf_counter()
            try:
                status, answer = await connection.request(method, path, body, headers)
            except (OSError, asyncio.IncompleteReadError) as problem:
                tally.transport_errors += 1
                tally.unexpected.append(f"{kind}: {problem!r}")
                connection.close()
                connection = connection_to(base)
                await connection.open()
                continue
            tally.latencies[kind].append((time.perf_counter() - started) * 1000)
            tally.statuses[kind][status] += 1
            if status not in EXPECTED[kind]:
                tally.unexpected.append(f"{kind} {status}: {answer[:300]!r}")
            if kind == "booking":
                if status == 201:
                    tally.booked[json.loads(answer)["id"]] = pending[-1][1]
                    pending.pop()
                elif status == 409 and json.loads(answer)["code"] not in RETRYABLE:
                    pending.pop()  # e.g. a limit reached: this request will not be booked
            elif kind == "scan" and status in (200, 201):
                tally.scanned.add(ticket)
                if status == 201:
                    tally.checked_in.add(ticket)
    finally:
        connection.close()


# --- the checks -----------------------------------------------------------------------------------------------


async def check(database_url: str, seeded: Seeded, tally: Tally) -> list[tuple[str, bool]]:
    from events.database import close_pool, start_pool, use_database
    from events.tables import CheckIn, Meeting, Scan, Ticket

    engine = use_database(database_url)
    await start_pool(engine, max_size=2)
    try:
        rows = await CheckIn.select(CheckIn.registration, CheckIn.ticket).where(CheckIn.event == seeded.event_id)
        registrations_checked_in = [row["registration"] for row in rows]
        ticket_rows = await Ticket.select(Ticket.id, Ticket.secret).where(Ticket.event == seeded.event_id)
        by_id = {row["id"]: row["secret"] for row in ticket_rows}
        stored_tickets = {by_id[row["ticket"]] for row in rows}
        scans_stored = await Scan.count().where(Scan.event == seeded.event_id)
        booked_rows = await Meeting.select(Meeting.id, Meeting.request).where(
            (Meeting.event == seeded.event_id) & Meeting.schedule_run.is_null()
        )
        stored_bookings = {row["id"]: row["request"] for row in booked_rows}
        double_people = await engine.run_ddl(
            "SELECT a.registration, a.slot, COUNT(*) AS n FROM meeting_attendee a JOIN meeting m ON m.id = a.meeting "
            f"WHERE m.event = {seeded.event_id} AND m.status <> 'cancelled' "
            "GROUP BY a.registration, a.slot HAVING COUNT(*) > 1"
        )
        double_seats = await engine.run_ddl(
            f'SELECT "table", slot, seat, COUNT(*) AS n FROM meeting WHERE event = {seeded.event_id} '
            "AND status <> 'cancelled' GROUP BY \"table\", slot, seat HAVING COUNT(*) > 1"
        )
    finally:
        await close_pool(engine)
    return [
        (f"no server errors, no unexpected answers ({len(tally.unexpected)})", not tally.unexpected),
        (
            f"one check-in per ticket answered 201: {len(stored_tickets)} stored, {len(tally.checked_in)} answered 201",
            stored_tickets == tally.checked_in and len(registrations_checked_in) == len(set(registrations_checked_in)),
        ),
        (f"every scan recorded once: {scans_stored} stored, {tally.scans_sent} sent", scans_stored == tally.scans_sent),
        (
            f"every 201 booking stored, nothing else: {len(stored_bookings)} stored, {len(tally.booked)} answered 201",
            stored_bookings == tally.booked,
        ),
        (
            f"nobody double-booked: {len(double_people)} participant clashes, {len(double_seats)} seat clashes",
            not double_people and not double_seats,
        ),
    ]


# --- main -----------------------------------------------------------------------------------------------------


async def benchmark(args: argparse.Namespace, database_url: str) -> int:
    print(f"seeding {TEAMS} teams, {ENTERPRISES} enterprises in {database_url} ...", flush=True)
    seeded = await seed(database_url)
    port = free_port()
    process = start_server(database_url, port, args.workers, Path(args.log))
    base = f"http://127.0.0.1:{port}"
    tally = Tally()
    rng = random.Random(SEED)
    try:
        deadline = time.perf_counter() + args.seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(
                client(n, args.clients, base, seeded, tally, deadline, random.Random(rng.random()))
                for n in range(args.clients)
            )
        )
        elapsed = time.perf_counter() - started
    finally:
        stop_server(process)
    checks = await check(database_url, seeded, tally)

    load_1, load_5, _ = os.getloadavg()
    total = sum(len(v) for v in tally.latencies.values())
    print()
    print(
        f"server: transferfair serve --workers {args.workers} on PostgreSQL; {args.clients} clients for "
        f"{elapsed:.0f} s; cores: {os.cpu_count()}; load average {load_1:.1f} (1 min) {load_5:.1f} (5 min)"
    )
    print(f"all        {total:>7} requests  {total / elapsed:7.0f} /s")
    for name, _ in MIX:
        values = tally.latencies[name]
        if not values:
            continue
        print(
            f"{name:<10} {len(values):>7} requests  {len(values) / elapsed:7.0f} /s"
            f"   p50 {percentile(values, 0.5):6.1f} ms"
            f"   p95 {percentile(values, 0.95):6.1f} ms   p99 {percentile(values, 0.99):6.1f} ms"
            f"   mean {statistics.fmean(values):6.1f} ms   statuses {dict(sorted(tally.statuses[name].items()))}"
        )
    print(f"transport errors {tally.transport_errors}")
    for line in tally.unexpected[:10]:
        print(f"  unexpected: {line}")
    print()
    for label, ok in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {label}")
    return 0 if all(ok for _, ok in checks) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--log", default="/tmp/transferfair-load.log")
    args = parser.parse_args()
    return on_scratch_database(args.database, "tf_load_", lambda url: benchmark(args, url))


if __name__ == "__main__":
    sys.exit(main())

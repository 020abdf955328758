"""Gate check-in throughput and latency against a real server on PostgreSQL, beside its health endpoint.

    uv run python benchmarks/checkin.py [--database postgresql://postgres@127.0.0.1:5432/test]
                                        [--tickets 2000] [--clients 32] [--workers 2] [--rounds 3]

A scratch database is created next to ``--database`` and dropped at the end. It holds one fair with
``--tickets`` × ``--rounds`` approved registrations (70 % enterprises, 30 % teams) plus 200 for the warm-up, each
with a ticket, and 540 scheduled meetings (60 tables × 9 slots; with one round of 2,000 tickets about half the
people scanned have a next meeting to look up with its counterpart, with five rounds one in nine), plus a staff
user with a bearer token. A
``transferfair serve --workers N`` process serves it. The load generator is a minimal keep-alive HTTP/1.1
client on asyncio (one connection per simulated gate client), so that the client costs little of the two
cores the server, PostgreSQL and the client share.

1. Warm-up: health requests and 200 scans of extra tickets (not measured).
2. Ceiling: ``GET /health`` (one ``SELECT 1``), as many requests as scans, same clients.
3. Burst: 2,000 distinct tickets, each scanned once (``POST /api/events/{id}/checkins``), 32 clients.
4. Steps 2 and 3 are repeated ``--rounds`` times with fresh tickets; the medians of the rounds are judged,
   because the two cores are shared with other work and single runs swing.
5. Check: every scan answered 201 and the database holds exactly one check-in per ticket.

Besides rates and latencies it prints the server's CPU time per request (all workers, from /proc), which
depends much less on what else the machine is doing.

Targets on the 2-core development machine: at least 500 scans/s, p99 at most 50 ms, and at least 40% of the
health endpoint's rate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loadgen import (
    Connection,
    connection_to,
    free_port,
    insert_all,
    on_scratch_database,
    percentile,
    start_server,
    stop_server,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATE = 500.0
TARGET_P99_MS = 50.0
TARGET_SHARE = 0.40
WARMUP_TICKETS = 200
Job = tuple[str, str, bytes | None]  # method, path, body


@dataclass(slots=True)
class Run:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]
    server_cpu_ms: float = 0.0  # server CPU time (all workers) per request

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    def percentile(self, q: float) -> float:
        return percentile(self.latencies_ms, q)


async def load(
    base: str, headers: dict[str, str], clients: int, jobs: Sequence[Job], name: str
) -> tuple[Run, list[bytes]]:
    """Send ``jobs`` over ``clients`` keep-alive connections, each taking the next job when it is free."""
    connections = [connection_to(base, headers) for _ in range(clients)]
    await asyncio.gather(*(c.open() for c in connections))
    latencies: list[float] = []
    bodies: list[bytes] = [b""] * len(jobs)
    statuses: dict[int, int] = {}
    cursor = iter(range(len(jobs)))

    async def worker(connection: Connection) -> None:
        for index in cursor:
            method, path, body = jobs[index]
            started = time.perf_counter()
            status, answer = await connection.request(method, path, body)
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            bodies[index] = answer

    started = time.perf_counter()
    await asyncio.gather(*(worker(c) for c in connections))
    seconds = time.perf_counter() - started
    for connection in connections:
        connection.close()
    return Run(name, len(jobs), seconds, latencies, statuses), bodies


# --- the data ---------------------------------------------------------------------------------------------


async def seed(database_url: str, tickets_wanted: int) -> tuple[int, str, list[str]]:
    """One fair, registrations with tickets and meetings, a staff token; returns (event id, token, tickets)."""
    from events import accounts, fairs
    from events.checkin.tickets import issue_tickets
    from events.database import close_pool, migrate, start_pool, use_database
    from events.registration import new_secret
    from events.tables import (
        Meeting,
        MeetingAttendee,
        MeetingRequest,
        Organization,
        Person,
        Registration,
        Ticket,
    )
    from events.vocabulary import EventFormat, UserRole

    engine = use_database(database_url)
    await migrate()
    await start_pool(engine, max_size=4)
    try:
        tomorrow = datetime.now(tz=UTC).date() + timedelta(days=1)
        event = await fairs.create_fair(
            slug="bench-checkin",
            title="性能测试对接会",
            format=EventFormat.ACHIEVEMENTS_INTO_DISTRICTS,
            starts_on=tomorrow,
            ends_on=tomorrow + timedelta(days=1),
            grid=fairs.SlotGrid(sessions=(fairs.Session(*map(_hm, ("09:00", "12:00"))),), slot_minutes=20),
            tables=fairs.numbered_tables(count=60),
        )
        await accounts.create_user(username="gate-bench", password="benchmark password", role=UserRole.STAFF)
        await accounts.assign_staff(event_id=event.id, username="gate-bench")
        token = await accounts.create_api_token(username="gate-bench", name="benchmark")

        total = tickets_wanted + WARMUP_TICKETS
        teams = max(1, total * 3 // 10)
        roles = ["team" if i < teams else "enterprise" for i in range(total)]
        orgs = [
            Organization(name=f"测试机构{i:05d}", kind="university" if role == "team" else "enterprise")
            for i, role in enumerate(roles)
        ]
        org_ids = await insert_all(Organization, orgs, Organization.id)
        people = [Person(name=f"参会人{i:05d}", organization=org_ids[i], phone=f"139{i:08d}") for i in range(total)]
        person_ids = await insert_all(Person, people, Person.id)
        registrations = [
            Registration(
                event=event.id,
                role=role,
                status="approved",
                organization=org_ids[i],
                person=person_ids[i],
                portal_token=new_secret(),
                calendar_token=new_secret(),
            )
            for i, role in enumerate(roles)
        ]
        registration_ids = await insert_all(Registration, registrations, Registration.id)
        await issue_tickets(event_id=event.id)

        slots = await fairs.fair_slots(event_id=event.id)
        tables = await fairs.fair_tables(event_id=event.id)
        team_ids, enterprise_ids = registration_ids[:teams], registration_ids[teams:]
        placements = _meeting_placements(
            count=min(len(enterprise_ids), total // 2), teams=teams, slots=len(slots), tables=len(tables)
        )
        requests = [
            MeetingRequest(event=event.id, requester=enterprise_ids[k], recipient=team_ids[team], status="accepted")
            for k, (team, _, _) in enumerate(placements)
        ]
        request_ids = await insert_all(MeetingRequest, requests, MeetingRequest.id)
        meetings = [
            Meeting(event=event.id, request=request_ids[k], slot=slots[slot].id, table=tables[table].id, seat=0)
            for k, (_, slot, table) in enumerate(placements)
        ]
        meeting_ids = await insert_all(Meeting, meetings, Meeting.id)
        attendees = []
        for k, (team, slot, _) in enumerate(placements):
            slot_id = slots[slot].id
            attendees.append(MeetingAttendee(meeting=meeting_ids[k], registration=enterprise_ids[k], slot=slot_id))
            attendees.append(MeetingAttendee(meeting=meeting_ids[k], registration=team_ids[team], slot=slot_id))
        await insert_all(MeetingAttendee, attendees, MeetingAttendee.id)

        rows = await Ticket.select(Ticket.secret).where(Ticket.event == event.id).order_by(Ticket.id)
        return event.id, token, [row["secret"] for row in rows]
    finally:
        await close_pool(engine)


def _hm(text: str) -> object:
    from datetime import time as clock

    return clock.fromisoformat(text)


def _meeting_placements(*, count: int, teams: int, slots: int, tables: int) -> list[tuple[int, int, int]]:
    """(team, slot, table) indexes for up to ``count`` meetings: the k-th enterprise meets team ``k % teams``; a
    team's meetings take consecutive slots and each slot's tables are filled in turn, so nobody is double-booked
    whatever the number of teams; placing stops at the first meeting that would not fit."""
    placements: list[tuple[int, int, int]] = []
    used_tables = [0] * slots
    for k in range(count):
        team, round_ = k % teams, k // teams
        slot = (team + round_) % slots
        if round_ >= slots or used_tables[slot] >= tables:
            break
        placements.append((team, slot, used_tables[slot]))
        used_tables[slot] += 1
    return placements


async def count_check_ins(database_url: str, event_id: int) -> int:
    from events.database import close_pool, start_pool, use_database
    from events.tables import CheckIn

    engine = use_database(database_url)
    await start_pool(engine, max_size=2)
    try:
        return int(await CheckIn.count().where(CheckIn.event == event_id))
    finally:
        await close_pool(engine)


# --- the server ---------------------------------------------------------------------------------------------


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process and its workers so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    family = {pid}
    grew = True
    while grew:
        grew = False
        for child, parent in parents.items():
            if parent in family and child not in family:
                family.add(child)
                grew = True
    return sum(times.get(p, 0.0) for p in family)


# --- main -----------------------------------------------------------------------------------------------------


def scan_jobs(event_id: int, tickets: Sequence[str], gates: int = 10) -> list[Job]:
    path = f"/api/events/{event_id}/checkins"
    return [
        (
            "POST",
            path,
            json.dumps({"token": t, "gate": f"Gate {i % gates + 1}", "nonce": uuid.uuid4().hex}).encode(),
        )
        for i, t in enumerate(tickets)
    ]


def report(run: Run) -> str:
    return (
        f"{run.name:<10} {run.requests:>6} requests in {run.seconds:6.2f} s  {run.rate:8.0f} /s   "
        f"p50 {run.percentile(0.50):6.1f} ms   p99 {run.percentile(0.99):6.1f} ms   "
        f"mean {statistics.fmean(run.latencies_ms):6.1f} ms   server CPU {run.server_cpu_ms:5.2f} ms/request   "
        f"statuses {dict(sorted(run.statuses.items()))}"
    )


async def measured_run(
    process: subprocess.Popen[bytes], base: str, headers: dict[str, str], clients: int, jobs: list[Job], name: str
) -> tuple[Run, list[bytes]]:
    cpu = server_cpu_seconds(process.pid)
    run, bodies = await load(base, headers, clients, jobs, name)
    run.server_cpu_ms = (server_cpu_seconds(process.pid) - cpu) * 1000 / run.requests
    return run, bodies


async def benchmark(args: argparse.Namespace, database_url: str) -> int:
    wanted = args.tickets * args.rounds
    print(f"seeding {wanted} tickets (+{WARMUP_TICKETS} warm-up) in {database_url} ...", flush=True)
    event_id, token, tickets = await seed(database_url, wanted)
    warmup, measured = tickets[:WARMUP_TICKETS], tickets[WARMUP_TICKETS:]
    port = free_port()
    process = start_server(database_url, port, args.workers, Path(args.log))
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {token}"}
    health_jobs: list[Job] = [("GET", "/health", None)] * args.tickets
    rounds: list[tuple[Run, Run]] = []
    outcomes: dict[str, int] = {}
    try:
        await load(base, {}, args.clients, health_jobs[:500], "warm-up")
        await load(base, auth, args.clients, scan_jobs(event_id, warmup), "warm-up")
        for index in range(args.rounds):
            burst = measured[index * args.tickets : (index + 1) * args.tickets]
            health, _ = await measured_run(process, base, {}, args.clients, health_jobs, f"health {index + 1}")
            scans, bodies = await measured_run(
                process, base, auth, args.clients, scan_jobs(event_id, burst), f"scans {index + 1}"
            )
            rounds.append((health, scans))
            for body in bodies:
                answer = json.loads(body)
                outcome = answer.get("outcome") or answer.get("code", "?")
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
    finally:
        stop_server(process)
    stored = await count_check_ins(database_url, event_id)

    print()
    load_1, load_5, _ = os.getloadavg()
    print(
        f"server: transferfair serve --workers {args.workers}; clients: {args.clients}; cores: {os.cpu_count()}; "
        f"load average {load_1:.1f} (1 min) {load_5:.1f} (5 min); {args.rounds} rounds of health then "
        f"{args.tickets} distinct tickets"
    )
    for health, scans in rounds:
        print(report(health))
        print(report(scans) + f"   share of health {scans.rate / health.rate:.0%}")
    print(f"scan outcomes {outcomes}; check-ins stored {stored} (expected {len(tickets)})")
    # The machine is shared and single runs swing: judge the medians of the rounds.
    scan_rate = statistics.median(scans.rate for _, scans in rounds)
    health_rate = statistics.median(health.rate for health, _ in rounds)
    p99 = statistics.median(scans.percentile(0.99) for _, scans in rounds)
    best_health = max(health.rate for health, _ in rounds)
    scan_cpu = statistics.median(scans.server_cpu_ms for _, scans in rounds)
    health_cpu = statistics.median(health.server_cpu_ms for health, _ in rounds)
    share = scan_rate / health_rate
    print()
    print(
        f"medians of {len(rounds)} rounds: scans {scan_rate:.0f}/s, p99 {p99:.1f} ms; health {health_rate:.0f}/s "
        f"(best {best_health:.0f}/s: scans are {scan_rate / best_health:.0%} of it); server CPU per request "
        f"{scan_cpu:.2f} ms for a scan, {health_cpu:.2f} ms for health ({health_cpu / scan_cpu:.0%})"
    )
    checks: list[tuple[str, bool]] = [
        (f"scans/s {scan_rate:.0f} >= {TARGET_RATE:.0f}", scan_rate >= TARGET_RATE),
        (f"p99 {p99:.1f} ms <= {TARGET_P99_MS:.0f} ms", p99 <= TARGET_P99_MS),
        (f"share of health {share:.0%} >= {TARGET_SHARE:.0%}", share >= TARGET_SHARE),
        ("every scan checked in once", outcomes == {"checked_in": len(measured)} and stored == len(tickets)),
    ]
    for label, ok in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {label}")
    return 0 if checks[-1][1] else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test", help="PostgreSQL URL")
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="health + scan bursts, each of --tickets new tickets")
    parser.add_argument("--log", default="/tmp/transferfair-bench-checkin.log", help="server output")
    args = parser.parse_args(argv)
    return on_scratch_database(args.database, "tf_bench_checkin_", lambda url: benchmark(args, url))


if __name__ == "__main__":
    sys.exit(main())

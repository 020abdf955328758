"""Report latency with 10,000 deals: the SQL-aggregate funnel report beside loading the rows into Python.

    uv run python benchmarks/reports.py [--deals 10000] [--runs 15] [--database URL] [--seed 20261203]

Without ``--database`` it fills a fresh SQLite file in a temporary folder; with
``--database postgresql://postgres@127.0.0.1:5432/test`` it creates a scratch database beside that one and
drops it afterwards. The data is a city's year: 10 fairs, 200 universities, 2,000 enterprises in 12
districts, 1,000 achievements, 4,000 registrations, 12,000 meeting requests, 10,000 meetings and the given
number of deals at every stage, with awkward amounts (0.01, 99,999,999.99, ...).

It times ``events.reports.funnel_report`` (funnel, bureau numbers, five breakdowns, timeline: all SQL
aggregates) for three filters, and a baseline that loads the same rows (deals, meetings, requests,
registrations with their joins) and computes the same numbers in Python. Both must agree to the fen; the
figures and their ratio are printed, wall-clock and CPU time (on a shared machine the wall clock also counts
the time other processes hold the cores). Target: a report under 200 ms. On PostgreSQL the seeded tables are
ANALYZEd first, as autovacuum does on a live database (without statistics the planner picks nested loops).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from events import reports
from events.database import close_pool, migrate, start_pool, use_database
from events.tables import (
    Achievement,
    Deal,
    Event,
    Meeting,
    MeetingRequest,
    MeetingTable,
    Organization,
    Registration,
    Slot,
)
from events.vocabulary import DealStage, Field, TransferMode

DISTRICTS = [
    "东城区",
    "西城区",
    "朝阳区",
    "海淀区",
    "丰台区",
    "石景山区",
    "通州区",
    "顺义区",
    "昌平区",
    "大兴区",
    "房山区",
    "",
]
AWKWARD_FEN = [1, 9_999_999_999, 10, 125_000_000, 3_333_333, 0, 777, 10_000_000_001]
CHUNK = 400


async def _insert(table: Any, rows: list[Any]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), CHUNK):
        result = await table.insert(*rows[start : start + CHUNK]).returning(table.id)
        ids.extend(row["id"] for row in result)
    return ids


async def seed(*, deals: int, rng: random.Random) -> None:
    fairs = await _insert(
        Event,
        [
            Event(
                slug=f"fair-{n}",
                title=f"2026年第{n + 1}场科技成果对接会",
                format="enterprises_into_universities",
                status="finished",
                district=DISTRICTS[n % 11],
                starts_on=date(2026, 3, 1) + timedelta(days=30 * n),
                ends_on=date(2026, 3, 2) + timedelta(days=30 * n),
            )
            for n in range(10)
        ],
    )
    slots: dict[int, list[int]] = {}
    tables: dict[int, list[int]] = {}
    for n, event in enumerate(fairs):
        day = datetime(2026, 3, 1, 1, 0, tzinfo=UTC) + timedelta(days=30 * n)
        slots[event] = await _insert(
            Slot,
            [
                Slot(
                    event=event,
                    code=f"d1-{i:02d}",
                    starts_at=day + timedelta(minutes=20 * i),
                    ends_at=day + timedelta(minutes=20 * i + 20),
                    position=i,
                )
                for i in range(16)
            ],
        )
        tables[event] = await _insert(MeetingTable, [MeetingTable(event=event, code=f"T{i:02d}") for i in range(80)])
    universities = await _insert(
        Organization, [Organization(name=f"大学{i}", kind="university", district=DISTRICTS[i % 12]) for i in range(200)]
    )
    enterprises = await _insert(
        Organization,
        [Organization(name=f"企业{i}", kind="enterprise", district=DISTRICTS[i % 12]) for i in range(2000)],
    )
    fields = [f.value for f in Field]
    achievements = await _insert(
        Achievement,
        [
            Achievement(
                title=f"成果{i}",
                field=fields[i % len(fields)],
                fields=[fields[i % len(fields)]],
                maturity="pilot",
                organization=universities[i % 200],
                transfer_modes=["licence"],
            )
            for i in range(1000)
        ],
    )
    teams: dict[int, list[int]] = {}
    firms: dict[int, list[int]] = {}
    for event in fairs:
        team_rows = [
            Registration(
                event=event,
                role="team",
                status="approved",
                organization=rng.choice(universities),
                portal_token=secrets.token_hex(16),
                calendar_token=secrets.token_hex(16),
            )
            for _ in range(100)
        ]
        firm_rows = [
            Registration(
                event=event,
                role="enterprise",
                status=rng.choice(["approved", "approved", "approved", "pending"]),
                organization=rng.choice(enterprises),
                portal_token=secrets.token_hex(16),
                calendar_token=secrets.token_hex(16),
            )
            for _ in range(300)
        ]
        teams[event] = await _insert(Registration, team_rows)
        firms[event] = await _insert(Registration, firm_rows)
    requests: list[tuple[int, int, int, int]] = []  # (request, event, team registration, firm registration)
    for event in fairs:
        pairs = set()
        while len(pairs) < 1200:
            pairs.add((rng.choice(firms[event]), rng.choice(teams[event])))
        ids = await _insert(
            MeetingRequest,
            [
                MeetingRequest(
                    event=event,
                    requester=firm,
                    recipient=team,
                    achievement=rng.choice(achievements),
                    status="accepted",
                )
                for firm, team in sorted(pairs)
            ],
        )
        requests.extend((rid, event, team, firm) for rid, (firm, team) in zip(ids, sorted(pairs), strict=True))
    meeting_rows = []
    meetings_by_event: dict[int, int] = defaultdict(int)
    for request_id, event, _team, _firm in requests:
        n = meetings_by_event[event]
        if n >= 1000:
            continue
        meetings_by_event[event] += 1
        status = rng.choices(["held", "scheduled", "no_show", "cancelled"], [80, 8, 7, 5])[0]
        meeting_rows.append(
            Meeting(
                event=event,
                request=request_id,
                slot=slots[event][n % 16],
                table=tables[event][n // 16],
                status=status,
                held_at=datetime(2026, 3, 1, 2, tzinfo=UTC) if status == "held" else None,
            )
        )
    meeting_ids = await _insert(Meeting, meeting_rows)
    team_org = {
        row["id"]: row["organization"] for row in await Registration.select(Registration.id, Registration.organization)
    }
    deal_rows = []
    for n in range(deals):
        meeting_index = rng.randrange(len(meeting_ids))
        request_id, event, team, firm = requests[meeting_index]
        stage = rng.choices(list(DealStage), [25, 20, 30, 15, 10])[0]
        base = date(2026, 3, 1) + timedelta(days=30 * fairs.index(event))
        dates = {
            "intent_on": base,
            "negotiating_on": base + timedelta(days=rng.randint(0, 30)),
            "signed_on": base + timedelta(days=rng.randint(31, 90)),
            "landed_on": base + timedelta(days=rng.randint(91, 300)),
        }
        order = ["intent", "negotiating", "signed", "landed"]
        reached = order.index(stage.value) if stage is not DealStage.DROPPED else rng.randrange(3)
        values = {key: (dates[key] if i <= reached else None) for i, key in enumerate(dates)}
        deal_rows.append(
            Deal(
                event=event,
                meeting=meeting_ids[meeting_index],
                achievement=rng.choice(achievements) if rng.random() < 0.9 else None,
                team_organization=team_org[team],
                enterprise=team_org[firm],
                contract_type=rng.choice(list(TransferMode)).value,
                amount_fen=AWKWARD_FEN[n % 8] if n % 5 == 0 else rng.randint(0, 5_000_000_000),
                stage=stage.value,
                dropped_on=base + timedelta(days=301) if stage is DealStage.DROPPED else None,
                **values,
            )
        )
    await _insert(Deal, deal_rows)


# --- the baseline: load every row, compute in Python -----------------------------------------------------


async def python_report(filters: reports.ReportFilter) -> reports.FunnelReport:
    """The same numbers as ``reports.funnel_report``, from rows loaded into Python."""
    lower, upper = filters.on_from, filters.on_to

    def inside(day: date | None) -> bool:
        return day is not None and (lower is None or day >= lower) and (upper is None or day <= upper)

    deal_rows = await Deal.select(*Deal.all_columns(), Deal.enterprise.district, Deal.achievement.field)
    by: dict[str, dict[Any, reports.Figures]] = {d: defaultdict(reports.Figures) for d in reports.DIMENSIONS}
    stage_counts: dict[DealStage, int] = dict.fromkeys(DealStage, 0)
    totals = reports.Figures()
    for row in deal_rows:
        district, field = row["enterprise.district"] or "", row["achievement.field"] or ""
        if filters.event_id is not None and row["event"] != filters.event_id:
            continue
        if filters.district and district != filters.district:
            continue
        if filters.university_id is not None and row["team_organization"] != filters.university_id:
            continue
        if filters.field is not None and field != filters.field.value:
            continue
        stage = DealStage(row["stage"])
        counted = inside(_day(row[f"{stage.value}_on"]))
        signed = stage in (DealStage.SIGNED, DealStage.LANDED) and inside(_day(row["signed_on"]))
        landed = stage is DealStage.LANDED and inside(_day(row["landed_on"]))
        figures = reports.Figures(
            deals=int(counted),
            signed=int(signed),
            signed_fen=row["amount_fen"] if signed else 0,
            landed=int(landed),
            landed_fen=row["amount_fen"] if landed else 0,
        )
        stage_counts[stage] += int(counted)
        totals = totals + figures
        keys = {
            "event": row["event"],
            "district": district,
            "university": row["team_organization"],
            "field": field,
            "contract_type": row["contract_type"],
        }
        for dimension, key in keys.items():
            by[dimension][key] = by[dimension][key] + figures
    meetings = await Meeting.select(
        Meeting.event,
        Meeting.status,
        Meeting.slot.starts_at,
        Meeting.request.achievement.field,
        Meeting.request.recipient.organization,
        Meeting.request._.requester._.organization.district,
    )
    held = scheduled = 0
    for row in meetings:
        if filters.event_id is not None and row["event"] != filters.event_id:
            continue
        if row["status"] != "cancelled":
            scheduled += 1
        if row["status"] == "held":
            held += 1
            by["university"][row["request.recipient.organization"]] += reports.Figures(held=1)
            by["district"][row["request.requester.organization.district"] or ""] += reports.Figures(held=1)
    requests = await MeetingRequest.select(MeetingRequest.event, MeetingRequest.status)
    registrations = await Registration.select(Registration.event, Registration.status)
    funnel = reports.Funnel(
        registrations=sum(1 for r in registrations if filters.event_id in (None, r["event"])),
        approved_registrations=sum(
            1 for r in registrations if filters.event_id in (None, r["event"]) and r["status"] == "approved"
        ),
        meeting_requests=sum(1 for r in requests if filters.event_id in (None, r["event"])),
        accepted_requests=sum(
            1 for r in requests if filters.event_id in (None, r["event"]) and r["status"] == "accepted"
        ),
        scheduled=scheduled,
        held=held,
        deals=stage_counts,
    )
    breakdowns = {
        dimension: [reports.BreakdownRow(key=str(key), name="", figures=f) for key, f in rows.items()]
        for dimension, rows in by.items()
    }
    return reports.FunnelReport(
        filters=filters,
        funnel=funnel,
        totals=reports.Figures(
            held=held,
            deals=totals.deals,
            signed=totals.signed,
            signed_fen=totals.signed_fen,
            landed=totals.landed,
            landed_fen=totals.landed_fen,
        ),
        breakdowns=breakdowns,
        timeline_unit="day",
    )


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# --- timing --------------------------------------------------------------------------------------------


async def timed(work: Callable[[], Awaitable[reports.FunnelReport]], runs: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and CPU milliseconds per run (CPU of this process's threads: SQLite's work included)."""
    result = await work()  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = await work()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return times, cpu, result


def summary(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(times):7.1f} ms   p95 {p95:7.1f} ms"


async def run(url: str, *, deals: int, runs: int, seed_value: int) -> int:
    engine = use_database(url)
    await migrate()
    await start_pool(engine, max_size=4)
    try:
        started = time.perf_counter()
        await seed(deals=deals, rng=random.Random(seed_value))
        if engine.engine_type == "postgres":
            # A live database has planner statistics (autovacuum gathers them); a bulk-loaded one not yet.
            await engine.run_ddl("ANALYZE")
        print(f"database: {engine.engine_type}; seeded {deals:,} deals in {time.perf_counter() - started:.1f} s")
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"machine: {os.cpu_count()} cores, load average {load} (other processes share them)")
        counts = {
            "fairs": await Event.count(),
            "registrations": await Registration.count(),
            "meeting requests": await MeetingRequest.count(),
            "meetings": await Meeting.count(),
            "deals": await Deal.count(),
        }
        print("rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
        first_fair = (await Event.select(Event.id).order_by(Event.id).first() or {}).get("id")
        cases = [
            ("all fairs, no filter", reports.ReportFilter()),
            ("one fair", reports.ReportFilter(event_id=first_fair)),
            (
                "2026-06..2026-12, 海淀区",
                reports.ReportFilter(on_from=date(2026, 6, 1), on_to=date(2026, 12, 31), district="海淀区"),
            ),
        ]
        worst = 0.0
        cpu_label = "CPU" if engine.engine_type == "sqlite" else "client CPU"
        print(f"\n{'case':28} {'SQL aggregates (funnel_report)':36} {'baseline (rows → Python)':36} ratio")
        for name, filters in cases:
            sql_times, sql_cpu, sql_report = await timed(lambda f=filters: reports.funnel_report(filters=f), runs)
            py_times, py_cpu, py_report = await timed(lambda f=filters: python_report(f), runs)
            for attribute in ("signed", "signed_fen", "landed", "landed_fen", "deals"):
                assert getattr(sql_report.totals, attribute) == getattr(py_report.totals, attribute), (name, attribute)
            assert sql_report.funnel.deals == py_report.funnel.deals, name
            if filters.district is None:
                assert sql_report.totals.held == py_report.totals.held, name
            ratio = statistics.median(py_times) / statistics.median(sql_times)
            worst = max(worst, statistics.median(sql_times))
            print(f"{name:28} {summary(sql_times):36} {summary(py_times):36} {ratio:4.1f}x")
            print(
                f"{'':28} {cpu_label + f' median {statistics.median(sql_cpu):.1f} ms':36} "
                f"{cpu_label + f' median {statistics.median(py_cpu):.1f} ms':36}"
            )
            print(
                f"{'':28} 签约 {sql_report.totals.signed:,} · 合同金额 ¥{sql_report.totals.signed_fen / 100:,.2f} · "
                f"落地 {sql_report.totals.landed:,} · 对接 {sql_report.totals.held:,} (same totals both ways)"
            )
        verdict = "met" if worst < 200 else "NOT met"
        print(f"\ntarget: a report under 200 ms with {deals:,} deals — {verdict} (worst median {worst:.1f} ms)")
        return 0 if worst < 200 else 1
    finally:
        await close_pool(engine)


async def _postgres(admin_url: str, sql: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(admin_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--database", help="postgresql://... (a scratch database is created beside it)")
    args = parser.parse_args()
    if args.database and args.database.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(args.database)
        name = f"tf_bench_{uuid.uuid4().hex[:8]}"
        scratch = urlunsplit(parts._replace(path=f"/{name}"))
        asyncio.run(_postgres(args.database, f'CREATE DATABASE "{name}"'))
        try:
            return asyncio.run(run(scratch, deals=args.deals, runs=args.runs, seed_value=args.seed))
        finally:
            asyncio.run(_postgres(args.database, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(
            run(f"sqlite:///{Path(folder) / 'bench.db'}", deals=args.deals, runs=args.runs, seed_value=args.seed)
        )


if __name__ == "__main__":
    sys.exit(main())

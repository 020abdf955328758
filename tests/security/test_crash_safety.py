"""Nothing is lost or half-written when the server dies: a real server publishing a schedule of 2,000 meetings is
killed (SIGKILL, the whole process group) at a random moment inside its write transaction, several times; the
database then holds the old schedule exactly, and a final publication that runs to the end holds the new one
exactly. Never a mix. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import asyncio
import random
import sqlite3
from pathlib import Path
from typing import Any

import httpx

from events.accounts import create_api_token
from events.scheduling import runs
from events.tables import AuditEntry, Meeting, MeetingAttendee, ScheduleRun
from tests.factories import make_user
from tests.schedule_helpers import standing
from tests.security.big_fair import BigFair, build_big_fair
from tests.security.server import Server, start_server

TEAMS = 125  # 125 teams × 16 slots = 2,000 meetings
KILLS = 3
SEED = 20261126


async def _placements(event_id: int) -> set[tuple[str, str, str]]:
    return {(f"r{request}", slot, table) for request, (_, slot, table, _, _) in (await standing(event_id)).items()}


async def _seats_agree(event_id: int) -> bool:
    """Every standing meeting has its two seats, in its own slot."""
    meetings = {
        row["id"]: row["slot"]
        for row in await Meeting.select(Meeting.id, Meeting.slot).where(
            (Meeting.event == event_id) & (Meeting.status != "cancelled")
        )
    }
    seats: dict[int, list[int]] = {}
    for row in await MeetingAttendee.select(MeetingAttendee.meeting, MeetingAttendee.slot).where(
        MeetingAttendee.meeting.is_in(list(meetings))
    ):
        seats.setdefault(row["meeting"], []).append(row["slot"])
    return all(sorted(seats.get(m, [])) == [slot, slot] for m, slot in meetings.items())


async def _run_status(run_id: int) -> str:
    row = await ScheduleRun.select(ScheduleRun.status).where(ScheduleRun.id == run_id).first()
    assert row is not None
    return str(row["status"])


class WriteProbe:
    """Tells whether another connection holds a write transaction on the test database."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.connection: Any = None

    async def __aenter__(self) -> WriteProbe:
        if self.database_url.startswith("postgres"):
            import asyncpg

            self.connection = await asyncpg.connect(self.database_url)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def writing(self) -> bool:
        if self.connection is not None:
            busy = await self.connection.fetchval(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
            )
            return bool(busy)
        path = self.database_url.removeprefix("sqlite:///")
        probe = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return True
            raise
        finally:
            probe.close()


async def _publish_and_kill(server: Server, path: str, token: str, probe: WriteProbe, delay: float) -> int | None:
    """POST the publication, wait until the server is writing, wait ``delay`` more, SIGKILL; the answer if any."""

    async def publish() -> int | None:
        async with httpx.AsyncClient(base_url=server.base, timeout=300) as http:
            try:
                return (await http.post(path, headers={"Authorization": f"Bearer {token}"})).status_code
            except httpx.TransportError:
                return None

    request = asyncio.create_task(publish())
    while not request.done() and not await probe.writing():  # noqa: ASYNC110 - polling another process
        await asyncio.sleep(0.005)
    await asyncio.sleep(delay)
    server.kill()
    return await request


async def test_a_killed_publication_leaves_the_old_schedule_or_the_new_never_a_mix(
    database_url: str, transferfair_command: list[str], tmp_path: Path
) -> None:
    fair: BigFair = await build_big_fair(teams=TEAMS)
    schedules = {"a": fair.schedule_a, "b": fair.schedule_b}
    placements = {name: BigFair.placements(document) for name, document in schedules.items()}
    assert len(placements["a"]) == len(placements["b"]) == 16 * TEAMS
    assert not placements["a"] & placements["b"]  # every meeting moves
    run_a, _ = await runs.import_schedule(event_id=fair.event_id, document=fair.schedule_a)
    await runs.publish_run(event_id=fair.event_id, run_id=run_a)
    current, other = "a", "b"
    pending, _ = await runs.import_schedule(event_id=fair.event_id, document=schedules[other])
    await make_user(username="publisher", role="organizer")
    token = await create_api_token(username="publisher", name="kill test")
    rng = random.Random(SEED)
    published = 1
    outcomes = []

    async with WriteProbe(database_url) as probe:
        for kill in range(KILLS):
            path = f"/api/events/{fair.event_id}/schedule-runs/{pending}/publish"
            server = start_server(transferfair_command, database_url=database_url, log=tmp_path / f"kill{kill}.log")
            answer = await _publish_and_kill(server, path, token, probe, delay=rng.uniform(0.0, 0.4))
            now = await _placements(fair.event_id)
            assert now in (placements[current], placements[other]), f"kill {kill}: a mix of two schedules"
            assert await _seats_agree(fair.event_id)
            finished = now == placements[other]
            outcomes.append("new" if finished else "old")
            assert await _run_status(pending) == ("published" if finished else "done")
            assert answer in ((None, 200) if finished else (None,))
            published += finished
            assert await AuditEntry.count().where(AuditEntry.action == "schedule_published") == published
            if finished:  # publish the other one next time
                current, other = other, current
                pending, _ = await runs.import_schedule(event_id=fair.event_id, document=schedules[other])

    print(f"kills: {outcomes}")
    path = f"/api/events/{fair.event_id}/schedule-runs/{pending}/publish"
    server = start_server(transferfair_command, database_url=database_url, log=tmp_path / "final.log")
    try:
        async with httpx.AsyncClient(base_url=server.base, timeout=300) as http:
            done = await http.post(path, headers={"Authorization": f"Bearer {token}"})
        assert done.status_code == 200, done.text
        assert done.json()["moved"] == 16 * TEAMS
    finally:
        server.stop()
    assert await _placements(fair.event_id) == placements[other]
    assert await _seats_agree(fair.event_id)
    assert await _run_status(pending) == "published"
    assert await AuditEntry.count().where(AuditEntry.action == "schedule_published") == published + 1

"""``transferfair backup`` / ``restore``: back up, change, restore, compare; a backup taken while rows are being
written is a consistent snapshot; wrong files are refused without touching the database."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from events.accounts import assign_staff
from events.checkin import tickets
from events.database import current_engine
from events.tables import ALL_TABLES, AuditEntry, Event, Organization
from tests.deals_support import make_deal
from tests.factories import make_fair, make_organization, make_registration, make_user

TABLE_NAMES = [table._meta.tablename for table in ALL_TABLES]


async def _everything() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table (and the migrations), in id order."""
    engine = current_engine()
    snapshot = {}
    for name in [*TABLE_NAMES, "migration"]:
        snapshot[name] = list(await engine.run_ddl(f'SELECT * FROM "{name}" ORDER BY id'))
    return snapshot


async def _cli(command: list[str], database_url: str, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *command,
        *args,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        stdin=asyncio.subprocess.DEVNULL,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def _some_data() -> None:
    event = await make_fair()
    await make_user(username="gate-li", role="staff")
    await assign_staff(event_id=event.id, username="gate-li")
    person = await make_registration(event_id=event.id, person_name="张三")
    await tickets.issue_ticket(registration_id=person.id)
    await make_deal(event_id=event.id, amount="88000.00")


async def test_back_up_change_restore_and_compare(
    database_url: str, transferfair_command: list[str], tmp_path: Path
) -> None:
    await _some_data()
    before = await _everything()
    assert before["audit_entry"], "the deal left an audit entry"
    target = tmp_path / "fair.backup"
    code, out = await _cli(transferfair_command, database_url, "backup", str(target))
    assert code == 0, out
    assert "backed up to" in out
    assert target.stat().st_size > 0

    await make_organization(name="备份之后的企业")
    await Event.update({Event.title: "改过的标题"}).where(Event.id > 0)
    await make_deal(event_id=None)
    assert await _everything() != before

    refused = await _cli(transferfair_command, database_url, "restore", str(target))
    assert refused[0] == 2
    assert "--yes" in refused[1]
    code, out = await _cli(transferfair_command, database_url, "restore", str(target), "--yes")
    assert code == 0, out
    after = await _everything()
    assert after == before
    assert not await Organization.exists().where(Organization.name == "备份之后的企业")
    # The restored database is fully working: the append-only rule of the audit log came back with it.
    await make_deal(event_id=None)
    assert await AuditEntry.count() == len(before["audit_entry"]) + 1


async def test_a_backup_taken_while_writing_is_a_consistent_snapshot(
    database_url: str, transferfair_command: list[str], tmp_path: Path
) -> None:
    stop = asyncio.Event()
    written = 0

    async def writer() -> None:
        nonlocal written
        while not stop.is_set():
            written += 1
            await make_organization(name=f"写入中{written:05d}")

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.3)
    target = tmp_path / "live.backup"
    code, out = await _cli(transferfair_command, database_url, "backup", str(target))
    await asyncio.sleep(0.2)
    stop.set()
    await task
    assert code == 0, out
    final = await Organization.count()
    assert final == written

    code, out = await _cli(transferfair_command, database_url, "restore", str(target), "--yes")
    assert code == 0, out
    names = [row["name"] for row in await Organization.select(Organization.name).order_by(Organization.id)]
    # Rows written one transaction each: a consistent snapshot holds the first n of them, for some n.
    assert 0 < len(names) < final
    assert names == [f"写入中{n:05d}" for n in range(1, len(names) + 1)]


async def test_wrong_files_are_refused_and_nothing_is_touched(
    database_url: str, transferfair_command: list[str], tmp_path: Path, on_postgres: bool
) -> None:
    await _some_data()
    before = await _everything()
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    code, out = await _cli(transferfair_command, database_url, "restore", str(text), "--yes")
    assert (code, "neither a SQLite database nor a pg_dump archive" in out) == (2, True)

    other_kind = tmp_path / "other.backup"
    if on_postgres:
        import sqlite3

        with sqlite3.connect(other_kind) as db:
            db.execute("CREATE TABLE migration (id INTEGER)")
        db.close()
        expected = "is a sqlite backup; DATABASE_URL names a postgresql database"
    else:
        other_kind.write_bytes(b"PGDMP" + b"\x00" * 64)
        expected = "is a postgresql backup; DATABASE_URL names a sqlite database"
    code, out = await _cli(transferfair_command, database_url, "restore", str(other_kind), "--yes")
    assert code == 2
    assert expected in out

    missing = await _cli(transferfair_command, database_url, "restore", str(tmp_path / "nothing"), "--yes")
    assert missing[0] == 2
    no_folder = await _cli(transferfair_command, database_url, "backup", str(tmp_path / "no" / "such" / "file"))
    assert no_folder[0] == 2
    assert "does not exist" in no_folder[1]
    assert await _everything() == before

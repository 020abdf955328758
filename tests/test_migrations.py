"""Migrations apply to an empty database of each kind, are idempotent, and create the rules we rely on."""

from __future__ import annotations

from typing import Any

from events.database import current_engine, is_postgres, migrate
from events.tables import ALL_TABLES

UNIQUE_RULES = {
    "meeting_attendee_registration_slot_uq",
    "meeting_table_slot_seat_uq",
    "check_in_event_registration_uq",
    "meeting_request_live_pair_uq",
    "ticket_live_uq",
    "slot_event_code_uq",
}


async def _tables_and_indexes(engine: Any) -> tuple[set[str], set[str]]:
    if is_postgres(engine):
        tables = await engine.run_ddl("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'")
        indexes = await engine.run_ddl("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'")
    else:
        tables = await engine.run_ddl("SELECT name FROM sqlite_master WHERE type = 'table'")
        indexes = await engine.run_ddl("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {row["name"] for row in tables}, {row["name"] for row in indexes}


async def test_every_table_and_rule_exists_after_migrating(db: Any) -> None:
    await migrate()  # a second run changes nothing and does not fail
    tables, indexes = await _tables_and_indexes(current_engine())
    expected = {table._meta.tablename for table in ALL_TABLES}
    assert expected <= tables, expected - tables
    assert indexes >= UNIQUE_RULES, UNIQUE_RULES - indexes


async def test_migrations_are_recorded_once(db: Any) -> None:
    rows = await current_engine().run_ddl("SELECT name FROM migration WHERE app_name = 'events'")
    names = [row["name"] for row in rows]
    assert len(names) == len(set(names))
    assert len(names) >= 2

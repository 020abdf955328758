"""Deals: an append-only history enforced by the database, unique registration numbers, report indexes.

``deal_change`` refuses every UPDATE, and every DELETE while its deal exists (deleting a deal still takes its
history with it through ON DELETE CASCADE). SQLite and PostgreSQL each get a trigger in their own dialect.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T20:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "deal history is append-only; unique contract registration numbers; report indexes"

INDEXES: list[tuple[str, str]] = [
    # 技术合同登记号: one deal per registration number, where one is given
    (
        "deal_registration_number_uq",
        "CREATE UNIQUE INDEX deal_registration_number_uq ON deal (registration_number) "
        "WHERE registration_number <> ''",
    ),
    ("deal_meeting_idx", "CREATE INDEX deal_meeting_idx ON deal (meeting)"),
    ("deal_team_organization_idx", "CREATE INDEX deal_team_organization_idx ON deal (team_organization)"),
    ("deal_enterprise_idx", "CREATE INDEX deal_enterprise_idx ON deal (enterprise)"),
    ("deal_signed_on_idx", "CREATE INDEX deal_signed_on_idx ON deal (signed_on)"),
]

SQLITE_TRIGGERS: list[tuple[str, str]] = [
    (
        "deal_change_no_update",
        "CREATE TRIGGER deal_change_no_update BEFORE UPDATE ON deal_change "
        "BEGIN SELECT RAISE(ABORT, 'deal history is append-only'); END",
    ),
    (
        "deal_change_no_delete",
        "CREATE TRIGGER deal_change_no_delete BEFORE DELETE ON deal_change "
        "WHEN EXISTS (SELECT 1 FROM deal WHERE deal.id = OLD.deal) "
        "BEGIN SELECT RAISE(ABORT, 'deal history is append-only'); END",
    ),
]

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION deal_change_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM deal WHERE deal.id = OLD.deal) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'deal history is append-only' USING ERRCODE = 'P0001';
END
$$
"""

POSTGRES_TRIGGER = (
    "CREATE TRIGGER deal_change_append_only BEFORE UPDATE OR DELETE ON deal_change "
    "FOR EACH ROW EXECUTE FUNCTION deal_change_append_only()"
)


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create() -> None:
        from events.database import current_engine, is_postgres

        engine = current_engine()
        for _name, sql in INDEXES:
            await engine.run_ddl(sql)
        if is_postgres(engine):
            await engine.run_ddl(POSTGRES_FUNCTION)
            await engine.run_ddl(POSTGRES_TRIGGER)
        else:
            for _name, sql in SQLITE_TRIGGERS:
                await engine.run_ddl(sql)

    async def drop() -> None:
        from events.database import current_engine, is_postgres

        engine = current_engine()
        if is_postgres(engine):
            await engine.run_ddl("DROP TRIGGER IF EXISTS deal_change_append_only ON deal_change")
            await engine.run_ddl("DROP FUNCTION IF EXISTS deal_change_append_only()")
        else:
            for name, _sql in SQLITE_TRIGGERS:
                await engine.run_ddl(f"DROP TRIGGER IF EXISTS {name}")
        for name, _sql in reversed(INDEXES):
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager

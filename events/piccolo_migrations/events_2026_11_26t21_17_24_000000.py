"""The audit log writes itself and cannot be rewritten.

- Every row inserted into ``check_in`` (a gate or table check-in) and ``deal_change`` (a deal logged or changed)
  adds an ``audit_entry`` in the same statement, through a trigger: no code path can skip it, and it is undone
  with the change it records. Schedule publications are recorded by the publishing code (it knows who asked).
- ``audit_entry`` refuses every UPDATE and DELETE.

SQLite and PostgreSQL each get the triggers in their own dialect.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T21:17:24:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit log: entries written by triggers on check-ins and deal changes; append-only"

_COLUMNS = "(at, event, actor_id, actor, action, object_kind, object_id, details)"
_ACTOR = "COALESCE((SELECT username FROM app_user WHERE app_user.id = {}), '')"
_DEAL_ACTION = (
    "CASE WHEN (SELECT COUNT(*) FROM deal_change dc WHERE dc.deal = NEW.deal) = 1 "
    "THEN 'deal_logged' ELSE 'deal_changed' END"
)

SQLITE_TRIGGERS: list[tuple[str, str]] = [
    (
        "audit_entry_no_update",
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    (
        "audit_entry_no_delete",
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    ),
    (
        "audit_check_in",
        f"CREATE TRIGGER audit_check_in AFTER INSERT ON check_in BEGIN "
        f"INSERT INTO audit_entry {_COLUMNS} VALUES (NEW.created_at, NEW.event, NEW.scanned_by, "
        f"{_ACTOR.format('NEW.scanned_by')}, 'check_in', 'registration', NEW.registration, "
        f"json_object('gate', NEW.gate, 'ticket', NEW.ticket)); END",
    ),
    (
        "audit_deal_change",
        f"CREATE TRIGGER audit_deal_change AFTER INSERT ON deal_change BEGIN "
        f"INSERT INTO audit_entry {_COLUMNS} SELECT NEW.changed_at, d.event, NEW.changed_by, "
        f"{_ACTOR.format('NEW.changed_by')}, {_DEAL_ACTION}, 'deal', NEW.deal, "
        f"json_object('stage', d.stage, 'changes', json(NEW.changes)) FROM deal d WHERE d.id = NEW.deal; END",
    ),
]

POSTGRES_STATEMENTS: list[str] = [
    """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only' USING ERRCODE = 'P0001';
END
$$
""",
    "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    f"""
CREATE OR REPLACE FUNCTION audit_check_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_entry {_COLUMNS}
    VALUES (NEW.created_at, NEW.event, NEW.scanned_by, {_ACTOR.format("NEW.scanned_by")}, 'check_in',
            'registration', NEW.registration, json_build_object('gate', NEW.gate, 'ticket', NEW.ticket));
    RETURN NULL;
END
$$
""",
    "CREATE TRIGGER audit_check_in AFTER INSERT ON check_in FOR EACH ROW EXECUTE FUNCTION audit_check_in()",
    f"""
CREATE OR REPLACE FUNCTION audit_deal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO audit_entry {_COLUMNS}
    SELECT NEW.changed_at, d.event, NEW.changed_by, {_ACTOR.format("NEW.changed_by")}, {_DEAL_ACTION}, 'deal',
           NEW.deal, json_build_object('stage', d.stage, 'changes', NEW.changes)
    FROM deal d WHERE d.id = NEW.deal;
    RETURN NULL;
END
$$
""",
    "CREATE TRIGGER audit_deal_change AFTER INSERT ON deal_change FOR EACH ROW EXECUTE FUNCTION audit_deal_change()",
]

POSTGRES_DROPS: list[str] = [
    "DROP TRIGGER IF EXISTS audit_deal_change ON deal_change",
    "DROP FUNCTION IF EXISTS audit_deal_change()",
    "DROP TRIGGER IF EXISTS audit_check_in ON check_in",
    "DROP FUNCTION IF EXISTS audit_check_in()",
    "DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry",
    "DROP FUNCTION IF EXISTS audit_entry_append_only()",
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create() -> None:
        from events.database import current_engine, is_postgres

        engine = current_engine()
        if is_postgres(engine):
            for sql in POSTGRES_STATEMENTS:
                await engine.run_ddl(sql)
        else:
            for _name, sql in SQLITE_TRIGGERS:
                await engine.run_ddl(sql)

    async def drop() -> None:
        from events.database import current_engine, is_postgres

        engine = current_engine()
        if is_postgres(engine):
            for sql in POSTGRES_DROPS:
                await engine.run_ddl(sql)
        else:
            for name, _sql in reversed(SQLITE_TRIGGERS):
                await engine.run_ddl(f"DROP TRIGGER IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager

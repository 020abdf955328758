"""One scheduler run at a time per fair: a partial unique index on the runs that are queued or running.

Valid on SQLite and PostgreSQL alike; two organizers pressing "Schedule all" at once get one run and one
``run_in_progress`` refusal, on any number of workers.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T20:53:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "one active schedule run per fair; runs listed by fair"

INDEXES: list[tuple[str, str]] = [
    (
        "schedule_run_active_uq",
        "CREATE UNIQUE INDEX schedule_run_active_uq ON schedule_run (event) WHERE status IN ('queued', 'running')",
    ),
    ("schedule_run_event_idx", "CREATE INDEX schedule_run_event_idx ON schedule_run (event, created_at)"),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create_indexes() -> None:
        from events.database import current_engine

        engine = current_engine()
        for _name, sql in INDEXES:
            await engine.run_ddl(sql)

    async def drop_indexes() -> None:
        from events.database import current_engine

        engine = current_engine()
        for name, _sql in reversed(INDEXES):
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create_indexes)
    manager.add_raw_backwards(drop_indexes)
    return manager

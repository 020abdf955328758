"""Catalogue version lookups: the newest change and the items still waiting for vectors, read from indexes.

Every catalogue search first asks whether the in-memory index is current (``events.search.catalogue_version``):
``max(updated_at)`` reads the end of an index, and the count of items without vectors reads a partial index,
instead of scanning rows that carry 3 KB vectors. Valid on SQLite and PostgreSQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T21:02:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "indexes for the catalogue version: updated_at, items without vectors"

INDEXES: list[tuple[str, str]] = [
    ("achievement_updated_at_idx", "CREATE INDEX achievement_updated_at_idx ON achievement (updated_at)"),
    ("demand_updated_at_idx", "CREATE INDEX demand_updated_at_idx ON demand (updated_at)"),
    (
        "achievement_without_vector_idx",
        "CREATE INDEX achievement_without_vector_idx ON achievement (id) WHERE search_vector IS NULL",
    ),
    ("demand_without_vector_idx", "CREATE INDEX demand_without_vector_idx ON demand (id) WHERE search_vector IS NULL"),
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

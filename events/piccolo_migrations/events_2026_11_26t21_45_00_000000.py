"""Covering indexes for the report's groupings of deals (SQLite reads them in key order: no sort, no table)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T21:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "covering indexes for the deal report"

STAGE_DATES = "amount_fen, intent_on, negotiating_on, signed_on, landed_on, dropped_on"
INDEXES: list[tuple[str, str]] = [
    (
        "deal_report_stage_type_event_idx",
        f"CREATE INDEX deal_report_stage_type_event_idx ON deal (stage, contract_type, event, {STAGE_DATES})",
    ),
    (
        "deal_report_university_idx",
        f"CREATE INDEX deal_report_university_idx ON deal (team_organization, stage, {STAGE_DATES})",
    ),
    ("deal_report_signed_on_idx", "CREATE INDEX deal_report_signed_on_idx ON deal (signed_on, stage, amount_fen)"),
    ("deal_report_landed_on_idx", "CREATE INDEX deal_report_landed_on_idx ON deal (landed_on, stage, amount_fen)"),
]


async def forwards() -> MigrationManager:
    manager = MigrationManager(migration_id=ID, app_name="events", description=DESCRIPTION)

    async def create() -> None:
        from events.database import current_engine

        engine = current_engine()
        for _name, sql in INDEXES:
            await engine.run_ddl(sql)

    async def drop() -> None:
        from events.database import current_engine

        engine = current_engine()
        for name, _sql in reversed(INDEXES):
            await engine.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(create)
    manager.add_raw_backwards(drop)
    return manager

"""Lookup indexes for the outbox and for meeting requests (limits, expiry sweeps); valid on both databases."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T20:31:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "lookup indexes for the outbox and meeting requests"

INDEXES: list[tuple[str, str]] = [
    ("notification_registration_idx", "CREATE INDEX notification_registration_idx ON notification (registration, created_at)"),
    ("notification_event_idx", "CREATE INDEX notification_event_idx ON notification (event, created_at)"),
    ("notification_delivery_idx", "CREATE INDEX notification_delivery_idx ON notification (delivery)"),
    ("meeting_request_requester_idx", "CREATE INDEX meeting_request_requester_idx ON meeting_request (requester, status)"),
    (
        "meeting_request_pending_expiry_idx",
        "CREATE INDEX meeting_request_pending_expiry_idx ON meeting_request (event, expires_at) WHERE status = 'pending'",
    ),
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

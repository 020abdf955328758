"""Constraints and indexes that must hold on SQLite and PostgreSQL alike.

Piccolo emits composite unique constraints as ``ALTER TABLE ... ADD CONSTRAINT``, which SQLite rejects;
``CREATE [UNIQUE] INDEX`` (partial where needed) is valid on both, so the rules the database enforces for us
(no double booking, one check-in per person, one live request per pair) are written here as raw SQL.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-26T20:18:37:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique rules and lookup indexes for both databases"

INDEXES: list[tuple[str, str]] = [
    # one slot code / table code per fair
    ("slot_event_code_uq", "CREATE UNIQUE INDEX slot_event_code_uq ON slot (event, code)"),
    ("slot_event_position_idx", "CREATE INDEX slot_event_position_idx ON slot (event, position)"),
    ("meeting_table_event_code_uq", "CREATE UNIQUE INDEX meeting_table_event_code_uq ON meeting_table (event, code)"),
    ("event_staff_uq", "CREATE UNIQUE INDEX event_staff_uq ON event_staff (event, \"user\")"),
    # a person registers once per fair
    ("registration_event_person_uq", "CREATE UNIQUE INDEX registration_event_person_uq ON registration (event, person)"),
    ("registration_event_role_idx", "CREATE INDEX registration_event_role_idx ON registration (event, role, status)"),
    ("event_achievement_uq", "CREATE UNIQUE INDEX event_achievement_uq ON event_achievement (event, achievement)"),
    ("event_demand_uq", "CREATE UNIQUE INDEX event_demand_uq ON event_demand (event, demand)"),
    # one live request per (requester, recipient) pair of a fair
    (
        "meeting_request_live_pair_uq",
        "CREATE UNIQUE INDEX meeting_request_live_pair_uq ON meeting_request (event, requester, recipient) "
        "WHERE status IN ('pending', 'accepted')",
    ),
    ("meeting_request_recipient_idx", "CREATE INDEX meeting_request_recipient_idx ON meeting_request (recipient, status)"),
    # a table seat holds one standing meeting per slot: capacity is enforced by seat numbers
    (
        "meeting_table_slot_seat_uq",
        "CREATE UNIQUE INDEX meeting_table_slot_seat_uq ON meeting (\"table\", slot, seat) WHERE status <> 'cancelled'",
    ),
    # a request is answered by at most one standing meeting
    (
        "meeting_request_live_uq",
        "CREATE UNIQUE INDEX meeting_request_live_uq ON meeting (request) WHERE status <> 'cancelled'",
    ),
    ("meeting_event_slot_idx", "CREATE INDEX meeting_event_slot_idx ON meeting (event, slot)"),
    # a participant is in at most one meeting per slot
    (
        "meeting_attendee_registration_slot_uq",
        "CREATE UNIQUE INDEX meeting_attendee_registration_slot_uq ON meeting_attendee (registration, slot)",
    ),
    ("meeting_attendee_meeting_idx", "CREATE INDEX meeting_attendee_meeting_idx ON meeting_attendee (meeting)"),
    # exactly one check-in per person per fair, and one live ticket per registration
    ("check_in_event_registration_uq", "CREATE UNIQUE INDEX check_in_event_registration_uq ON check_in (event, registration)"),
    ("check_in_event_created_idx", "CREATE INDEX check_in_event_created_idx ON check_in (event, created_at)"),
    (
        "ticket_live_uq",
        "CREATE UNIQUE INDEX ticket_live_uq ON ticket (registration) WHERE revoked_at IS NULL",
    ),
    ("scan_event_created_idx", "CREATE INDEX scan_event_created_idx ON scan (event, created_at)"),
    ("deal_event_idx", "CREATE INDEX deal_event_idx ON deal (event, stage)"),
    ("deal_change_deal_idx", "CREATE INDEX deal_change_deal_idx ON deal_change (deal)"),
    ("achievement_organization_idx", "CREATE INDEX achievement_organization_idx ON achievement (organization)"),
    ("demand_organization_idx", "CREATE INDEX demand_organization_idx ON demand (organization)"),
    ("login_session_expires_idx", "CREATE INDEX login_session_expires_idx ON login_session (expires_at)"),
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

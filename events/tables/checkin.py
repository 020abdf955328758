"""Tickets, gate check-ins and every scan (the audit trail of the gates)."""

from piccolo.columns import JSON, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.auth import User
from events.tables.fairs import Event, Registration


class Ticket(Table):
    """The QR ticket of an approved registration; re-issuing revokes the previous one."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    registration = ForeignKey(references=Registration, on_delete=OnDelete.cascade, null=False)
    secret = Varchar(length=64, unique=True)
    issued_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class CheckIn(Table):
    """A person's arrival at a fair: exactly one per (event, registration)."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    registration = ForeignKey(references=Registration, on_delete=OnDelete.cascade, null=False)
    ticket = ForeignKey(references=Ticket, on_delete=OnDelete.set_null, null=True)
    gate = Varchar(length=50, default="")
    scanned_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Scan(Table):
    """Every scan at a gate or table, successful or not; ``nonce`` makes retries idempotent."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    nonce = Varchar(length=64, unique=True)
    kind = Varchar(length=10, default="gate")  # gate or table
    gate = Varchar(length=50, default="")
    registration = ForeignKey(references=Registration, on_delete=OnDelete.set_null, null=True)
    scanned_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    outcome = Varchar(length=40)  # checked_in, already_checked_in, or a refusal code
    status_code = Integer(default=201)
    response = JSON(default="{}")  # the answer given, replayed for a retried nonce
    created_at = Timestamptz(default=TimestamptzNow())

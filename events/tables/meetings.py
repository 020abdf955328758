"""Meeting requests, the meetings that answer them, and the scheduler's runs.

Double bookings are impossible by construction: ``MeetingAttendee`` is unique per (registration, slot)
and ``Meeting`` per (table, slot, seat) among meetings that are not cancelled (see the migrations).
"""

from piccolo.columns import JSON, Array, Boolean, Float, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.auth import User
from events.tables.catalogue import Achievement, Demand
from events.tables.fairs import Event, MeetingTable, Registration, Slot
from events.vocabulary import MeetingStatus, RequestStatus


class MeetingRequest(Table):
    """One participant asks another for a one-on-one meeting."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    requester = ForeignKey(references=Registration, on_delete=OnDelete.cascade, null=False)
    recipient = ForeignKey(references=Registration, on_delete=OnDelete.cascade, null=False)
    achievement = ForeignKey(references=Achievement, on_delete=OnDelete.set_null, null=True)
    demand = ForeignKey(references=Demand, on_delete=OnDelete.set_null, null=True)
    message = Text(default="")
    priority = Integer(default=1)  # the scheduler's weight, 1 (nice to have) to 5 (must meet)
    status = Varchar(length=20, choices=RequestStatus, default=RequestStatus.PENDING.value, index=True)
    required = Boolean(default=False)  # forced by the organizer
    allowed_slots = Array(base_column=Integer(), default=list)  # Slot ids; empty means any
    created_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)  # organizer-made
    created_at = Timestamptz(default=TimestamptzNow())
    responded_at = Timestamptz(null=True, default=None)
    expires_at = Timestamptz(null=True, default=None)


class ScheduleRun(Table):
    """One run of the scheduler over a fair: its problem, progress, result and publication."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    status = Varchar(length=20, default="queued", index=True)  # queued, running, done, failed, published
    source = Varchar(length=20, default="solver")  # solver (Schedule all) or import (a schedule file)
    time_limit_seconds = Float(default=10.0)
    problem = JSON(default="{}")
    result = JSON(default="{}")  # the schedule document, exactly as the exchange format writes it
    reason_codes = JSON(default="{}")  # request id -> the solver's reason code (not part of the format)
    best_weight = Integer(null=True, default=None)
    upper_bound = Integer(null=True, default=None)
    progress = Float(default=0.0)  # 0..1 for the progress bar
    phase = Varchar(length=20, default="")  # the solver's phase while it runs
    elapsed_seconds = Float(default=0.0)
    heartbeat_at = Timestamptz(null=True, default=None)  # last progress write: a stale running run is abandoned
    message = Text(default="")
    created_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    published_at = Timestamptz(null=True, default=None)


class Meeting(Table):
    """A scheduled one-on-one at a table in a slot."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    request = ForeignKey(references=MeetingRequest, on_delete=OnDelete.cascade, null=False)
    slot = ForeignKey(references=Slot, on_delete=OnDelete.restrict, null=False)
    table = ForeignKey(references=MeetingTable, on_delete=OnDelete.restrict, null=False)
    seat = Integer(default=0)  # 0 .. table.capacity-1: makes capacity a unique constraint
    status = Varchar(length=20, choices=MeetingStatus, default=MeetingStatus.SCHEDULED.value, index=True)
    locked = Boolean(default=False)
    schedule_run = ForeignKey(references=ScheduleRun, on_delete=OnDelete.set_null, null=True)
    sequence = Integer(default=0)  # iCalendar SEQUENCE: bumped when the meeting moves or is cancelled
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    held_at = Timestamptz(null=True, default=None)
    cancelled_at = Timestamptz(null=True, default=None)


class MeetingAttendee(Table):
    """A participant's seat in a meeting; unique per (registration, slot) while the meeting stands."""

    id = Serial(primary_key=True)
    meeting = ForeignKey(references=Meeting, on_delete=OnDelete.cascade, null=False)
    registration = ForeignKey(references=Registration, on_delete=OnDelete.cascade, null=False)
    slot = ForeignKey(references=Slot, on_delete=OnDelete.restrict, null=False)
    checked_in_at = Timestamptz(null=True, default=None)  # scanned at the meeting's table

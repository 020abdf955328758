"""Fairs (events), their slot grid and tables, staff, and the registrations of participants."""

from piccolo.columns import (
    JSON,
    Array,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.auth import User
from events.tables.catalogue import Achievement, Demand
from events.tables.directory import Organization, Person
from events.vocabulary import EventFormat, EventStatus, RegistrationRole, RegistrationStatus


class Event(Table):
    """A technology-transfer fair."""

    id = Serial(primary_key=True)
    slug = Varchar(length=80, unique=True)
    title = Varchar(length=200)
    title_en = Varchar(length=200, default="")
    format = Varchar(length=40, choices=EventFormat)
    status = Varchar(length=20, choices=EventStatus, default=EventStatus.DRAFT.value, index=True)
    description = Text(default="")
    venue = Varchar(length=200, default="")
    venue_en = Varchar(length=200, default="")
    address = Varchar(length=255, default="")
    district = Varchar(length=50, default="")
    host = ForeignKey(references=Organization, on_delete=OnDelete.set_null, null=True)
    time_zone = Varchar(length=64, default="Asia/Shanghai")
    starts_on = Date()
    ends_on = Date()
    registration_opens_at = Timestamptz(null=True, default=None)
    registration_closes_at = Timestamptz(null=True, default=None)
    # The grid the slots were generated from: {"days": [...], "sessions": [["09:00", "12:00"], ...],
    # "slot_minutes": 20, "break_minutes": 0}.
    slot_grid = JSON(default="{}")
    # Capacity per registration role, e.g. {"enterprise": 300, "team": 120}; a missing role is unlimited.
    capacities = JSON(default="{}")
    request_expiry_hours = Integer(null=True, default=None)
    max_requests_per_participant = Integer(null=True, default=None)
    max_meetings_per_participant = Integer(null=True, default=None)
    created_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Slot(Table):
    """One meeting slot of a fair's grid; ``code`` is the stable id used in the schedule format."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    code = Varchar(length=32)
    starts_at = Timestamptz()
    ends_at = Timestamptz()
    position = Integer()


class MeetingTable(Table):
    """A numbered table of the venue; ``capacity`` meetings at once."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    code = Varchar(length=32)
    name = Varchar(length=100, default="")
    capacity = Integer(default=1)
    area = Varchar(length=100, default="")


class EventStaff(Table):
    """A staff user assigned to a fair: staff only see and scan the fairs they are assigned to."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class Registration(Table):
    """A participant of one fair: an enterprise, a research team, an investor or a guest."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    role = Varchar(length=20, choices=RegistrationRole, index=True)
    status = Varchar(length=20, choices=RegistrationStatus, default=RegistrationStatus.PENDING.value, index=True)
    organization = ForeignKey(references=Organization, on_delete=OnDelete.set_null, null=True)
    person = ForeignKey(references=Person, on_delete=OnDelete.set_null, null=True)
    team_name = Varchar(length=200, default="")  # teams: the lab or group
    host_table = ForeignKey(references=MeetingTable, on_delete=OnDelete.set_null, null=True)
    unavailable_slots = Array(base_column=Integer(), default=list)  # Slot ids
    max_meetings = Integer(null=True, default=None)
    max_requests = Integer(null=True, default=None)
    # Secret personal link (portal) and calendar-feed tokens: random, unique, revocable by regenerating.
    portal_token = Varchar(length=64, unique=True)
    calendar_token = Varchar(length=64, unique=True)
    answers = JSON(default="{}")  # role-specific form answers
    note = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    decided_at = Timestamptz(null=True, default=None)
    decided_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)


class EventAchievement(Table):
    """An achievement presented at a fair, by one team's registration."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    achievement = ForeignKey(references=Achievement, on_delete=OnDelete.cascade, null=False)
    registration = ForeignKey(references=Registration, on_delete=OnDelete.set_null, null=True)


class EventDemand(Table):
    """A demand brought to a fair by an enterprise's registration."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    demand = ForeignKey(references=Demand, on_delete=OnDelete.cascade, null=False)
    registration = ForeignKey(references=Registration, on_delete=OnDelete.set_null, null=True)

"""The data: Piccolo tables, one module per area, all registered with the ``events`` Piccolo app.

Other layers import tables from here (``from events.tables import Event``).
"""

from piccolo.table import Table

from events.tables.audit import AuditEntry
from events.tables.auth import ApiToken, AppSecret, LoginAttempt, LoginSession, User
from events.tables.catalogue import Achievement, Demand
from events.tables.checkin import CheckIn, Scan, Ticket
from events.tables.deals import Deal, DealChange
from events.tables.directory import Organization, Person
from events.tables.enquiries import Enquiry, EnquiryMessage
from events.tables.fairs import (
    Event,
    EventAchievement,
    EventDemand,
    EventStaff,
    MeetingTable,
    Registration,
    Slot,
)
from events.tables.imports import ImportUpload
from events.tables.meetings import Meeting, MeetingAttendee, MeetingRequest, ScheduleRun
from events.tables.notifications import Delivery, Notification, NotificationKind

# In dependency order: a table comes after every table it references.
ALL_TABLES: list[type[Table]] = [
    User,
    ApiToken,
    LoginSession,
    LoginAttempt,
    AppSecret,
    Organization,
    Person,
    Achievement,
    Demand,
    Event,
    Slot,
    MeetingTable,
    EventStaff,
    Registration,
    EventAchievement,
    EventDemand,
    MeetingRequest,
    ScheduleRun,
    Meeting,
    MeetingAttendee,
    Notification,
    Ticket,
    CheckIn,
    Scan,
    Deal,
    DealChange,
    Enquiry,
    EnquiryMessage,
    ImportUpload,
    AuditEntry,
]

__all__ = [
    "ALL_TABLES",
    "Achievement",
    "ApiToken",
    "AppSecret",
    "AuditEntry",
    "CheckIn",
    "Deal",
    "DealChange",
    "Delivery",
    "Demand",
    "Enquiry",
    "EnquiryMessage",
    "Event",
    "EventAchievement",
    "EventDemand",
    "EventStaff",
    "ImportUpload",
    "LoginAttempt",
    "LoginSession",
    "Meeting",
    "MeetingAttendee",
    "MeetingRequest",
    "MeetingTable",
    "Notification",
    "NotificationKind",
    "Organization",
    "Person",
    "Registration",
    "Scan",
    "ScheduleRun",
    "Slot",
    "Ticket",
    "User",
]

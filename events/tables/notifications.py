"""The outbox: every change to a participant's meetings, recorded for them (portal) and for the organizer.

A notification is written in the same transaction as the change it reports, so the outbox never misses or
invents a change. E-mail delivery (SMTP, when configured) happens afterwards and only updates ``delivery``.
"""

from enum import StrEnum

from piccolo.columns import JSON, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.fairs import Event, Registration
from events.tables.meetings import Meeting, MeetingRequest


class NotificationKind(StrEnum):
    REQUEST_RECEIVED = "request_received"
    REQUEST_ACCEPTED = "request_accepted"
    REQUEST_DECLINED = "request_declined"
    MEETING_SCHEDULED = "meeting_scheduled"
    MEETING_MOVED = "meeting_moved"
    MEETING_CANCELLED = "meeting_cancelled"


class Delivery(StrEnum):
    """Where the e-mail copy stands; the outbox record exists whatever this says."""

    PENDING = "pending"  # not e-mailed (no SMTP configured yet, or waiting for the sender)
    SENDING = "sending"  # claimed by one worker's sender
    SENT = "sent"
    FAILED = "failed"  # the SMTP server refused it ``attempts`` times; see ``last_error``
    NO_ADDRESS = "no_address"  # the participant gave no e-mail address


class Notification(Table):
    """One message to one participant about their requests or meetings."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False)
    registration = ForeignKey(references=Registration, on_delete=OnDelete.cascade, null=False)
    kind = Varchar(length=30, choices=NotificationKind)
    request = ForeignKey(references=MeetingRequest, on_delete=OnDelete.set_null, null=True)
    meeting = ForeignKey(references=Meeting, on_delete=OnDelete.set_null, null=True)
    subject = Varchar(length=255, default="")
    body = Text(default="")
    data = JSON(default="{}")  # what the message is made of, to show it again in the reader's language
    email = Varchar(length=255, default="")  # the address at the time of the change
    delivery = Varchar(length=20, choices=Delivery, default=Delivery.PENDING.value)
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    claimed_at = Timestamptz(null=True, default=None)
    sent_at = Timestamptz(null=True, default=None)
    read_at = Timestamptz(null=True, default=None)

"""Online enquiries (线上咨询): a participant asks the owner of an achievement or a demand, the owner answers.

A thread belongs to the fair of the participant who opened it; ``owner`` is the organization of the item and
``recipient`` the owner's registration at that fair when it has one (that is who can meet the sender). A
thread turned into a meeting request keeps a link to it.
"""

from piccolo.columns import Boolean, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.catalogue import Achievement, Demand
from events.tables.directory import Organization
from events.tables.fairs import Event, Registration
from events.tables.meetings import MeetingRequest
from events.vocabulary import EnquiryStatus


class Enquiry(Table):
    """One enquiry thread about one achievement or one demand."""

    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=False, index=True)
    sender = ForeignKey(references=Registration, on_delete=OnDelete.cascade, null=False, index=True)
    achievement = ForeignKey(references=Achievement, on_delete=OnDelete.cascade, null=True, index=True)
    demand = ForeignKey(references=Demand, on_delete=OnDelete.cascade, null=True, index=True)
    owner = ForeignKey(references=Organization, on_delete=OnDelete.cascade, null=False, index=True)
    recipient = ForeignKey(references=Registration, on_delete=OnDelete.set_null, null=True)
    subject = Varchar(length=200)
    status = Varchar(length=20, choices=EnquiryStatus, default=EnquiryStatus.OPEN.value, index=True)
    meeting_request = ForeignKey(references=MeetingRequest, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_message_at = Timestamptz(default=TimestamptzNow())
    answered_at = Timestamptz(null=True, default=None)


class EnquiryMessage(Table):
    """A message of a thread, from the sender's side or from the owner's side."""

    id = Serial(primary_key=True)
    enquiry = ForeignKey(references=Enquiry, on_delete=OnDelete.cascade, null=False, index=True)
    author = ForeignKey(references=Registration, on_delete=OnDelete.set_null, null=True)
    from_owner = Boolean(default=False)
    body = Text()
    created_at = Timestamptz(default=TimestamptzNow())

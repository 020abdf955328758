"""Online enquiries (线上咨询)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from events.api.schemas.common import Input
from events.enquiries import EnquiryCount, EnquiryView
from events.vocabulary import EnquiryStatus, RequestStatus

Message = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]


class EnquiryCreate(Input, kw_only=True):
    """Ask the owner of one achievement or one demand."""

    message: Message
    achievement_id: int | None = None
    demand_id: int | None = None


class MessageCreate(Input, kw_only=True):
    message: Message


class MeetingRequestCreate(Input, kw_only=True):
    message: Annotated[str, msgspec.Meta(max_length=2000)] = ""


class MessageOut(msgspec.Struct, kw_only=True):
    id: int
    from_owner: bool
    author: str
    body: str
    created_at: datetime


class EnquiryOut(msgspec.Struct, kw_only=True):
    id: int
    event_id: int
    subject: str
    status: EnquiryStatus
    achievement_id: int | None
    demand_id: int | None
    owner: str
    sender: str
    side: str | None
    meeting_request_id: int | None
    created_at: datetime
    last_message_at: datetime
    messages: list[MessageOut]

    @classmethod
    def of(cls, view: EnquiryView) -> EnquiryOut:
        return cls(
            id=view.id,
            event_id=view.event_id,
            subject=view.subject,
            status=EnquiryStatus(view.status),
            achievement_id=view.achievement_id,
            demand_id=view.demand_id,
            owner=view.owner_name,
            sender=view.sender_name,
            side=view.side,
            meeting_request_id=view.meeting_request_id,
            created_at=view.created_at,
            last_message_at=view.last_message_at,
            messages=[
                MessageOut(id=m.id, from_owner=m.from_owner, author=m.author, body=m.body, created_at=m.created_at)
                for m in view.messages
            ],
        )


class MyEnquiries(msgspec.Struct, kw_only=True):
    sent: list[EnquiryOut]
    received: list[EnquiryOut]


class MeetingRequestOut(msgspec.Struct, kw_only=True):
    request_id: int
    status: RequestStatus


class EnquiryCountOut(msgspec.Struct, kw_only=True):
    kind: str
    item_id: int
    title: str
    owner: str
    enquiries: int

    @classmethod
    def of(cls, count: EnquiryCount) -> EnquiryCountOut:
        return cls(
            kind=count.kind, item_id=count.item_id, title=count.title, owner=count.owner, enquiries=count.enquiries
        )

"""Online enquiries: participants ask the owners of achievements and demands; organizers count them per fair.

Participants authenticate with their personal link (``X-Participant-Token`` header or the portal cookie).
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from events import enquiries
from events.api.guards import organizer_only, participant_only
from events.api.schemas.enquiries import (
    EnquiryCountOut,
    EnquiryCreate,
    EnquiryOut,
    MeetingRequestCreate,
    MeetingRequestOut,
    MessageCreate,
    MyEnquiries,
)
from events.api.security import principal_of
from events.fairs import get_fair
from events.vocabulary import RequestStatus

PARTICIPANT_SECURITY: list[dict[str, list[str]]] = [{"participant": []}]


def _me(request: Request[Any, Any, Any]) -> int:
    registration_id = principal_of(request).registration_id
    assert registration_id is not None
    return registration_id


class MyEnquiriesController(Controller):
    """A participant's enquiry threads: those they sent and those addressed to them."""

    path = "/api/me/enquiries"
    tags = ["enquiries"]
    guards = [participant_only]
    security = PARTICIPANT_SECURITY

    @post("/", summary="Send an enquiry to the owner of an achievement or demand")
    async def send(self, data: JSONBody[EnquiryCreate], request: Request[Any, Any, Any]) -> EnquiryOut:
        me = _me(request)
        enquiry = await enquiries.send_enquiry(
            registration_id=me, message=data.message, achievement_id=data.achievement_id, demand_id=data.demand_id
        )
        return EnquiryOut.of(await enquiries.get_enquiry(enquiry_id=enquiry.id, registration_id=me))

    @get("/", summary="My enquiries, sent and received", cache=False)
    async def list_mine(self, request: Request[Any, Any, Any]) -> MyEnquiries:
        mine = await enquiries.my_enquiries(registration_id=_me(request))
        return MyEnquiries(
            sent=[EnquiryOut.of(v) for v in mine["sent"]], received=[EnquiryOut.of(v) for v in mine["received"]]
        )

    @get("/{enquiry_id:int}", summary="One enquiry thread", cache=False)
    async def read(self, enquiry_id: FromPath[int], request: Request[Any, Any, Any]) -> EnquiryOut:
        return EnquiryOut.of(await enquiries.get_enquiry(enquiry_id=enquiry_id, registration_id=_me(request)))

    @post("/{enquiry_id:int}/messages", summary="Answer or add to a thread")
    async def reply(
        self, enquiry_id: FromPath[int], data: JSONBody[MessageCreate], request: Request[Any, Any, Any]
    ) -> EnquiryOut:
        me = _me(request)
        await enquiries.reply(enquiry_id=enquiry_id, registration_id=me, message=data.message)
        return EnquiryOut.of(await enquiries.get_enquiry(enquiry_id=enquiry_id, registration_id=me))

    @post("/{enquiry_id:int}/meeting-request", summary="Turn the thread into a meeting request")
    async def meeting_request(
        self, enquiry_id: FromPath[int], data: JSONBody[MeetingRequestCreate], request: Request[Any, Any, Any]
    ) -> MeetingRequestOut:
        made = await enquiries.request_meeting(
            enquiry_id=enquiry_id, registration_id=_me(request), message=data.message
        )
        return MeetingRequestOut(request_id=made.id, status=RequestStatus(made.status))


@get(
    "/api/events/{event_id:int}/enquiry-counts",
    guards=[organizer_only],
    tags=["enquiries"],
    summary="The most asked-about achievements and demands of a fair",
    cache=False,
)
async def enquiry_counts(
    event_id: FromPath[int], limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50
) -> list[EnquiryCountOut]:
    await get_fair(event_id=event_id)
    return [EnquiryCountOut.of(c) for c in await enquiries.enquiry_counts(event_id=event_id, limit=limit)]

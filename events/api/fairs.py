"""Fairs: create (organizers), read and list (everyone)."""

from __future__ import annotations

from datetime import time
from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import fairs
from events.api.guards import organizer_only
from events.api.schemas.common import Page, page_of
from events.api.schemas.fairs import EventCreate, EventOut, EventStatusChange, EventSummary
from events.api.security import principal_of
from events.pagination import PageRequest
from events.vocabulary import EventFormat, EventStatus


def _grid(data: JSONBody[EventCreate]) -> fairs.SlotGrid:
    return fairs.SlotGrid(
        sessions=tuple(fairs.Session(time.fromisoformat(a), time.fromisoformat(b)) for a, b in data.grid.sessions),
        slot_minutes=data.grid.slot_minutes,
        break_minutes=data.grid.break_minutes,
        days=tuple(data.grid.days),
    )


def _tables(data: JSONBody[EventCreate]) -> list[fairs.TableSpec]:
    listed = [fairs.TableSpec(code=t.code, name=t.name, capacity=t.capacity, area=t.area) for t in data.tables.tables]
    numbered = fairs.numbered_tables(count=data.tables.count, prefix=data.tables.prefix, capacity=data.tables.capacity)
    return listed + numbered


def _details(data: JSONBody[EventCreate]) -> fairs.FairDetails:
    return fairs.FairDetails(
        title_en=data.title_en,
        description=data.description,
        venue=data.venue,
        venue_en=data.venue_en,
        address=data.address,
        district=data.district,
        host_id=data.host_id,
        time_zone=data.time_zone,
        registration_opens_at=data.registration_opens_at,
        registration_closes_at=data.registration_closes_at,
        capacities=dict(data.capacities),
        request_expiry_hours=data.request_expiry_hours,
        max_requests_per_participant=data.max_requests_per_participant,
        max_meetings_per_participant=data.max_meetings_per_participant,
    )


async def event_out(event_id: FromPath[int]) -> EventOut:
    event = await fairs.get_fair(event_id=event_id)
    return EventOut.full(event, await fairs.fair_slots(event_id=event_id), await fairs.fair_tables(event_id=event_id))


class EventController(Controller):
    path = "/api/events"
    tags = ["fairs"]

    @post("/", guards=[organizer_only], summary="Create a fair with its slot grid and tables")
    async def create(self, data: JSONBody[EventCreate], request: Request[Any, Any, Any]) -> EventOut:
        event = await fairs.create_fair(
            slug=data.slug,
            title=data.title,
            format=data.format,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            grid=_grid(data),
            tables=_tables(data),
            details=_details(data),
            created_by=principal_of(request).user_id,
        )
        return await event_out(event.id)

    @get("/", summary="List fairs", cache=False)
    async def list_events(
        self,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        status: FromQuery[EventStatus | None] = None,
        event_format: Annotated[EventFormat | None, QueryParameter(name="format")] = None,
    ) -> Page[EventSummary]:
        page = await fairs.list_fairs(page=PageRequest(limit, offset), status=status, format=event_format)
        return page_of(page, [EventSummary.of(e) for e in page.items])

    @get("/{event_id:int}", summary="A fair with its slots and tables", cache=False)
    async def read(self, event_id: FromPath[int]) -> EventOut:
        return await event_out(event_id)

    @patch("/{event_id:int}/status", guards=[organizer_only], summary="Open, close, ... a fair")
    async def change_status(self, event_id: FromPath[int], data: JSONBody[EventStatusChange]) -> EventOut:
        await fairs.change_status(event_id=event_id, status=data.status)
        return await event_out(event_id)

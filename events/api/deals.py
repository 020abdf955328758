"""Deals: staff of a fair log and change them; organizers see every deal, staff the deals of their fairs,
participants (personal link) the deals they are party to. The history is read-only: no route changes it."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import deals
from events.api.guards import staff_of_event
from events.api.schemas.common import Page, page_of
from events.api.schemas.deals import DealChangeOut, DealCreate, DealDefaultsOut, DealOut, DealPatch
from events.api.security import principal_of
from events.errors import AuthError, ErrorKind
from events.pagination import PageRequest
from events.vocabulary import DealStage, Field, TransferMode


def reader(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Signed-in users, or participants through their personal link."""
    principal = principal_of(connection)
    if not (principal.authenticated or principal.is_participant):
        raise AuthError("not_authenticated", "sign in, or open your personal link first")


class FairDealController(Controller):
    path = "/api/events/{event_id:int}/deals"
    tags = ["deals"]
    guards = [staff_of_event]

    @post("/", summary="Log a deal (staff of the fair)")
    async def create(
        self, event_id: FromPath[int], data: JSONBody[DealCreate], request: Request[Any, Any, Any]
    ) -> DealOut:
        deal = await deals.log_deal(event_id=event_id, data=data.to_input(), by=principal_of(request).user_id)
        return DealOut.of(deal)

    @get("/", summary="The fair's deals, newest first (staff of the fair)", cache=False)
    async def list_fair_deals(
        self,
        event_id: FromPath[int],
        request: Request[Any, Any, Any],
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        stage: FromQuery[DealStage | None] = None,
    ) -> Page[DealOut]:
        page = await deals.list_deals(
            principal=principal_of(request),
            filters=deals.DealFilter(event_id=event_id, stage=stage),
            page=PageRequest(limit, offset),
        )
        return page_of(page, [DealOut.of(item) for item in page.items])

    @get("/defaults", summary="What a meeting suggests for its deal", cache=False)
    async def defaults(
        self, event_id: FromPath[int], meeting_id: Annotated[int, QueryParameter(ge=1)]
    ) -> DealDefaultsOut:
        return DealDefaultsOut.of(await deals.meeting_defaults(meeting_id=meeting_id, event_id=event_id))


class DealController(Controller):
    path = "/api/deals"
    tags = ["deals"]
    guards = [reader]

    @get("/", summary="Deals you may see, newest first, with filters", cache=False)
    async def list_deals(
        self,
        request: Request[Any, Any, Any],
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        event_id: FromQuery[int | None] = None,
        stage: FromQuery[DealStage | None] = None,
        contract_type: FromQuery[TransferMode | None] = None,
        district: Annotated[str | None, QueryParameter(max_length=50)] = None,
        university: FromQuery[int | None] = None,
        field: FromQuery[Field | None] = None,
        on_from: Annotated[date | None, QueryParameter(name="from")] = None,
        on_to: Annotated[date | None, QueryParameter(name="to")] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> Page[DealOut]:
        page = await deals.list_deals(
            principal=principal_of(request),
            filters=deals.DealFilter(
                event_id=event_id,
                stage=stage,
                contract_type=contract_type,
                district=district,
                university_id=university,
                field=field,
                on_from=on_from,
                on_to=on_to,
                q=q,
            ),
            page=PageRequest(limit, offset),
        )
        return page_of(page, [DealOut.of(item) for item in page.items])

    @get("/{deal_id:int}", summary="One deal", cache=False)
    async def read(self, deal_id: FromPath[int], request: Request[Any, Any, Any]) -> DealOut:
        return DealOut.of(await deals.require_readable(principal_of(request), deal_id=deal_id))

    @patch("/{deal_id:int}", summary="Change a deal: its stage with the date, amount, registration number, note")
    async def change(
        self, deal_id: FromPath[int], data: JSONBody[DealPatch], request: Request[Any, Any, Any]
    ) -> DealOut:
        principal = principal_of(request)
        await deals.require_manageable(principal, deal_id=deal_id)
        if data.correction and not principal.is_organizer:
            raise AuthError("organizer_only", "only organizers may correct a deal backwards", kind=ErrorKind.FORBIDDEN)
        deal, _ = await deals.change_deal(
            deal_id=deal_id, changes=data.to_changes(), by=principal.user_id, allow_backwards=data.correction
        )
        return DealOut.of(deal)

    @get("/{deal_id:int}/history", summary="Every change of a deal, oldest first (read-only)", cache=False)
    async def history(self, deal_id: FromPath[int], request: Request[Any, Any, Any]) -> list[DealChangeOut]:
        await deals.require_readable(principal_of(request), deal_id=deal_id)
        return [DealChangeOut.of(change) for change in await deals.deal_history(deal_id=deal_id)]

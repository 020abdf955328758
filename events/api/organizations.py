"""Organizations: enterprises, universities, institutes."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from events import directory
from events.api.guards import organizer_only
from events.api.schemas.common import Page, page_of
from events.api.schemas.directory import OrganizationCreate, OrganizationOut
from events.pagination import PageRequest
from events.vocabulary import OrganizationKind


class OrganizationController(Controller):
    path = "/api/organizations"
    tags = ["directory"]

    @post("/", guards=[organizer_only], summary="Create an organization")
    async def create(self, data: JSONBody[OrganizationCreate]) -> OrganizationOut:
        org = await directory.create_organization(
            name=data.name,
            kind=data.kind,
            name_en=data.name_en,
            credit_code=data.credit_code,
            district=data.district,
            address=data.address,
            website=data.website,
            description=data.description,
        )
        return OrganizationOut.of(org)

    @get("/", summary="List organizations", cache=False)
    async def list_organizations(
        self,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
        kind: FromQuery[OrganizationKind | None] = None,
        district: Annotated[str | None, QueryParameter(max_length=50)] = None,
        q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> Page[OrganizationOut]:
        page = await directory.list_organizations(page=PageRequest(limit, offset), kind=kind, district=district, q=q)
        return page_of(page, [OrganizationOut.of(o) for o in page.items])

    @get("/{organization_id:int}", summary="One organization", cache=False)
    async def read(self, organization_id: FromPath[int]) -> OrganizationOut:
        return OrganizationOut.of(await directory.get_organization(organization_id=organization_id))

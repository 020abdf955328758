"""The audit log for organizers: check-ins, schedule publications and deal changes, newest first."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.params import QueryParameter

from events import audit
from events.api.guards import organizer_only
from events.api.schemas.common import Page, page_of
from events.api.schemas.security import AuditEntryOut
from events.pagination import PageRequest


@get(
    "/api/audit",
    guards=[organizer_only],
    tags=["audit"],
    summary="The audit log (organizers)",
    description=(
        "Who checked whom in, who published which schedule, who logged or changed which deal, and when; newest "
        "first. Entries are written in the same transaction as the change and can be neither changed nor deleted."
    ),
    cache=False,
)
async def audit_log(
    event_id: Annotated[int | None, QueryParameter(description="only this fair's entries")] = None,
    action: Annotated[audit.AuditAction | None, QueryParameter(description="only this action")] = None,
    actor_id: Annotated[int | None, QueryParameter(description="only this user's actions")] = None,
    limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> Page[AuditEntryOut]:
    page = await audit.list_entries(
        page=PageRequest(limit=limit, offset=offset), event_id=event_id, action=action, actor_id=actor_id
    )
    return page_of(page, [AuditEntryOut.of(entry) for entry in page.items])

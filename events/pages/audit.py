"""The console's audit-log tab (organizers): the fair's check-ins, schedule publications and deal changes, newest
first, a page at a time, filtered by kind. Entries come from the same ``events.audit.list_entries`` as
``GET /api/audit``; this module only puts them into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from litestar import Request, get
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Template

from events import audit
from events.api.security import principal_of
from events.i18n import N_
from events.i18n import gettext as _
from events.pages.console import fair_context
from events.pages.context import label
from events.pages.deals import FIELD_LABELS
from events.pages.guards import page_organizer
from events.pages.registry import ConsoleTab, register
from events.pagination import PageRequest

TABS = [ConsoleTab(slug="audit", label=N_("Audit log"), organizer_only=True, order=60)]
PAGE_SIZE = 50
ACTION_LABELS: dict[audit.AuditAction, str] = {
    audit.AuditAction.CHECK_IN: N_("Check-in"),
    audit.AuditAction.SCHEDULE_PUBLISHED: N_("Schedule published"),
    audit.AuditAction.DEAL_LOGGED: N_("Deal logged"),
    audit.AuditAction.DEAL_CHANGED: N_("Deal changed"),
}


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One entry as the page shows it, in the visitor's language."""

    at: datetime
    action: str
    what: str
    actor: str
    subject: str
    href: str | None
    detail: str


def _what(action: str) -> str:
    try:
        return _(ACTION_LABELS[audit.AuditAction(action)])
    except (KeyError, ValueError):
        return action


def _subject(entry: audit.AuditView, names: dict[int, str]) -> tuple[str, str | None]:
    """What the entry is about, and where the console shows it."""
    number = entry.object_id
    if entry.object_kind == "registration" and number is not None:
        return names.get(number) or _("Registration #%(id)s") % {"id": number}, None
    if entry.object_kind == "deal" and number is not None:
        return _("Deal #%(id)s") % {"id": number}, f"/console/fairs/{entry.event_id}/deals/{number}"
    if entry.object_kind == "schedule_run" and number is not None:
        return _("Schedule run #%(id)s") % {"id": number}, f"/console/fairs/{entry.event_id}/schedule"
    return f"{entry.object_kind} {number if number is not None else ''}".strip(), None


def _detail(entry: audit.AuditView) -> str:
    details: dict[str, Any] = entry.details
    if entry.action == audit.AuditAction.CHECK_IN.value:
        gate = str(details.get("gate") or "")
        return _("Gate: %(gate)s") % {"gate": gate} if gate else ""
    if entry.action == audit.AuditAction.SCHEDULE_PUBLISHED.value:
        counts = {key: int(details.get(key) or 0) for key in ("kept", "moved", "added", "cancelled")}
        return _("%(kept)d kept, %(moved)d moved, %(added)d added, %(cancelled)d cancelled") % counts
    if entry.action in (audit.AuditAction.DEAL_LOGGED.value, audit.AuditAction.DEAL_CHANGED.value):
        stage = label("DealStage", str(details.get("stage") or ""))
        changes = details.get("changes") if isinstance(details.get("changes"), dict) else {}
        fields = [_(FIELD_LABELS[name]) if name in FIELD_LABELS else name for name in sorted(changes or {})]
        if entry.action == audit.AuditAction.DEAL_LOGGED.value or not fields:
            return _("Stage: %(stage)s") % {"stage": stage}
        return _("Stage: %(stage)s; changed: %(fields)s") % {"stage": stage, "fields": _(", ").join(fields)}
    return ""


def audit_rows(entries: list[audit.AuditView], names: dict[int, str]) -> list[AuditRow]:
    rows = []
    for entry in entries:
        subject, href = _subject(entry, names)
        rows.append(
            AuditRow(
                at=entry.at,
                action=entry.action,
                what=_what(entry.action),
                actor=_("command line") if entry.actor == audit.COMMAND_LINE else entry.actor,
                subject=subject,
                href=href,
                detail=_detail(entry),
            )
        )
    return rows


@get("/console/fairs/{event_id:int}/audit", guards=[page_organizer], include_in_schema=False, cache=False)
async def audit_tab(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    action: FromQuery[audit.AuditAction | None] = None,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="audit")
    page = await audit.list_entries(page=PageRequest(limit=PAGE_SIZE, offset=offset), event_id=event_id, action=action)
    names = await audit.checked_in_names(page.items)
    return Template(
        template_name="console/audit.html",
        context={
            **context,
            "page": page,
            "rows": audit_rows(page.items, names),
            "actions": [(a.value, _(text)) for a, text in ACTION_LABELS.items()],
            "action": action.value if action else "",
        },
    )


def route_handlers() -> list[Any]:
    return [audit_tab]


register(tabs=TABS)

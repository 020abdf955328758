"""The organizer and staff console: fairs, creating a fair, a fair's overview and its registrations.

Other areas add tabs through :data:`events.pages.registry.CONSOLE_TABS`.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Redirect, Template

from events import fairs, registration
from events.accounts import Principal, staff_event_ids
from events.api.security import principal_of
from events.errors import DomainError
from events.pages.guards import page_organizer, page_signed_in, page_staff_of_event
from events.pages.registry import CONSOLE_TABS, ConsoleTab, console_tabs
from events.pagination import PageRequest
from events.tables import Event, MeetingTable, Registration, Slot
from events.vocabulary import EventFormat, EventStatus, RegistrationRole, RegistrationStatus

__all__ = ["CONSOLE_TABS", "ConsoleTab"]

SESSION_PATTERN = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–~至]\s*(\d{1,2}:\d{2})\s*$")


async def fair_context(*, event_id: int, principal: Principal, active: str) -> dict[str, Any]:
    """What every per-fair console page shows: the fair and its tabs."""
    event = await fairs.get_fair(event_id=event_id)
    return {
        "event": event,
        "tabs": console_tabs(organizer=principal.is_organizer),
        "active_tab": active,
        "principal": principal,
    }


async def _visible_fairs(principal: Principal) -> list[Event]:
    query = Event.objects().order_by(Event.starts_on, ascending=False)
    if not principal.is_organizer:
        ids = await staff_event_ids(user_id=principal.user_id or 0)
        query = query.where(Event.id.is_in(sorted(ids) or [-1]))
    return list(await query)


@get("/console", guards=[page_signed_in], include_in_schema=False, cache=False)
async def console_home(request: Request[Any, Any, Any]) -> Template:
    principal = principal_of(request)
    return Template(
        template_name="console/home.html",
        context={"fairs": await _visible_fairs(principal), "principal": principal},
    )


def parse_sessions(text: str) -> tuple[fairs.Session, ...]:
    """'09:00-12:00, 14:00-17:00' → sessions; refuses anything else with a message naming the piece."""
    sessions = []
    for piece in re.split(r"[,，;；\n]+", text.strip()):
        if not piece.strip():
            continue
        match = SESSION_PATTERN.match(piece)
        if not match:
            raise DomainError(
                "invalid_sessions", f"'{piece.strip()}' is not a session like 09:00-12:00", field="sessions"
            )
        try:
            sessions.append(fairs.Session(time.fromisoformat(match[1].zfill(5)), time.fromisoformat(match[2].zfill(5))))
        except ValueError:
            raise DomainError(
                "invalid_sessions", f"'{piece.strip()}' has an impossible time", field="sessions"
            ) from None
    return tuple(sessions)


def _int(form: dict[str, str], name: str, default: int) -> int:
    value = form.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise DomainError("invalid_number", f"{name} must be a whole number", field=name) from None


def _date(form: dict[str, str], name: str) -> date:
    try:
        return date.fromisoformat(form.get(name, "").strip())
    except ValueError:
        raise DomainError("invalid_date", f"{name} must be a date (YYYY-MM-DD)", field=name) from None


NEW_FAIR_DEFAULTS = {
    "format": EventFormat.ENTERPRISES_INTO_UNIVERSITIES.value,
    "sessions": "09:00-12:00, 14:00-17:00",
    "slot_minutes": "20",
    "break_minutes": "0",
    "tables": "20",
    "table_capacity": "1",
    "time_zone": "Asia/Shanghai",
}


@get("/console/fairs/new", guards=[page_organizer], include_in_schema=False, cache=False)
async def new_fair_form(request: Request[Any, Any, Any]) -> Template:
    return Template(
        template_name="console/new_fair.html",
        context={"form": NEW_FAIR_DEFAULTS, "error": None, "principal": principal_of(request)},
    )


@post("/console/fairs/new", guards=[page_organizer], include_in_schema=False, status_code=200)
async def new_fair_submit(request: Request[Any, Any, Any]) -> Template | Redirect:
    form = {k: str(v) for k, v in (await request.form()).items()}
    principal = principal_of(request)
    try:
        event = await fairs.create_fair(
            slug=form.get("slug", "").strip(),
            title=form.get("title", ""),
            format=EventFormat(form.get("format") or EventFormat.ENTERPRISES_INTO_UNIVERSITIES.value),
            starts_on=_date(form, "starts_on"),
            ends_on=_date(form, "ends_on"),
            grid=fairs.SlotGrid(
                sessions=parse_sessions(form.get("sessions", "")),
                slot_minutes=_int(form, "slot_minutes", 20),
                break_minutes=_int(form, "break_minutes", 0),
            ),
            tables=fairs.numbered_tables(
                count=_int(form, "tables", 0), capacity=max(1, _int(form, "table_capacity", 1))
            ),
            details=fairs.FairDetails(
                title_en=form.get("title_en", "").strip(),
                venue=form.get("venue", "").strip(),
                address=form.get("address", "").strip(),
                district=form.get("district", "").strip(),
                time_zone=form.get("time_zone", "Asia/Shanghai").strip() or "Asia/Shanghai",
                description=form.get("description", ""),
            ),
            created_by=principal.user_id,
        )
    except (DomainError, ValueError) as exc:
        error = exc if isinstance(exc, DomainError) else DomainError("invalid_format", str(exc), field="format")
        return Template(
            template_name="console/new_fair.html",
            context={"form": {**NEW_FAIR_DEFAULTS, **form}, "error": error, "principal": principal},
            status_code=400,
        )
    return Redirect(path=f"/console/fairs/{event.id}", status_code=303)


async def _overview_numbers(event_id: int) -> dict[str, Any]:
    rows = await Registration.select(Registration.role, Registration.status).where(Registration.event == event_id)
    by_role: dict[str, dict[str, int]] = {}
    for row in rows:
        by_role.setdefault(row["role"], {}).setdefault(row["status"], 0)
        by_role[row["role"]][row["status"]] += 1
    return {
        "by_role": by_role,
        "registrations": len(rows),
        "slots": await Slot.count().where(Slot.event == event_id),
        "tables": await MeetingTable.count().where(MeetingTable.event == event_id),
    }


@get("/console/fairs/{event_id:int}", guards=[page_staff_of_event], include_in_schema=False, cache=False)
async def fair_overview(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="")
    event = context["event"]
    next_statuses = sorted(fairs.ALLOWED_STATUS_CHANGES[EventStatus(event.status)], key=lambda s: s.value)
    return Template(
        template_name="console/fair.html",
        context={**context, **await _overview_numbers(event_id), "next_statuses": next_statuses},
    )


@post("/console/fairs/{event_id:int}/status", guards=[page_organizer], include_in_schema=False, status_code=303)
async def fair_status_submit(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect:
    form = await request.form()
    try:
        status = EventStatus(str(form.get("status", "")))
    except ValueError:
        raise DomainError("invalid_status", f"unknown status {form.get('status')!r}", field="status") from None
    await fairs.change_status(event_id=event_id, status=status)
    return Redirect(path=f"/console/fairs/{event_id}", status_code=303)


@get("/console/fairs/{event_id:int}/registrations", guards=[page_organizer], include_in_schema=False, cache=False)
async def registrations_page(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    role: FromQuery[RegistrationRole | None] = None,
    status: FromQuery[RegistrationStatus | None] = None,
    q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
    changed: Annotated[int | None, QueryParameter(ge=0)] = None,
) -> Template:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="registrations")
    page = await registration.list_registrations(
        event_id=event_id, page=PageRequest(limit=100, offset=offset), role=role, status=status, q=q
    )
    return Template(
        template_name="console/registrations.html",
        context={
            **context,
            "page": page,
            "filters": {"role": role.value if role else "", "status": status.value if status else "", "q": q or ""},
            "changed": changed,
        },
    )


@post("/console/fairs/{event_id:int}/registrations", guards=[page_organizer], include_in_schema=False, status_code=303)
async def registrations_decide(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect:
    form = await request.form()
    try:
        ids = [int(value) for value in form.getall("registration_ids")] if "registration_ids" in form else []
        status = RegistrationStatus(str(form.get("decision", "")))
    except ValueError:
        raise DomainError("invalid_decision", "choose registrations and a decision") from None
    changed = await registration.decide(
        event_id=event_id, registration_ids=ids, status=status, decided_by=principal_of(request).user_id
    )
    return Redirect(path=f"/console/fairs/{event_id}/registrations?changed={changed}", status_code=303)

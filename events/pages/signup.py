"""The public sign-up page of a fair, its confirmation page, and the organizer's registration settings."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.datastructures import Cookie, FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import fairs, signup
from events.api.security import PORTAL_COOKIE, principal_of
from events.errors import DomainError, ValidationError
from events.pages.console import fair_context
from events.pages.guards import page_organizer
from events.pages.portal import PORTAL_COOKIE_DAYS
from events.registration import registration_by_portal_token
from events.settings import Settings
from events.tables import Event
from events.vocabulary import RegistrationRole

ITEM_BLOCKS = 3  # demand or achievement blocks on the form (the first one open)


def _form_values(form: FormMultiDict) -> dict[str, Any]:
    values: dict[str, Any] = {key: str(value) for key, value in form.items()}
    for key in ("focus_fields", "available_slots"):
        values[key] = [str(v) for v in form.getall(key)] if key in form else []
    for index in range(ITEM_BLOCKS):
        for kind in ("demands", "achievements"):
            key = f"{kind}-{index}-transfer_modes"
            values[key] = [str(v) for v in form.getall(key)] if key in form else []
    return values


def sign_up_of(values: dict[str, Any]) -> signup.SignUp:
    """The form's values as the domain reads them."""

    def text(name: str) -> str:
        return str(values.get(name) or "")

    def items(name: str) -> tuple[str, ...]:
        return tuple(str(v) for v in values.get(name) or ())

    demands = tuple(
        signup.DemandDraft(
            title=text(f"demands-{i}-title"),
            field=text(f"demands-{i}-field"),
            summary=text(f"demands-{i}-summary"),
            budget_low=text(f"demands-{i}-budget_low"),
            budget_high=text(f"demands-{i}-budget_high"),
            transfer_modes=items(f"demands-{i}-transfer_modes"),
        )
        for i in range(ITEM_BLOCKS)
    )
    achievements = tuple(
        signup.AchievementDraft(
            title=text(f"achievements-{i}-title"),
            field=text(f"achievements-{i}-field"),
            maturity=text(f"achievements-{i}-maturity"),
            summary=text(f"achievements-{i}-summary"),
            ip_type=text(f"achievements-{i}-ip_type"),
            patent_numbers=text(f"achievements-{i}-patent_numbers"),
            price_low=text(f"achievements-{i}-price_low"),
            price_high=text(f"achievements-{i}-price_high"),
            transfer_modes=items(f"achievements-{i}-transfer_modes"),
        )
        for i in range(ITEM_BLOCKS)
    )
    return signup.SignUp(
        role=text("role"),
        organization=text("organization"),
        institution_kind=text("institution_kind"),
        credit_code=text("credit_code"),
        district=text("district"),
        team_name=text("team_name"),
        contact_name=text("contact_name"),
        contact_title=text("contact_title"),
        phone=text("phone"),
        email=text("email"),
        demands=demands,
        achievements=achievements,
        available_slots=items("available_slots") if values.get("availability_shown") else None,
        table_seats=text("table_seats"),
        table_power=bool(values.get("table_power")),
        table_display=bool(values.get("table_display")),
        focus_fields=items("focus_fields"),
        ticket_size=text("ticket_size"),
        purpose=text("purpose"),
        note=text("note"),
        language=text("language"),
    )


async def _form_context(event: Event, role: str, values: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    slots = await fairs.fair_slots(event_id=event.id)
    days: dict[str, list[Any]] = {}
    for slot in slots:
        days.setdefault(slot.code.split("-")[0], []).append(slot)
    capacities = signup.capacities_of(event)
    taken = await signup.places_taken(event_id=event.id)
    full = {r: taken.get(r, 0) >= c for r, c in capacities.items()}
    return {
        "event": event,
        "role": role,
        "roles": [r.value for r in RegistrationRole],
        "form": values,
        "errors": errors,
        "days": days,
        "window": signup.registration_window(event),
        "full": full,
        "blocks": range(ITEM_BLOCKS),
    }


def _role(value: str | None) -> str:
    return value if value is not None and value in RegistrationRole._value2member_map_ else "enterprise"


@get("/fairs/{slug:str}/register", include_in_schema=False, cache=False)
async def signup_form(
    slug: FromPath[str],
    request: Request[Any, Any, Any],
    role: Annotated[str | None, QueryParameter(max_length=20)] = None,
) -> Template:
    event = await fairs.get_fair_by_slug(slug=slug)
    chosen = _role(role)
    slots = await fairs.fair_slots(event_id=event.id)
    values: dict[str, Any] = {"role": chosen, "available_slots": [s.code for s in slots], "table_seats": "2"}
    context = await _form_context(event, chosen, values, {})
    return Template(template_name="signup/form.html", context={**context, "principal": principal_of(request)})


@post("/fairs/{slug:str}/register", include_in_schema=False, status_code=200)
async def signup_submit(slug: FromPath[str], request: Request[Any, Any, Any]) -> Template | Redirect:
    event = await fairs.get_fair_by_slug(slug=slug)
    values = _form_values(await request.form())
    values["language"] = request.scope.get("state", {}).get("locale", "")
    chosen = _role(values.get("role"))
    try:
        result = await signup.sign_up(event_id=event.id, data=sign_up_of(values))
    except ValidationError as exc:
        errors = {str(e["field"]): str(e["message"]) for e in exc.errors}
        context = await _form_context(event, chosen, values, errors)
        return Template(
            template_name="signup/form.html",
            context={**context, "principal": principal_of(request), "error_count": len(errors)},
            status_code=400,
        )
    except DomainError as exc:
        context = await _form_context(event, chosen, values, {})
        return Template(
            template_name="signup/form.html",
            context={**context, "principal": principal_of(request), "refusal": exc.message},
            status_code=409 if exc.code != "registration_closed" else 410,
        )
    return Redirect(path=f"/p/{result.registration.portal_token}/welcome", status_code=303)


@get("/p/{token:str}/welcome", include_in_schema=False, cache=False)
async def signup_done(
    token: FromPath[str], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
) -> Template:
    registration = await registration_by_portal_token(token=token)
    event = await fairs.get_fair(
        event_id=registration.event if isinstance(registration.event, int) else registration.event.id
    )
    return Template(
        template_name="signup/done.html",
        context={
            "registration": registration,
            "event": event,
            "link": f"{settings.base_url}/p/{token}",
            "token": token,
            "principal": principal_of(request),
        },
        cookies=[
            Cookie(
                key=PORTAL_COOKIE,
                value=token,
                max_age=PORTAL_COOKIE_DAYS * 86400,
                httponly=True,
                secure=settings.secure_cookies,
                samesite="lax",
                path="/",
            )
        ],
        headers={"Referrer-Policy": "no-referrer"},
    )


# -- the organizer's settings --------------------------------------------------------------------------------------


def _local_input(value: datetime | None, time_zone: str) -> str:
    """A datetime as a ``datetime-local`` input value in the fair's time zone."""
    return value.astimezone(ZoneInfo(time_zone)).strftime("%Y-%m-%dT%H:%M") if value else ""


def _parse_local(text: str, time_zone: str, field_name: str) -> datetime | None:
    if not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=ZoneInfo(time_zone))
    except ValueError:
        raise ValidationError(
            "invalid date", [{"field": field_name, "code": "invalid_datetime", "message": "YYYY-MM-DDTHH:MM"}]
        ) from None


def _settings_values(event: Event) -> dict[str, str]:
    capacities = signup.capacities_of(event)
    values = {
        "registration_opens_at": _local_input(event.registration_opens_at, event.time_zone),
        "registration_closes_at": _local_input(event.registration_closes_at, event.time_zone),
    }
    for role in RegistrationRole:
        values[f"capacity-{role.value}"] = str(capacities[role.value]) if role.value in capacities else ""
    return values


async def _settings_context(event_id: int, request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="registration-settings")
    event = context["event"]
    return {
        **context,
        "taken": await signup.places_taken(event_id=event_id),
        "window": signup.registration_window(event),
        "roles": [r.value for r in RegistrationRole],
    }


@get(
    "/console/fairs/{event_id:int}/registration-settings", guards=[page_organizer], include_in_schema=False, cache=False
)
async def settings_page(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    saved: Annotated[int | None, QueryParameter(ge=0, le=1)] = None,
) -> Template:
    context = await _settings_context(event_id, request)
    return Template(
        template_name="console/registration_settings.html",
        context={**context, "form": _settings_values(context["event"]), "errors": {}, "saved": bool(saved)},
    )


@post(
    "/console/fairs/{event_id:int}/registration-settings",
    guards=[page_organizer],
    include_in_schema=False,
    status_code=200,
)
async def settings_submit(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template | Redirect:
    form = {k: str(v) for k, v in (await request.form()).items()}
    event = await fairs.get_fair(event_id=event_id)
    errors: dict[str, str] = {}
    capacities: dict[str, int | None] = {}
    for role in RegistrationRole:
        text = form.get(f"capacity-{role.value}", "").strip()
        if not text:
            capacities[role.value] = None
        elif text.isdigit():
            capacities[role.value] = int(text)
        else:
            errors[f"capacity-{role.value}"] = "0-100000"
    try:
        opens = _parse_local(form.get("registration_opens_at", ""), event.time_zone, "registration_opens_at")
        closes = _parse_local(form.get("registration_closes_at", ""), event.time_zone, "registration_closes_at")
        if errors:
            raise ValidationError("invalid", [{"field": k, "code": "invalid", "message": v} for k, v in errors.items()])
        await signup.update_registration_settings(
            event_id=event_id, opens_at=opens, closes_at=closes, capacities=capacities
        )
    except ValidationError as exc:
        context = await _settings_context(event_id, request)
        return Template(
            template_name="console/registration_settings.html",
            context={
                **context,
                "form": form,
                "errors": {str(e["field"]): str(e["message"]) for e in exc.errors},
                "saved": False,
            },
            status_code=400,
        )
    return Redirect(path=f"/console/fairs/{event_id}/registration-settings?saved=1", status_code=303)

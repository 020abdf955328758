"""Pages for deals: the console's deal tab (meetings to log deals from, the fair's deals), the phone-sized
'log a deal' form, a deal with its history and stage changes, and the participant's own deals in the portal.

Handlers translate forms into the same domain calls the API makes (``events.deals``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import deals
from events.accounts import Principal
from events.api.security import principal_of
from events.errors import DomainError, ErrorKind
from events.i18n import N_
from events.pages.console import fair_context
from events.pages.context import label, money_fen, when
from events.pages.guards import page_signed_in, page_staff_of_event
from events.pages.registry import ConsoleTab, PortalSection, register
from events.pagination import PageRequest
from events.tables import Achievement, Event, Organization, Registration
from events.vocabulary import DealStage, LicenceTerms, TransferMode

TABS = [ConsoleTab(slug="deals", label=N_("Deals"), order=40)]
UNITS = {"yuan": Decimal(1), "wan": Decimal(10_000)}  # 元, 万元
FIELD_LABELS: dict[str, str] = {
    "event": N_("Fair"),
    "meeting": N_("Meeting"),
    "achievement": N_("Achievement"),
    "team_organization": N_("University or institute"),
    "enterprise": N_("Enterprise"),
    "contract_type": N_("Contract type"),
    "licence_terms": N_("Licence terms"),
    "amount_fen": N_("Amount"),
    "stage": N_("Stage"),
    "intent_on": N_("Intent on"),
    "negotiating_on": N_("Negotiating since"),
    "signed_on": N_("Signed on"),
    "landed_on": N_("Landed on"),
    "dropped_on": N_("Dropped on"),
    "registration_number": N_("Technology contract registration number"),
    "note": N_("Note"),
}
ENUM_FIELDS = {"stage": "DealStage", "contract_type": "TransferMode", "licence_terms": "LicenceTerms"}
# What staff read when a form is refused (by machine code); any other refusal shows its own message.
ERRORS: dict[str, str] = {
    "missing_contract_type": N_("Choose the contract type."),
    "licence_terms_need_licence": N_("Licence terms apply to a licence (技术许可) only."),
    "invalid_amount": N_("The amount is not a number."),
    "too_many_decimals": N_("The amount has more than two decimal places (fen)."),
    "negative_amount": N_("The amount cannot be negative."),
    "amount_too_large": N_("The amount is too large."),
    "dates_out_of_order": N_("That date is before the date of an earlier stage."),
    "stage_backwards": N_("A deal cannot go back to an earlier stage; an organizer can correct it."),
    "landed_is_final": N_("A landed deal cannot be dropped."),
    "registration_before_signing": N_("A contract is registered only once it is signed."),
    "invalid_registration_number": N_("That is not a technology-contract registration number."),
    "registration_number_taken": N_("That registration number belongs to another deal."),
    "missing_team_organization": N_("Choose the university or institute."),
    "missing_enterprise": N_("Choose the enterprise."),
    "same_party": N_("The university and the enterprise must be different organizations."),
    "meeting_not_held": N_("No deal can come out of a cancelled or missed meeting."),
    "dropped_on_creation": N_("A new deal cannot start as dropped."),
    "note_too_long": N_("The note is too long."),
    "organizer_only": N_("Only organizers may correct a deal backwards."),
}
DONE = {
    "logged": N_("The deal is logged."),
    "changed": N_("The deal was updated."),
    "unchanged": N_("Nothing changed."),
}


# --- forms ----------------------------------------------------------------------------------------------


def _text(form: Any, name: str) -> str:
    return str(form.get(name, "") or "").strip()


def _optional_int(form: Any, name: str) -> int | None:
    value = _text(form, name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise DomainError("invalid_number", f"{name} must be a whole number", field=name) from None


def _optional_date(form: Any, name: str) -> date | None:
    value = _text(form, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError("invalid_date", f"{name} must be a date (YYYY-MM-DD)", field=name) from None


def _enum(enum: type[Any], form: Any, name: str) -> Any:
    value = _text(form, name)
    if not value:
        return None
    try:
        return enum(value)
    except ValueError:
        raise DomainError(f"invalid_{name}", f"{value!r} is not a valid {name}", field=name) from None


def parse_amount(text: str, unit: str) -> Decimal:
    """'1,250,000' 元 or '125' 万元 → an exact amount in yuan (full-width digits and separators accepted)."""
    cleaned = text.strip().translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,")).replace(",", "")
    if not cleaned:
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise DomainError("invalid_amount", f"amount: {text!r} is not a number", field="amount") from None
    return value * UNITS.get(unit, Decimal(1))


def deal_input(form: Any) -> deals.DealInput:
    return deals.DealInput(
        meeting_id=_optional_int(form, "meeting_id"),
        achievement_id=_optional_int(form, "achievement_id"),
        team_organization_id=_optional_int(form, "team_organization_id"),
        enterprise_id=_optional_int(form, "enterprise_id"),
        contract_type=_enum(TransferMode, form, "contract_type"),
        licence_terms=_enum(LicenceTerms, form, "licence_terms"),
        amount=parse_amount(_text(form, "amount"), _text(form, "unit")),
        stage=_enum(DealStage, form, "stage") or DealStage.INTENT,
        stage_on=_optional_date(form, "stage_on"),
        registration_number=_text(form, "registration_number"),
        note=_text(form, "note"),
    )


def deal_changes(form: Any, current: deals.DealView) -> deals.DealChanges:
    """Only what the form changes: fields equal to the deal's current values are kept as they are."""
    stage = _enum(DealStage, form, "stage") or current.stage
    stage_on = _optional_date(form, "stage_on")
    amount = parse_amount(_text(form, "amount"), _text(form, "unit")) if _text(form, "amount") else current.amount
    licence_terms = _enum(LicenceTerms, form, "licence_terms")
    contract_type = _enum(TransferMode, form, "contract_type") or current.contract_type
    if contract_type is not TransferMode.LICENCE:
        licence_terms = None
    return deals.DealChanges(
        stage=stage if stage is not current.stage else deals.KEEP,
        stage_on=stage_on if stage is not current.stage or stage_on != current.stage_on(stage) else None,
        contract_type=contract_type,
        licence_terms=licence_terms,
        amount=amount,
        registration_number=_text(form, "registration_number") if "registration_number" in form else deals.KEEP,
        note=_text(form, "note") if "note" in form else deals.KEEP,
    )


# --- the console tab: meetings to log deals from, and the fair's deals ---------------------------------------


@get("/console/fairs/{event_id:int}/deals", guards=[page_staff_of_event], include_in_schema=False, cache=False)
async def deals_tab(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    q: Annotated[str | None, QueryParameter(max_length=100)] = None,
    offset: Annotated[int, QueryParameter(ge=0)] = 0,
) -> Template:
    principal = principal_of(request)
    context = await fair_context(event_id=event_id, principal=principal, active="deals")
    page = await deals.list_deals(
        principal=principal, filters=deals.DealFilter(event_id=event_id), page=PageRequest(limit=100, offset=offset)
    )
    meetings = await deals.meetings_for_deals(event_id=event_id, q=q)
    return Template(
        template_name="deals/console_deals.html",
        context={**context, "page": page, "meetings": meetings, "q": q or ""},
    )


async def _form_context(event_id: int, principal: Principal, meeting_id: int | None) -> dict[str, Any]:
    context = await fair_context(event_id=event_id, principal=principal, active="deals")
    event = context["event"]
    defaults = None
    if meeting_id is not None:
        defaults = await deals.meeting_defaults(meeting_id=meeting_id, event_id=event_id)
    teams, enterprises = ([], []) if defaults else await deals.fair_parties(event_id=event_id)
    return {
        **context,
        "defaults": defaults,
        "teams": teams,
        "enterprises": enterprises,
        "today": deals.today_in(event.time_zone),
        "stages": [DealStage.INTENT, DealStage.NEGOTIATING, DealStage.SIGNED, DealStage.LANDED],
    }


@get("/console/fairs/{event_id:int}/deals/new", guards=[page_staff_of_event], include_in_schema=False, cache=False)
async def new_deal_form(
    event_id: FromPath[int],
    request: Request[Any, Any, Any],
    meeting: Annotated[int | None, QueryParameter(ge=1)] = None,
) -> Template:
    context = await _form_context(event_id, principal_of(request), meeting)
    defaults = context["defaults"]
    form = {
        "meeting_id": str(meeting or ""),
        "achievement_id": str(defaults.achievement_id or "") if defaults else "",
        "contract_type": defaults.contract_type.value if defaults and defaults.contract_type else "",
        "stage": DealStage.INTENT.value,
        "stage_on": context["today"].isoformat(),
        "unit": "wan",
    }
    return Template(template_name="deals/new.html", context={**context, "form": form, "error": None, "errors": ERRORS})


@post("/console/fairs/{event_id:int}/deals/new", guards=[page_staff_of_event], include_in_schema=False, status_code=200)
async def new_deal_submit(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template | Redirect:
    form = await request.form()
    principal = principal_of(request)
    try:
        deal = await deals.log_deal(event_id=event_id, data=deal_input(form), by=principal.user_id)
    except DomainError as error:
        context = await _form_context(event_id, principal, _optional_meeting(form))
        values = {key: str(value) for key, value in form.items()}
        return Template(
            template_name="deals/new.html",
            context={**context, "form": values, "error": error, "errors": ERRORS},
            status_code=400,
        )
    return Redirect(path=f"/console/fairs/{event_id}/deals/{deal.id}?done=logged", status_code=303)


def _optional_meeting(form: Any) -> int | None:
    try:
        return _optional_int(form, "meeting_id")
    except DomainError:
        return None


# --- one deal: details, history, changes ---------------------------------------------------------------------


async def _deal_of_fair(event_id: int, deal_id: int, principal: Principal) -> deals.DealView:
    deal = await deals.require_manageable(principal, deal_id=deal_id)
    if deal.event_id != event_id:
        raise DomainError("unknown_deal", f"fair {event_id} has no deal {deal_id}", kind=ErrorKind.NOT_FOUND)
    return deal


async def _history_context(deal: deals.DealView) -> dict[str, Any]:
    """The deal's history, newest first, with a ``show(field, value)`` that names ids and formats values."""
    history = await deals.deal_history(deal_id=deal.id)
    wanted: dict[str, set[int]] = {"event": set(), "achievement": set(), "organization": set()}
    for entry in history:
        for name, values in entry.changes.items():
            group = "organization" if name in ("team_organization", "enterprise") else name
            if group in wanted:
                wanted[group].update(v for v in values if isinstance(v, int))
    names: dict[str, dict[int, str]] = {
        "event": await _names(Event, Event.title, wanted["event"]),
        "achievement": await _names(Achievement, Achievement.title, wanted["achievement"]),
        "organization": await _names(Organization, Organization.name, wanted["organization"]),
    }

    def show(name: str, value: Any) -> str:
        group = "organization" if name in ("team_organization", "enterprise") else name
        if value is None or value == "":
            text = "—"
        elif group in names and isinstance(value, int):
            text = names[group].get(value) or f"#{value}"
        elif name == "meeting":
            text = f"#{value}"
        elif name == "amount_fen":
            text = money_fen(int(value))
        elif name in ENUM_FIELDS:
            text = label(ENUM_FIELDS[name], str(value))
        elif name.endswith("_on"):
            text = when(date.fromisoformat(str(value)))
        else:
            text = str(value)
        return text

    return {"history": list(reversed(history)), "show": show, "field_labels": FIELD_LABELS}


async def _names(table: Any, column: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = await table.select(table.id, column.as_alias("name")).where(table.id.is_in(sorted(ids)))
    return {row["id"]: row["name"] for row in rows}


async def _deal_context(event_id: int, deal: deals.DealView, principal: Principal) -> dict[str, Any]:
    context = await fair_context(event_id=event_id, principal=principal, active="deals")
    return {**context, **await _deal_extras(deal)}


async def _deal_extras(deal: deals.DealView) -> dict[str, Any]:
    return {
        "deal": deal,
        **await _history_context(deal),
        "stages": list(DealStage),
        "main_line": list(deals.MAIN_LINE),
        "today": deals.today_in(deal.time_zone),
        "done": DONE,
        "errors": ERRORS,
    }


@get(
    "/console/fairs/{event_id:int}/deals/{deal_id:int}",
    guards=[page_staff_of_event],
    include_in_schema=False,
    cache=False,
)
async def deal_page(
    event_id: FromPath[int],
    deal_id: FromPath[int],
    request: Request[Any, Any, Any],
    done: Annotated[str | None, QueryParameter(max_length=20)] = None,
) -> Template:
    principal = principal_of(request)
    deal = await _deal_of_fair(event_id, deal_id, principal)
    context = await _deal_context(event_id, deal, principal)
    return Template(
        template_name="deals/deal.html", context={**context, "flash": done if done in DONE else None, "error": None}
    )


@post(
    "/console/fairs/{event_id:int}/deals/{deal_id:int}",
    guards=[page_staff_of_event],
    include_in_schema=False,
    status_code=200,
)
async def deal_change_submit(
    event_id: FromPath[int], deal_id: FromPath[int], request: Request[Any, Any, Any]
) -> Template | Redirect:
    principal = principal_of(request)
    deal = await _deal_of_fair(event_id, deal_id, principal)
    form = await request.form()
    correction = _text(form, "correction") == "1"
    try:
        if correction and not principal.is_organizer:
            raise DomainError(
                "organizer_only", "only organizers may correct a deal backwards", kind=ErrorKind.FORBIDDEN
            )
        _, diff = await deals.change_deal(
            deal_id=deal_id, changes=deal_changes(form, deal), by=principal.user_id, allow_backwards=correction
        )
    except DomainError as error:
        context = await _deal_context(event_id, deal, principal)
        return Template(
            template_name="deals/deal.html", context={**context, "flash": None, "error": error}, status_code=400
        )
    return Redirect(
        path=f"/console/fairs/{event_id}/deals/{deal_id}?done={'changed' if diff else 'unchanged'}", status_code=303
    )


@get("/console/deals/{deal_id:int}", guards=[page_signed_in], include_in_schema=False, cache=False)
async def deal_shortcut(deal_id: FromPath[int], request: Request[Any, Any, Any]) -> Redirect | Template:
    """A deal by its number alone: its fair's page, or (deals logged without a fair) a page of its own."""
    principal = principal_of(request)
    deal = await deals.require_readable(principal, deal_id=deal_id)
    if deal.event_id is not None:
        return Redirect(path=f"/console/fairs/{deal.event_id}/deals/{deal_id}", status_code=303)
    return Template(
        template_name="deals/deal_standalone.html",
        context={
            "principal": principal,
            **await _deal_extras(deal),
            "flash": None,
            "error": None,
            "read_only": True,
        },
    )


# --- the participant's own deals (portal section) ------------------------------------------------------------


async def load_my_deals(registration: Registration, event: Event) -> dict[str, Any] | None:
    principal = Principal(via="personal_link", registration_id=registration.id, registration_event_id=event.id)
    page = await deals.list_deals(
        principal=principal, filters=deals.DealFilter(event_id=event.id), page=PageRequest(limit=50, offset=0)
    )
    if not page.items:
        return None
    return {"deals": page.items, "main_line": list(deals.MAIN_LINE)}


PORTAL_SECTION = PortalSection(
    key="deals", title=N_("My deals"), template="deals/portal_deals.html", load=load_my_deals, order=50
)


def route_handlers() -> list[Any]:
    return [deals_tab, new_deal_form, new_deal_submit, deal_page, deal_change_submit, deal_shortcut]


register(tabs=TABS, sections=(PORTAL_SECTION,))

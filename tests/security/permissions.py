"""The permission matrix's machinery: who the roles are, a small world of two fairs, one request per route and role,
and how an answer is read (allowed, denied, not found).

Roles (columns of ``docs/permissions.md``):

- ``anonymous``: nobody signed in, no personal link;
- ``participant``: an enterprise of this fair through its personal link (it owns meeting M1 with the team, a
  ticket, an enquiry, a deal);
- ``team``: the research team of this fair through its personal link (the other side of M1, hosting table 01);
- ``stranger``: an enterprise of the other fair through its own personal link (it owns nothing of this fair);
- ``staff``: a staff user assigned to this fair;
- ``other_staff``: a staff user assigned to the other fair only;
- ``organizer`` and ``admin``.

Signed-in users authenticate with bearer tokens, participants with ``X-Participant-Token`` (or the token in the
path of ``/p/{token}`` pages and ``/calendar/{feed}``); every request also carries a valid CSRF pair, so that
what is measured is the permission, not the form's freshness.
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from events import enquiries, requests
from events.accounts import assign_staff, create_api_token, hash_password
from events.checkin import tickets
from events.imports import uploads
from events.registration import new_secret
from events.scheduling import runs
from events.tables import Registration, User
from events.vocabulary import ImportKind
from tests.deals_support import make_deal
from tests.factories import PASSWORD, make_achievement, make_demand
from tests.meeting_helpers import meeting_fair, scheduled_meeting, set_status

ROLES = ("anonymous", "participant", "team", "stranger", "staff", "other_staff", "organizer", "admin")
ALLOWED, DENIED, NOT_FOUND = "yes", "no", "404"
PARTICIPANT_ROLES = ("participant", "team", "stranger")
EMPTY_SCHEDULE = {
    "format": "transferfair.schedule/1",
    "status": "optimal",
    "meetings": [],
    "unscheduled": [],
    "stats": {"requested": 0, "scheduled": 0, "weight": 0, "upper_bound": 0, "solve_seconds": 0.0},
}
ORDER = ("anonymous", "stranger", "other_staff", "participant", "team", "staff", "organizer", "admin")
"""Denied roles first: what an allowed role changes cannot make a later denial pass."""


@dataclass
class World:
    event_id: int
    other_event_id: int
    slug: str
    ids: dict[str, Any]
    bearer: dict[str, str]
    link: dict[str, str]  # personal-link token of each participant role
    feed: dict[str, str]  # calendar token of each participant role
    ticket: str
    table_code: str
    slot_code: str
    extra: dict[str, Any] = field(default_factory=dict)


@functools.cache
def _password_hash() -> str:
    """One Argon2 hash for every user of every world (hashing costs a third of a second)."""
    return hash_password(PASSWORD)


async def build_world() -> World:
    fair = await meeting_fair(teams=1, enterprises=1, status="closed")
    other = await meeting_fair(teams=1, enterprises=1, status="scheduled")
    run_id, _ = await runs.import_schedule(event_id=fair.event.id, document=EMPTY_SCHEDULE)
    enterprise, team = fair.enterprises[0], fair.teams[0]
    stranger = other.enterprises[0]
    meeting = await scheduled_meeting(
        fair=fair, requester=enterprise, recipient=team, slot=fair.slots[0], table=fair.tables[0]
    )
    await scheduled_meeting(
        fair=other, requester=stranger, recipient=other.teams[0], slot=other.slots[0], table=other.tables[0]
    )
    request = await requests.organizer_add(
        event_id=fair.event.id,
        requester_id=enterprise.id,
        recipient_id=team.id,
        created_by=None,
        priority=3,
        required=False,
        allowed_slot_ids=[],
    )
    achievement = await make_achievement(organization_id=team.organization)
    demand = await make_demand(organization_id=enterprise.organization)
    from events import catalogue

    await catalogue.present_achievement(event_id=fair.event.id, achievement_id=achievement.id, registration_id=team.id)
    enquiry = await enquiries.send_enquiry(
        registration_id=enterprise.id, message="请问可以试用吗？", achievement_id=achievement.id
    )
    deal = await make_deal(
        event_id=fair.event.id, team_organization_id=team.organization, enterprise_id=enterprise.organization
    )
    ticket = await tickets.issue_ticket(registration_id=enterprise.id)
    await set_status(fair.event.id, "scheduled")
    upload, _ = await uploads.store_upload(
        kind=ImportKind.ORGANIZATIONS,
        filename="orgs.csv",
        content="名称,类型\n新企业,enterprise\n".encode(),
        max_bytes=1_000_000,
        event_id=fair.event.id,
        created_by=None,
    )
    users = {}
    for role, username, user_role in (
        ("staff", "staff-here", "staff"),
        ("other_staff", "staff-there", "staff"),
        ("organizer", "organizer", "organizer"),
        ("admin", "admin", "admin"),
    ):
        await User(username=username, password_hash=_password_hash(), role=user_role).save()
        users[role] = await create_api_token(username=username, name="matrix")
    await assign_staff(event_id=fair.event.id, username="staff-here")
    await assign_staff(event_id=other.event.id, username="staff-there")
    regs: dict[str, Registration] = {"participant": enterprise, "team": team, "stranger": stranger}
    return World(
        event_id=fair.event.id,
        other_event_id=other.event.id,
        slug=str(fair.event.slug),
        ids={
            "event_id": fair.event.id,
            "registration_id": enterprise.id,
            "meeting_id": meeting.id,
            "request_id": request.id,
            "deal_id": deal.id,
            "run_id": run_id,
            "achievement_id": achievement.id,
            "demand_id": demand.id,
            "item_id": achievement.id,
            "organization_id": enterprise.organization,
            "enquiry_id": enquiry.id,
            "upload_id": upload.id,
            "team_id": team.id,
            "stranger_id": stranger.id,
        },
        bearer=users,
        link={role: str(reg.portal_token) for role, reg in regs.items()},
        feed={role: str(reg.calendar_token) for role, reg in regs.items()},
        ticket=ticket.token,
        table_code=str(fair.tables[0].code),
        slot_code=str(fair.slots[1].code),
    )


# --- one request per route and role ----------------------------------------------------------------------------

_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")


def is_page(path: str) -> bool:
    return not path.startswith(("/api/", "/health", "/schema", "/static", "/calendar/"))


def concrete_path(template: str, role: str, world: World) -> str:
    """The route's path with this role's values: its own secrets, the world's objects."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "token":
            if template.startswith("/t/"):
                return world.ticket
            return world.link.get(role, new_secret())
        if name == "feed":
            return world.feed.get(role, new_secret()) + ".ics"
        if name == "slug":
            return world.slug
        if name == "kind":
            return "organizations"
        if name in ("table", "code"):
            return "en" if template.startswith("/lang/") else world.table_code
        if name == "action":
            return "accept"
        if name == "file_path":
            return "css/app.css"
        if name == "path":
            return "nothing-here"
        known = world.ids.get(name)
        assert known is not None, f"no value for path parameter {name!r} of {template}: add one to build_world"
        return str(known)

    return _PARAM.sub(value, template)


def role_headers(role: str, world: World, path: str) -> dict[str, str]:
    headers: dict[str, str] = {}
    if role in world.bearer:
        headers["Authorization"] = f"Bearer {world.bearer[role]}"
    elif role in world.link and not path.startswith(("/p/", "/calendar/")):
        headers["X-Participant-Token"] = world.link[role]
    if is_page(path):
        headers["Accept"] = "text/html"
    return headers


def verdict(response: httpx.Response) -> str:
    """What the answer means: allowed, denied (401/403 or the sign-in redirect) or not found.

    A personal-link form answers with a redirect to the portal; a refusal there carries its machine code
    (``?error=unknown_meeting``): codes that say the object is not the participant's count as not found.
    """
    status = response.status_code
    location = response.headers.get("location", "")
    if status in (401, 403):
        return DENIED
    if status in (302, 303) and location.startswith("/login"):
        return DENIED
    if status == 404:
        return NOT_FOUND
    if status in (302, 303):
        code = parse_qs(urlsplit(location).query).get("error", [""])[0]
        if code.startswith(("unknown_", "not_")) or code.endswith("_not_found"):
            return NOT_FOUND
    return ALLOWED


def body_of(method: str, template: str, world: World) -> dict[str, Any]:
    """A body that passes validation where the handler decides who may act only after reading it (a denial must
    not hide behind a 400 for a missing field)."""
    ids = world.ids
    login = {"username": "organizer", "password": PASSWORD}
    scan = {"token": world.ticket, "gate": "东门", "nonce": f"matrix-{uuid.uuid4().hex}"}
    book = {"counterpart_id": ids["team_id"], "slot": world.slot_code, "request_id": ids["request_id"]}
    bodies: dict[str, dict[str, Any]] = {
        "POST /login": login,
        "POST /api/auth/login": login,
        "POST /api/events/{event_id:int}/checkins": scan,
        "POST /api/events/{event_id:int}/table-checkins": {**scan, "table": world.table_code},
        "POST /api/me/meetings": book,
        "POST /p/{token:str}/meetings": book,
        "POST /api/me/meetings/{meeting_id:int}/move": {"slot": world.slot_code},
        "POST /api/events/{event_id:int}/meetings/{meeting_id:int}/move": {"slot": world.slot_code},
        "POST /p/{token:str}/meetings/{meeting_id:int}/move": {"slot": world.slot_code},
        "POST /api/me/enquiries/{enquiry_id:int}/messages": {"message": "还在吗？"},
        "POST /p/{token:str}/enquiries/{enquiry_id:int}/reply": {"message": "还在吗？"},
        "POST /api/me/enquiries": {"achievement_id": ids["achievement_id"], "message": "请介绍一下"},
    }
    return bodies.get(f"{method} {template}", {})


def query_of(template: str, world: World) -> dict[str, Any]:
    if template in ("/p/{token:str}/book", "/api/me/free-slots"):
        return {"with": world.ids["team_id"]}
    return {}


async def ask(client: httpx.AsyncClient, method: str, template: str, role: str, world: World) -> httpx.Response:
    path = concrete_path(template, role, world)
    headers = role_headers(role, world, template)
    headers["x-csrftoken"] = world.extra["csrf"]
    body = body_of(method, template, world)
    if method in ("GET", "HEAD", "DELETE"):
        return await client.request(method, path, headers=headers, params=query_of(template, world))
    if is_page(template):
        return await client.request(method, path, headers=headers, data={"_csrf_token": world.extra["csrf"], **body})
    return await client.request(method, path, headers=headers, json=body)

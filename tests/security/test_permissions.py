"""The permission matrix of ``docs/permissions.md``, checked route by route and role by role.

The routes come from the Litestar router itself: a route missing from the matrix fails
``test_every_route_of_the_app_is_in_the_matrix`` with a message telling its author to add a row. Each row is then
asked by every role on a fresh world (``tests/security/permissions.py``): "yes" means the answer is neither 401 nor
403 nor the sign-in redirect nor a 404, "no" means one of those denials, "404" means not found (by design: a
personal link or an object that is not the asker's). Then what the allowed answers contain is checked where a
status alone cannot tell: lists and pages show only the asker's data, and a fair's paths find nothing of another
fair.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.routes import HTTPRoute

from events.tables import Deal, Meeting, MeetingAttendee, MeetingRequest, Registration, ScheduleRun
from tests.security.permissions import ORDER, ROLES, World, ask, build_world, verdict

MATRIX = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
_ROW = re.compile(r"^\|\s*`(?P<route>[A-Z]+ [^`]+)`\s*\|(?P<cells>.+)\|\s*$")
_CONVERTER = re.compile(r":\w+\}")
CELLS = {"yes", "no", "404"}


def normalise(method: str, path: str) -> str:
    return f"{method} {_CONVERTER.sub('}', path)}"


def matrix() -> dict[str, dict[str, str]]:
    """``docs/permissions.md``'s rows: route → role → yes / no / 404."""
    rows: dict[str, dict[str, str]] = {}
    for line in MATRIX.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        cells = [cell.strip() for cell in match["cells"].split("|")]
        route = match["route"]
        assert len(cells) == len(ROLES), f"{route}: {len(cells)} cells, expected one per role {ROLES}"
        assert set(cells) <= CELLS, f"{route}: cells must be one of {sorted(CELLS)}, got {cells}"
        assert route not in rows, f"{route} appears twice in {MATRIX.name}"
        rows[route] = dict(zip(ROLES, cells, strict=True))
    return rows


def app_routes(app: Any) -> dict[str, tuple[str, str]]:
    """Every (method, path) the router serves, keyed like the matrix (OPTIONS and HEAD are Litestar's own)."""
    routes = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods):
                if method not in ("OPTIONS", "HEAD"):
                    routes[normalise(method, route.path)] = (method, route.path)
    return routes


def _router_app() -> Any:
    from events.app import create_app
    from events.settings import Settings

    return create_app(Settings(database_url="sqlite:///permissions-matrix-unused.db", secret_key="unused"))


def test_every_route_of_the_app_is_in_the_matrix(app: Any) -> None:
    written = matrix()
    served = app_routes(app)
    missing = sorted(set(served) - set(written))
    assert not missing, (
        "these routes are not in docs/permissions.md; add a row for each (who may call it: yes, no or 404 per "
        "role) in the right section:\n" + "\n".join(f"| `{route}` | ... |" for route in missing)
    )
    stale = sorted(set(written) - set(served))
    assert not stale, "docs/permissions.md lists routes the app no longer has; remove them:\n" + "\n".join(stale)


async def _world(app: Any, client: httpx.AsyncClient) -> World:
    world = await build_world()
    app.state.pop("throttle", None)
    client.cookies.clear()
    await client.get("/login")
    world.extra["csrf"] = client.cookies["csrftoken"]
    return world


@pytest.fixture
async def browser(app: Any) -> Any:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("route", sorted(matrix()))
async def test_each_role_gets_the_answer_the_matrix_says(app: Any, browser: httpx.AsyncClient, route: str) -> None:
    served = app_routes(app)
    if route not in served:
        pytest.fail(f"{route} is in docs/permissions.md but the app does not serve it")
    method, path = served[route]
    expected = matrix()[route]
    world = await _world(app, browser)
    wrong = []
    for role in ORDER:
        answer = await ask(browser, method, path, role, world)
        got = verdict(answer)
        if got != expected[role]:
            wrong.append(f"{role}: expected {expected[role]}, got {got} ({answer.status_code} {answer.text[:200]})")
    assert not wrong, f"{route}\n" + "\n".join(wrong)


# --- what allowed answers contain -----------------------------------------------------------------------------


async def test_lists_and_pages_show_only_the_askers_data(app: Any, browser: httpx.AsyncClient) -> None:
    world = await _world(app, browser)
    deal_id, meeting_id, enquiry_id = world.ids["deal_id"], world.ids["meeting_id"], world.ids["enquiry_id"]

    async def get(role: str, path: str) -> Any:
        headers = {"Authorization": f"Bearer {world.bearer[role]}"} if role in world.bearer else {}
        if role in world.link:
            headers["X-Participant-Token"] = world.link[role]
        answer = await browser.get(path, headers=headers)
        assert answer.status_code == 200, (role, path, answer.text[:300])
        return answer

    for role, sees in (("participant", True), ("team", True), ("stranger", False), ("staff", True)):
        deals = (await get(role, "/api/deals")).json()["items"]
        assert (deal_id in {d["id"] for d in deals}) is sees, role
    assert (await get("other_staff", "/api/deals")).json()["items"] == []

    for role, sees in (("participant", True), ("team", True), ("stranger", False)):
        agenda = (await get(role, "/api/me/agenda")).text
        assert (f'"meeting_id":{meeting_id}' in agenda.replace(" ", "") or f'"id":{meeting_id}' in agenda) is sees
        enquiries = (await get(role, "/api/me/enquiries")).text
        assert (f'"id":{enquiry_id}' in enquiries.replace(" ", "")) is sees, role

    # The ticket page is public (it is what the QR code opens), but only staff of its fair see who holds it.
    phone = "13800138000"
    for role, sees in (("anonymous", False), ("stranger", False), ("other_staff", False), ("staff", True)):
        page = await get(role, f"/t/{world.ticket}")
        assert (phone in page.text) is sees, role

    # The console lists only the fairs a staff member works at.
    mine = (await get("staff", "/console")).text
    theirs = (await get("other_staff", "/console")).text
    assert f"/console/fairs/{world.event_id}" in mine
    assert f"/console/fairs/{world.event_id}" not in theirs
    assert f"/console/fairs/{world.other_event_id}" in theirs


async def _objects_of_other_fair(world: World) -> dict[str, int]:
    """The other fair's own registration, meeting, request, deal and run."""
    other = world.other_event_id
    meeting = await Meeting.select(Meeting.id).where(Meeting.event == other).first()
    request = await MeetingRequest.select(MeetingRequest.id).where(MeetingRequest.event == other).first()
    run = await ScheduleRun.select(ScheduleRun.id).where(ScheduleRun.event == other).first()
    from tests.deals_support import make_deal

    deal = await make_deal(event_id=other)
    seat = await MeetingAttendee.select(MeetingAttendee.id).where(MeetingAttendee.meeting == meeting["id"]).first()
    for found in (meeting, request, run, seat):
        assert found is not None
    assert await Deal.exists().where(Deal.id == deal.id)
    return {
        "registration_id": world.ids["stranger_id"],
        "meeting_id": meeting["id"],
        "request_id": request["id"],
        "deal_id": deal.id,
        "run_id": run["id"],
    }


async def test_a_fairs_paths_find_nothing_of_another_fair(app: Any, browser: httpx.AsyncClient) -> None:
    """Through this fair's paths, the other fair's objects are not found, for its staff and for organizers."""
    world = await _world(app, browser)
    world.ids.update(await _objects_of_other_fair(world))
    holes = []
    for route, (method, path) in sorted(app_routes(app).items()):
        names = set(re.findall(r"\{(\w+)", path))
        if "event_id" not in names or not names & {"registration_id", "meeting_id", "request_id", "deal_id", "run_id"}:
            continue
        for role in ("staff", "organizer"):
            answer = await ask(browser, method, path, role, world)
            got = verdict(answer)
            if got == "no" and role == "staff":
                continue  # organizer-only routes: staff are refused before anything is looked up
            refused_page = answer.status_code == 303 and "error=" in answer.headers.get("location", "")
            if got != "404" and not refused_page:
                holes.append(f"{route} as {role}: {answer.status_code} {answer.text[:200]}")
    assert not holes, "objects of another fair reached through this fair's paths:\n" + "\n".join(holes)
    # Nothing of the other fair changed.
    theirs = world.ids
    meeting = await Meeting.select(Meeting.status, Meeting.slot).where(Meeting.id == theirs["meeting_id"]).first()
    assert meeting is not None
    assert meeting["status"] == "scheduled"
    request = (
        await MeetingRequest.select(MeetingRequest.status).where(MeetingRequest.id == theirs["request_id"]).first()
    )
    assert request == {"status": "accepted"}
    deal = await Deal.select(Deal.stage).where(Deal.id == theirs["deal_id"]).first()
    assert deal == {"stage": "intent"}
    stranger = await Registration.select(Registration.portal_token).where(Registration.id == theirs["registration_id"])
    assert stranger == [{"portal_token": world.link["stranger"]}]

"""The console's Schedule tab: accepted requests, Schedule all, the run page with its progress, result and reasons,
publication, refusals shown in words, and organizers only."""

from __future__ import annotations

import asyncio
import html
import re
from typing import Any

import httpx

from events import booking
from events.scheduling import runs
from events.tables import Meeting
from tests.factories import make_user
from tests.pages.helpers import HTML, sign_in
from tests.schedule_helpers import TINY, accept, busy_fair, run_to_end, slot_id

REASONS_ZH = {
    "participant_booked": "另一方空闲的时段，这一方都已排满。",
    "participants_booked": "在双方都可参加的时段，总有一方已有洽谈。",
    "table_full": "双方都空闲的时段没有空余洽谈桌。",
}


async def organizer_session(client: httpx.AsyncClient) -> str:
    return await sign_in(client, "planner", role="organizer")


async def finished(event_id: int) -> runs.RunView:
    """Wait for the run the page launched in the background (on this test's event loop) to finish."""
    for _ in range(2000):
        latest = (await runs.list_runs(event_id=event_id, page=runs.PageRequest(limit=1))).items[0]
        if latest.status not in ("queued", "running"):
            return latest
        await asyncio.sleep(0.02)
    raise AssertionError("the run did not finish")


async def test_schedule_all_then_publish_from_the_console(client: httpx.AsyncClient) -> None:
    fair = await busy_fair(teams=2, enterprises=4)
    csrf = await organizer_session(client)
    base = f"/console/fairs/{fair.event.id}/schedule"

    tab = await client.get(base, headers=HTML)

    assert tab.status_code == 200
    assert f'<a href="{base}" aria-current="page">排期</a>' in tab.text
    assert re.search(r'id="accepted-requests">8<', tab.text)
    assert 'id="schedule-all"' in tab.text
    assert "尚无排期记录" in tab.text

    started = await client.post(f"{base}/runs", data={"_csrf_token": csrf, "time_limit": str(TINY)})

    assert started.status_code == 303
    run_path = started.headers["location"]
    assert re.fullmatch(rf"{base}/runs/\d+", run_path)
    run = await finished(fair.event.id)
    assert run.status == "done"
    page = await client.get(run_path, headers=HTML)
    assert page.status_code == 200
    assert 'id="run-result"' in page.text
    assert "data-run-progress" not in page.text
    assert "最优：已证明达到最高可能的总权重" in page.text
    assert f"{run.best_weight} / {run.upper_bound} 上界" in page.text
    assert "8 项邀请中已安排 6 项" in page.text  # 2 teams x 3 slots
    report = await runs.run_report(event_id=fair.event.id, run_id=run.id)
    assert len(report.unscheduled) == 2
    for line in report.unscheduled:
        assert REASONS_ZH[line.reason_code] in page.text  # the reason, translated from the solver's code
        assert html.escape(line.reason, quote=False) in page.text  # and the solver's words, with names
    assert not re.search(r"\b(ent|team)-\d+\b", page.text)  # names, never the format's ids
    assert "发布后将保留 0 场洽谈不变，调整 0 场，取消 0 场，新增 6 场。" in page.text
    assert '<script type="module" src="/static/js/schedule.js"></script>' in page.text

    published = await client.post(f"{run_path}/publish", data={"_csrf_token": csrf})

    assert published.status_code == 303
    assert published.headers["location"] == f"{run_path}?done=published"
    after = await client.get(published.headers["location"], headers=HTML)
    assert 'id="published-notice"' in after.text
    assert 'id="publish-run"' not in after.text
    assert await Meeting.count().where(Meeting.schedule_run == run.id) == 6


async def test_a_running_run_shows_a_progress_bar_driven_by_the_script(client: httpx.AsyncClient) -> None:
    fair = await busy_fair(teams=1, enterprises=2)
    await organizer_session(client)
    run_id = await runs.start_run(event_id=fair.event.id, time_limit=TINY)  # started, not executed

    page = await client.get(f"/console/fairs/{fair.event.id}/schedule/runs/{run_id}", headers=HTML)

    assert f'data-run-progress="/api/events/{fair.event.id}/schedule-runs/{run_id}"' in page.text
    assert '<progress id="run-progress-bar" max="1" value="0.0"' in page.text
    assert '<script type="application/json" id="schedule-texts">' in page.text
    assert '"compactness": "减少日程空档"' in page.text
    tab = await client.get(f"/console/fairs/{fair.event.id}/schedule", headers=HTML)
    assert "本场对接会已有排期正在运行。" in tab.text
    assert 'id="schedule-all" disabled' in tab.text


async def test_refusals_are_shown_in_words(client: httpx.AsyncClient) -> None:
    fair = await busy_fair(teams=2, enterprises=2)
    csrf = await organizer_session(client)
    base = f"/console/fairs/{fair.event.id}/schedule"

    bad = await client.post(f"{base}/runs", data={"_csrf_token": csrf, "time_limit": "soon"})
    assert bad.status_code == 303
    assert "时限须在 0.1 到 600 秒之间。" in (await client.get(bad.headers["location"], headers=HTML)).text

    run = await run_to_end(fair.event.id)
    await booking.place(
        event_id=fair.event.id,
        slot_id=await slot_id(fair.event.id, "d1-0940"),
        created_by=None,
        requester_id=fair.enterprises[0].id,
        recipient_id=fair.teams[0].id,
    )
    page = await client.get(f"{base}/runs/{run.id}", headers=HTML)
    assert "本次排期之后洽谈已有变动，请重新排期。" in page.text
    assert 'id="publish-run"' not in page.text
    refused = await client.post(f"{base}/runs/{run.id}/publish", data={"_csrf_token": csrf})
    assert "error=run_outdated" in refused.headers["location"]
    assert (
        "本次排期之后洽谈已有变动，请重新排期。" in (await client.get(refused.headers["location"], headers=HTML)).text
    )


async def test_only_organizers_see_the_tab(client: httpx.AsyncClient, app: Any) -> None:
    fair = await busy_fair(teams=1, enterprises=1)
    await accept(fair, fair.enterprises[0], fair.teams[0])
    await make_user(username="gatekeeper", role="staff")
    from events.accounts import assign_staff

    await assign_staff(event_id=fair.event.id, username="gatekeeper")
    csrf = await sign_in(client, "gatekeeper")

    overview = await client.get(f"/console/fairs/{fair.event.id}", headers=HTML)
    forbidden = await client.get(f"/console/fairs/{fair.event.id}/schedule", headers=HTML)
    start = await client.post(f"/console/fairs/{fair.event.id}/schedule/runs", data={"_csrf_token": csrf})

    assert overview.status_code == 200
    assert f"/console/fairs/{fair.event.id}/schedule" not in overview.text
    assert forbidden.status_code == 403
    assert start.status_code == 403
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as anonymous:
        assert (await anonymous.get(f"/console/fairs/{fair.event.id}/schedule", headers=HTML)).status_code == 303


async def test_a_finished_fair_offers_no_new_run(client: httpx.AsyncClient) -> None:
    from events.tables import Event
    from tests.factories import make_fair

    event = await make_fair(slug="done-fair")
    await Event.update({Event.status: "finished"}).where(Event.id == event.id)
    await sign_in(client, "boss", role="organizer")
    tab = await client.get(f"/console/fairs/{event.id}/schedule", headers={"accept": "text/html"})
    assert tab.status_code == 200
    assert 'id="schedule-all"' not in tab.text
    assert "本场对接会已结束。" in tab.text

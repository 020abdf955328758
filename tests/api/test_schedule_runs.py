"""The scheduler through the HTTP API: the problem export, "Schedule all" with progress, publication, imported
schedule files, refusals with machine codes, and organizers only."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from events.scheduling import parse_problem, problem_to_dict, schedule_from_json, schedule_to_dict, solve
from events.scheduling.fair import fair_problem
from events.scheduling.runs import start_run
from events.tables import Meeting, ScheduleRun
from tests.meeting_helpers import MeetingFair
from tests.schedule_helpers import TINY, busy_fair


@pytest.fixture
async def fair(db: Any) -> MeetingFair:
    return await busy_fair(teams=2, enterprises=4)


def paths(event_id: int) -> list[tuple[str, str, Any]]:
    base = f"/api/events/{event_id}"
    return [
        ("GET", f"{base}/schedule-problem", None),
        ("POST", f"{base}/schedule-runs", {"time_limit": TINY}),
        ("GET", f"{base}/schedule-runs", None),
        ("GET", f"{base}/schedule-runs/1", None),
        ("GET", f"{base}/schedule-runs/1/schedule", None),
        ("GET", f"{base}/schedule-runs/1/preview", None),
        ("POST", f"{base}/schedule-runs/1/publish", None),
        ("POST", f"{base}/schedule-runs/import", {"format": "transferfair.schedule/1"}),
    ]


async def until_finished(client: httpx.AsyncClient, event_id: int, run_id: int) -> dict[str, Any]:
    """Poll the run as the browser does, until it is no longer running."""
    seen: list[float] = []
    for _ in range(2000):
        response = await client.get(f"/api/events/{event_id}/schedule-runs/{run_id}")
        assert response.status_code == 200, response.text
        run = response.json()
        seen.append(run["progress"])
        if run["status"] != "running":
            assert seen == sorted(seen)  # progress never goes back
            return dict(run)
        await asyncio.sleep(0.02)
    raise AssertionError(f"run {run_id} still running after 2000 polls")


async def test_only_organizers_reach_the_scheduler(
    client: httpx.AsyncClient, staff_client: httpx.AsyncClient, fair: MeetingFair
) -> None:
    for method, path, body in paths(fair.event.id):
        anonymous = await client.request(method, path, json=body)
        assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated"), path
        staff = await staff_client.request(method, path, json=body)
        assert (staff.status_code, staff.json()["code"]) == (403, "organizer_only"), path
    assert await ScheduleRun.count() == 0


async def test_the_problem_export_is_the_fair_in_the_exchange_format(
    organizer_client: httpx.AsyncClient, fair: MeetingFair
) -> None:
    response = await organizer_client.get(f"/api/events/{fair.event.id}/schedule-problem")

    assert response.status_code == 200
    document = response.json()
    assert document == problem_to_dict((await fair_problem(event_id=fair.event.id)).problem)
    assert problem_to_dict(parse_problem(response.content)) == document
    assert len(document["requests"]) == 8
    missing = await organizer_client.get("/api/events/999999/schedule-problem")
    assert (missing.status_code, missing.json()["code"]) == (404, "unknown_event")


async def test_schedule_all_reports_progress_finishes_and_publishes(
    organizer_client: httpx.AsyncClient, fair: MeetingFair
) -> None:
    base = f"/api/events/{fair.event.id}"

    started = await organizer_client.post(f"{base}/schedule-runs", json={"time_limit": TINY})

    assert started.status_code == 201, started.text
    run = started.json()
    assert (run["status"], run["source"], run["time_limit"], run["stats"]) == ("running", "solver", TINY, None)
    finished = await until_finished(organizer_client, fair.event.id, run["id"])
    assert finished["status"] == "done"
    assert finished["progress"] == 1.0
    assert finished["schedule_status"] == "optimal"
    assert finished["stats"]["scheduled"] == 6  # 2 teams x 3 slots
    assert finished["best_weight"] == finished["stats"]["weight"] == finished["upper_bound"]
    document = (await organizer_client.get(f"{base}/schedule-runs/{run['id']}/schedule")).json()
    schedule = schedule_from_json(document)
    assert schedule_to_dict(schedule) == document
    listed = (await organizer_client.get(f"{base}/schedule-runs")).json()
    assert [(r["id"], r["status"]) for r in listed["items"]] == [(run["id"], "done")]
    preview = (await organizer_client.get(f"{base}/schedule-runs/{run['id']}/preview")).json()
    assert preview == {"kept": 0, "moved": 0, "cancelled": 0, "added": 6}

    published = await organizer_client.post(f"{base}/schedule-runs/{run['id']}/publish")

    assert published.status_code == 200, published.text
    assert published.json() == {
        "run_id": run["id"], "kept": 0, "moved": 0, "cancelled": 0, "added": 6, "messages": 12
    }  # fmt: skip
    assert await Meeting.count().where(Meeting.schedule_run == run["id"]) == 6
    again = await organizer_client.post(f"{base}/schedule-runs/{run['id']}/publish")
    assert (again.status_code, again.json()["code"]) == (409, "already_published")
    meetings = (await organizer_client.get(f"{base}/meetings")).json()
    assert meetings["total"] == 6
    assert {m["slot"]["code"] for m in meetings["items"]} == {"d1-0900", "d1-0920", "d1-0940"}


async def test_a_second_run_while_one_runs_is_refused(organizer_client: httpx.AsyncClient, fair: MeetingFair) -> None:
    running = await start_run(event_id=fair.event.id, time_limit=TINY)

    response = await organizer_client.post(f"/api/events/{fair.event.id}/schedule-runs", json={"time_limit": 1})

    assert response.status_code == 409
    assert response.json()["code"] == "run_in_progress"
    assert response.json()["details"] == {"run_id": running}
    unfinished = await organizer_client.get(f"/api/events/{fair.event.id}/schedule-runs/{running}/schedule")
    assert (unfinished.status_code, unfinished.json()["code"]) == (409, "run_not_finished")
    publish = await organizer_client.post(f"/api/events/{fair.event.id}/schedule-runs/{running}/publish")
    assert (publish.status_code, publish.json()["code"]) == (409, "run_not_finished")


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"time_limit": 0}, "time_limit", "invalid_request"),
        ({"time_limit": "soon"}, "time_limit", "invalid_request"),
        ({"limit": 3}, "limit", "unknown_field"),
    ],
)
async def test_a_bad_start_is_refused(
    organizer_client: httpx.AsyncClient, fair: MeetingFair, body: dict[str, Any], field: str, code: str
) -> None:
    response = await organizer_client.post(f"/api/events/{fair.event.id}/schedule-runs", json=body)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert field in response.json()["message"]
    assert await ScheduleRun.count() == 0


async def test_a_schedule_file_is_imported_and_published(
    organizer_client: httpx.AsyncClient, fair: MeetingFair
) -> None:
    problem = parse_problem((await organizer_client.get(f"/api/events/{fair.event.id}/schedule-problem")).content)
    document = schedule_to_dict(solve(problem, time_limit=TINY))

    response = await organizer_client.post(
        f"/api/events/{fair.event.id}/schedule-runs/import", params={"publish": "true"}, json=document
    )

    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["run"]["status"], body["run"]["source"]) == ("published", "import")
    assert body["publication"]["added"] == len(document["meetings"]) == await Meeting.count()
    stored = await organizer_client.get(f"/api/events/{fair.event.id}/schedule-runs/{body['run']['id']}/schedule")
    assert stored.json() == document


async def test_a_bad_schedule_file_is_refused_with_a_code_naming_the_item(
    organizer_client: httpx.AsyncClient, fair: MeetingFair
) -> None:
    problem = (await fair_problem(event_id=fair.event.id)).problem
    good = schedule_to_dict(solve(problem, time_limit=TINY))
    url = f"/api/events/{fair.event.id}/schedule-runs/import"
    first = good["meetings"][0]

    unknown_key = await organizer_client.post(url, json={**good, "meetings": [{**first, "seat": 0}]})
    wrong_request = await organizer_client.post(url, json={**good, "meetings": [{**first, "request": "r404"}]})
    not_json = await organizer_client.post(url, content=b"{nope", headers={"content-type": "application/json"})

    assert unknown_key.status_code == 400
    assert unknown_key.json() == {
        "code": "unknown_key", "message": "meeting meetings[0] has an unknown key 'seat'", "field": "meetings[0]"
    }  # fmt: skip
    assert wrong_request.status_code == 400
    assert wrong_request.json()["code"] == "invalid_schedule"
    codes = {v["code"] for v in wrong_request.json()["details"]["violations"]}
    assert "unknown_request" in codes
    assert "r404" in wrong_request.json()["message"]
    assert not_json.status_code == 400
    assert await ScheduleRun.count() == 0
    assert await Meeting.count() == 0


async def test_the_scheduler_is_documented_in_openapi(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    base = "/api/events/{event_id}"
    for path, method in [
        ("/schedule-problem", "get"),
        ("/schedule-runs", "post"),
        ("/schedule-runs", "get"),
        ("/schedule-runs/{run_id}", "get"),
        ("/schedule-runs/{run_id}/schedule", "get"),
        ("/schedule-runs/{run_id}/preview", "get"),
        ("/schedule-runs/{run_id}/publish", "post"),
        ("/schedule-runs/import", "post"),
    ]:
        operation = schema["paths"][base + path][method]
        assert operation["tags"] == ["scheduling"], path
        assert operation["summary"], path

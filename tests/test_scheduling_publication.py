"""Publishing a schedule is set-based: a fixed number of statements whatever the number of meetings, and each
participant's outbox gets the messages a booking, a move or a cancellation would have sent."""

from __future__ import annotations

from typing import Any

from events import notifications
from events.database import counting_queries
from events.parties import load_parties
from events.requests import About
from events.scheduling import runs
from events.tables import Achievement, Demand, MeetingRequest, MeetingTable, Notification, Registration, Slot
from tests.factories import make_achievement, make_demand
from tests.meeting_helpers import MeetingFair, give_email, meeting_fair
from tests.schedule_helpers import accept, standing
from tests.security.big_fair import build_big_fair

MOST_STATEMENTS = 25  # the most one publication sends, whatever the fair (17 to 23 in these tests)


def _document(problem: dict[str, Any], meetings: list[dict[str, str]], *, status: str = "feasible") -> dict[str, Any]:
    """A schedule file placing ``meetings`` and explaining every other request of ``problem``."""
    weights = {r["id"]: int(r.get("weight", 1)) for r in problem["requests"]}
    placed = {m["request"] for m in meetings}
    weight = sum(weights[r] for r in placed)
    return {
        "format": "transferfair.schedule/1",
        "status": status,
        "meetings": meetings,
        "unscheduled": [{"request": r, "reason": "left out"} for r in weights if r not in placed],
        "stats": {
            "requested": len(weights),
            "scheduled": len(meetings),
            "weight": weight,
            "upper_bound": sum(weights.values()),
            "solve_seconds": 0.0,
        },
    }


async def _publish(event_id: int, document: dict[str, Any]) -> tuple[runs.Published, int]:
    """Import and publish ``document``; the publication and the statements it sent."""
    run_id, _ = await runs.import_schedule(event_id=event_id, document=document)
    with counting_queries() as log:
        published = await runs.publish_run(event_id=event_id, run_id=run_id)
    return published, log.count


async def _statements_of_four_publications(teams: int) -> list[int]:
    """All added; all moved; all but ten moved back and ten cancelled; the ten added again and the rest kept."""
    fair = await build_big_fair(teams=teams)
    problem = await runs.export_problem(event_id=fair.event_id)
    a, b = fair.schedule_a["meetings"], fair.schedule_b["meetings"]
    documents = [_document(problem, a), _document(problem, b), _document(problem, a[10:]), _document(problem, a)]
    counts = []
    expected = [(16 * teams, 0, 0, 0), (0, 16 * teams, 0, 0), (0, 16 * teams - 10, 10, 0), (10, 0, 0, 16 * teams - 10)]
    for document, (added, moved, cancelled, kept) in zip(documents, expected, strict=True):
        published, count = await _publish(fair.event_id, document)
        applied = published.applied
        assert (applied.added, applied.moved, applied.cancelled, applied.kept) == (added, moved, cancelled, kept)
        assert applied.messages == 2 * (added + moved + cancelled)
        counts.append(count)
    return counts


async def test_publication_sends_the_same_statements_for_256_meetings_as_for_768() -> None:
    small = await _statements_of_four_publications(16)
    large = await _statements_of_four_publications(48)

    assert small == large
    assert max(large) <= MOST_STATEMENTS
    assert await Notification.count() == 2 * (48 * (16 + 48) + 2 * 10)  # both told of each change


# --- what the participants are told -------------------------------------------------------------------------


async def _about(request_id: int) -> str:
    row = await MeetingRequest.select(MeetingRequest.achievement, MeetingRequest.demand).where(
        MeetingRequest.id == request_id
    )
    about = About(row[0]["achievement"], row[0]["demand"])
    titles = []
    if about.achievement_id is not None:
        titles += [
            r["title"]
            for r in await Achievement.select(Achievement.title).where(Achievement.id == about.achievement_id)
        ]
    if about.demand_id is not None:
        titles += [r["title"] for r in await Demand.select(Demand.title).where(Demand.id == about.demand_id)]
    return " · ".join(titles)


async def _told(
    fair: MeetingFair,
    request: MeetingRequest,
    *,
    kind: str,
    meeting_id: int,
    slot: Slot,
    table: MeetingTable,
    previous: Slot | None = None,
) -> list[tuple[Any, ...]]:
    """The two outbox rows of a change to a meeting, as ``notifications.record`` writes them one by one."""
    parties = await load_parties([request.requester, request.recipient])
    first, second = parties[request.requester], parties[request.recipient]
    data: dict[str, Any] = notifications.slot_data(slot)
    if previous is not None:
        data |= notifications.slot_data(previous, prefix="previous_")
    data |= {"table": table.name or table.code, "about": await _about(request.id)}
    rows = []
    for one, other in ((first, second), (second, first)):
        content = {
            "fair": fair.event.title,
            "fair_en": fair.event.title_en,
            "time_zone": fair.event.time_zone,
            "counterpart": other.name,
            **data,
        }
        subject, body = notifications.email_text(kind, content)
        delivery = "pending" if one.email else "no_address"
        rows.append((one.id, kind, request.id, meeting_id, subject, body, content, one.email, delivery))
    return rows


async def _last_message() -> int:
    row = await Notification.select(Notification.id).order_by(Notification.id, ascending=False).first()
    return int(row["id"]) if row is not None else 0


async def _outbox(since: int) -> list[tuple[Any, ...]]:
    rows = (
        await Notification.select(
            Notification.id,
            Notification.registration,
            Notification.kind,
            Notification.request,
            Notification.meeting,
            Notification.subject,
            Notification.body,
            Notification.data,
            Notification.email,
            Notification.delivery,
        )
        .where(Notification.id > since)
        .order_by(Notification.id)
        .output(load_json=True)
    )
    return [tuple(row.values())[1:] for row in rows]


async def test_each_participant_is_told_of_every_meeting_added_moved_and_cancelled() -> None:
    fair = await meeting_fair(teams=2, enterprises=3, status="closed", emails=False)
    await give_email(fair.teams[0], "team1@example.edu.cn")  # the others have no address
    t, e = fair.teams, fair.enterprises
    achievement = await make_achievement(title="固态电池隔膜")
    demand = await make_demand(title="储能系统降本")
    pairs = [(e[0], t[0]), (e[1], t[0]), (e[0], t[1]), (e[2], t[1])]
    requests = [await accept(fair, enterprise, team) for enterprise, team in pairs]
    await MeetingRequest.update({MeetingRequest.achievement: achievement.id, MeetingRequest.demand: demand.id}).where(
        MeetingRequest.id == requests[0].id
    )
    await MeetingRequest.update({MeetingRequest.achievement: achievement.id}).where(MeetingRequest.id == requests[3].id)
    requests = [await MeetingRequest.objects().where(MeetingRequest.id == r.id).first() for r in requests]
    tables = {
        r.id: next(tb for tb in fair.tables if tb.id == r.host_table)
        for r in await Registration.objects().where(Registration.id.is_in([x.id for x in t]))
    }
    s0, s1, s2 = fair.slots[:3]

    def placed(request: MeetingRequest, slot: Slot) -> dict[str, str]:
        return {"request": f"r{request.id}", "slot": slot.code, "table": tables[request.recipient].code}

    seen = await _last_message()  # the requests' own messages
    problem = await runs.export_problem(event_id=fair.event.id)
    first = [placed(requests[0], s0), placed(requests[1], s1), placed(requests[2], s1)]
    published, _ = await _publish(fair.event.id, _document(problem, first))
    meetings = {request: meeting_id for request, (meeting_id, *_rest) in (await standing(fair.event.id)).items()}

    expected = []
    for request, slot in sorted(((requests[0], s0), (requests[1], s1), (requests[2], s1)), key=lambda p: p[1].code):
        table = tables[request.recipient]
        expected += await _told(
            fair, request, kind="meeting_scheduled", meeting_id=meetings[request.id], slot=slot, table=table
        )
    assert published.applied.messages == 6
    assert sorted(await _outbox(since=seen), key=repr) == sorted(expected, key=repr)
    seen = await _last_message()

    problem = await runs.export_problem(event_id=fair.event.id)
    second = [placed(requests[0], s0), placed(requests[1], s2), placed(requests[3], s0)]
    published, _ = await _publish(fair.event.id, _document(problem, second))
    now = {request: meeting_id for request, (meeting_id, *_rest) in (await standing(fair.event.id)).items()}

    applied = published.applied
    assert (applied.kept, applied.moved, applied.cancelled, applied.added) == (1, 1, 1, 1)
    added = await _told(
        fair, requests[3], kind="meeting_scheduled", meeting_id=now[requests[3].id], slot=s0, table=tables[t[1].id]
    )
    moved = await _told(
        fair,
        requests[1],
        kind="meeting_moved",
        meeting_id=meetings[requests[1].id],
        slot=s2,
        table=tables[t[0].id],
        previous=s1,
    )
    cancelled = await _told(
        fair, requests[2], kind="meeting_cancelled", meeting_id=meetings[requests[2].id], slot=s1, table=tables[t[1].id]
    )
    assert await _outbox(since=seen) == added + moved + cancelled  # in this order, as they were always written
    assert added[0][6]["about"] == "固态电池隔膜"
    assert await _about(requests[0].id) == "固态电池隔膜 · 储能系统降本"

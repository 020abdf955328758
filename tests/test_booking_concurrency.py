"""Concurrency proof: many people booking the same slot at once through a real two-worker server.

Exactly one booking wins; every other one gets 409 ``slot_taken`` ("slot just taken"), and the database holds
one meeting with its two seats. Runs on whichever database the suite runs on (SQLite file or PostgreSQL).
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from events.tables import Meeting, MeetingAttendee, MeetingRequest, Notification
from tests.meeting_helpers import meeting_fair

RACERS = 50


async def _race(live_server: str, bookings: list[tuple[str, int]], slot: str) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=RACERS, max_keepalive_connections=RACERS)
    async with httpx.AsyncClient(base_url=live_server, timeout=120, limits=limits) as http:
        return await asyncio.gather(
            *(
                http.post(
                    "/api/me/meetings",
                    json={"counterpart_id": counterpart, "slot": slot},
                    headers={"X-Participant-Token": token},
                )
                for token, counterpart in bookings
            )
        )


def _outcomes(answers: list[httpx.Response]) -> Counter[tuple[int, str]]:
    return Counter(
        (a.status_code, a.json().get("code", "booked") if a.status_code != 201 else "booked") for a in answers
    )


async def test_fifty_enterprises_race_for_one_teams_slot(live_server: str) -> None:
    fair = await meeting_fair(teams=1, enterprises=RACERS, emails=False)
    team = fair.teams[0]
    answers = await _race(live_server, [(e.portal_token, team.id) for e in fair.enterprises], "d1-0920")

    assert _outcomes(answers) == Counter({(201, "booked"): 1, (409, "slot_taken"): RACERS - 1})
    winner = next(a.json() for a in answers if a.status_code == 201)
    standing = await Meeting.select(Meeting.id, Meeting.slot, Meeting.table).where(Meeting.status != "cancelled")
    assert standing == [{"id": winner["id"], "slot": fair.slot("d1-0920").id, "table": fair.tables[0].id}]
    assert await MeetingAttendee.count() == 2
    assert await MeetingRequest.count() == 1  # the losers left nothing behind
    assert await Notification.count() == 2


async def test_fifty_pairs_race_for_the_last_shared_table(live_server: str) -> None:
    """Different pairs, one shared table with one seat: the table's lock and unique seat decide."""
    fair = await meeting_fair(teams=RACERS, enterprises=RACERS, host_tables=False, tables=1, emails=False)
    pairs = [(e.portal_token, t.id) for e, t in zip(fair.enterprises, fair.teams, strict=True)]
    answers = await _race(live_server, pairs, "d1-0900")

    assert _outcomes(answers) == Counter({(201, "booked"): 1, (409, "slot_taken"): RACERS - 1})
    assert await Meeting.count().where(Meeting.status != "cancelled") == 1
    assert await MeetingAttendee.count() == 2

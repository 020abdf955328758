"""A large fair written in bulk, and two complete schedules of it that differ in every meeting.

``teams`` research teams, each hosting its own table, and as many enterprises; enterprise ``e`` asked teams
``e, e+1, ..., e+15`` (mod ``teams``) and every request is accepted: ``16 × teams`` requests. Schedule A puts
request ``(e, e+j)`` in slot ``j`` (a Latin square: nobody is double-booked); schedule B puts it in slot
``j+1 mod 16``: every meeting moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from events.fairs import fair_tables
from events.registration import new_secret
from events.scheduling import runs
from events.tables import MeetingRequest, Organization, Person, Registration
from tests.factories import make_fair
from tests.meeting_helpers import future_day, set_status

SLOTS = 16
# 09:00-12:00 and 14:00-16:20 in 20-minute slots: 9 + 7 = 16 slots
SESSIONS = (("09:00", "12:00"), ("14:00", "16:20"))


@dataclass(frozen=True)
class BigFair:
    event_id: int
    schedule_a: dict[str, Any]
    schedule_b: dict[str, Any]

    @staticmethod
    def placements(schedule: dict[str, Any]) -> set[tuple[str, str, str]]:
        return {(m["request"], m["slot"], m["table"]) for m in schedule["meetings"]}


async def _bulk(table: Any, rows: list[Any], column: Any) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(rows), 500):
        done = await table.insert(*rows[start : start + 500]).returning(column)
        ids.extend(int(row[column._meta.name]) for row in done)
    return ids


async def build_big_fair(*, teams: int = 200) -> BigFair:
    assert teams >= SLOTS
    event = await make_fair(tables=teams, sessions=SESSIONS, starts_on=future_day())
    tables = await fair_tables(event_id=event.id)
    organizations = await _bulk(
        Organization,
        [Organization(name=f"大学{n:04d}", kind="university") for n in range(teams)]
        + [Organization(name=f"企业{n:04d}", kind="enterprise") for n in range(teams)],
        Organization.id,
    )
    people = await _bulk(
        Person,
        [Person(name=f"联系人{n:04d}", organization=org, phone="13800138000") for n, org in enumerate(organizations)],
        Person.id,
    )
    registrations = await _bulk(
        Registration,
        [
            Registration(
                event=event.id,
                role="team" if n < teams else "enterprise",
                status="approved",
                organization=organizations[n],
                person=people[n],
                team_name=f"课题组{n:04d}" if n < teams else "",
                host_table=tables[n].id if n < teams else None,
                portal_token=new_secret(),
                calendar_token=new_secret(),
            )
            for n in range(2 * teams)
        ],
        Registration.id,
    )
    team_ids, enterprise_ids = registrations[:teams], registrations[teams:]
    await _bulk(
        MeetingRequest,
        [
            MeetingRequest(
                event=event.id,
                requester=enterprise_ids[e],
                recipient=team_ids[(e + j) % teams],
                status="accepted",
                priority=1 + (e + j) % 5,
            )
            for e in range(teams)
            for j in range(SLOTS)
        ],
        MeetingRequest.id,
    )
    await set_status(event.id, "closed")
    problem = await runs.export_problem(event_id=event.id)
    return BigFair(event_id=event.id, schedule_a=_schedule(problem, 0), schedule_b=_schedule(problem, 1))


def _schedule(problem: dict[str, Any], shift: int) -> dict[str, Any]:
    """Request (e, e+j) in slot j + shift (mod 16), at the team's table."""
    slots = [slot["id"] for slot in problem["slots"]]
    assert len(slots) == SLOTS
    hosts = {p["id"]: p["table"] for p in problem["participants"] if p.get("table")}
    by_registration = lambda pid: int(pid.rsplit("-", 1)[1])  # noqa: E731 - ent-12, team-3: registration ids
    teams = sorted(hosts, key=by_registration)
    enterprises = sorted({p for r in problem["requests"] for p in r["participants"]} - set(hosts), key=by_registration)
    team_index = {pid: n for n, pid in enumerate(teams)}
    enterprise_index = {pid: n for n, pid in enumerate(enterprises)}
    meetings = []
    weight = 0
    for request in problem["requests"]:
        team = next(p for p in request["participants"] if p in hosts)
        enterprise = next(p for p in request["participants"] if p not in hosts)
        j = (team_index[team] - enterprise_index[enterprise]) % len(teams)
        meetings.append({"request": request["id"], "slot": slots[(j + shift) % SLOTS], "table": hosts[team]})
        weight += int(request.get("weight", 1))
    count = len(problem["requests"])
    return {
        "format": "transferfair.schedule/1",
        "status": "optimal",
        "meetings": meetings,
        "unscheduled": [],
        "stats": {
            "requested": count,
            "scheduled": count,
            "weight": weight,
            "upper_bound": weight,
            "solve_seconds": 0.0,
        },
    }

"""Step ``registrations``: who registered for each fair in which role, what the organizer decided, the teams'
host tables and unavailable slots, and the achievements and demands they bring."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from events.demo.context import DemoContext, Enterprise, Fair, Participant, Team
from events.demo.data.messages import REGISTRATION_NOTES
from events.demo.data.organizations import HOST_UNIVERSITY
from events.demo.plan import AS_OF, REGISTRATIONS
from events.demo.rows import insert_rows
from events.demo.timeline import later, moment_between, moments_between
from events.registration import new_secret
from events.tables import EventAchievement, EventDemand, Registration
from events.vocabulary import Field, RegistrationRole, RegistrationStatus

SLOTS_PER_SESSION = 4
UNAVAILABLE_SHARE = 0.12  # approved participants who cannot meet in some slots
LIMITED_TEAM_SHARE = 0.1  # teams that take fewer meetings than the fair allows
MEETING_ROLES = (RegistrationRole.ENTERPRISE, RegistrationRole.TEAM)


@dataclass(slots=True)
class _Entry:
    role: RegistrationRole
    organization_id: int
    person_id: int
    enterprise: Enterprise | None = None
    team: Team | None = None
    status: RegistrationStatus = RegistrationStatus.APPROVED
    created_at: datetime | None = None
    decided_at: datetime | None = None
    host_table_id: int | None = None
    unavailable: list[int] = field(default_factory=list)
    max_meetings: int | None = None
    note: str = ""


def statuses(counts: dict[RegistrationStatus, int], rng: random.Random) -> list[RegistrationStatus]:
    """Approved first (the early registrations), then the others in a seeded order."""
    others = [
        status for status, count in counts.items() if status is not RegistrationStatus.APPROVED for _ in range(count)
    ]
    rng.shuffle(others)
    return [RegistrationStatus.APPROVED] * counts.get(RegistrationStatus.APPROVED, 0) + others


def _teams_for(rng: random.Random, demo: DemoContext, fair: Fair, count: int) -> list[Team]:
    """At the university fair the host university's own teams come first; elsewhere any team may come."""
    if fair.spec.teams_host_tables:
        home = [t for t in demo.teams if t.academy.spec.name == HOST_UNIVERSITY]
        guests = [t for t in demo.teams if t.academy.spec.name != HOST_UNIVERSITY]
        rng.shuffle(guests)
        return (home + guests)[:count]
    teams = list(demo.teams)
    rng.shuffle(teams)
    return teams[:count]


def _enterprises_for(rng: random.Random, demo: DemoContext, fair: Fair, count: int) -> list[Enterprise]:
    """The showcase enterprise first; at a district fair the district's own enterprises before the others."""
    showcase, others = demo.enterprises[0], demo.enterprises[1:]
    local = [e for e in others if not fair.spec.teams_host_tables and e.district == fair.spec.district]
    rest = [e for e in others if e not in local]
    rng.shuffle(local)
    rng.shuffle(rest)
    return [showcase, *local, *rest][:count]


def _entries(rng: random.Random, demo: DemoContext, fair: Fair) -> list[_Entry]:
    plan = REGISTRATIONS[fair.spec.slug]
    entries: list[_Entry] = []
    enterprise_counts = plan[RegistrationRole.ENTERPRISE]
    chosen = _enterprises_for(rng, demo, fair, sum(enterprise_counts.values()))
    for enterprise, status in zip(chosen, statuses(enterprise_counts, rng), strict=True):
        entries.append(
            _Entry(RegistrationRole.ENTERPRISE, enterprise.id, enterprise.contact_id, enterprise, status=status)
        )
    team_counts = plan[RegistrationRole.TEAM]
    teams = _teams_for(rng, demo, fair, sum(team_counts.values()))
    for team, status in zip(teams, statuses(team_counts, rng), strict=True):
        entries.append(_Entry(RegistrationRole.TEAM, team.academy.id, team.lead_id, team=team, status=status))
    investors = demo.investors[: sum(plan[RegistrationRole.INVESTOR].values())]
    entries += [_Entry(RegistrationRole.INVESTOR, body.id, body.person_ids[0]) for body in investors]
    for body, person in fair.spec.guests:
        guest = demo.government[body]
        entries.append(_Entry(RegistrationRole.GUEST, guest.id, guest.person_ids[person]))
    return entries


def _schedule(rng: random.Random, fair: Fair, entries: list[_Entry]) -> None:
    """When each registered and when the organizer decided; pending ones are the latest."""
    latest = min(fair.spec.closes_at, AS_OF) - timedelta(hours=6)
    by_role: dict[RegistrationRole, list[_Entry]] = {}
    for entry in entries:
        by_role.setdefault(entry.role, []).append(entry)
    for group in by_role.values():
        for entry, moment in zip(group, moments_between(rng, fair.spec.opens_at, latest, len(group)), strict=True):
            entry.created_at = moment
    for entry in entries:
        assert entry.created_at is not None
        if entry.status is RegistrationStatus.PENDING:
            entry.created_at = max(entry.created_at, moment_between(rng, latest - timedelta(days=5), latest))
        else:
            entry.decided_at = later(rng, entry.created_at, hours=(4, 72), until=latest) or entry.created_at
        if entry.status is not RegistrationStatus.APPROVED:
            entry.note = rng.choice(REGISTRATION_NOTES[entry.status.value])


def _arrangements(rng: random.Random, fair: Fair, entries: list[_Entry]) -> None:
    """Host tables for teams at the university fair, unavailable slots, teams that take fewer meetings."""
    approved = [e for e in entries if e.status is RegistrationStatus.APPROVED and e.role in MEETING_ROLES]
    if fair.spec.teams_host_tables:
        teams = sorted((e for e in approved if e.team is not None), key=_seat)
        for entry, table_id in zip(teams, fair.table_ids, strict=False):
            entry.host_table_id = table_id
    sessions = [fair.slot_ids[i : i + SLOTS_PER_SESSION] for i in range(0, len(fair.slot_ids), SLOTS_PER_SESSION)]
    for entry in approved:
        if rng.random() < UNAVAILABLE_SHARE:
            whole_session = rng.random() < 0.5
            entry.unavailable = sorted(
                rng.choice(sessions) if whole_session else rng.sample(fair.slot_ids, rng.randint(1, 2))
            )
        if entry.role is RegistrationRole.TEAM and rng.random() < LIMITED_TEAM_SHARE:
            entry.max_meetings = rng.choice((6, 8, 10))


def _seat(entry: _Entry) -> tuple[int, str]:
    """Teams sit by field, in the order of the vocabulary, so that neighbours share a field."""
    assert entry.team is not None
    return list(Field).index(entry.team.field), entry.team.name


def _row(fair: Fair, entry: _Entry, *, organizer_id: int) -> Registration:
    return Registration(
        event=fair.id,
        role=entry.role.value,
        status=entry.status.value,
        organization=entry.organization_id,
        person=entry.person_id,
        team_name=entry.team.name if entry.team else "",
        host_table=entry.host_table_id,
        unavailable_slots=entry.unavailable,
        max_meetings=entry.max_meetings,
        portal_token=new_secret(),
        calendar_token=new_secret(),
        answers={},
        note=entry.note,
        created_at=entry.created_at,
        decided_at=entry.decided_at,
        decided_by=organizer_id if entry.decided_at else None,
    )


async def add_registrations(demo: DemoContext) -> None:
    rng = demo.rng("registrations")
    for fair in demo.fairs:
        await _fair_registrations(demo, rng, fair)
    await _presentations(rng, demo, demo.participants)


async def add_fair_registrations(demo: DemoContext, rng: random.Random, fair: Fair) -> None:
    """The registrations of one fair, with the achievements and demands its participants bring."""
    await _fair_registrations(demo, rng, fair)
    await _presentations(rng, demo, demo.participants_of(fair))


async def _fair_registrations(demo: DemoContext, rng: random.Random, fair: Fair) -> None:
    entries = _entries(rng, demo, fair)
    _schedule(rng, fair, entries)
    _arrangements(rng, fair, entries)
    rows = [_row(fair, entry, organizer_id=demo.organizer_id) for entry in entries]
    ids = await insert_rows(Registration, rows)
    for entry, row, registration_id in zip(entries, rows, ids, strict=True):
        demo.participants.append(
            Participant(
                id=registration_id,
                fair=fair,
                role=entry.role,
                status=entry.status,
                person_id=entry.person_id,
                portal_token=str(row.portal_token),
                decided_at=entry.decided_at,
                unavailable_slot_ids=entry.unavailable,
                max_meetings=entry.max_meetings,
                enterprise=entry.enterprise,
                team=entry.team,
            )
        )
    demo.progress(f"registrations {fair.spec.slug}: {len(ids)}")


async def _presentations(rng: random.Random, demo: DemoContext, participants: list[Participant]) -> None:
    """The achievements each team presents and the demands each enterprise brings, fair by fair."""
    achievements: list[EventAchievement] = []
    demands: list[EventDemand] = []
    for participant in participants:
        if participant.status is RegistrationStatus.REJECTED:
            continue
        if participant.team is not None:
            count = rng.randint(3, len(participant.team.achievement_ids))
            participant.achievement_ids = sorted(rng.sample(participant.team.achievement_ids, count))
            achievements += [
                EventAchievement(event=participant.fair.id, achievement=a, registration=participant.id)
                for a in participant.achievement_ids
            ]
        if participant.enterprise is not None:
            participant.demand_ids = list(participant.enterprise.demand_ids)
            demands += [
                EventDemand(event=participant.fair.id, demand=d, registration=participant.id)
                for d in participant.demand_ids
            ]
    await insert_rows(EventAchievement, achievements)
    await insert_rows(EventDemand, demands)
    demo.progress(f"presented achievements {len(achievements)}, demands brought to fairs {len(demands)}")

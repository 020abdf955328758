"""Step ``requests``: meeting requests between enterprises and teams, with priorities, messages and answers.

Enterprises ask teams about one of the achievements they present, mostly teams of their own field; a few
star teams draw far more requests than their 16 slots can hold. A demand an achievement answers (see
``answers`` in :mod:`events.demo.data.demands`) draws its enterprise to that team. At the district fair teams
also approach enterprises about the demands they brought, and at both fairs investors ask a few popular teams.
Teams answer by priority: they accept what they can host, decline part of the rest and leave the remainder
pending (more of it at the fair whose registration is still open).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from events.demo.context import DemoContext, Fair, Participant, Request
from events.demo.data.messages import (
    ENTERPRISE_EXPLORING,
    ENTERPRISE_TO_TEAM,
    ENTERPRISE_WITH_DEMAND,
    INVESTOR_TO_TEAM,
    TEAM_TO_ENTERPRISE,
)
from events.demo.data.topics import RELATED_FIELDS
from events.demo.plan import AS_OF, ENTERPRISE_REQUESTS, INVESTOR_REQUESTS_EACH, SHOWCASE_REQUESTS, TEAM_REQUESTS
from events.demo.rows import insert_rows
from events.demo.timeline import later, moment_between
from events.tables import MeetingRequest
from events.vocabulary import EventStatus, Field, RegistrationRole, RegistrationStatus, RequestStatus

STAR_TEAMS = 4
POPULAR_TEAMS = 8
SAME_FIELD = 6.0
RELATED_FIELD = 2.0
OTHER_FIELD = 0.15
ANSWER_BOOST = 8.0  # a team that answers one of the enterprise's demands
MESSAGE_SHARE = 0.85
TEAM_TO_ENTERPRISE_PER_TEAM = 4

PRIORITY_WEIGHTS: dict[float, tuple[int, int, int, int, int]] = {  # priorities 1 … 5
    SAME_FIELD: (3, 8, 27, 34, 28),
    RELATED_FIELD: (8, 20, 35, 25, 12),
    OTHER_FIELD: (20, 30, 30, 15, 5),
}


@dataclass(slots=True)
class _Ask:
    requester: Participant
    recipient: Participant
    affinity: float
    achievement_id: int | None
    demand_id: int | None
    message: str
    priority: int
    created_at: datetime
    status: RequestStatus = RequestStatus.PENDING
    responded_at: datetime | None = None
    expires_at: datetime | None = None


def field_of(participant: Participant) -> Field:
    """The field of an enterprise or of a team."""
    if participant.enterprise is not None:
        return participant.enterprise.field
    if participant.team is not None:
        return participant.team.field
    raise ValueError(f"registration {participant.id} is neither an enterprise nor a team")


def affinity(asker: Field, other: Field) -> float:
    if asker is other:
        return SAME_FIELD
    return RELATED_FIELD if other in RELATED_FIELDS[asker] or asker in RELATED_FIELDS[other] else OTHER_FIELD


def weighted_pick(rng: random.Random, weights: list[float], count: int) -> list[int]:
    """``count`` distinct indexes, each drawn with probability proportional to its weight (Efraimidis-Spirakis)."""
    keys = [rng.random() ** (1 / w) for w in weights]
    return sorted(range(len(weights)), key=lambda i: keys[i], reverse=True)[:count]


def quotas(rng: random.Random, requesters: list[Participant], *, total: int, cap: int, showcase: int) -> list[int]:
    """How many requests each enterprise sends: the showcase a fixed number, the others from one to ``cap``."""
    counts = [showcase if i == 0 else 1 for i in range(len(requesters))]
    activity = [0.0] + [rng.uniform(0.3, 2.0) for _ in requesters[1:]]
    remaining = total - sum(counts)
    while remaining > 0:
        open_ = [i for i, c in enumerate(counts) if i and c < cap]
        for i in rng.choices(open_, weights=[activity[i] for i in open_], k=remaining):
            if counts[i] < cap and remaining > 0:
                counts[i] += 1
                remaining -= 1
    return counts


class _Asking:
    """Writes the requests of one fair."""

    def __init__(self, rng: random.Random, fair: Fair, demo: DemoContext) -> None:
        self.rng = rng
        self.fair = fair
        self.achievements = {a.id: a for a in demo.achievements}
        self.demands = {d.id: d for d in demo.demands}
        self.start = fair.spec.opens_at + timedelta(days=5)
        self.end = min(fair.spec.closes_at, AS_OF) - timedelta(hours=2)
        self._popularity: list[float] | None = None

    def popularity_of(self, teams: list[Participant]) -> list[float]:
        """How much each team draws requests: a few stars, some popular teams, the rest alike (drawn once)."""
        if self._popularity is None:
            self._popularity = self._draw_popularity(teams)
        return self._popularity

    def _draw_popularity(self, teams: list[Participant]) -> list[float]:
        order = list(range(len(teams)))
        self.rng.shuffle(order)
        weights = [self.rng.uniform(0.7, 1.3) for _ in teams]
        for rank, index in enumerate(order[: STAR_TEAMS + POPULAR_TEAMS]):
            weights[index] = 4.0 if rank < STAR_TEAMS else 2.0
        return weights

    def answering(self, team: Participant, demand_id: int) -> list[int]:
        """The achievements a team presents that answer the demand."""
        wanted = self.demands[demand_id].answers
        return [a for a in team.achievement_ids if self.achievements[a].topic in wanted]

    def in_field(self, team: Participant, demand_id: int) -> list[int]:
        """The achievements a team presents that are in the demand's field."""
        field = self.demands[demand_id].field.value
        return [a for a in team.achievement_ids if field in self.achievements[a].fields]

    def answers_for(self, enterprise: Participant, team: Participant) -> list[tuple[int, int]]:
        """(demand, achievement) pairs where the team answers one of the enterprise's demands."""
        return [(d, a) for d in enterprise.demand_ids for a in self.answering(team, d)]

    def when(self, requester: Participant) -> datetime:
        after = max(self.start, requester.decided_at or self.start)
        return moment_between(self.rng, after, self.end)

    def message(self, templates: tuple[str, ...], **texts: str) -> str:
        if self.rng.random() >= MESSAGE_SHARE:
            return ""
        return self.rng.choice(templates).format(**texts)

    def about_enterprise(self, enterprise: Participant, team: Participant) -> dict[str, str]:
        assert enterprise.enterprise is not None
        assert team.team is not None
        return {
            "business": enterprise.enterprise.business,
            "district": enterprise.enterprise.district,
            "team": team.team.name,
        }

    def enterprise_asks(self, enterprise: Participant, team: Participant, weight: float) -> _Ask:
        """A request about the achievement that answers one of the enterprise's demands, else one of its field."""
        rng = self.rng
        answers = self.answers_for(enterprise, team)
        demand_id: int | None = None
        if answers:
            demand_id, achievement_id = rng.choice(answers)
            weight = SAME_FIELD
            templates = ENTERPRISE_WITH_DEMAND
        else:
            field = field_of(enterprise).value
            presented = [self.achievements[a] for a in team.achievement_ids]
            achievement_id = rng.choice([a for a in presented if field in a.fields] or presented).id
            templates = ENTERPRISE_EXPLORING if weight == OTHER_FIELD else ENTERPRISE_TO_TEAM
        achievement = self.achievements[achievement_id]
        return _Ask(
            requester=enterprise,
            recipient=team,
            affinity=weight,
            achievement_id=achievement_id,
            demand_id=demand_id,
            message=self.message(
                templates,
                **self.about_enterprise(enterprise, team),
                title=achievement.title,
                keyword=rng.choice(achievement.keywords[:3]),  # the last keyword names an application
                demand=self.demands[demand_id].title if demand_id else "",
            ),
            priority=rng.choices(range(1, 6), weights=PRIORITY_WEIGHTS[weight])[0],
            created_at=self.when(enterprise),
        )

    def team_asks(self, team: Participant, enterprise: Participant, demand_id: int) -> _Ask:
        demand = self.demands[demand_id]
        answering = self.answering(team, demand_id)
        weight = SAME_FIELD if answering else affinity(field_of(team), demand.field)
        return _Ask(
            requester=team,
            recipient=enterprise,
            affinity=weight,
            achievement_id=self.rng.choice(answering or self.in_field(team, demand_id)),
            demand_id=demand_id,
            message=self.message(
                TEAM_TO_ENTERPRISE,
                **self.about_enterprise(enterprise, team),
                title=demand.title,
                keyword=self.rng.choice(demand.keywords[:2]),
            ),
            priority=self.rng.choices(range(1, 6), weights=PRIORITY_WEIGHTS[weight])[0],
            created_at=self.when(team),
        )


def _investor_requests(asking: _Asking, investors: list[Participant], teams: list[Participant]) -> list[_Ask]:
    """Investors ask the most sought-after teams about their most mature achievements."""
    rng = asking.rng
    asks: list[_Ask] = []
    for investor in investors:
        for index in weighted_pick(rng, asking.popularity_of(teams), INVESTOR_REQUESTS_EACH):
            team = teams[index]
            achievement = asking.achievements[rng.choice(team.achievement_ids)]
            asks.append(
                _Ask(
                    requester=investor,
                    recipient=team,
                    affinity=RELATED_FIELD,
                    achievement_id=achievement.id,
                    demand_id=None,
                    message=asking.message(INVESTOR_TO_TEAM, title=achievement.title),
                    priority=rng.choices(range(1, 6), weights=PRIORITY_WEIGHTS[RELATED_FIELD])[0],
                    created_at=asking.when(investor),
                )
            )
    return asks


def _enterprise_requests(asking: _Asking, enterprises: list[Participant], teams: list[Participant]) -> list[_Ask]:
    """Each enterprise asks its quota of teams: popular teams, teams of its field, teams that answer its demands."""
    rng, slug = asking.rng, asking.fair.spec.slug
    popularity = asking.popularity_of(teams)
    counts = quotas(
        rng,
        enterprises,
        total=ENTERPRISE_REQUESTS[slug],
        cap=asking.fair.spec.max_requests,
        showcase=SHOWCASE_REQUESTS[slug],
    )
    asks: list[_Ask] = []
    for enterprise, count in zip(enterprises, counts, strict=True):
        fits = [affinity(field_of(enterprise), field_of(team)) for team in teams]
        weights = [
            weight * fit * (ANSWER_BOOST if asking.answers_for(enterprise, team) else 1.0)
            for weight, fit, team in zip(popularity, fits, teams, strict=True)
        ]
        asks += [asking.enterprise_asks(enterprise, teams[i], fits[i]) for i in weighted_pick(rng, weights, count)]
    return asks


def _team_requests(
    asking: _Asking, enterprises: list[Participant], teams: list[Participant], taken: set[tuple[int, int]]
) -> list[_Ask]:
    """Teams approach enterprises about demands their achievements answer (or, failing that, demands of the team's
    own field that one of its achievements shares), never a pair that already has a request."""
    rng = asking.rng
    answering: list[tuple[Participant, Participant, int]] = []
    in_field: list[tuple[Participant, Participant, int]] = []
    for team in teams:
        for enterprise in enterprises:
            if (enterprise.id, team.id) in taken:
                continue
            for demand_id in enterprise.demand_ids:
                if asking.answering(team, demand_id):
                    answering.append((team, enterprise, demand_id))
                elif asking.demands[demand_id].field is field_of(team) and asking.in_field(team, demand_id):
                    in_field.append((team, enterprise, demand_id))
    rng.shuffle(answering)
    rng.shuffle(in_field)
    asks: list[_Ask] = []
    per_team: dict[int, int] = {}
    pairs: set[tuple[int, int]] = set()
    for team, enterprise, demand_id in answering + in_field:
        if len(asks) == TEAM_REQUESTS[asking.fair.spec.slug]:
            break
        if per_team.get(team.id, 0) >= TEAM_TO_ENTERPRISE_PER_TEAM or (team.id, enterprise.id) in pairs:
            continue
        per_team[team.id] = per_team.get(team.id, 0) + 1
        pairs.add((team.id, enterprise.id))
        asks.append(asking.team_asks(team, enterprise, demand_id))
    return asks


def _answer(rng: random.Random, fair: Fair, asks: list[_Ask], *, until: datetime = AS_OF - timedelta(hours=1)) -> None:
    """Recipients answer in order of priority: accept what they can host, decline some, leave the rest pending.

    Every answer is given before ``until``.
    """
    still_open = fair.spec.status is EventStatus.OPEN
    by_recipient: dict[int, list[_Ask]] = {}
    for ask in asks:
        by_recipient.setdefault(ask.recipient.id, []).append(ask)
    slots = len(fair.slot_ids)
    for incoming in by_recipient.values():
        recipient = incoming[0].recipient
        capacity = min(slots - len(recipient.unavailable_slot_ids), recipient.max_meetings or slots)
        responsive = rng.random() < (0.6 if still_open else 0.88)
        incoming.sort(key=lambda a: (-a.priority, a.created_at))
        accepted = 0
        for ask in incoming:
            decision = _decide(rng, ask, responsive=responsive, room=accepted < capacity * (0.6 if still_open else 0.9))
            if decision is RequestStatus.PENDING:
                continue
            answered = later(rng, ask.created_at, hours=(2, 72), until=until)
            if answered is None:
                continue
            ask.status, ask.responded_at = decision, answered
            accepted += decision is RequestStatus.ACCEPTED


def _decide(rng: random.Random, ask: _Ask, *, responsive: bool, room: bool) -> RequestStatus:
    if not responsive:
        return RequestStatus.ACCEPTED if rng.random() < 0.2 and room else RequestStatus.PENDING
    if room:
        misfit = ask.affinity == OTHER_FIELD and rng.random() < 0.35
        return RequestStatus.DECLINED if misfit or rng.random() < 0.06 else RequestStatus.ACCEPTED
    return RequestStatus.DECLINED if rng.random() < 0.55 else RequestStatus.PENDING


def _row(fair: Fair, ask: _Ask) -> MeetingRequest:
    return MeetingRequest(
        event=fair.id,
        requester=ask.requester.id,
        recipient=ask.recipient.id,
        achievement=ask.achievement_id,
        demand=ask.demand_id,
        message=ask.message,
        priority=ask.priority,
        status=ask.status.value,
        created_at=ask.created_at,
        responded_at=ask.responded_at,
        expires_at=ask.expires_at,
    )


async def add_requests(demo: DemoContext) -> None:
    rng = demo.rng("requests")
    for fair in demo.fairs:
        await add_fair_requests(demo, rng, fair)


async def add_fair_requests(
    demo: DemoContext,
    rng: random.Random,
    fair: Fair,
    *,
    until: datetime = AS_OF - timedelta(hours=1),
) -> None:
    """The requests of one fair, answered before ``until``.

    At a fair whose requests expire (``request_expiry_hours``) each request has its expiry, as the app sets it when
    the request is sent; those still unanswered when it passed are expired (answers come within 72 hours).
    """
    approved = [p for p in demo.participants_of(fair) if p.status is RegistrationStatus.APPROVED]
    enterprises = [p for p in approved if p.role is RegistrationRole.ENTERPRISE]
    teams = [p for p in approved if p.role is RegistrationRole.TEAM]
    asking = _Asking(rng, fair, demo)
    asks = _enterprise_requests(asking, enterprises, teams)
    taken = {(a.requester.id, a.recipient.id) for a in asks}
    asks += _team_requests(asking, [e for e in enterprises if e.demand_ids], teams, taken)
    asks += _investor_requests(asking, [p for p in approved if p.role is RegistrationRole.INVESTOR], teams)
    asks.sort(key=lambda a: a.created_at)
    _answer(rng, fair, asks, until=until)
    if fair.spec.request_expiry_hours:
        for ask in asks:
            ask.expires_at = ask.created_at + timedelta(hours=fair.spec.request_expiry_hours)
            if ask.responded_at is not None and ask.responded_at >= ask.expires_at:
                raise ValueError(f"a request of {fair.spec.slug} is answered after it expired")
            if ask.status is RequestStatus.PENDING and ask.expires_at <= AS_OF:
                ask.status = RequestStatus.EXPIRED
    ids = await insert_rows(MeetingRequest, [_row(fair, ask) for ask in asks])
    demo.requests += [
        Request(id=i, fair=fair, requester=a.requester, recipient=a.recipient, priority=a.priority, status=a.status)
        for i, a in zip(ids, asks, strict=True)
    ]
    tally = {status: sum(1 for a in asks if a.status is status) for status in RequestStatus}
    busiest = max(_load(asks).values(), default=0)
    expired = tally[RequestStatus.EXPIRED]
    left = f"expired {expired}" if expired else f"pending {tally[RequestStatus.PENDING]}"
    demo.progress(
        f"meeting requests {fair.spec.slug}: {len(ids)} (accepted {tally[RequestStatus.ACCEPTED]}, "
        f"{left}, declined {tally[RequestStatus.DECLINED]}; "
        f"busiest team asked {busiest} times for {len(fair.slot_ids)} slots)"
    )


def _load(asks: list[_Ask]) -> dict[int, int]:
    load: dict[int, int] = {}
    for ask in asks:
        if ask.recipient.role is RegistrationRole.TEAM:
            load[ask.recipient.id] = load.get(ask.recipient.id, 0) + 1
    return load

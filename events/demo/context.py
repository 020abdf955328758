"""What the steps of the demo share: the seed, the progress callback, and what earlier steps created.

Steps read what they need from :class:`DemoContext` and append what they create, so that a later step
(a published schedule, check-ins, deals) finds the fairs, participants and requests without querying.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from events.demo.data.fairs import FairSpec
from events.demo.data.organizations import Academy
from events.demo.data.topics import Group
from events.demo.plan import SEED
from events.vocabulary import Field, RegistrationRole, RegistrationStatus, RequestStatus


@dataclass(slots=True)
class Enterprise:
    id: int
    name: str
    field: Field
    district: str
    business: str
    contact_id: int
    demand_ids: list[int] = dataclasses.field(default_factory=list)


@dataclass(slots=True)
class AcademyRecord:
    id: int
    spec: Academy


@dataclass(slots=True)
class Body:
    """An investor or a government body, with the people who come to fairs on its behalf."""

    id: int
    name: str
    person_ids: list[int]


@dataclass(slots=True)
class Team:
    """A research team (not a table of its own: its university plus a team name and a lead)."""

    academy: AcademyRecord
    name: str
    field: Field
    group: Group
    lead_id: int
    achievement_ids: list[int] = dataclasses.field(default_factory=list)


@dataclass(slots=True)
class Achievement:
    id: int
    team: Team
    title: str
    topic: str  # the Chinese core of its topic (see events.demo.data.topics)
    fields: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(slots=True)
class Demand:
    id: int
    enterprise: Enterprise
    title: str
    field: Field
    keywords: tuple[str, ...]
    answers: tuple[str, ...]  # topics whose achievements answer it


@dataclass(slots=True)
class Fair:
    id: int
    spec: FairSpec
    slot_ids: list[int]  # in time order
    table_ids: list[int]  # in code order


@dataclass(slots=True)
class Participant:
    """A registration of an enterprise, team, investor or guest at one fair."""

    id: int
    fair: Fair
    role: RegistrationRole
    status: RegistrationStatus
    person_id: int
    portal_token: str
    decided_at: datetime | None
    unavailable_slot_ids: list[int]
    max_meetings: int | None
    enterprise: Enterprise | None = None
    team: Team | None = None
    achievement_ids: list[int] = dataclasses.field(default_factory=list)  # presented at this fair
    demand_ids: list[int] = dataclasses.field(default_factory=list)  # brought to this fair


@dataclass(slots=True)
class Request:
    id: int
    fair: Fair
    requester: Participant
    recipient: Participant
    priority: int
    status: RequestStatus


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """A published meeting: its request, slot and table, and the registrations that meet there."""

    id: int
    request_id: int
    slot_id: int
    table_id: int
    registration_ids: tuple[int, ...]


@dataclass(slots=True)
class DemoContext:
    progress: Callable[[str], None]
    organizer_id: int = 0
    staff_id: int = 0
    volunteer_ids: list[int] = dataclasses.field(default_factory=list)
    enterprises: list[Enterprise] = dataclasses.field(default_factory=list)
    academies: list[AcademyRecord] = dataclasses.field(default_factory=list)
    investors: list[Body] = dataclasses.field(default_factory=list)
    government: list[Body] = dataclasses.field(default_factory=list)
    teams: list[Team] = dataclasses.field(default_factory=list)
    achievements: list[Achievement] = dataclasses.field(default_factory=list)
    demands: list[Demand] = dataclasses.field(default_factory=list)
    fairs: list[Fair] = dataclasses.field(default_factory=list)
    participants: list[Participant] = dataclasses.field(default_factory=list)
    requests: list[Request] = dataclasses.field(default_factory=list)
    meetings: dict[int, list[MeetingRecord]] = dataclasses.field(default_factory=dict)  # by fair id
    held: dict[int, list[MeetingRecord]] = dataclasses.field(default_factory=dict)  # held meetings, by fair id
    tickets: dict[int, str] = dataclasses.field(default_factory=dict)  # registration id -> live ticket token
    ticket_ids: dict[int, int] = dataclasses.field(default_factory=dict)  # registration id -> live ticket id
    # registration id -> (id, revoked at) of the ticket that was replaced by the live one
    revoked_tickets: dict[int, tuple[int, datetime]] = dataclasses.field(default_factory=dict)

    def rng(self, step: str) -> random.Random:
        """A generator for one step, seeded from the demo seed and the step's name.

        Each step draws from its own stream, so a step appended later does not change what earlier steps make.
        """
        return random.Random(f"{SEED}/{step}")  # noqa: S311 - reproducible demo data, not secrets

    def participants_of(self, fair: Fair, role: RegistrationRole | None = None) -> list[Participant]:
        return [p for p in self.participants if p.fair is fair and (role is None or p.role is role)]

    def organization_id(self, name: str) -> int:
        """The id of a university, institute, investor or government body by its name."""
        for academy in self.academies:
            if academy.spec.name == name:
                return academy.id
        for body in [*self.investors, *self.government]:
            if body.name == name:
                return body.id
        raise KeyError(name)

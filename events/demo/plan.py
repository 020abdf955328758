"""The numbers the demo promises (the tests assert exactly these) and its fixed seed and credentials."""

from __future__ import annotations

from datetime import datetime

from events.demo.data.fairs import DISTRICT_FAIR, SHANGHAI, UNIVERSITY_FAIR
from events.vocabulary import Field, RegistrationRole, RegistrationStatus

SEED = "transfer-fair-demo-2026"

# The moment the demo data describes: every generated timestamp lies before it.
AS_OF = datetime(2026, 11, 26, 18, 0, tzinfo=SHANGHAI)

ORGANIZER = ("organizer", "demo-organizer-2026")
ORGANIZER_DISPLAY_NAME = "江城市科技局 李敏"
STAFF = ("staff", "demo-staff-2026")
STAFF_DISPLAY_NAME = "会务组 王磊"

ENTERPRISES_PER_FIELD: dict[Field, int] = {
    Field.INTELLIGENT_MANUFACTURING: 60,
    Field.NEW_ENERGY_VEHICLES: 40,
    Field.BIOMEDICINE: 35,
    Field.NEW_MATERIALS: 40,
    Field.ELECTRONIC_INFORMATION: 40,
    Field.ARTIFICIAL_INTELLIGENCE: 25,
    Field.NEW_ENERGY: 20,
    Field.ENERGY_CONSERVATION: 20,
    Field.MODERN_AGRICULTURE: 12,
    Field.AEROSPACE: 8,
}
TEAMS_PER_FIELD: dict[Field, int] = {
    Field.INTELLIGENT_MANUFACTURING: 18,
    Field.NEW_ENERGY_VEHICLES: 15,
    Field.BIOMEDICINE: 16,
    Field.NEW_MATERIALS: 16,
    Field.ELECTRONIC_INFORMATION: 15,
    Field.ARTIFICIAL_INTELLIGENCE: 12,
    Field.NEW_ENERGY: 10,
    Field.ENERGY_CONSERVATION: 8,
    Field.MODERN_AGRICULTURE: 6,
    Field.AEROSPACE: 4,
}
ACHIEVEMENTS_PER_TEAM = 5
DEMANDS_PER_FIELD: dict[Field, int] = {
    Field.INTELLIGENT_MANUFACTURING: 25,
    Field.NEW_ENERGY_VEHICLES: 20,
    Field.BIOMEDICINE: 18,
    Field.NEW_MATERIALS: 20,
    Field.ELECTRONIC_INFORMATION: 18,
    Field.ARTIFICIAL_INTELLIGENCE: 14,
    Field.NEW_ENERGY: 12,
    Field.ENERGY_CONSERVATION: 10,
    Field.MODERN_AGRICULTURE: 8,
    Field.AEROSPACE: 5,
}

ENTERPRISES = sum(ENTERPRISES_PER_FIELD.values())  # 300
TEAMS = sum(TEAMS_PER_FIELD.values())  # 120
ACHIEVEMENTS = TEAMS * ACHIEVEMENTS_PER_TEAM  # 600
DEMANDS = sum(DEMANDS_PER_FIELD.values())  # 150
UNIVERSITIES = 6
INSTITUTES = 2
INVESTORS = 4
GOVERNMENT_BODIES = 2
GOVERNMENT_PEOPLE_EACH = 3

_A = RegistrationStatus.APPROVED
_P = RegistrationStatus.PENDING
_W = RegistrationStatus.WAITLISTED
_R = RegistrationStatus.REJECTED
_ENTERPRISE = RegistrationRole.ENTERPRISE
_TEAM = RegistrationRole.TEAM

# Registrations per fair, role and status.
REGISTRATIONS: dict[str, dict[RegistrationRole, dict[RegistrationStatus, int]]] = {
    UNIVERSITY_FAIR.slug: {
        _ENTERPRISE: {_A: 170, _P: 7, _W: 5, _R: 3},
        _TEAM: {_A: 48, _P: 2, _W: 1, _R: 1},
        RegistrationRole.INVESTOR: {_A: 4},
        RegistrationRole.GUEST: {_A: 3},
    },
    DISTRICT_FAIR.slug: {
        _ENTERPRISE: {_A: 115, _P: 20, _R: 5},
        _TEAM: {_A: 56, _P: 8},
        RegistrationRole.INVESTOR: {_A: 3},
        RegistrationRole.GUEST: {_A: 3},
    },
}

# Meeting requests per fair: enterprises asking teams about achievements, and teams answering demands.
ENTERPRISE_REQUESTS: dict[str, int] = {UNIVERSITY_FAIR.slug: 1300, DISTRICT_FAIR.slug: 860}
TEAM_REQUESTS: dict[str, int] = {UNIVERSITY_FAIR.slug: 0, DISTRICT_FAIR.slug: 40}
# Each approved investor asks this many teams.
INVESTOR_REQUESTS_EACH = 4
# The enterprise whose personal link the demo prints asks for this many meetings at each fair.
SHOWCASE_REQUESTS: dict[str, int] = {UNIVERSITY_FAIR.slug: 12, DISTRICT_FAIR.slug: 8}

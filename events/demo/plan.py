"""The numbers the demo promises (the tests assert exactly these) and its fixed seed and credentials."""

from __future__ import annotations

from datetime import datetime

from events.demo.data.fairs import DISTRICT_FAIR, FINISHED_FAIR, SHANGHAI, UNIVERSITY_FAIR
from events.vocabulary import DealStage, Field, RegistrationRole, RegistrationStatus, TransferMode

SEED = "transfer-fair-demo-2026"

# The moment the demo data describes: every generated timestamp lies before it.
AS_OF = datetime(2026, 11, 26, 18, 0, tzinfo=SHANGHAI)

ORGANIZER = ("organizer", "demo-organizer-2026")
ORGANIZER_DISPLAY_NAME = "江城市科技局 李敏"
STAFF = ("staff", "demo-staff-2026")
STAFF_DISPLAY_NAME = "会务组 王磊"
# Staff who scanned tickets at the finished fair's gates besides the demo staff user (no password is printed:
# they appear in the check-ins and the audit log).
VOLUNTEERS: tuple[tuple[str, str], ...] = (("volunteer-zhao", "志愿者 赵晨"), ("volunteer-sun", "志愿者 孙悦"))

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
    FINISHED_FAIR.slug: {
        _ENTERPRISE: {_A: 96, _W: 4, _R: 3},
        _TEAM: {_A: 36, _R: 1},
        RegistrationRole.INVESTOR: {_A: 3},
        RegistrationRole.GUEST: {_A: 3},
    },
}

# Meeting requests per fair: enterprises asking teams about achievements, and teams answering demands.
ENTERPRISE_REQUESTS: dict[str, int] = {UNIVERSITY_FAIR.slug: 1300, DISTRICT_FAIR.slug: 860, FINISHED_FAIR.slug: 480}
TEAM_REQUESTS: dict[str, int] = {UNIVERSITY_FAIR.slug: 0, DISTRICT_FAIR.slug: 40, FINISHED_FAIR.slug: 30}
# Each approved investor asks this many teams.
INVESTOR_REQUESTS_EACH = 4
# The enterprise whose personal link the demo prints asks for this many meetings at each fair.
SHOWCASE_REQUESTS: dict[str, int] = {UNIVERSITY_FAIR.slug: 12, DISTRICT_FAIR.slug: 8, FINISHED_FAIR.slug: 6}

# The finished fair (see events.demo.steps.finished, tickets, checkins and deals).
# Participants whose ticket was re-issued before the fair; each scanned the old code at the gate first.
REISSUED_TICKETS = 3
# Approved participants who came to the fair (checked in at a gate), per role.
ARRIVED: dict[RegistrationRole, int] = {
    _ENTERPRISE: 89,
    _TEAM: 35,
    RegistrationRole.INVESTOR: 3,
    RegistrationRole.GUEST: 2,
}
# Refused scans at the gates besides the re-issued tickets: codes never issued, barcodes that are no ticket.
UNKNOWN_TICKET_SCANS = 2
MALFORMED_SCANS = 1
# People checked in on the first day whose ticket was scanned again when they came back on the second.
SCANNED_AGAIN = 6
# Table scans refused because the person had no meeting at that table (they went to the wrong one first).
WRONG_TABLE_SCANS = 2
# Deals that came out of the finished fair's held meetings, by the stage they have reached and by contract type.
DEALS: dict[DealStage, int] = {
    DealStage.INTENT: 8,
    DealStage.NEGOTIATING: 9,
    DealStage.SIGNED: 7,
    DealStage.LANDED: 5,
    DealStage.DROPPED: 4,
}
DEAL_TYPES: dict[TransferMode, int] = {
    TransferMode.DEVELOPMENT: 10,
    TransferMode.ASSIGNMENT: 6,
    TransferMode.LICENCE: 6,
    TransferMode.EQUITY: 3,
    TransferMode.CONSULTING: 4,
    TransferMode.SERVICE: 4,
}

"""The fixed vocabulary of technology transfer, with Chinese and English labels.

Enum values are stable machine values (stored in the database, used in the API and in imports); labels are
what people read. Imports accept the value, the Chinese label or the English label (see :func:`parse`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar


class Labelled(StrEnum):
    """A StrEnum whose members carry a Chinese and an English label."""

    @property
    def zh(self) -> str:
        return LABELS[type(self).__name__][self.value][0]

    @property
    def en(self) -> str:
        return LABELS[type(self).__name__][self.value][1]

    def label(self, locale: str = "zh") -> str:
        return self.en if locale.startswith("en") else self.zh


class Field(Labelled):
    """Technology fields (技术领域) used to classify achievements and demands."""

    INTELLIGENT_MANUFACTURING = "intelligent_manufacturing"
    NEW_ENERGY_VEHICLES = "new_energy_vehicles"
    BIOMEDICINE = "biomedicine"
    NEW_MATERIALS = "new_materials"
    ELECTRONIC_INFORMATION = "electronic_information"
    ARTIFICIAL_INTELLIGENCE = "artificial_intelligence"
    NEW_ENERGY = "new_energy"
    ENERGY_CONSERVATION = "energy_conservation"
    MODERN_AGRICULTURE = "modern_agriculture"
    AEROSPACE = "aerospace"


class Maturity(Labelled):
    """How far an achievement is from the market (成熟度)."""

    LABORATORY = "laboratory"
    BENCH_SCALE = "bench_scale"
    PILOT = "pilot"
    SMALL_BATCH = "small_batch"
    INDUSTRIALIZED = "industrialized"


class TransferMode(Labelled):
    """Ways an achievement changes hands; also the contract types of a deal (合同类型)."""

    DEVELOPMENT = "development"
    ASSIGNMENT = "assignment"
    LICENCE = "licence"
    EQUITY = "equity"
    CONSULTING = "consulting"
    SERVICE = "service"


class LicenceTerms(Labelled):
    """Licence terms (许可方式), including 先使用后付费 for small firms."""

    EXCLUSIVE = "exclusive"
    SOLE = "sole"
    NON_EXCLUSIVE = "non_exclusive"
    USE_FIRST_PAY_LATER = "use_first_pay_later"


class DealStage(Labelled):
    """Where a deal stands: intent → negotiating → signed → landed, or dropped."""

    INTENT = "intent"
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    LANDED = "landed"
    DROPPED = "dropped"


class IPType(Labelled):
    """Kinds of intellectual property (知识产权类型)."""

    INVENTION_PATENT = "invention_patent"
    UTILITY_MODEL = "utility_model"
    DESIGN_PATENT = "design_patent"
    SOFTWARE_COPYRIGHT = "software_copyright"
    IC_LAYOUT = "ic_layout"
    KNOW_HOW = "know_how"
    NEW_PLANT_VARIETY = "new_plant_variety"


class OrganizationKind(Labelled):
    ENTERPRISE = "enterprise"
    UNIVERSITY = "university"
    INSTITUTE = "institute"
    INVESTOR = "investor"
    GOVERNMENT = "government"
    OTHER = "other"


class EventFormat(Labelled):
    """The two recurring fair formats."""

    ENTERPRISES_INTO_UNIVERSITIES = "enterprises_into_universities"
    ACHIEVEMENTS_INTO_DISTRICTS = "achievements_into_districts"


class EventStatus(Labelled):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    SCHEDULED = "scheduled"
    RUNNING = "running"
    FINISHED = "finished"


class RegistrationRole(Labelled):
    ENTERPRISE = "enterprise"
    TEAM = "team"
    INVESTOR = "investor"
    GUEST = "guest"


class RegistrationStatus(Labelled):
    PENDING = "pending"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class RequestStatus(Labelled):
    """A meeting request's life: pending → accepted/declined/expired, or withdrawn by its sender."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


class MeetingStatus(Labelled):
    SCHEDULED = "scheduled"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class UserRole(Labelled):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    STAFF = "staff"


class EnquiryStatus(Labelled):
    """An online enquiry (线上咨询): open → answered, or turned into a meeting request, or closed."""

    OPEN = "open"
    ANSWERED = "answered"
    MEETING_REQUESTED = "meeting_requested"
    CLOSED = "closed"


class ImportKind(Labelled):
    """The lists organizers import from Excel, CSV or JSON Lines (and export to Excel)."""

    ORGANIZATIONS = "organizations"
    PEOPLE = "people"
    ACHIEVEMENTS = "achievements"
    DEMANDS = "demands"
    REGISTRATIONS = "registrations"


LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "Field": {
        "intelligent_manufacturing": ("智能制造", "Intelligent manufacturing"),
        "new_energy_vehicles": ("新能源汽车", "New energy vehicles"),
        "biomedicine": ("生物医药", "Biomedicine"),
        "new_materials": ("新材料", "New materials"),
        "electronic_information": ("电子信息", "Electronic information"),
        "artificial_intelligence": ("人工智能", "Artificial intelligence"),
        "new_energy": ("新能源", "New energy"),
        "energy_conservation": ("节能环保", "Energy conservation & environment"),
        "modern_agriculture": ("现代农业", "Modern agriculture"),
        "aerospace": ("航空航天", "Aerospace"),
    },
    "Maturity": {
        "laboratory": ("实验室阶段", "Laboratory"),
        "bench_scale": ("小试阶段", "Bench scale"),
        "pilot": ("中试阶段", "Pilot"),
        "small_batch": ("小批量生产", "Small-batch production"),
        "industrialized": ("产业化", "Industrialized"),
    },
    "TransferMode": {
        "development": ("技术开发", "Development"),
        "assignment": ("技术转让", "Assignment"),
        "licence": ("技术许可", "Licence"),
        "equity": ("作价入股", "Equity contribution"),
        "consulting": ("技术咨询", "Consulting"),
        "service": ("技术服务", "Service"),
    },
    "LicenceTerms": {
        "exclusive": ("独占许可", "Exclusive licence"),
        "sole": ("排他许可", "Sole licence"),
        "non_exclusive": ("普通许可", "Non-exclusive licence"),
        "use_first_pay_later": ("先使用后付费", "Use first, pay later"),
    },
    "DealStage": {
        "intent": ("意向", "Intent"),
        "negotiating": ("洽谈中", "Negotiating"),
        "signed": ("已签约", "Signed"),
        "landed": ("已落地", "Landed"),
        "dropped": ("已终止", "Dropped"),
    },
    "IPType": {
        "invention_patent": ("发明专利", "Invention patent"),
        "utility_model": ("实用新型专利", "Utility model"),
        "design_patent": ("外观设计专利", "Design patent"),
        "software_copyright": ("软件著作权", "Software copyright"),
        "ic_layout": ("集成电路布图设计", "IC layout design"),
        "know_how": ("技术秘密", "Know-how"),
        "new_plant_variety": ("植物新品种", "New plant variety"),
    },
    "OrganizationKind": {
        "enterprise": ("企业", "Enterprise"),
        "university": ("高校", "University"),
        "institute": ("科研院所", "Research institute"),
        "investor": ("投资机构", "Investor"),
        "government": ("政府部门", "Government"),
        "other": ("其他", "Other"),
    },
    "EventFormat": {
        "enterprises_into_universities": ("科技企业进高校", "Enterprises into universities"),
        "achievements_into_districts": ("科技成果进区县", "Achievements into districts"),
    },
    "EventStatus": {
        "draft": ("草稿", "Draft"),
        "open": ("报名中", "Registration open"),
        "closed": ("报名截止", "Registration closed"),
        "scheduled": ("已排程", "Scheduled"),
        "running": ("进行中", "Running"),
        "finished": ("已结束", "Finished"),
    },
    "RegistrationRole": {
        "enterprise": ("企业", "Enterprise"),
        "team": ("科研团队", "Research team"),
        "investor": ("投资机构", "Investor"),
        "guest": ("嘉宾", "Guest"),
    },
    "RegistrationStatus": {
        "pending": ("待审核", "Pending"),
        "approved": ("已通过", "Approved"),
        "waitlisted": ("候补", "Wait-listed"),
        "rejected": ("未通过", "Rejected"),
        "cancelled": ("已取消", "Cancelled"),
    },
    "RequestStatus": {
        "pending": ("待回复", "Pending"),
        "accepted": ("已接受", "Accepted"),
        "declined": ("已拒绝", "Declined"),
        "expired": ("已过期", "Expired"),
        "withdrawn": ("已撤回", "Withdrawn"),
    },
    "MeetingStatus": {
        "scheduled": ("已安排", "Scheduled"),
        "held": ("已洽谈", "Held"),
        "no_show": ("未到场", "No-show"),
        "cancelled": ("已取消", "Cancelled"),
    },
    "UserRole": {
        "admin": ("管理员", "Administrator"),
        "organizer": ("主办方", "Organizer"),
        "staff": ("工作人员", "Staff"),
    },
    "EnquiryStatus": {
        "open": ("待回复", "Awaiting answer"),
        "answered": ("已回复", "Answered"),
        "meeting_requested": ("已申请洽谈", "Meeting requested"),
        "closed": ("已关闭", "Closed"),
    },
    "ImportKind": {
        "organizations": ("机构", "Organizations"),
        "people": ("人员", "People"),
        "achievements": ("科技成果", "Achievements"),
        "demands": ("技术需求", "Demands"),
        "registrations": ("报名", "Registrations"),
    },
}

E = TypeVar("E", bound=Labelled)


def parse(enum: type[E], text: str) -> E:
    """Read an enum member from its value, Chinese label or English label (case-insensitive).

    Raises ``ValueError`` naming the allowed values when nothing matches.
    """
    wanted = text.strip()
    folded = wanted.casefold()
    for member in enum:
        if folded in (member.value, member.zh.casefold(), member.en.casefold()):
            return member
    allowed = ", ".join(f"{m.value} ({m.zh})" for m in enum)
    raise ValueError(f"'{wanted}' is not one of: {allowed}")


def choices(enum: type[Labelled], locale: str = "zh") -> list[tuple[str, str]]:
    """(value, label) pairs for a select box."""
    return [(m.value, m.label(locale)) for m in enum]

"""The demo fairs: two coming up (one 科技企业进高校 on a university campus, one 科技成果进区县 in the high-tech
zone) and one that took place in October (科技成果进区县 in the economic development zone), with its gates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from events.vocabulary import EventFormat, EventStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Both fairs: two days, a morning and an afternoon session, 20-minute slots with 10-minute changeovers:
# 09:00, 09:30, 10:00, 10:30 and 14:00, 14:30, 15:00, 15:30, so 8 slots a day and 16 in all.
SESSIONS: tuple[tuple[time, time], ...] = ((time(9, 0), time(11, 0)), (time(14, 0), time(16, 0)))
SLOT_MINUTES = 20
BREAK_MINUTES = 10


@dataclass(frozen=True, slots=True)
class FairSpec:
    slug: str
    title: str
    title_en: str
    format: EventFormat
    status: EventStatus
    starts_on: date
    ends_on: date
    venue: str
    venue_en: str
    address: str
    district: str
    host: str  # organization name
    opens_at: datetime
    closes_at: datetime
    capacities: dict[str, int]
    max_requests: int
    max_meetings: int
    areas: tuple[tuple[str, int], ...]  # (area name, number of tables), in table order
    teams_host_tables: bool  # each team hosts its meetings at its own table; otherwise tables are pooled
    guests: tuple[tuple[int, int], ...]  # invited officials: (government body, person) indexes into GOVERNMENT
    description: str
    request_expiry_hours: int | None = None  # unanswered meeting requests expire this long after they were sent


def _at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


UNIVERSITY_FAIR = FairSpec(
    slug="jcut-enterprises-2026",
    title="2026年江城理工大学科技企业进高校成果对接会",
    title_en="Enterprises into Universities 2026: Jiangcheng University of Technology",
    format=EventFormat.ENTERPRISES_INTO_UNIVERSITIES,
    status=EventStatus.CLOSED,
    starts_on=date(2026, 12, 10),
    ends_on=date(2026, 12, 11),
    venue="江城理工大学南湖校区学术交流中心",
    venue_en="Academic Exchange Centre, Nanhu Campus, Jiangcheng University of Technology",
    address="江城市江南区学府路88号",
    district="江南区",
    host="江城理工大学",
    opens_at=_at(2026, 10, 19, 9),
    closes_at=_at(2026, 11, 25, 18),
    capacities={"enterprise": 170, "team": 48, "investor": 10, "guest": 20},
    max_requests=15,
    max_meetings=12,
    areas=(("A区", 12), ("B区", 12), ("C区", 12), ("D区", 12)),  # teams sit by field, in field order
    teams_host_tables=True,
    guests=((0, 0), (0, 1), (1, 0)),
    description=(
        "由江城市科学技术局与江城理工大学联合主办。48个科研团队在各自展台展示最新科技成果，"
        "报名企业可提前浏览成果、预约一对一洽谈，系统根据双方意愿统一排定洽谈时间。\n\n"
        "12月10日上午举行开幕式及重点成果发布，10日下午至11日全天为一对一对接洽谈。"
        "现场设成果转化政策咨询台和知识产权服务台。"
    ),
)

DISTRICT_FAIR = FairSpec(
    slug="gaoxin-achievements-2026",
    title="2026年科技成果进区县（高新区专场）对接会",
    title_en="Achievements into Districts 2026: High-tech Zone",
    format=EventFormat.ACHIEVEMENTS_INTO_DISTRICTS,
    status=EventStatus.OPEN,
    starts_on=date(2026, 12, 17),
    ends_on=date(2026, 12, 18),
    venue="江城高新区科技创新中心会展厅",
    venue_en="Exhibition Hall, Jiangcheng High-tech Zone Innovation Centre",
    address="江城市高新区科创大道1号",
    district="高新区",
    host="江城高新技术产业开发区管理委员会",
    opens_at=_at(2026, 11, 9, 9),
    closes_at=_at(2026, 12, 9, 18),
    capacities={"enterprise": 160, "team": 70, "investor": 10, "guest": 20},
    max_requests=12,
    max_meetings=10,
    areas=(("洽谈区一", 20), ("洽谈区二", 20)),
    teams_host_tables=False,
    guests=((1, 1), (1, 2), (0, 2)),
    description=(
        "江城市科学技术局与高新区管委会共同举办。全市8所高校院所的科研团队带着成果走进高新区，"
        "与区内企业围绕企业发布的技术需求面对面洽谈。\n\n"
        "洽谈桌统一安排，报名截止后按双方预约意向排定每场洽谈的时间和桌号。"
        "有技术需求的企业请在报名时一并提交需求，便于团队提前准备。"
    ),
)

FINISHED_FAIR = FairSpec(
    slug="jingkai-achievements-2026",
    title="2026年科技成果进区县（经开区专场）对接会",
    title_en="Achievements into Districts 2026: Economic Development Zone",
    format=EventFormat.ACHIEVEMENTS_INTO_DISTRICTS,
    status=EventStatus.FINISHED,
    starts_on=date(2026, 10, 15),
    ends_on=date(2026, 10, 16),
    venue="江城经开区创新创业服务中心多功能厅",
    venue_en="Multi-purpose Hall, Jiangcheng Economic Development Zone Innovation Service Centre",
    address="江城市经开区经开大道168号",
    district="经开区",
    host="江城市科学技术局",
    opens_at=_at(2026, 8, 31, 9),
    closes_at=_at(2026, 10, 9, 18),
    capacities={"enterprise": 100, "team": 40, "investor": 10, "guest": 20},
    max_requests=10,
    max_meetings=8,
    areas=(("洽谈区", 18),),
    teams_host_tables=False,
    guests=((0, 0), (0, 1), (0, 2)),
    description=(
        "江城市科学技术局在经开区举办的科技成果进区县专场。全市高校院所的科研团队围绕经开区汽车零部件、"
        "智能装备和新材料企业的技术需求带来成果，双方按预约一对一洽谈。\n\n"
        "10月15日上午举行开幕式和成果路演，15日至16日为一对一洽谈。会后由市技术市场跟踪服务达成意向的项目。"
    ),
    request_expiry_hours=96,
)

# The fairs the ``fairs`` step creates (those still to come); the finished fair has steps of its own.
FAIRS: tuple[FairSpec, ...] = (UNIVERSITY_FAIR, DISTRICT_FAIR)
# Every demo fair, in the order the demo lists them.
ALL_FAIRS: tuple[FairSpec, ...] = (*FAIRS, FINISHED_FAIR)

# The finished fair's gates: where the staff scanned tickets as people arrived.
GATES: tuple[str, ...] = ("东门", "南门", "西门")

"""The transfer funnel and the numbers a bureau reports, computed by SQL aggregates on either database.

Funnel: registrations → meeting requests → scheduled meetings → held meetings → deals by stage. Bureau
numbers: 对接项目数 (matchmaking meetings held), 签约项目数 (deals signed, landed ones included), 落地项目数
(deals landed) and 合同金额 (the amounts of the signed deals), broken down by fair, district, university,
field and contract type, and over time.

What a date range covers: each number counts what happened inside it, by its own date.

- registrations and meeting requests: the day they were made;
- meetings: the day of their slot;
- deals by stage: deals whose current stage was reached inside the range (its ``<stage>_on`` date);
- signed (签约) and 合同金额: signed or landed deals whose ``signed_on`` is inside; landed (落地) and the
  landed amount: landed deals whose ``landed_on`` is inside.

Dimensions: the district is the enterprise's (where the technology lands); the university is the team's
organization; the field is the achievement's (for meetings, the requested achievement's, else the demand's).
For meetings and requests, the team side is the party registered as a team. Registrations filtered by
district or university use the participant's organization, and by field the achievements and demands they
bring to the fair.

Amounts are whole fen summed by the database as integers: exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Final

from events.errors import DomainError
from events.fairs import zone
from events.i18n import get_locale
from events.i18n import gettext as _
from events.tables import Deal, Event, Organization
from events.vocabulary import DealStage, Field, Labelled, TransferMode

DIMENSIONS: Final = ("event", "district", "university", "field", "contract_type")
MEETING_DIMENSIONS: Final = ("event", "district", "university", "field")
DAY_UNIT_MAX_DAYS = 62


@dataclass(frozen=True, slots=True)
class ReportFilter:
    event_id: int | None = None
    on_from: date | None = None
    on_to: date | None = None
    district: str | None = None
    university_id: int | None = None
    field: Field | None = None
    time_zone: str = "Asia/Shanghai"  # the days of a date range begin at midnight here


def report_filter(
    *,
    default_time_zone: str,
    event_id: int | None = None,
    on_from: date | None = None,
    on_to: date | None = None,
    district: str | None = None,
    university_id: int | None = None,
    field: Field | None = None,
    time_zone: str | None = None,
) -> ReportFilter:
    """The filter a report is asked for: an empty district means any district, and the days begin at midnight
    in ``time_zone`` (a fair's) or else ``default_time_zone``; a range whose 'to' is before its 'from' is refused."""
    if on_from is not None and on_to is not None and on_to < on_from:
        raise DomainError("invalid_range", f"'to' ({on_to}) is before 'from' ({on_from})", field="to")
    return ReportFilter(
        event_id=event_id,
        on_from=on_from,
        on_to=on_to,
        district=district or None,
        university_id=university_id,
        field=field,
        time_zone=time_zone or default_time_zone,
    )


@dataclass(frozen=True, slots=True)
class Figures:
    """One bucket's numbers: 对接项目数 = held, 签约项目数 = signed, 落地项目数 = landed, 合同金额 = signed_fen."""

    held: int = 0
    deals: int = 0
    signed: int = 0
    signed_fen: int = 0
    landed: int = 0
    landed_fen: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(
            held=self.held + other.held,
            deals=self.deals + other.deals,
            signed=self.signed + other.signed,
            signed_fen=self.signed_fen + other.signed_fen,
            landed=self.landed + other.landed,
            landed_fen=self.landed_fen + other.landed_fen,
        )


@dataclass(frozen=True, slots=True)
class Funnel:
    registrations: int
    approved_registrations: int
    meeting_requests: int
    accepted_requests: int
    scheduled: int  # meetings that were not cancelled
    held: int
    deals: dict[DealStage, int]  # by current stage


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """``key`` is the machine value (an id, a district, an enum value; '' when unknown); ``name`` a stored name."""

    key: str
    name: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    period: str  # YYYY-MM-DD or YYYY-MM
    signed: int = 0
    signed_fen: int = 0
    landed: int = 0
    landed_fen: int = 0


@dataclass(frozen=True, slots=True)
class FunnelReport:
    filters: ReportFilter
    funnel: Funnel
    totals: Figures
    breakdowns: dict[str, list[BreakdownRow]]
    timeline_unit: str  # day or month
    timeline: list[TimelinePoint] = field(default_factory=list)


# --- SQL building -------------------------------------------------------------------------------------


class _Query:
    """SQL text with Piccolo's ``{}`` placeholders, and its arguments in order.

    Report SQL is assembled from this module's constants (column names, joins, key expressions); every value
    that comes from a request (ids, districts, fields, dates) is a bound argument, never part of the text.
    """

    def __init__(self) -> None:
        self.args: list[Any] = []

    def arg(self, value: Any) -> str:
        self.args.append(value)
        return "{}"

    def in_range(self, expression: str, lower: Any, upper_exclusive: Any) -> str:
        parts = []
        if lower is not None:
            parts.append(f"{expression} >= {self.arg(lower)}")
        if upper_exclusive is not None:
            parts.append(f"{expression} < {self.arg(upper_exclusive)}")
        return " AND ".join(parts) if parts else "1 = 1"


def _day_bounds(filters: ReportFilter) -> tuple[date | None, date | None]:
    """[from, to + 1 day): the date columns' range."""
    upper = filters.on_to + timedelta(days=1) if filters.on_to is not None else None
    return filters.on_from, upper


def _moment_bounds(filters: ReportFilter) -> tuple[datetime | None, datetime | None]:
    """The same range as instants: midnight to midnight in the report's time zone."""
    tz = zone(filters.time_zone)
    lower = datetime.combine(filters.on_from, time(0), tzinfo=tz) if filters.on_from is not None else None
    upper = (
        datetime.combine(filters.on_to + timedelta(days=1), time(0), tzinfo=tz) if filters.on_to is not None else None
    )
    return lower, upper


STAGE_ON = (
    "CASE d.stage WHEN 'intent' THEN d.intent_on WHEN 'negotiating' THEN d.negotiating_on "
    "WHEN 'signed' THEN d.signed_on WHEN 'landed' THEN d.landed_on ELSE d.dropped_on END"
)
DEAL_JOINS: Final = {
    "ent": "JOIN organization ent ON ent.id = d.enterprise",
    "ach": "LEFT JOIN achievement ach ON ach.id = d.achievement",
}
# What each group of deals is keyed by, and the joins the key needs.
# What each group of deals is keyed by (the expression shown), what it is grouped by (columns, so that SQLite
# walks the covering indexes of migration events_2026_11_26t21_45_00_000000 in order instead of sorting), and
# the joins it needs.
DEAL_KEYS: Final = {
    # stage, contract type and fair together (a few hundred groups at most), split apart in Python: one pass
    # over the deals instead of three
    "stage_type_event": (
        "d.stage || '|' || d.contract_type || '|' || COALESCE(CAST(d.event AS TEXT), '')",
        "d.stage, d.contract_type, d.event",
        (),
    ),
    "university": ("d.team_organization", "d.team_organization", ()),
    # the enterprise's district and the achievement's field together (a hundred groups or so), split in Python
    "district_field": ("ent.district || '|' || COALESCE(ach.field, '')", "ent.district, ach.field", ("ent", "ach")),
}
DAY_GROUPS: Final = {"signed_on": "d.stage IN ('signed', 'landed')", "landed_on": "d.stage = 'landed'"}


def _joins(available: dict[str, str], needed: Iterable[str]) -> str:
    wanted = set(needed)
    return " ".join(sql for name, sql in available.items() if name in wanted)


def _deal_filter_joins(filters: ReportFilter) -> tuple[str, ...]:
    return (*(("ent",) if filters.district else ()), *(("ach",) if filters.field is not None else ()))


def _deal_where(query: _Query, filters: ReportFilter) -> str:
    conditions = ["1 = 1"]
    if filters.event_id is not None:
        conditions.append(f"d.event = {query.arg(filters.event_id)}")
    if filters.district:
        conditions.append(f"ent.district = {query.arg(filters.district)}")
    if filters.university_id is not None:
        conditions.append(f"d.team_organization = {query.arg(filters.university_id)}")
    if filters.field is not None:
        conditions.append(f"ach.field = {query.arg(filters.field.value)}")
    return " AND ".join(conditions)


def _deal_group_sql(query: _Query, filters: ReportFilter, name: str) -> str:
    """One GROUP BY over the deal table (with only the joins it needs) giving every figure per key."""
    key, grouping, key_joins = DEAL_KEYS[name]
    lower, upper = _day_bounds(filters)
    signed_stage, landed_stage = "d.stage IN ('signed', 'landed')", "d.stage = 'landed'"
    if lower is None and upper is None:  # every deal counts: no per-row date tests
        dated, signed, landed = "1 = 1", signed_stage, landed_stage
        signed_fen, landed_fen = signed, landed
    else:
        dated = query.in_range(f"({STAGE_ON})", lower, upper)
        signed = f"{signed_stage} AND {query.in_range('d.signed_on', lower, upper)}"
        signed_fen = f"{signed_stage} AND {query.in_range('d.signed_on', lower, upper)}"
        landed = f"{landed_stage} AND {query.in_range('d.landed_on', lower, upper)}"
        landed_fen = f"{landed_stage} AND {query.in_range('d.landed_on', lower, upper)}"
    deals = "COUNT(*)" if dated == "1 = 1" else f"SUM(CASE WHEN {dated} THEN 1 ELSE 0 END)"
    joins = _joins(DEAL_JOINS, (*key_joins, *_deal_filter_joins(filters)))
    where = _deal_where(query, filters)
    return (
        f"SELECT '{name}' AS dim, CAST({key} AS TEXT) AS key, {deals} AS deals, "  # noqa: S608 - see _Query
        f"SUM(CASE WHEN {signed} THEN 1 ELSE 0 END) AS signed, "
        f"SUM(CASE WHEN {signed_fen} THEN d.amount_fen ELSE 0 END) AS signed_fen, "
        f"SUM(CASE WHEN {landed} THEN 1 ELSE 0 END) AS landed, "
        f"SUM(CASE WHEN {landed_fen} THEN d.amount_fen ELSE 0 END) AS landed_fen "
        f"FROM deal d {joins} WHERE {where} GROUP BY {grouping}"
    )


def _deal_day_sql(query: _Query, filters: ReportFilter, column: str) -> str:
    """Deals signed (or landed) per day of the range: the timeline."""
    lower, upper = _day_bounds(filters)
    joins = _joins(DEAL_JOINS, _deal_filter_joins(filters))
    where = _deal_where(query, filters)
    dated = query.in_range(f"d.{column}", lower, upper)
    counts = (
        "COUNT(*) AS signed, SUM(d.amount_fen) AS signed_fen, 0 AS landed, 0 AS landed_fen"
        if column == "signed_on"
        else "0 AS signed, 0 AS signed_fen, COUNT(*) AS landed, SUM(d.amount_fen) AS landed_fen"
    )
    return (
        f"SELECT '{column}' AS dim, CAST(d.{column} AS TEXT) AS key, 0 AS deals, {counts} "  # noqa: S608 - see _Query
        f"FROM deal d {joins} "
        f"WHERE {where} AND {DAY_GROUPS[column]} AND d.{column} IS NOT NULL AND {dated} GROUP BY d.{column}"
    )


async def _deal_aggregates(filters: ReportFilter, names: tuple[str, ...]) -> dict[str, dict[str, Figures]]:
    """Deal aggregates in one statement: per stage, per dimension, per signing and landing day.

    Each group is a plain GROUP BY over the deal table with only the joins its key and the filters need (on
    SQLite that is several times faster than grouping one shared, joined row set).
    """
    query = _Query()
    groups = [
        _deal_day_sql(query, filters, name) if name in DAY_GROUPS else _deal_group_sql(query, filters, name)
        for name in names
    ]
    result: dict[str, dict[str, Figures]] = {name: {} for name in names}
    for row in await Deal.raw(" UNION ALL ".join(groups), *query.args):
        figures = Figures(
            0,
            _int(row["deals"]),
            _int(row["signed"]),
            _int(row["signed_fen"]),
            _int(row["landed"]),
            _int(row["landed_fen"]),
        )
        group, key = result[row["dim"]], _key(row["key"])
        group[key] = group[key] + figures if key in group else figures  # NULL and '' both show as ''
    return result


REQUEST_JOINS = """
JOIN registration rq ON rq.id = mr.requester
JOIN registration rc ON rc.id = mr.recipient
LEFT JOIN organization rqo ON rqo.id = rq.organization
LEFT JOIN organization rco ON rco.id = rc.organization
LEFT JOIN achievement ach ON ach.id = mr.achievement
LEFT JOIN demand dem ON dem.id = mr.demand
"""
REQUEST_FROM = "FROM meeting_request mr" + REQUEST_JOINS
SLOT_JOIN = " JOIN slot s ON s.id = m.slot"  # only needed for a date range
MEETING_FROM = "FROM meeting m" + SLOT_JOIN + " JOIN meeting_request mr ON mr.id = m.request" + REQUEST_JOINS

REQUEST_KEYS: Final = {
    "event": "mr.event",
    "district": "COALESCE(CASE WHEN rq.role = 'team' THEN rco.district ELSE rqo.district END, '')",
    "university": "CASE WHEN rq.role = 'team' THEN rq.organization ELSE rc.organization END",
    "field": "COALESCE(ach.field, dem.field, '')",
}


def _request_where(query: _Query, filters: ReportFilter, *, event_column: str = "mr.event") -> str:
    conditions = ["1 = 1"]
    if filters.event_id is not None:
        conditions.append(f"{event_column} = {query.arg(filters.event_id)}")
    if filters.district:
        conditions.append(f"{REQUEST_KEYS['district']} = {query.arg(filters.district)}")
    if filters.university_id is not None:
        conditions.append(f"{REQUEST_KEYS['university']} = {query.arg(filters.university_id)}")
    if filters.field is not None:
        conditions.append(f"{REQUEST_KEYS['field']} = {query.arg(filters.field.value)}")
    return " AND ".join(conditions)


MEETING_FACTS = (
    "SELECT CAST(m.event AS TEXT) AS event, "
    + REQUEST_KEYS["district"]
    + " AS district, CAST("
    + REQUEST_KEYS["university"]
    + " AS TEXT) AS university, "
    + REQUEST_KEYS["field"]
    + " AS field, CASE WHEN m.status <> 'cancelled' THEN 1 ELSE 0 END AS scheduled, "
    "CASE WHEN m.status = 'held' THEN 1 ELSE 0 END AS held, CAST(m.event AS TEXT) || '|' || "
    + REQUEST_KEYS["district"]
    + " || '|' || "
    + REQUEST_KEYS["field"]
    + " AS combined "
    + MEETING_FROM
    + " WHERE "
)
MEETING_GROUP_SQL = (
    "SELECT 'NAME' AS dim, NAME AS key, SUM(scheduled) AS scheduled, SUM(held) AS held FROM f GROUP BY NAME"
)


async def _meeting_aggregates(filters: ReportFilter) -> dict[str, dict[str, tuple[int, int]]]:
    """(scheduled, held) overall (dimension 'all', key '') and per key of each meeting dimension.

    The meetings are joined to their parties once (a common table expression used several times, which both
    databases materialize) and grouped once per dimension: on both databases that is several times faster
    than joining again for each dimension.
    """
    query = _Query()
    lower, upper = _moment_bounds(filters)
    where = _request_where(query, filters, event_column="m.event")
    dated = query.in_range("s.starts_at", lower, upper)
    groups = [MEETING_GROUP_SQL.replace("NAME", name) for name in ("combined", "university")]
    facts = MEETING_FACTS if lower is not None or upper is not None else MEETING_FACTS.replace(SLOT_JOIN, "")
    # cancelled meetings count neither as scheduled nor as held: leave them out of the join
    sql = (
        "WITH f AS (" + facts + where + " AND m.status <> 'cancelled' AND " + dated + ") " + " UNION ALL ".join(groups)
    )
    sums: dict[str, dict[str, list[int]]] = {name: {} for name in ("all", *MEETING_DIMENSIONS)}
    for row in await Deal.raw(sql, *query.args):
        scheduled, held = _int(row["scheduled"]), _int(row["held"])
        key = _key(row["key"])
        if row["dim"] == "university":
            parts = [("university", key)]
        else:
            event, rest = key.split("|", 1)  # a fair's id, then a district (free text), then a field
            district, field_value = rest.rsplit("|", 1)
            parts = [("all", ""), ("event", event), ("district", district), ("field", field_value)]
        for name, part in parts:
            total = sums[name].setdefault(part, [0, 0])
            total[0] += scheduled
            total[1] += held
    return {name: {part: (total[0], total[1]) for part, total in parts.items()} for name, parts in sums.items()}


REGISTRATION_OF_FIELD = (
    "(EXISTS (SELECT 1 FROM event_achievement ea JOIN achievement a2 ON a2.id = ea.achievement "
    "WHERE ea.registration = r.id AND a2.field = {}) OR EXISTS (SELECT 1 FROM event_demand ed "
    "JOIN demand d2 ON d2.id = ed.demand WHERE ed.registration = r.id AND d2.field = {}))"
)
REQUEST_COUNTS = "SELECT COUNT(*) AS total, SUM(CASE WHEN mr.status = 'accepted' THEN 1 ELSE 0 END) AS accepted "
PARTICIPATION = (
    "SELECT rs.total AS registrations, rs.approved AS approved, qs.total AS requests, qs.accepted AS accepted "
    "FROM (REGISTRATIONS) rs, (REQUESTS) qs"
)
REGISTRATION_COUNTS = (
    "SELECT COUNT(*) AS total, SUM(CASE WHEN r.status = 'approved' THEN 1 ELSE 0 END) AS approved "
    "FROM registration r LEFT JOIN organization o ON o.id = r.organization WHERE "
)


def _registration_conditions(query: _Query, filters: ReportFilter) -> list[str]:
    conditions = ["1 = 1"]
    if filters.event_id is not None:
        conditions.append(f"r.event = {query.arg(filters.event_id)}")
    if filters.district:
        conditions.append(f"COALESCE(o.district, '') = {query.arg(filters.district)}")
    if filters.university_id is not None:
        conditions.append(f"r.organization = {query.arg(filters.university_id)}")
    if filters.field is not None:
        query.arg(filters.field.value)
        query.arg(filters.field.value)
        conditions.append(REGISTRATION_OF_FIELD)
    lower, upper = _moment_bounds(filters)
    conditions.append(query.in_range("r.created_at", lower, upper))
    return conditions


async def _participation_counts(filters: ReportFilter) -> tuple[int, int, int, int]:
    """(registrations, approved registrations, meeting requests, accepted requests), in one statement."""
    query = _Query()
    registrations = REGISTRATION_COUNTS + " AND ".join(_registration_conditions(query, filters))
    lower, upper = _moment_bounds(filters)
    where = _request_where(query, filters)
    dated = query.in_range("mr.created_at", lower, upper)
    joined = filters.district or filters.university_id is not None or filters.field is not None
    source = REQUEST_FROM if joined else "FROM meeting_request mr"
    requests = REQUEST_COUNTS + source + " WHERE " + where + " AND " + dated
    sql = PARTICIPATION.replace("REGISTRATIONS", registrations).replace("REQUESTS", requests)
    row = (await Deal.raw(sql, *query.args))[0]
    return _int(row["registrations"]), _int(row["approved"]), _int(row["requests"]), _int(row["accepted"])


def _int(value: Any) -> int:
    """SUM answers NULL over no rows, and a Decimal on PostgreSQL (numeric sum of bigint): both exact."""
    return 0 if value is None else int(value)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


# --- the report ---------------------------------------------------------------------------------------


async def funnel_report(*, filters: ReportFilter) -> FunnelReport:
    """The whole report. Its independent aggregates run concurrently (separate connections on either database,
    so a report must not be asked for inside a transaction)."""
    plain, joined, meeting_groups, (registrations, approved, requests, accepted) = await asyncio.gather(
        _deal_aggregates(filters, ("stage_type_event", "university", *DAY_GROUPS)),
        _deal_aggregates(filters, ("district_field",)),
        _meeting_aggregates(filters),
        _participation_counts(filters),
    )
    deal_groups = {
        **plain,
        **_split(plain.pop("stage_type_event"), ("stage", "contract_type", "event")),
        **_split(joined.pop("district_field"), ("district", "field")),
    }
    scheduled, held = meeting_groups["all"].get("", (0, 0))
    totals = replace(sum(deal_groups["stage"].values(), Figures()), held=held)
    funnel = Funnel(
        registrations=registrations,
        approved_registrations=approved,
        meeting_requests=requests,
        accepted_requests=accepted,
        scheduled=scheduled,
        held=held,
        deals={stage: deal_groups["stage"].get(stage.value, Figures()).deals for stage in DealStage},
    )
    rows = await asyncio.gather(
        *(
            _rows(dimension, deal_groups[dimension], {k: v[1] for k, v in meeting_groups.get(dimension, {}).items()})
            for dimension in DIMENSIONS
        )
    )
    breakdowns = dict(zip(DIMENSIONS, rows, strict=True))
    timeline_unit, timeline = _timeline(filters, deal_groups["signed_on"], deal_groups["landed_on"])
    return FunnelReport(
        filters=filters,
        funnel=funnel,
        totals=totals,
        breakdowns=breakdowns,
        timeline_unit=timeline_unit,
        timeline=timeline,
    )


def _split(combined: dict[str, Figures], names: tuple[str, ...]) -> dict[str, dict[str, Figures]]:
    """Figures per part of a combined key ('signed|licence|3' → per stage, per contract type, per fair)."""
    sums: dict[str, dict[str, list[int]]] = {name: {} for name in names}
    for key, f in combined.items():
        # only the first part may be free text (a district): split from the right
        for name, part in zip(names, key.rsplit("|", len(names) - 1), strict=True):
            total = sums[name].setdefault(part, [0, 0, 0, 0, 0, 0])
            total[0] += f.held
            total[1] += f.deals
            total[2] += f.signed
            total[3] += f.signed_fen
            total[4] += f.landed
            total[5] += f.landed_fen
    return {name: {part: Figures(*total) for part, total in parts.items()} for name, parts in sums.items()}


def breakdown_label(dimension: str, row: BreakdownRow) -> str:
    """How a breakdown row is named to a reader, in the current language (pages, API and workbook alike)."""
    if not row.key:
        return _("No fair") if dimension == "event" else _("Not given")
    if dimension == "field":
        return _enum_label(Field, row.key)
    if dimension == "contract_type":
        return _enum_label(TransferMode, row.key)
    return row.name or row.key


def _enum_label(enum: type[Labelled], value: str) -> str:
    try:
        return enum(value).label(get_locale())
    except ValueError:
        return value


def _key(value: Any) -> str:
    return "" if value is None else str(value)


async def _rows(dimension: str, deal_figures: dict[str, Figures], held: dict[str, int]) -> list[BreakdownRow]:
    merged: dict[str, Figures] = dict(deal_figures)
    for key, count in held.items():
        merged[key] = merged.get(key, Figures()) + Figures(held=count)
    names = await _names(dimension, [key for key in merged if key])
    rows = [
        BreakdownRow(key=key, name=names.get(key, key if dimension == "district" else ""), figures=figures)
        for key, figures in merged.items()
        if figures != Figures()
    ]
    rows.sort(key=lambda row: (-row.figures.signed_fen, -row.figures.signed, -row.figures.held, row.key))
    return rows


async def _names(dimension: str, keys: Iterable[str]) -> dict[str, str]:
    ids = [int(key) for key in keys if key.isdigit()]
    if not ids:
        return {}
    if dimension == "event":
        rows = await Event.select(Event.id, Event.title).where(Event.id.is_in(ids))
        return {str(row["id"]): row["title"] for row in rows}
    if dimension == "university":
        rows = await Organization.select(Organization.id, Organization.name).where(Organization.id.is_in(ids))
        return {str(row["id"]): row["name"] for row in rows}
    return {}


def _timeline(
    filters: ReportFilter, signed_days: dict[str, Figures], landed_days: dict[str, Figures]
) -> tuple[str, list[TimelinePoint]]:
    days = [*signed_days, *landed_days]  # ISO dates: their text sorts as the dates do
    if not days:
        return "day", []
    earliest, latest = _date(min(days)), _date(max(days))
    # the whole range when it is given (a year shows its twelve months), the data's span otherwise
    first = filters.on_from if filters.on_from is not None and (earliest - filters.on_from).days < 400 else earliest
    last = filters.on_to if filters.on_to is not None and (filters.on_to - latest).days < 400 else latest
    unit = "day" if (last - first).days < DAY_UNIT_MAX_DAYS else "month"
    width = 10 if unit == "day" else 7
    sums = {period: [0, 0, 0, 0] for period in _periods(first, last, unit)}
    for day, f in signed_days.items():
        total = sums.setdefault(day[:width], [0, 0, 0, 0])
        total[0] += f.signed
        total[1] += f.signed_fen
    for day, f in landed_days.items():
        total = sums.setdefault(day[:width], [0, 0, 0, 0])
        total[2] += f.landed
        total[3] += f.landed_fen
    return unit, [TimelinePoint(period, *total) for period, total in sorted(sums.items())]


def _periods(first: date, last: date, unit: str) -> list[str]:
    if unit == "day":
        return [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    periods = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


# --- rows behind the report (exports) -----------------------------------------------------------------

MEETING_ROWS = (
    "SELECT m.id AS id, m.event AS event, ev.title AS event_title, s.starts_at AS starts_at, "
    "tb.code AS table_code, m.status AS status, m.held_at AS held_at, rq.role AS requester_role, "
    "rqo.name AS requester_name, rc.role AS recipient_role, rco.name AS recipient_name, "
    "ach.title AS achievement_title, dem.title AS demand_title, "
    + REQUEST_KEYS["district"]
    + " AS district, "
    + REQUEST_KEYS["field"]
    + " AS field "
    + MEETING_FROM
    + ' JOIN event ev ON ev.id = m.event JOIN meeting_table tb ON tb.id = m."table" WHERE '
)

REGISTRATION_ROWS = (
    "SELECT r.id AS id, r.event AS event, ev.title AS event_title, r.role AS role, r.status AS status, "
    "o.name AS organization, COALESCE(o.district, '') AS district, p.name AS person, p.phone AS phone, "
    "p.email AS email, r.team_name AS team_name, r.created_at AS created_at "
    "FROM registration r LEFT JOIN organization o ON o.id = r.organization "
    "LEFT JOIN person p ON p.id = r.person JOIN event ev ON ev.id = r.event WHERE "
)


async def meeting_rows(*, filters: ReportFilter) -> list[dict[str, Any]]:
    """The meetings a report covers (their slot inside the range), in slot order."""
    query = _Query()
    lower, upper = _moment_bounds(filters)
    where = _request_where(query, filters)
    dated = query.in_range("s.starts_at", lower, upper)
    rows = await Deal.raw(MEETING_ROWS + f"{where} AND {dated} ORDER BY s.starts_at, tb.code, m.id", *query.args)
    return [{**row, "starts_at": _moment(row["starts_at"]), "held_at": _moment(row["held_at"])} for row in rows]


async def registration_rows(*, filters: ReportFilter) -> list[dict[str, Any]]:
    """The registrations a report covers (made inside the range), in the order they came."""
    query = _Query()
    conditions = _registration_conditions(query, filters)
    rows = await Deal.raw(REGISTRATION_ROWS + " AND ".join(conditions) + " ORDER BY r.id", *query.args)
    return [{**row, "created_at": _moment(row["created_at"])} for row in rows]


def _moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=zone("UTC"))

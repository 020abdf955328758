"""Deals, their history, and the report of the transfer funnel."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, UnsetType

from events import deals, reports
from events.api.schemas.common import Input, Ref
from events.money import from_fen
from events.vocabulary import DealStage, Field, LicenceTerms, TransferMode

Note = Annotated[str, msgspec.Meta(max_length=deals.MAX_NOTE)]
RegistrationNumber = Annotated[str, msgspec.Meta(max_length=40, description="技术合同登记号, once registered")]
Amount = Annotated[
    Decimal, msgspec.Meta(description="CNY as an exact decimal with at most two places: a string or a number")
]


class DealCreate(Input, kw_only=True):
    """A new deal. From a meeting, the achievement, both organizations and the contract type default from it."""

    meeting_id: int | None = None
    achievement_id: int | None = None
    team_organization_id: int | None = None
    enterprise_id: int | None = None
    contract_type: TransferMode | None = None
    licence_terms: LicenceTerms | None = None
    amount: Amount = Decimal(0)
    stage: DealStage = DealStage.INTENT
    stage_on: date | None = None
    registration_number: RegistrationNumber = ""
    note: Note = ""

    def to_input(self) -> deals.DealInput:
        return deals.DealInput(
            contract_type=self.contract_type,
            amount=self.amount,
            meeting_id=self.meeting_id,
            achievement_id=self.achievement_id,
            team_organization_id=self.team_organization_id,
            enterprise_id=self.enterprise_id,
            licence_terms=self.licence_terms,
            stage=self.stage,
            stage_on=self.stage_on,
            registration_number=self.registration_number,
            note=self.note,
        )


class DealPatch(Input, kw_only=True):
    """A change: only the fields given change. ``stage_on`` dates the new stage (today by default).

    ``correction`` lets an organizer move a deal backwards (the later stage dates are cleared; the history
    keeps them).
    """

    stage: DealStage | UnsetType = UNSET
    stage_on: date | UnsetType = UNSET
    contract_type: TransferMode | UnsetType = UNSET
    licence_terms: LicenceTerms | UnsetType | None = UNSET
    amount: Amount | UnsetType = UNSET
    achievement_id: int | UnsetType | None = UNSET
    team_organization_id: int | UnsetType = UNSET
    enterprise_id: int | UnsetType = UNSET
    registration_number: RegistrationNumber | UnsetType = UNSET
    note: Note | UnsetType = UNSET
    correction: bool = False

    def to_changes(self) -> deals.DealChanges:
        def keep(value: Any) -> Any:
            return deals.KEEP if value is UNSET else value

        return deals.DealChanges(
            stage=keep(self.stage),
            stage_on=None if self.stage_on is UNSET else self.stage_on,
            contract_type=keep(self.contract_type),
            licence_terms=keep(self.licence_terms),
            amount=keep(self.amount),
            achievement_id=keep(self.achievement_id),
            team_organization_id=keep(self.team_organization_id),
            enterprise_id=keep(self.enterprise_id),
            registration_number=keep(self.registration_number),
            note=keep(self.note),
        )


class DealOut(msgspec.Struct, kw_only=True):
    id: int
    event: Ref | None
    meeting_id: int | None
    achievement: Ref | None
    field: Field | None
    team_organization: Ref
    enterprise: Ref
    district: str
    contract_type: TransferMode
    licence_terms: LicenceTerms | None
    amount: Decimal  # yuan, exact, as a string
    amount_fen: int
    stage: DealStage
    intent_on: date | None
    negotiating_on: date | None
    signed_on: date | None
    landed_on: date | None
    dropped_on: date | None
    registration_number: str
    note: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, deal: deals.DealView) -> DealOut:
        return cls(
            id=deal.id,
            event=Ref(id=deal.event_id, name=deal.event_title) if deal.event_id is not None else None,
            meeting_id=deal.meeting_id,
            achievement=(
                Ref(id=deal.achievement_id, name=deal.achievement_title) if deal.achievement_id is not None else None
            ),
            field=Field(deal.field) if deal.field else None,
            team_organization=Ref(id=deal.team_organization_id, name=deal.team_organization_name),
            enterprise=Ref(id=deal.enterprise_id, name=deal.enterprise_name),
            district=deal.district,
            contract_type=deal.contract_type,
            licence_terms=deal.licence_terms,
            amount=deal.amount,
            amount_fen=deal.amount_fen,
            stage=deal.stage,
            intent_on=deal.intent_on,
            negotiating_on=deal.negotiating_on,
            signed_on=deal.signed_on,
            landed_on=deal.landed_on,
            dropped_on=deal.dropped_on,
            registration_number=deal.registration_number,
            note=deal.note,
            created_by=deal.created_by_name,
            created_at=deal.created_at,
            updated_at=deal.updated_at,
        )


class DealChangeOut(msgspec.Struct, kw_only=True):
    """One entry of a deal's history: who, when, and each field's [old, new] value."""

    id: int
    changed_at: datetime
    changed_by_id: int | None
    changed_by: str
    changes: dict[str, list[Any]]

    @classmethod
    def of(cls, change: deals.ChangeView) -> DealChangeOut:
        return cls(
            id=change.id,
            changed_at=change.changed_at,
            changed_by_id=change.changed_by_id,
            changed_by=change.changed_by_name,
            changes=change.changes,
        )


class DealDefaultsOut(msgspec.Struct, kw_only=True):
    """What a meeting suggests for the deal that comes out of it."""

    event_id: int
    meeting_id: int | None
    achievement: Ref | None
    team_organization: Ref | None
    enterprise: Ref | None
    contract_type: TransferMode | None
    table: str
    slot_starts_at: datetime | None
    meeting_status: str
    achievements: list[Ref]

    @classmethod
    def of(cls, value: deals.DealDefaults) -> DealDefaultsOut:
        return cls(
            event_id=value.event_id,
            meeting_id=value.meeting_id,
            achievement=(
                Ref(id=value.achievement_id, name=value.achievement_title) if value.achievement_id is not None else None
            ),
            team_organization=(
                Ref(id=value.team_organization_id, name=value.team_organization_name)
                if value.team_organization_id is not None
                else None
            ),
            enterprise=(
                Ref(id=value.enterprise_id, name=value.enterprise_name) if value.enterprise_id is not None else None
            ),
            contract_type=value.contract_type,
            table=value.table_code,
            slot_starts_at=value.slot_starts_at,
            meeting_status=value.meeting_status,
            achievements=[Ref(id=i, name=title) for i, title in value.achievements],
        )


# --- reports ---------------------------------------------------------------------------------------------


def _yuan(fen: int) -> Decimal:
    value = from_fen(fen)
    assert value is not None
    return value


class FiguresOut(msgspec.Struct, kw_only=True):
    """对接项目数 = held, 签约项目数 = signed, 落地项目数 = landed, 合同金额 = signed_amount."""

    held: int
    deals: int
    signed: int
    signed_amount: Decimal
    signed_amount_fen: int
    landed: int
    landed_amount: Decimal
    landed_amount_fen: int

    @classmethod
    def of(cls, figures: reports.Figures) -> FiguresOut:
        return cls(
            held=figures.held,
            deals=figures.deals,
            signed=figures.signed,
            signed_amount=_yuan(figures.signed_fen),
            signed_amount_fen=figures.signed_fen,
            landed=figures.landed,
            landed_amount=_yuan(figures.landed_fen),
            landed_amount_fen=figures.landed_fen,
        )


class BureauNumbers(msgspec.Struct, kw_only=True):
    """The numbers a bureau reports upward."""

    matchmaking_projects: int  # 对接项目数: meetings held
    signed_projects: int  # 签约项目数
    landed_projects: int  # 落地项目数
    contract_amount: Decimal  # 合同金额, yuan
    contract_amount_fen: int
    landed_amount: Decimal
    landed_amount_fen: int


class FunnelOut(msgspec.Struct, kw_only=True):
    registrations: int
    approved_registrations: int
    meeting_requests: int
    accepted_requests: int
    scheduled: int
    held: int
    deals: dict[str, int]


class BreakdownRowOut(msgspec.Struct, kw_only=True):
    key: str
    label: str
    figures: FiguresOut


class TimelinePointOut(msgspec.Struct, kw_only=True):
    period: str
    signed: int
    signed_amount: Decimal
    landed: int
    landed_amount: Decimal


class ReportFilters(msgspec.Struct, kw_only=True, omit_defaults=True):
    event_id: int | None = None
    from_: date | None = msgspec.field(default=None, name="from")
    to: date | None = None
    district: str | None = None
    university: int | None = None
    field: Field | None = None


class FunnelReportOut(msgspec.Struct, kw_only=True):
    filters: ReportFilters
    funnel: FunnelOut
    bureau: BureauNumbers
    totals: FiguresOut
    breakdowns: dict[str, list[BreakdownRowOut]]
    timeline_unit: str
    timeline: list[TimelinePointOut]

    @classmethod
    def of(cls, report: reports.FunnelReport) -> FunnelReportOut:
        f, totals = report.filters, report.totals
        return cls(
            filters=ReportFilters(
                event_id=f.event_id,
                from_=f.on_from,
                to=f.on_to,
                district=f.district,
                university=f.university_id,
                field=f.field,
            ),
            funnel=FunnelOut(
                registrations=report.funnel.registrations,
                approved_registrations=report.funnel.approved_registrations,
                meeting_requests=report.funnel.meeting_requests,
                accepted_requests=report.funnel.accepted_requests,
                scheduled=report.funnel.scheduled,
                held=report.funnel.held,
                deals={stage.value: count for stage, count in report.funnel.deals.items()},
            ),
            bureau=BureauNumbers(
                matchmaking_projects=totals.held,
                signed_projects=totals.signed,
                landed_projects=totals.landed,
                contract_amount=_yuan(totals.signed_fen),
                contract_amount_fen=totals.signed_fen,
                landed_amount=_yuan(totals.landed_fen),
                landed_amount_fen=totals.landed_fen,
            ),
            totals=FiguresOut.of(totals),
            breakdowns={
                dimension: [
                    BreakdownRowOut(
                        key=row.key,
                        label=reports.breakdown_label(dimension, row),
                        figures=FiguresOut.of(row.figures),
                    )
                    for row in rows
                ]
                for dimension, rows in report.breakdowns.items()
            },
            timeline_unit=report.timeline_unit,
            timeline=[
                TimelinePointOut(
                    period=point.period,
                    signed=point.signed,
                    signed_amount=_yuan(point.signed_fen),
                    landed=point.landed,
                    landed_amount=_yuan(point.landed_fen),
                )
                for point in report.timeline
            ],
        )

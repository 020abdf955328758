"""Deals that come out of a fair, with an append-only history of every change."""

from piccolo.columns import JSON, BigInt, Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.auth import User
from events.tables.catalogue import Achievement
from events.tables.directory import Organization
from events.tables.fairs import Event
from events.tables.meetings import Meeting
from events.vocabulary import DealStage, LicenceTerms, TransferMode


class Deal(Table):
    id = Serial(primary_key=True)
    event = ForeignKey(references=Event, on_delete=OnDelete.set_null, null=True)
    meeting = ForeignKey(references=Meeting, on_delete=OnDelete.set_null, null=True)
    achievement = ForeignKey(references=Achievement, on_delete=OnDelete.set_null, null=True)
    team_organization = ForeignKey(references=Organization, on_delete=OnDelete.restrict, null=False)
    enterprise = ForeignKey(references=Organization, on_delete=OnDelete.restrict, null=False)
    contract_type = Varchar(length=20, choices=TransferMode)
    licence_terms = Varchar(length=30, choices=LicenceTerms, null=True, default=None)
    amount_fen = BigInt(default=0)  # CNY in fen: exact on every database
    stage = Varchar(length=20, choices=DealStage, default=DealStage.INTENT.value, index=True)
    intent_on = Date(null=True, default=None)
    negotiating_on = Date(null=True, default=None)
    signed_on = Date(null=True, default=None)
    landed_on = Date(null=True, default=None)
    dropped_on = Date(null=True, default=None)
    registration_number = Varchar(length=40, default="")  # 技术合同登记号
    note = Text(default="")
    created_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class DealChange(Table):
    """One change to a deal: who, when, what (field → [old, new]). Never updated or deleted."""

    id = Serial(primary_key=True)
    deal = ForeignKey(references=Deal, on_delete=OnDelete.cascade, null=False)
    changed_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    changed_at = Timestamptz(default=TimestamptzNow())
    changes = JSON(default="{}")

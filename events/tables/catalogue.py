"""The city's catalogue: research achievements and enterprise demands, persisting across fairs.

Money is stored as whole fen (BigInt) so that sums are exact on SQLite as well as on PostgreSQL.
"""

from piccolo.columns import Array, BigInt, Boolean, Bytea, Date, ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.directory import Organization, Person
from events.vocabulary import Field, IPType, Maturity


class Achievement(Table):
    """A research result (科技成果) offered for transfer."""

    id = Serial(primary_key=True)
    title = Varchar(length=200)
    title_en = Varchar(length=200, default="")
    summary = Text(default="")
    keywords = Array(base_column=Varchar(length=50), default=list)
    field = Varchar(length=40, choices=Field, index=True)  # primary field, for classified display
    fields = Array(base_column=Varchar(length=40), default=list)  # all fields, primary first
    maturity = Varchar(length=20, choices=Maturity, index=True)
    ip_type = Varchar(length=30, choices=IPType, null=True, default=None)
    patent_numbers = Array(base_column=Varchar(length=40), default=list)
    transfer_modes = Array(base_column=Varchar(length=20), default=list)
    price_low_fen = BigInt(null=True, default=None)
    price_high_fen = BigInt(null=True, default=None)
    price_note = Varchar(length=100, default="")  # e.g. 面议 (negotiable)
    evaluator = Varchar(length=200, default="")
    evaluated_value_fen = BigInt(null=True, default=None)
    evaluated_on = Date(null=True, default=None)
    organization = ForeignKey(references=Organization, on_delete=OnDelete.restrict, null=False)
    team_name = Varchar(length=200, default="")
    contact = ForeignKey(references=Person, on_delete=OnDelete.set_null, null=True)
    published = Boolean(default=True, index=True)
    search_vector = Bytea(null=True, default=None)  # semantic embedding, computed when saved
    search_terms = Text(default="")  # analysed index terms (events.matching DocumentTerms), computed when saved
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class Demand(Table):
    """An enterprise's technology demand (企业技术需求)."""

    id = Serial(primary_key=True)
    title = Varchar(length=200)
    title_en = Varchar(length=200, default="")
    summary = Text(default="")
    keywords = Array(base_column=Varchar(length=50), default=list)
    field = Varchar(length=40, choices=Field, index=True)
    fields = Array(base_column=Varchar(length=40), default=list)
    transfer_modes = Array(base_column=Varchar(length=20), default=list)  # cooperation the firm wants
    budget_low_fen = BigInt(null=True, default=None)
    budget_high_fen = BigInt(null=True, default=None)
    wanted_by = Date(null=True, default=None)
    organization = ForeignKey(references=Organization, on_delete=OnDelete.restrict, null=False)
    contact = ForeignKey(references=Person, on_delete=OnDelete.set_null, null=True)
    published = Boolean(default=True, index=True)
    search_vector = Bytea(null=True, default=None)
    search_terms = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())

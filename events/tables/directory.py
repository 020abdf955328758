"""Organizations (enterprises, universities, institutes, ...) and the people who represent them."""

from piccolo.columns import ForeignKey, Serial, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.vocabulary import OrganizationKind


class Organization(Table):
    id = Serial(primary_key=True)
    name = Varchar(length=200, index=True)
    name_en = Varchar(length=200, default="")
    kind = Varchar(length=20, choices=OrganizationKind, index=True)
    # 统一社会信用代码: 18 characters, unique where given.
    credit_code = Varchar(length=18, null=True, default=None, unique=True)
    district = Varchar(length=50, default="", index=True)
    address = Varchar(length=255, default="")
    website = Varchar(length=255, default="")
    description = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Person(Table):
    id = Serial(primary_key=True)
    name = Varchar(length=100)
    organization = ForeignKey(references=Organization, on_delete=OnDelete.set_null, null=True)
    title = Varchar(length=100, default="")
    phone = Varchar(length=32, default="", index=True)
    email = Varchar(length=255, default="")
    created_at = Timestamptz(default=TimestamptzNow())

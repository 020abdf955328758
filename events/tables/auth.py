"""Users of the back office (organizers, staff), their API tokens and login sessions."""

from piccolo.columns import Boolean, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.vocabulary import UserRole


class User(Table, tablename="app_user"):
    id = Serial(primary_key=True)
    username = Varchar(length=64, unique=True)
    display_name = Varchar(length=100, default="")
    password_hash = Varchar(length=255)
    role = Varchar(length=20, choices=UserRole, default=UserRole.STAFF.value)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)


class ApiToken(Table):
    """A bearer token for scripts and scanner devices; only its SHA-256 is stored."""

    id = Serial(primary_key=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False)
    name = Varchar(length=100)
    token_hash = Varchar(length=64, unique=True)
    prefix = Varchar(length=12)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class LoginSession(Table):
    """A signed-in browser: the cookie holds a random key, the table its SHA-256 and a CSRF secret."""

    id = Serial(primary_key=True)
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, null=False)
    key_hash = Varchar(length=64, unique=True)
    csrf_secret = Varchar(length=64)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()
    user_agent = Varchar(length=255, default="")


class AppSecret(Table):
    """Instance-wide generated secrets (e.g. the signing key when none is configured)."""

    id = Serial(primary_key=True)
    name = Varchar(length=64, unique=True)
    value = Varchar(length=255)
    created_at = Timestamptz(default=TimestamptzNow())


class LoginAttempt(Table):
    """A sign-in attempt, kept briefly to slow down password guessing (per user name and per address)."""

    id = Serial(primary_key=True)
    username = Varchar(length=64, index=True)
    client_address = Varchar(length=64, index=True)
    succeeded = Boolean(default=False)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)

"""Back-office accounts: users with roles, password checks, API tokens and login sessions.

Passwords are hashed with Argon2id (argon2-cffi); API tokens and session keys are random and only their
SHA-256 is stored, so a leaked database does not leak working credentials.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from events.errors import AuthError, DomainError, ErrorKind, NotFoundError
from events.tables import ApiToken, EventStaff, LoginAttempt, LoginSession, User
from events.vocabulary import UserRole

_hasher = PasswordHasher()
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-@]{2,64}$")
MIN_PASSWORD_LENGTH = 8
TOKEN_PREFIX = "tf_"  # noqa: S105 - a visible prefix, not a secret


class AccountError(DomainError):
    """Refusals of the accounts domain (bad user names, weak passwords, duplicates)."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is making a request. ``user_id`` is None for anonymous visitors."""

    user_id: int | None = None
    username: str = ""
    display_name: str = ""
    role: UserRole | None = None
    via: str = "anonymous"  # anonymous, session, token, personal_link
    session_id: int | None = None
    # A participant who came through their personal link (secret URL): their registration and fair.
    registration_id: int | None = None
    registration_event_id: int | None = None

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_participant(self) -> bool:
        return self.registration_id is not None

    @property
    def is_organizer(self) -> bool:
        return self.role in (UserRole.ORGANIZER, UserRole.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role is UserRole.ADMIN


ANONYMOUS = Principal()


def now() -> datetime:
    return datetime.now(tz=UTC)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "weak_password", f"the password must have at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )


def _principal(user: User, *, via: str, session_id: int | None = None) -> Principal:
    return Principal(
        user_id=user.id,
        username=user.username,
        display_name=user.display_name or user.username,
        role=UserRole(user.role),
        via=via,
        session_id=session_id,
    )


async def create_user(*, username: str, password: str, role: UserRole, display_name: str = "") -> User:
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            "invalid_username",
            f"user name {username!r} must be 2-64 letters, digits or . _ - @",
            field="username",
        )
    check_password_strength(password)
    if await User.exists().where(User.username == username):
        raise AccountError("user_exists", f"a user named {username!r} already exists", kind=ErrorKind.CONFLICT)
    user = User(
        username=username,
        password_hash=hash_password(password),
        role=role.value,
        display_name=display_name or username,
    )
    await user.save()
    return user


async def get_user(*, username: str) -> User:
    user = await User.objects().where(User.username == username).first()
    if user is None:
        raise NotFoundError("unknown_user", f"no user named {username!r}")
    return user


THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 10
MAX_FAILURES_PER_ADDRESS = 50


async def _check_throttle(*, username: str, client_address: str) -> None:
    since = now() - THROTTLE_WINDOW
    failed = LoginAttempt.succeeded == False  # noqa: E712 - Piccolo builds SQL from ==
    per_user = await LoginAttempt.count().where(
        (LoginAttempt.username == username) & failed & (LoginAttempt.created_at > since)
    )
    per_address = await LoginAttempt.count().where(
        (LoginAttempt.client_address == client_address) & failed & (LoginAttempt.created_at > since)
    )
    if per_user >= MAX_FAILURES_PER_USER or per_address >= MAX_FAILURES_PER_ADDRESS:
        raise AuthError(
            "too_many_attempts",
            "too many failed sign-ins; wait 15 minutes and try again",
            kind=ErrorKind.RATE_LIMITED,
        )


async def authenticate(*, username: str, password: str, client_address: str = "") -> User:
    """The user whose name and password match, or ``AuthError('bad_credentials')`` (same answer for both).

    Failed attempts are counted per user name and per client address; past the limits, sign-in is refused
    with ``too_many_attempts`` for 15 minutes, across every worker (the count lives in the database).
    """
    username = username[:64]
    await _check_throttle(username=username, client_address=client_address[:64])
    user = await User.objects().where(User.username == username).first()
    refusal = AuthError("bad_credentials", "wrong user name or password")
    verified = False
    if user is None or not user.active:
        _hasher.hash(password)  # spend the same time as a real check
    else:
        try:
            verified = _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            verified = False
    await LoginAttempt(username=username, client_address=client_address[:64], succeeded=verified).save()
    if not verified or user is None:
        raise refusal
    if _hasher.check_needs_rehash(user.password_hash):
        await User.update({User.password_hash: hash_password(password)}).where(User.id == user.id)
    await LoginAttempt.delete().where(LoginAttempt.created_at < now() - timedelta(days=1))
    return user


# --- API tokens --------------------------------------------------------------------------------------


async def create_api_token(*, username: str, name: str) -> str:
    """A new bearer token for ``username``; the plain token is returned once and never stored."""
    user = await get_user(username=username)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    await ApiToken(user=user.id, name=name or "token", token_hash=_sha256(plain), prefix=plain[:10]).save()
    return plain


# Every bearer request (scanner devices at the gates) authenticates here: plain SQL built once, because the query
# builder's join and a User instance cost more than the indexed lookup itself.
_PRINCIPAL_BY_HASH = (
    "SELECT t.revoked_at AS revoked_at, u.id AS id, u.username AS username, u.display_name AS display_name, "
    'u.role AS role, u.active AS active FROM api_token t JOIN app_user u ON u.id = t."user" WHERE t.token_hash = {}'
)


async def principal_for_token(token: str) -> Principal | None:
    rows = await ApiToken.raw(_PRINCIPAL_BY_HASH, _sha256(token))
    if not rows or rows[0]["revoked_at"] is not None or not rows[0]["active"]:
        return None
    row = rows[0]
    return Principal(
        user_id=row["id"],
        username=row["username"],
        display_name=row["display_name"] or row["username"],
        role=UserRole(row["role"]),
        via="token",
    )


async def revoke_api_token(*, token_id: int) -> None:
    await ApiToken.update({ApiToken.revoked_at: now()}).where(ApiToken.id == token_id)


# --- login sessions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewSession:
    key: str  # goes into the cookie
    expires_at: datetime


async def start_session(*, user: User, days: int, user_agent: str = "") -> NewSession:
    key = secrets.token_urlsafe(32)
    expires_at = now() + timedelta(days=days)
    await LoginSession(
        user=user.id,
        key_hash=_sha256(key),
        csrf_secret=secrets.token_hex(16),
        expires_at=expires_at,
        user_agent=user_agent[:255],
    ).save()
    await User.update({User.last_login_at: now()}).where(User.id == user.id)
    return NewSession(key=key, expires_at=expires_at)


async def principal_for_session(key: str) -> Principal | None:
    row = (
        await LoginSession.select(LoginSession.id, LoginSession.expires_at, *LoginSession.user.all_columns())
        .where(LoginSession.key_hash == _sha256(key))
        .first()
    )
    if row is None or row["expires_at"] <= now() or not row["user.active"]:
        return None
    user = User(**{key.removeprefix("user."): value for key, value in row.items() if key.startswith("user.")})
    return _principal(user, via="session", session_id=row["id"])


async def end_session(key: str) -> None:
    await LoginSession.delete().where(LoginSession.key_hash == _sha256(key))


# --- staff of a fair ---------------------------------------------------------------------------------


async def staff_event_ids(*, user_id: int) -> set[int]:
    rows = await EventStaff.select(EventStaff.event).where(EventStaff.user == user_id)
    return {row["event"] for row in rows}


async def may_staff_event(principal: Principal, *, event_id: int) -> bool:
    """Organizers may act on every fair; staff only on the fairs they are assigned to."""
    if principal.is_organizer:
        return True
    if principal.role is not UserRole.STAFF or principal.user_id is None:
        return False
    rows = await EventStaff.raw(_IS_STAFF, principal.user_id, event_id)
    return bool(rows)


_IS_STAFF = 'SELECT 1 AS yes FROM event_staff WHERE "user" = {} AND event = {} LIMIT 1'


async def assign_staff(*, event_id: int, username: str) -> None:
    user = await get_user(username=username)
    if user.role != UserRole.STAFF.value:
        raise AccountError("not_staff", f"user {username!r} is not a staff user")
    exists = await EventStaff.exists().where((EventStaff.user == user.id) & (EventStaff.event == event_id))
    if not exists:
        await EventStaff(event=event_id, user=user.id).save()


async def principal_for_personal_link(token: str) -> Principal | None:
    """A participant identified by the secret token of their personal link."""
    from events.tables import Registration

    row = (
        await Registration.select(Registration.id, Registration.event, Registration.status)
        .where(Registration.portal_token == token)
        .first()
    )
    if row is None or row["status"] in ("rejected", "cancelled"):
        return None
    return Principal(via="personal_link", registration_id=row["id"], registration_event_id=row["event"])

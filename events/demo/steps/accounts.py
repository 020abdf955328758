"""Step ``accounts``: the demo organizer and staff users (fixed credentials, printed by ``transferfair demo``)."""

from __future__ import annotations

from events.accounts import AccountError, create_user
from events.demo.context import DemoContext
from events.demo.plan import ORGANIZER, ORGANIZER_DISPLAY_NAME, STAFF, STAFF_DISPLAY_NAME
from events.tables import User
from events.vocabulary import UserRole


async def add_user(*, username: str, password: str, role: UserRole, display_name: str) -> int:
    """The user's id; an existing user of that name and role is kept as it is (its password is not reset)."""
    existing = await User.select(User.id, User.role).where(User.username == username).first()
    if existing is not None:
        if existing["role"] != role.value:
            raise AccountError(
                "demo_user_conflict",
                f"user {username!r} already exists as {existing['role']}; the demo needs it as {role.value}",
            )
        return int(existing["id"])
    user = await create_user(username=username, password=password, role=role, display_name=display_name)
    return user.id


async def add_accounts(demo: DemoContext) -> None:
    demo.organizer_id = await add_user(
        username=ORGANIZER[0], password=ORGANIZER[1], role=UserRole.ORGANIZER, display_name=ORGANIZER_DISPLAY_NAME
    )
    demo.staff_id = await add_user(
        username=STAFF[0], password=STAFF[1], role=UserRole.STAFF, display_name=STAFF_DISPLAY_NAME
    )
    demo.progress(f"users {ORGANIZER[0]} (organizer), {STAFF[0]} (staff)")

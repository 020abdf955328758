"""Sign-in shapes."""

from __future__ import annotations

from typing import Annotated

import msgspec

from events.api.schemas.common import Input


class LoginInput(Input, kw_only=True):
    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class WhoAmI(msgspec.Struct, kw_only=True):
    authenticated: bool
    username: str | None = None
    display_name: str | None = None
    role: str | None = None
    via: str = "anonymous"
    registration_id: int | None = None

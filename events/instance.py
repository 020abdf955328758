"""Per-instance generated secrets, kept in the database so that every worker on it agrees."""

from __future__ import annotations

import secrets

from events.tables import AppSecret

SIGNING_KEY = "signing_key"


async def instance_secret(name: str = SIGNING_KEY) -> str:
    """The named secret, generated once; concurrent first calls converge on the stored value."""
    row = await AppSecret.select(AppSecret.value).where(AppSecret.name == name).first()
    if row is not None:
        return str(row["value"])
    value = secrets.token_hex(32)
    await AppSecret.raw(
        "INSERT INTO app_secret (name, value, created_at) VALUES ({}, {}, CURRENT_TIMESTAMP) "
        "ON CONFLICT (name) DO NOTHING",
        name,
        value,
    )
    row = await AppSecret.select(AppSecret.value).where(AppSecret.name == name).first()
    assert row is not None
    return str(row["value"])

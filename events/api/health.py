"""Liveness and database reachability."""

from __future__ import annotations

import msgspec
from litestar import get

from events.database import current_engine


class Health(msgspec.Struct, kw_only=True):
    status: str
    database: str


@get("/health", tags=["system"], summary="Liveness and database check", cache=False)
async def health() -> Health:
    engine = current_engine()
    await engine.run_ddl("SELECT 1", in_pool=True)
    return Health(status="ok", database=engine.engine_type)

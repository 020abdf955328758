"""Bulk inserts: many rows per statement, in chunks that stay under the databases' parameter limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from piccolo.table import Table

T = TypeVar("T", bound=Table)

# SQLite allows 32,766 parameters per statement and asyncpg 32,767; stay well below both.
MAX_PARAMETERS = 10_000
MAX_ROWS = 500


async def insert_rows(table: type[T], rows: Sequence[T]) -> list[int]:
    """Insert ``rows`` (unsaved instances of ``table``) and return their new ids, in order."""
    columns = len(table._meta.columns)
    size = max(1, min(MAX_ROWS, MAX_PARAMETERS // columns))
    primary_key = table._meta.primary_key
    ids: list[int] = []
    for start in range(0, len(rows), size):
        chunk = rows[start : start + size]
        returned = await table.insert(*chunk).returning(primary_key)
        ids.extend(int(row[primary_key._meta.db_column_name]) for row in returned)
    if len(ids) != len(rows):
        raise RuntimeError(f"inserted {len(rows)} {table._meta.tablename} rows but got {len(ids)} ids back")
    return ids

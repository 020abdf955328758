"""Set-based writes: many rows in one statement, whatever their number, on SQLite and PostgreSQL alike.

The rows travel as one parameter per column on PostgreSQL (arrays, read back with ``unnest``) and as one JSON
document on SQLite (read back with ``json_each``), so a statement's size grows with the rows but the number of
statements does not, and no database limit on parameters is ever reached. Everything goes through the engine
(``Table.raw``), inside the caller's transaction when there is one.

- :func:`insert_rows` inserts rows given as tuples of values for some columns; every other column takes the
  default a new ``Table`` object would get, as Piccolo's own insert writes it.
- :func:`update_rows` gives each row its own new values (``UPDATE ... FROM`` the rows, SQLite 3.33 or later).
- :func:`values_source` is the ``FROM`` item of such rows.
- :func:`among` is ``column IN (ids)`` with the ids as one parameter.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any

from piccolo.columns import (
    JSON,
    JSONB,
    BigInt,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    Serial,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.combination import WhereRaw
from piccolo.columns.defaults.base import Default
from piccolo.engine.sqlite import convert_datetime_in
from piccolo.table import Table
from piccolo.utils.encoding import dump_json
from piccolo.utils.sql_values import convert_to_sql_value

from events.database import is_postgres

Row = Sequence[Any]


def _postgres(table: type[Table]) -> bool:
    return is_postgres(table._meta.db)


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _name(column: Column) -> str:
    return quoted(column._meta.db_column_name)


def _postgres_type(column: Column) -> str:
    """The PostgreSQL type of an array carrying this column's values."""
    kinds: tuple[tuple[type[Column], str], ...] = (
        (BigInt, "bigint"),
        (JSONB, "jsonb"),
        (JSON, "json"),
        (ForeignKey, "integer"),
        (Integer, "integer"),
        (Serial, "integer"),
        (Boolean, "boolean"),
        (Timestamptz, "timestamptz"),
        (Varchar, "text"),
        (Text, "text"),
    )
    for kind, name in kinds:
        if isinstance(column, kind):
            return name
    raise TypeError(f"no bulk type for column {column._meta.name} ({type(column).__name__})")


def _sqlite_value(value: Any) -> Any:
    return convert_datetime_in(value) if isinstance(value, datetime) else value


def _converter(column: Column) -> Callable[[Any], Any]:
    """How a value of this column is sent, as Piccolo's own queries send it (decided once per column)."""
    if isinstance(column, JSON):
        return lambda value: value if value is None or isinstance(value, str) else dump_json(value)
    return lambda value: value.value if isinstance(value, Enum) else value


def values_source(columns: Sequence[Column], rows: Sequence[Row], *, alias: str = "v") -> tuple[str, list[Any]]:
    """(``FROM`` item, its parameters) reading ``rows`` as a relation named ``alias`` with the columns' names."""
    if not columns:
        raise ValueError("values_source needs at least one column")
    table = columns[0]._meta.table
    converters = [_converter(c) for c in columns]
    values = [[convert(value) for convert, value in zip(converters, row, strict=True)] for row in rows]
    names = [_name(c) for c in columns]
    if _postgres(table):
        arrays = [list(column) for column in zip(*values, strict=True)] if values else [[] for _ in columns]
        unnest = ", ".join(f"{{}}::{_postgres_type(c)}[]" for c in columns)
        return f"unnest({unnest}) AS {quoted(alias)}({', '.join(names)})", arrays
    document = json.dumps([[_sqlite_value(v) for v in row] for row in values], ensure_ascii=False)
    picked = ", ".join(f"json_extract(value, '$[{n}]') AS {name}" for n, name in enumerate(names))
    source = f"(SELECT {picked} FROM json_each({{}}) ORDER BY key) AS {quoted(alias)}"  # noqa: S608 - names are ours
    return source, [document]


def _default(column: Column) -> Any:
    value = column.get_default_value()
    if isinstance(value, Default):
        value = value.python()
    return convert_to_sql_value(value=value, column=column)


def _defaults(table: type[Table], given: Sequence[Column]) -> list[tuple[Column, Any]]:
    """The other columns (but the primary key) with the value a new row object would get."""
    names = {c._meta.name for c in given}
    primary = table._meta.primary_key._meta.name
    return [(c, _default(c)) for c in table._meta.columns if c._meta.name not in names and c._meta.name != primary]


async def insert_rows(
    table: type[Table], columns: Sequence[Column], rows: Sequence[Row], *, returning: Sequence[Column] = ()
) -> list[dict[str, Any]]:
    """Insert ``rows`` (values for ``columns``, in order) in one statement; the ``returning`` columns of each row.

    The rows go in in the order given (their ids ascend in that order); the returned rows come in no set order.
    """
    if not rows:
        return []
    postgres = _postgres(table)
    defaults = _defaults(table, columns)
    source, args = values_source(columns, rows)
    targets = ", ".join(_name(c) for c in [*columns, *(c for c, _ in defaults)])
    constants = [f"{{}}::{_postgres_type(c)}" if postgres else "{}" for c, _ in defaults]
    picked = ", ".join([*(f"v.{_name(c)}" for c in columns), *constants])
    sql = f"INSERT INTO {quoted(table._meta.tablename)} ({targets}) SELECT {picked} FROM {source}"  # noqa: S608
    if returning:
        sql += " RETURNING " + ", ".join(_name(c) for c in returning)
    constant_args = [v if postgres else _sqlite_value(v) for _, v in defaults]
    # the constants' parameters come first in the text, then the FROM item's
    result: list[dict[str, Any]] = await table.raw(sql, *constant_args, *args)
    return result


async def update_rows(
    table: type[Table],
    *,
    key: Column,
    columns: Sequence[Column],
    rows: Sequence[Row],
    fixed: Mapping[Column, Any] | None = None,
    bump: Sequence[Column] = (),
) -> None:
    """Set each row's ``columns`` to its values, where ``key`` is its first value, in one statement.

    ``rows`` are (key, *values of columns); ``fixed`` columns take one value for every row; ``bump`` columns
    are incremented by one.
    """
    if not rows:
        return
    target = quoted(table._meta.tablename)
    source, args = values_source([key, *columns], rows)
    fixed = fixed or {}
    assignments = [
        *(f"{_name(c)} = v.{_name(c)}" for c in columns),
        *(f"{_name(c)} = {{}}" for c in fixed),
        *(f"{_name(c)} = {target}.{_name(c)} + 1" for c in bump),
    ]
    fixed_args = [convert_to_sql_value(value=v, column=c) for c, v in fixed.items()]
    sql = f"UPDATE {target} SET {', '.join(assignments)} FROM {source} WHERE {target}.{_name(key)} = v.{_name(key)}"  # noqa: S608
    await table.raw(sql, *fixed_args, *args)


def among(column: Column, ids: Sequence[int]) -> WhereRaw:
    """``column IN ids`` with the ids as one parameter (an array, or a JSON list on SQLite)."""
    name = f"{quoted(column._meta.table._meta.tablename)}.{_name(column)}"
    if _postgres(column._meta.table):
        return WhereRaw(f"{name} = ANY({{}}::{_postgres_type(column)}[])", list(ids))
    return WhereRaw(f"{name} IN (SELECT value FROM json_each({{}}))", json.dumps(list(ids)))  # noqa: S608

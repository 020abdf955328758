"""The database engine: SQLite file by default, PostgreSQL when the URL says so.

Piccolo tables find their engine through ``events.piccolo_conf.DB``; :func:`use_database` rebinds it (and
every table) so that the CLI, the app and the tests can point the same code at another database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

SQLITE_TIMEOUT_SECONDS = 30


class DatabaseUrlError(ValueError):
    """DATABASE_URL is not a form we understand."""


def engine_from_url(url: str) -> Engine[Any]:
    """``sqlite:///relative.db``, ``sqlite:////abs/path.db`` or ``postgresql://user@host:port/db``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        raw_path = unquote(url[len("sqlite://") :])
        if raw_path.startswith("/"):
            raw_path = raw_path[1:]  # sqlite:///x.db -> x.db ; sqlite:////abs -> /abs
        if not raw_path:
            raise DatabaseUrlError(f"DATABASE_URL {url!r} names no SQLite file (use sqlite:///transferfair.db)")
        return SQLiteEngine(path=raw_path, timeout=SQLITE_TIMEOUT_SECONDS)
    if parts.scheme in {"postgres", "postgresql"}:
        if not parts.path.strip("/"):
            raise DatabaseUrlError(f"DATABASE_URL {url!r} names no PostgreSQL database")
        dsn = url.replace("postgres://", "postgresql://", 1)
        return PostgresEngine(config={"dsn": dsn})
    raise DatabaseUrlError(f"DATABASE_URL {url!r} is neither sqlite:///PATH nor postgresql://USER@HOST:PORT/DATABASE")


def is_postgres(engine: Engine[Any]) -> bool:
    return engine.engine_type == "postgres"


def sqlite_path(engine: Engine[Any]) -> Path | None:
    if isinstance(engine, SQLiteEngine):
        return Path(engine.path)
    return None


_bound_url: str | None = None


def use_database(url: str) -> Engine[Any]:
    """Point Piccolo (its tooling and every table of the app) at the database named by ``url``.

    Binding the same URL again keeps the engine (and its connection pool).
    """
    global _bound_url  # noqa: PLW0603 - the one process-wide binding, as Piccolo itself keeps it
    from events import piccolo_conf
    from events.tables import ALL_TABLES

    if url == _bound_url:
        return piccolo_conf.DB
    engine = engine_from_url(url)
    _bound_url = url
    piccolo_conf.DB = engine
    for table in ALL_TABLES:
        table._meta.db = engine
    from piccolo.apps.migrations.tables import Migration

    Migration._meta.db = engine
    return engine


def current_engine() -> Engine[Any]:
    from events import piccolo_conf

    return piccolo_conf.DB


@dataclass(slots=True)
class QueryLog:
    """The statements an engine ran, as :func:`counting_queries` saw them (their SQL templates, cut short)."""

    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def counting_queries(engine: Engine[Any] | None = None) -> Iterator[QueryLog]:
    """Within this block, record every statement the engine runs (Piccolo queries, raw SQL and DDL alike).

    Transaction control (BEGIN, COMMIT) is the driver's and is not counted. Meant for tests and benchmarks: it
    counts the whole process's statements on that engine, whichever task sends them.
    """
    watched = engine or current_engine()
    log = QueryLog()
    kind = type(watched)  # engines have slots: the methods are wrapped on the class, for this engine only
    run_querystring, run_ddl = kind.run_querystring, kind.run_ddl

    async def counted_querystring(self: Any, querystring: Any, in_pool: bool = True) -> Any:
        if self is watched:
            log.statements.append(str(getattr(querystring, "template", querystring))[:300])
        return await run_querystring(self, querystring, in_pool=in_pool)

    async def counted_ddl(self: Any, ddl: str, in_pool: bool = True) -> Any:
        if self is watched:
            log.statements.append(ddl[:300])
        return await run_ddl(self, ddl, in_pool=in_pool)

    kind.run_querystring = counted_querystring  # type: ignore[method-assign]
    kind.run_ddl = counted_ddl  # type: ignore[method-assign]
    try:
        yield log
    finally:
        kind.run_querystring = run_querystring  # type: ignore[method-assign]
        kind.run_ddl = run_ddl  # type: ignore[method-assign]


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """One transaction for a multi-row change.

    On SQLite it starts ``IMMEDIATE`` so that the write lock is taken at once (two writers never both read
    and then fail to upgrade); on PostgreSQL it is a plain transaction and callers take row locks.
    """
    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            yield


async def _reset_pooled(connection: Any) -> None:
    """Return a connection to the pool without asyncpg's default reset round trip.

    The default runs ``pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`` after *every* pooled
    query, doubling the round trips of a simple read; the app keeps no session state (no session advisory
    locks, LISTEN or SET), so only an unfinished transaction needs undoing.
    """
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


async def start_pool(engine: Engine[Any], *, max_size: int = 20) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.start_connection_pool(min_size=1, max_size=max_size, reset=_reset_pooled)


async def close_pool(engine: Engine[Any]) -> None:
    if isinstance(engine, PostgresEngine):
        await engine.close_connection_pool()


class MigrationError(RuntimeError):
    """Piccolo reported a failed migration."""


async def migrate(*, quiet: bool = True) -> None:
    """Bring the current database up to date (idempotent); SQLite files switch to WAL for concurrent readers."""
    import contextlib
    import io

    from piccolo.apps.migrations.commands.forwards import run_forwards

    engine = current_engine()
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
        result = await run_forwards(app_name="events", migration_id="all")
    if not result.success:
        raise MigrationError(result.message or sink.getvalue()[-2000:])


def contains_text(column: Any, text: str) -> Any:
    """A case-insensitive 'contains' condition on a text column, on either database.

    SQLite's LIKE is already case-insensitive for ASCII (Piccolo warns on ILIKE there). On PostgreSQL ``%`` and
    ``_`` typed by a user match literally; SQLite has no default escape character, so there they stay wildcards.
    """
    if column._meta.table._meta.db.engine_type == "sqlite":
        return column.like(f"%{text}%")
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%")

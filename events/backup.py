"""Back up and restore the whole database, safely while the app is running.

- SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot page by page
  while other connections keep reading and writing; the copy is written next to the target and renamed into
  place, so a backup file is never half written. A restore copies the backup into the live file the same way
  (running workers see the restored data on their next query).
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot) and ``pg_restore --clean --if-exists
  --single-transaction`` (all or nothing). Both come with Debian's ``postgresql-client``.

A file is checked before anything is overwritten: it must be a backup of the same kind of database, made of a
Transfer Fair database (it has the app's migrations).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from events.database import engine_from_url, sqlite_path
from events.errors import DomainError, ErrorKind

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(DomainError):
    """A backup or restore that cannot be done (wrong file, missing tool, unreachable database)."""


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    bytes: int
    kind: str  # sqlite or postgresql


def _kind(database_url: str) -> str:
    engine = engine_from_url(database_url)
    return "sqlite" if sqlite_path(engine) is not None else "postgresql"


def _file_kind(path: Path) -> str:
    if not path.is_file():
        raise BackupError("backup_not_found", f"{path} is not a file", kind=ErrorKind.NOT_FOUND)
    with path.open("rb") as handle:
        head = handle.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError("not_a_backup", f"{path} is neither a SQLite database nor a pg_dump archive")


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            "tool_missing",
            f"{name} is not installed: install PostgreSQL's client tools (apt-get install postgresql-client)",
        )
    return found


def _run(*command: str) -> str:
    done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603 - our own fixed arguments
    if done.returncode != 0:
        name = Path(command[0]).name
        message = done.stderr.decode(errors="replace").strip()
        raise BackupError(f"{name.replace('-', '_')}_failed", f"{name} failed: {message}")
    return done.stdout.decode(errors="replace")


# --- SQLite -------------------------------------------------------------------------------------------------------


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy ``source`` into ``target`` with the online backup API (both files may be in use)."""
    with sqlite3.connect(source, timeout=30) as src, sqlite3.connect(target, timeout=30) as dst:
        # In one step: a single read transaction gives a consistent snapshot while writers go on (WAL); copied
        # in several steps, every write by another connection would restart the copy.
        src.backup(dst)
    src.close()
    dst.close()


def _sqlite_check(path: Path) -> None:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        ok = db.execute("PRAGMA quick_check").fetchone()
        has_migrations = db.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'migration'"
        ).fetchone()
    db.close()
    if ok is None or ok[0] != "ok":
        raise BackupError("corrupt_backup", f"{path} fails SQLite's check: {ok[0] if ok else 'no answer'}")
    if not has_migrations or not has_migrations[0]:
        raise BackupError("not_a_backup", f"{path} is a SQLite database, but not of Transfer Fair (no migrations)")


def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError("no_database", f"there is no SQLite database at {database}", kind=ErrorKind.NOT_FOUND)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        _sqlite_copy(database, Path(temporary))
        _sqlite_check(Path(temporary))
        Path(temporary).replace(target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _sqlite_restore(backup: Path, database: Path) -> None:
    _sqlite_check(backup)
    _sqlite_copy(backup, database)


# --- PostgreSQL ---------------------------------------------------------------------------------------------------


def _pg_backup(database_url: str, target: Path) -> None:
    pg_dump = _tool("pg_dump")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        _run(pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={temporary}", database_url)
        _pg_check(Path(temporary))
        Path(temporary).replace(target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _pg_check(path: Path) -> None:
    listing = _run(_tool("pg_restore"), "--list", str(path))
    if " TABLE public migration " not in listing and " TABLE public migration" not in listing:
        raise BackupError("not_a_backup", f"{path} is a pg_dump archive, but not of Transfer Fair (no migrations)")


def _pg_restore(backup: Path, database_url: str) -> None:
    _pg_check(backup)
    _run(
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        f"--dbname={database_url}",
        str(backup),
    )


# --- both ---------------------------------------------------------------------------------------------------------


def _backup(database_url: str, target: Path) -> BackupResult:
    target = target.resolve()
    if not target.parent.is_dir():
        raise BackupError("no_such_folder", f"the folder {target.parent} does not exist", kind=ErrorKind.NOT_FOUND)
    kind = _kind(database_url)
    if kind == "sqlite":
        database = sqlite_path(engine_from_url(database_url))
        assert database is not None
        _sqlite_backup(database.resolve(), target)
    else:
        _pg_backup(database_url, target)
    return BackupResult(path=target, bytes=target.stat().st_size, kind=kind)


def _restore(database_url: str, source: Path) -> str:
    kind = _kind(database_url)
    file_kind = _file_kind(source)
    if file_kind != kind:
        raise BackupError(
            "wrong_kind_of_backup", f"{source} is a {file_kind} backup; DATABASE_URL names a {kind} database"
        )
    if kind == "sqlite":
        database = sqlite_path(engine_from_url(database_url))
        assert database is not None
        _sqlite_restore(source.resolve(), database.resolve())
    else:
        _pg_restore(source.resolve(), database_url)
    return kind


async def backup(*, database_url: str, target: Path) -> BackupResult:
    """Write a consistent copy of the database named by ``database_url`` to ``target`` (replaced if there)."""
    return await asyncio.to_thread(_backup, database_url, target)


async def restore(*, database_url: str, source: Path) -> str:
    """Replace the database's content by the backup in ``source``; returns the kind of database."""
    return await asyncio.to_thread(_restore, database_url, source)

"""``transferfair backup FILE`` and ``transferfair restore FILE``.

Registered in :mod:`events.cli`; the database helpers are imported there lazily to keep the import order simple.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _database_option(function: click.decorators.FC) -> click.decorators.FC:
    from events.settings import DEFAULT_DATABASE_URL

    return click.option(
        "--database",
        "database_url",
        envvar="DATABASE_URL",
        default=DEFAULT_DATABASE_URL,
        show_default=True,
        help="sqlite:///PATH or postgresql://USER@HOST:PORT/DB (also read from DATABASE_URL).",
    )(function)


@click.command("backup")
@_database_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(database_url: str, file: Path) -> None:
    """Write a consistent copy of the database to FILE, safely while the app runs.

    SQLite: SQLite's online backup; PostgreSQL: pg_dump's custom format (needs postgresql-client).
    """
    from events import backup
    from events.cli import run_with_database

    result = run_with_database(database_url, lambda: backup.backup(database_url=database_url, target=file))
    click.echo(f"{result.kind} database backed up to {result.path} ({result.bytes} bytes)")


@click.command("restore")
@_database_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask: replace the database's content.")
def restore_command(database_url: str, file: Path, yes: bool) -> None:
    """Replace the database's content by the backup in FILE (all or nothing)."""
    from events import backup
    from events.cli import run_with_database

    if not yes:
        if not sys.stdin.isatty():
            raise click.UsageError("restore replaces everything in the database: add --yes to confirm")
        click.confirm(f"Replace everything in {database_url} by {file}?", abort=True)
    kind = run_with_database(database_url, lambda: backup.restore(database_url=database_url, source=file))
    click.echo(f"{kind} database restored from {file}")

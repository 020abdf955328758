"""The ``transferfair`` command line.

Every command exits 0 on success and 2 on bad input (a message on stderr names the problem).
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import click

from events.database import DatabaseUrlError, use_database
from events.errors import DomainError
from events.settings import DEFAULT_DATABASE_URL
from events.vocabulary import UserRole

T = TypeVar("T")
USAGE_ERROR = 2


def fail(message: str) -> NoReturn:
    """Stop with exit status 2 and a message that names the problem."""
    raise click.ClickException(message) from None


click.ClickException.exit_code = USAGE_ERROR


def run_with_database(url: str, work: Callable[[], Awaitable[T]]) -> T:
    """Point the tables at ``url`` and run ``work`` with a connection pool where the engine has one."""
    from events.database import close_pool, start_pool

    try:
        engine = use_database(url)
    except DatabaseUrlError as exc:
        fail(str(exc))

    async def wrapped() -> T:
        await start_pool(engine, max_size=4)
        try:
            return await work()
        finally:
            await close_pool(engine)

    try:
        return asyncio.run(wrapped())
    except DomainError as exc:
        fail(f"{exc.message} [{exc.code}]")
    except OSError as exc:
        fail(f"cannot reach the database at {url}: {exc}")


def database_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--database",
        "database_url",
        envvar="DATABASE_URL",
        default=DEFAULT_DATABASE_URL,
        show_default=True,
        help="sqlite:///PATH or postgresql://USER@HOST:PORT/DB (also read from DATABASE_URL).",
    )(function)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="transfer-fair", prog_name="transferfair")
def cli() -> None:
    """Transfer Fair: run technology-transfer fairs end to end."""


@cli.command()
@database_option
def migrate(database_url: str) -> None:
    """Create or update the database tables (safe to run again)."""
    from events.database import migrate as run_migrations

    run_with_database(database_url, run_migrations)
    click.echo(f"database is up to date: {database_url}")


def _serve(*, database_url: str, host: str, port: int, workers: int, reload: bool = False) -> None:
    import uvicorn

    from events.api.access_log import log_config

    os.environ["DATABASE_URL"] = database_url
    uvicorn.run(
        "events.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        reload=reload,
        log_level="info",
        log_config=log_config(),
        proxy_headers=True,
        # a worker importing the app on a busy machine can take longer than uvicorn's 5 s default to answer
        # its supervisor's first health check, and would be killed and restarted forever
        timeout_worker_healthcheck=60,
    )


def _check_port(port: int) -> None:
    if not 1 <= port <= 65535:
        fail(f"--port must be between 1 and 65535, got {port}")


@cli.command()
@database_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--reload", is_flag=True, help="Restart when the code changes (development).")
def serve(database_url: str, host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the app on the database named by DATABASE_URL (migrating it first)."""
    from events.database import migrate as run_migrations

    _check_port(port)
    run_with_database(database_url, run_migrations)
    _serve(database_url=database_url, host=host, port=port, workers=workers, reload=reload)


@cli.command()
@click.option(
    "--database",
    "database_url",
    default="sqlite:///transferfair.db",
    show_default=True,
    help="Where the demo lives (an existing demo database is reused).",
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Only create and fill the database, do not serve it.")
def demo(database_url: str, host: str, port: int, no_serve: bool) -> None:
    """Create a demo database with three realistic fairs (two coming, one finished) and serve it."""
    from events.database import migrate as run_migrations
    from events.demo import DemoSummary, build_demo

    _check_port(port)

    async def work() -> DemoSummary:
        await run_migrations()
        return await build_demo(progress=lambda text: click.echo(f"  {text}", err=True))

    summary = run_with_database(database_url, work)
    base = f"http://{host}:{port}"
    click.echo("")
    click.echo("Transfer Fair demo " + ("created" if summary.created else "reused (already filled)"))
    click.echo(f"  database      {database_url}")
    click.echo(f"  app           {base}/")
    for slug, title in summary.fairs:
        click.echo(f"  fair          {base}/fairs/{slug}  {title}")
    click.echo(f"  API docs      {base}/schema/swagger")
    click.echo(f"  organizer     user {summary.organizer[0]}  password {summary.organizer[1]}")
    click.echo(f"  staff         user {summary.staff[0]}  password {summary.staff[1]}")
    if summary.participant_link:
        click.echo(f"  participant   {base}{summary.participant_link}")
    if summary.ticket_link:
        click.echo(f"  ticket        {base}{summary.ticket_link}")
    click.echo("")
    if not no_serve:
        _serve(database_url=database_url, host=host, port=port, workers=1)


@cli.group()
def user() -> None:
    """Back-office users (organizers and staff)."""


def _read_password(prompt: bool) -> str:
    if prompt and sys.stdin.isatty():
        password: str = click.prompt("password", hide_input=True, confirmation_prompt=True)
        return password
    line = sys.stdin.readline()
    if not line:
        fail("no password on standard input (pipe it in, e.g. echo 'secret' | transferfair user add ...)")
    return line.rstrip("\r\n")


@user.command("add")
@database_option
@click.argument("name")
@click.option("--role", type=click.Choice([r.value for r in UserRole]), required=True, help="What the user may do.")
@click.option("--display-name", default="", help="Name shown in the app (defaults to NAME).")
@click.option("--event", "event_slugs", multiple=True, help="Assign a staff user to this fair (slug); repeatable.")
def user_add(database_url: str, name: str, role: str, display_name: str, event_slugs: tuple[str, ...]) -> None:
    """Add a user; the password is read from standard input."""
    from events.accounts import assign_staff, create_user
    from events.fairs import get_fair_by_slug

    password = _read_password(prompt=True)

    async def work() -> None:
        await create_user(username=name, password=password, role=UserRole(role), display_name=display_name)
        for slug in event_slugs:
            event = await get_fair_by_slug(slug=slug)
            await assign_staff(event_id=event.id, username=name)

    run_with_database(database_url, work)
    click.echo(f"user {name!r} added as {role}")


@cli.group()
def token() -> None:
    """API bearer tokens for scripts and scanner devices."""


@token.command("create")
@database_option
@click.argument("name")
@click.option("--label", default="", help="What the token is for (e.g. 'gate 3 scanner').")
def token_create(database_url: str, name: str, label: str) -> None:
    """Create a bearer token for user NAME and print it (it is shown only once)."""
    from events.accounts import create_api_token

    plain = run_with_database(database_url, lambda: create_api_token(username=name, name=label or "cli"))
    click.echo(plain)


IMPORT_KINDS = ["organizations", "people", "achievements", "demands", "registrations"]


def _print_report(report: Any) -> None:
    verb = "would import" if report.dry_run else "imported"
    click.echo(f"{report.filename}: {report.rows} rows of {report.kind.value}")
    if report.ignored_columns:
        click.echo(f"  ignored columns: {', '.join(report.ignored_columns)}")
    for problem in report.problems:
        click.echo(f"  row {problem.row}, column {problem.column}: {problem.message} [{problem.code}]", err=True)
    if report.ok:
        click.echo(
            f"  {verb}: {report.created} new, {report.existing} already there"
            f" ({report.new_organizations} new organizations)"
        )


@cli.command("import")
@database_option
@click.argument("kind", type=click.Choice(IMPORT_KINDS))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True))
@click.option("--dry-run", is_flag=True, help="Check every row and report problems; write nothing.")
@click.option(
    "--event",
    "event_slug",
    default=None,
    help="The fair (slug): registrations go to it; achievements and demands are presented at it.",
)
@click.option("--no-vectors", is_flag=True, help="Do not compute the semantic vectors of imported items now.")
def import_command(
    *, database_url: str, kind: str, file: str, dry_run: bool, event_slug: str | None, no_vectors: bool
) -> None:
    """Import a list from Excel (.xlsx), CSV or JSON Lines: all rows or none.

    The columns of each KIND (Chinese or English headers) are listed in docs/import.md.
    """
    from pathlib import Path

    from events import imports, search
    from events.settings import Settings
    from events.vocabulary import ImportKind

    limit = Settings.from_env().max_upload_bytes
    path = Path(file)
    if path.stat().st_size > limit:
        fail(f"{path.name} has {path.stat().st_size} bytes; the limit is {limit} (TRANSFERFAIR_MAX_UPLOAD_BYTES)")
    content = path.read_bytes()

    async def work() -> Any:
        event_id = await imports.event_id_for_slug(event_slug) if event_slug else None
        report = await imports.run_import(
            kind=ImportKind(kind),
            filename=path.name,
            content=content,
            max_bytes=limit,
            event_id=event_id,
            dry_run=dry_run,
        )
        if report.committed and not no_vectors and kind in ("achievements", "demands"):
            stored = await search.fill_missing_vectors()
            if stored:
                click.echo(f"  semantic vectors computed for {stored} items", err=True)
        return report

    report = run_with_database(database_url, work)
    _print_report(report)
    if not report.ok:
        fail(f"{len(report.problems)} problems in {path.name}: nothing was imported")


@cli.command("export")
@database_option
@click.argument("kind", type=click.Choice(IMPORT_KINDS))
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--event", "event_slug", default=None, help="Only this fair's achievements or demands; required for registrations."
)
def export_command(database_url: str, kind: str, file: str, event_slug: str | None) -> None:
    """Export a list to an Excel file (.xlsx) with the headers the import reads."""
    from pathlib import Path

    from events import imports
    from events.vocabulary import ImportKind

    async def work() -> bytes:
        event_id = await imports.event_id_for_slug(event_slug) if event_slug else None
        return await imports.export_list(kind=ImportKind(kind), event_id=event_id)

    data = run_with_database(database_url, work)
    Path(file).write_bytes(data)
    click.echo(f"{kind} exported to {file}")


@cli.group()
def catalogue() -> None:
    """The catalogue's search data."""


@catalogue.command("reindex")
@database_option
def catalogue_reindex(database_url: str) -> None:
    """Compute the missing index terms and semantic vectors of achievements and demands (e.g. after bulk loads)."""
    from events import search

    async def work() -> tuple[int, int]:
        terms = await search.fill_missing_terms()
        return terms, await search.fill_missing_vectors()

    terms, vectors = run_with_database(database_url, work)
    click.echo(f"index terms computed for {terms} items, semantic vectors for {vectors} items")


from events.checkin.commands import tickets  # noqa: E402 - registered after the core commands

cli.add_command(tickets)

from events.backup_commands import backup_command, restore_command  # noqa: E402 - registered after the core commands

cli.add_command(backup_command)
cli.add_command(restore_command)

from events.outbox_commands import outbox  # noqa: E402 - registered after the core commands

cli.add_command(outbox)


from events.scheduling.cli import schedule  # noqa: E402 - registered after the core commands
from events.scheduling.fair_commands import schedule_export, schedule_import  # noqa: E402

schedule.add_command(schedule_export)
schedule.add_command(schedule_import)
cli.add_command(schedule)


def main() -> None:
    cli(prog_name="transferfair")


if __name__ == "__main__":
    main()

"""``transferfair tickets ...``: issue tickets, print a fair's badges to one HTML file, settle no-shows.

Registered in :mod:`events.cli`; the database helpers are imported there lazily to keep the import order simple.
"""

from __future__ import annotations

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


@click.group()
def tickets() -> None:
    """QR tickets, badges and meeting no-shows of a fair."""


@tickets.command("issue")
@_database_option
@click.argument("event_slug")
def issue(database_url: str, event_slug: str) -> None:
    """Issue a ticket to every approved registration of the fair that has none."""
    from events.checkin.tickets import issue_tickets
    from events.cli import run_with_database
    from events.fairs import get_fair_by_slug

    async def work() -> int:
        event = await get_fair_by_slug(slug=event_slug)
        return await issue_tickets(event_id=event.id)

    issued = run_with_database(database_url, work)
    click.echo(f"{issued} tickets issued for {event_slug}")


@tickets.command("reissue")
@_database_option
@click.argument("event_slug")
@click.argument("registration_id", type=int)
@click.option("--base-url", envvar="TRANSFERFAIR_BASE_URL", default="http://127.0.0.1:8000", show_default=True)
def reissue(database_url: str, event_slug: str, registration_id: int, base_url: str) -> None:
    """Revoke a registration's ticket and issue a new one; prints the new ticket URL."""
    from events.checkin.tickets import reissue_ticket
    from events.checkin.tokens import ticket_url
    from events.cli import run_with_database
    from events.fairs import get_fair_by_slug

    async def work() -> str:
        event = await get_fair_by_slug(slug=event_slug)
        info = await reissue_ticket(registration_id=registration_id, event_id=event.id)
        return ticket_url(base_url, info.token)

    click.echo(run_with_database(database_url, work))


@tickets.command("badges")
@_database_option
@click.argument("event_slug")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path), required=True)
@click.option("--base-url", envvar="TRANSFERFAIR_BASE_URL", default="http://127.0.0.1:8000", show_default=True)
@click.option("--locale", type=click.Choice(["zh_CN", "en"]), default="zh_CN", show_default=True)
def badges(database_url: str, event_slug: str, output: Path, base_url: str, locale: str) -> None:
    """Write every badge of the fair (eight per A4 sheet) to one self-contained HTML file to print."""
    from events.checkin.printing import badge_sheets_html
    from events.cli import run_with_database

    async def work() -> tuple[str, int]:
        return await badge_sheets_html(event_slug=event_slug, base_url=base_url, locale=locale)

    html, count = run_with_database(database_url, work)
    output.write_text(html, encoding="utf-8")
    click.echo(f"{count} badges written to {output}")


@tickets.command("no-shows")
@_database_option
@click.argument("event_slug")
def no_shows(database_url: str, event_slug: str) -> None:
    """Mark meetings whose slot has ended with nobody checked in as no-shows."""
    from events.checkin.attendance import settle_no_shows
    from events.cli import run_with_database
    from events.fairs import get_fair_by_slug

    async def work() -> int:
        event = await get_fair_by_slug(slug=event_slug)
        return await settle_no_shows(event_id=event.id)

    changed = run_with_database(database_url, work)
    click.echo(f"{changed} meetings marked no-show in {event_slug}")

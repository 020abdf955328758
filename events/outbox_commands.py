"""``transferfair outbox``: e-mail the pending notifications from a scheduler (cron, systemd timer).

The app e-mails the outbox after every change; this command catches up on what is still pending (an SMTP
server that was down, failures queued again), for one fair or all of them. Settings come from the environment
(``SMTP_HOST`` and friends, ``TRANSFERFAIR_BASE_URL`` for the personal links in the messages).
Registered in :mod:`events.cli`, whose helpers are imported lazily (no import cycle).
"""

from __future__ import annotations

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
def outbox() -> None:
    """The notifications outbox (meeting requests, bookings, moves, cancellations)."""


@outbox.command("send")
@_database_option
@click.option("--event", "event_slug", default=None, help="Only this fair (slug); default: every fair.")
@click.option("--batch", default=200, show_default=True, type=click.IntRange(1, 5000), help="Most messages to send.")
def outbox_send(database_url: str, event_slug: str | None, batch: int) -> None:
    """E-mail the pending notifications now (needs SMTP_HOST)."""
    from events.cli import fail, run_with_database
    from events.fairs import get_fair_by_slug
    from events.notifications import DeliveryReport, deliver_pending
    from events.settings import Settings

    settings = Settings.from_env()
    if not settings.mail.host:
        fail("SMTP_HOST is not set: notifications stay in the outbox and the participants' portals")

    async def work() -> DeliveryReport:
        event_id = (await get_fair_by_slug(slug=event_slug)).id if event_slug else None
        return await deliver_pending(mail=settings.mail, base_url=settings.base_url, limit=batch, event_id=event_id)

    report = run_with_database(database_url, work)
    click.echo(f"sent {report.sent}, failed {report.failed}, to retry {report.retrying}")


@outbox.command("retry")
@_database_option
@click.option("--event", "event_slug", required=True, help="The fair (slug) whose failed e-mails to queue again.")
def outbox_retry(database_url: str, event_slug: str) -> None:
    """Queue a fair's failed e-mails again (after fixing the SMTP settings)."""
    from events.cli import run_with_database
    from events.fairs import get_fair_by_slug
    from events.notifications import retry_failed

    async def work() -> int:
        return await retry_failed(event_id=(await get_fair_by_slug(slug=event_slug)).id)

    click.echo(f"{run_with_database(database_url, work)} failed e-mails queued again")

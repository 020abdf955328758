"""``transferfair schedule export`` and ``transferfair schedule import``: a fair's problem out, a schedule back in.

Registered on the ``schedule`` group in :mod:`events.cli`. EVENT is a fair's id or its slug. Bad input exits with
status 2 and a message naming the problem; nothing is written then (the export writes its file only once the
problem is complete, through a temporary file renamed into place).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

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


async def event_id_of(event: str) -> int:
    """A fair named by its id or its slug."""
    from events.fairs import get_fair, get_fair_by_slug

    found = await get_fair(event_id=int(event)) if event.isdigit() else await get_fair_by_slug(slug=event)
    return int(found.id)


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, so a reader never sees half."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as output:
            output.write(text)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@click.command("export")
@_database_option
@click.argument("event")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="Write the problem to FILE (default: standard output).",
)
def schedule_export(database_url: str, event: str, output: Path | None) -> None:
    """Write the scheduling problem of fair EVENT (id or slug) in the exchange format.

    The accepted requests of approved participants, their unavailable slots and limits, host tables, the meetings
    that may not move (locked) and the published schedule (previous). Solve it with `transferfair schedule solve`.
    """
    from events.cli import run_with_database
    from events.scheduling.runs import export_problem

    async def work() -> dict[str, Any]:
        return await export_problem(event_id=await event_id_of(event))

    document = run_with_database(database_url, work)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    write_atomically(output, text)
    click.echo(
        f"problem of fair {event} written to {output}: {len(document['requests'])} requests, "
        f"{len(document['participants'])} participants, {len(document['slots'])} slots, "
        f"{len(document['tables'])} tables",
        err=True,
    )


@click.command("import")
@_database_option
@click.argument("event")
@click.argument("schedule_file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--publish", is_flag=True, help="Also publish it: its meetings replace the fair's schedule.")
def schedule_import(database_url: str, event: str, schedule_file: Path, publish: bool) -> None:
    """Import SCHEDULE_FILE (exchange format) as a finished run of fair EVENT (id or slug), optionally publishing it.

    The schedule is checked against the fair as it is now; any broken rule refuses it and nothing is written.
    """
    from events.cli import fail, run_with_database
    from events.scheduling.runs import Published, import_schedule

    try:
        content = schedule_file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {schedule_file}: {exc.strerror}")

    async def work() -> tuple[int, Published | None]:
        return await import_schedule(event_id=await event_id_of(event), document=content, publish=publish)

    run_id, published = run_with_database(database_url, work)
    click.echo(f"{schedule_file.name} imported as schedule run {run_id}")
    if published is not None:
        applied = published.applied
        click.echo(
            f"published: {applied.added} added, {applied.kept} kept, {applied.moved} moved, "
            f"{applied.cancelled} cancelled; {applied.messages} messages in the outbox"
        )

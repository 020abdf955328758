"""Build the demo: run the steps in order inside one transaction, or recognise a demo that is already there."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from events.database import current_engine, is_postgres, write_transaction
from events.demo.context import DemoContext
from events.demo.data.fairs import ALL_FAIRS
from events.demo.plan import ORGANIZER, STAFF
from events.demo.steps.accounts import add_accounts
from events.demo.steps.catalogue import add_catalogue
from events.demo.steps.checkins import add_checkins
from events.demo.steps.deals import add_deals
from events.demo.steps.directory import add_directory
from events.demo.steps.fairs import add_fairs
from events.demo.steps.finished import add_finished_fair
from events.demo.steps.outbox import add_outbox
from events.demo.steps.registrations import add_registrations
from events.demo.steps.requests import add_requests
from events.demo.steps.schedule import add_schedule
from events.demo.steps.search_terms import add_search_terms
from events.demo.steps.tickets import add_tickets
from events.tables import Event, Registration, Ticket
from events.vocabulary import RegistrationRole, RegistrationStatus

DEMO_BUILD_LOCK = 20_261_210  # the PostgreSQL advisory lock key that serialises demo builds


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    run: Callable[[DemoContext], Awaitable[None]]


# The steps, in order. A feature that adds to the demo (a published schedule, check-ins, signed deals) appends
# a step here: an ``async def add_<thing>(demo: DemoContext) -> None`` in ``events/demo/steps/<thing>.py`` that
# reads what earlier steps left in the context, draws from ``demo.rng("<thing>")`` and inserts its rows.
STEPS: tuple[Step, ...] = (
    Step("accounts", add_accounts),
    Step("directory", add_directory),
    Step("catalogue", add_catalogue),
    Step("fairs", add_fairs),
    Step("registrations", add_registrations),
    Step("requests", add_requests),
    Step("outbox", add_outbox),
    Step("schedule", add_schedule),
    Step("finished_fair", add_finished_fair),
    Step("tickets", add_tickets),
    Step("checkins", add_checkins),
    Step("deals", add_deals),
    Step("search_terms", add_search_terms),
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What ``transferfair demo`` prints: whether it built anything, the fairs, the logins, one personal link."""

    created: bool
    fairs: list[tuple[str, str]]  # (slug, title)
    organizer: tuple[str, str]  # (user name, password)
    staff: tuple[str, str]
    participant_link: str | None  # path of one enterprise's personal link, /p/{portal_token}
    ticket_link: str | None = None  # path of that enterprise's ticket at the same fair, /t/{token}


def _ignore(_: str) -> None:
    return None


async def build_demo(*, progress: Callable[[str], None] = _ignore) -> DemoSummary:
    """Fill the bound database with the demo (same data every time), or reuse the demo already in it."""
    started = time.perf_counter()
    async with write_transaction():
        await _wait_for_other_builds()
        if await Event.exists().where(Event.slug.is_in([spec.slug for spec in ALL_FAIRS])):
            progress("the demo fairs are already in this database: reusing them")
            return await _existing_summary()
        demo = DemoContext(progress=progress)
        timings: list[str] = []
        for step in STEPS:
            step_started = time.perf_counter()
            await step.run(demo)
            timings.append(f"{step.name} {time.perf_counter() - step_started:.1f}")
    progress(f"demo built in {time.perf_counter() - started:.1f} s ({', '.join(timings)})")
    showcase = demo.participants[0] if demo.participants else None
    return DemoSummary(
        created=True,
        fairs=[(fair.spec.slug, fair.spec.title) for fair in demo.fairs],
        organizer=ORGANIZER,
        staff=STAFF,
        participant_link=f"/p/{showcase.portal_token}" if showcase else None,
        ticket_link=f"/t/{demo.tickets[showcase.id]}" if showcase and showcase.id in demo.tickets else None,
    )


async def _wait_for_other_builds() -> None:
    """Two ``demo`` commands at once: the second waits for the first and then finds its demo.

    SQLite's immediate transaction already serialises them; PostgreSQL needs a lock until the transaction ends.
    """
    if is_postgres(current_engine()):
        await Event.raw("SELECT pg_advisory_xact_lock({})", DEMO_BUILD_LOCK)


async def _existing_summary() -> DemoSummary:
    slugs = [spec.slug for spec in ALL_FAIRS]
    rows = await Event.select(Event.id, Event.slug, Event.title).where(Event.slug.is_in(slugs))
    found = {row["slug"]: row for row in rows}
    fairs = [(slug, str(found[slug]["title"])) for slug in slugs if slug in found]
    link = ticket = None
    if fairs:
        first = found[fairs[0][0]]
        showcase = (
            await Registration.select(Registration.id, Registration.portal_token)
            .where(
                (Registration.event == first["id"])
                & (Registration.role == RegistrationRole.ENTERPRISE.value)
                & (Registration.status == RegistrationStatus.APPROVED.value)
            )
            .order_by(Registration.id)
            .first()
        )
        if showcase is not None:
            link = f"/p/{showcase['portal_token']}"
            live = (
                await Ticket.select(Ticket.secret)
                .where((Ticket.registration == showcase["id"]) & Ticket.revoked_at.is_null())
                .first()
            )
            ticket = f"/t/{live['secret']}" if live else None
    return DemoSummary(
        created=False, fairs=fairs, organizer=ORGANIZER, staff=STAFF, participant_link=link, ticket_link=ticket
    )

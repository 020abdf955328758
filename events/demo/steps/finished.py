"""Step ``finished_fair``: the fair that already took place in October, up to its published schedule.

It is built the way the two coming fairs are (the same registration, request and outbox code, from its own
random stream), then taken through its whole life: registration closed on 9 October, requests left unanswered
expired four days after they were sent (the fair's rule), and on 12 October the schedule was solved by the real
scheduler and published. Two volunteers joined the staff at the gates. The steps after this one add what happened at the
fair itself (tickets, check-ins) and after it (deals).

The fair is small enough that the scheduler proves its schedule optimal well inside the time limit, on one
worker thread, so the schedule (and everything built on it) is the same on every build.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from events.accounts import assign_staff
from events.demo.context import DemoContext
from events.demo.data.fairs import FINISHED_FAIR, SHANGHAI
from events.demo.plan import VOLUNTEERS
from events.demo.steps.accounts import add_user
from events.demo.steps.fairs import add_fair
from events.demo.steps.outbox import add_fair_outbox
from events.demo.steps.registrations import add_fair_registrations
from events.demo.steps.requests import add_fair_requests
from events.demo.steps.schedule import publish_schedule
from events.vocabulary import UserRole

RUN_AT = datetime(2026, 10, 12, 10, 0, tzinfo=SHANGHAI)  # the organizer pressed "Schedule all"
PUBLISHED_AT = RUN_AT + timedelta(minutes=25)
ANSWERED_BY = RUN_AT - timedelta(hours=2)  # the teams' last answers
TIME_LIMIT = 5.0  # seconds; the solver proves the optimum long before


async def add_finished_fair(demo: DemoContext) -> None:
    rng = demo.rng("finished_fair")
    fair = await add_fair(demo, FINISHED_FAIR)
    demo.fairs.append(fair)
    for username, display_name in VOLUNTEERS:
        user_id = await add_user(
            username=username, password=secrets.token_urlsafe(18), role=UserRole.STAFF, display_name=display_name
        )
        demo.volunteer_ids.append(user_id)
        await assign_staff(event_id=fair.id, username=username)
    demo.progress(
        f"fair {FINISHED_FAIR.slug}: {len(fair.slot_ids)} slots, {len(fair.table_ids)} tables, "
        f"{FINISHED_FAIR.status.value}, {len(VOLUNTEERS)} volunteers at the gates"
    )
    await add_fair_registrations(demo, rng, fair)
    await add_fair_requests(demo, rng, fair, until=ANSWERED_BY)
    await add_fair_outbox(demo, [fair.id])
    demo.meetings[fair.id] = await publish_schedule(
        demo, fair.id, FINISHED_FAIR.slug, run_at=RUN_AT, published_at=PUBLISHED_AT, time_limit=TIME_LIMIT
    )

"""Step ``tickets``: the QR tickets of every approved registration, at all three fairs.

Tokens are made exactly as the app makes them (:func:`events.checkin.tokens.new_token`: random, so they differ
from build to build like the personal links). The organizer issued them in bulk: for the university fair right
after publishing its schedule, for the district fair (still open) this afternoon for the badges of those
approved so far, and for the finished fair after its schedule was published. A few participants of the finished
fair lost theirs and had it re-issued before the fair: their first ticket is revoked, and its code was still
scanned at the gate (see the ``checkins`` step).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from events.checkin.tokens import new_token
from events.demo.context import DemoContext, Fair, Participant
from events.demo.data.fairs import DISTRICT_FAIR, FINISHED_FAIR, SHANGHAI, UNIVERSITY_FAIR
from events.demo.plan import AS_OF, REISSUED_TICKETS
from events.demo.rows import insert_rows
from events.demo.steps import finished, schedule
from events.demo.timeline import moment_between
from events.tables import Ticket
from events.vocabulary import RegistrationRole, RegistrationStatus

ISSUED_AT: dict[str, datetime] = {
    UNIVERSITY_FAIR.slug: schedule.PUBLISHED_AT + timedelta(minutes=7),
    DISTRICT_FAIR.slug: AS_OF - timedelta(hours=2),
    FINISHED_FAIR.slug: finished.PUBLISHED_AT + timedelta(minutes=18),
}
REISSUE_BY = datetime.combine(FINISHED_FAIR.starts_on, datetime.min.time(), tzinfo=SHANGHAI)


def _reissued(rng: random.Random, demo: DemoContext, fair: Fair) -> list[Participant]:
    """The participants of the finished fair whose ticket was re-issued (enterprises and teams only)."""
    if fair.spec.slug != FINISHED_FAIR.slug:
        return []
    candidates = [
        p
        for p in demo.participants_of(fair)
        if p.status is RegistrationStatus.APPROVED and p.role in (RegistrationRole.ENTERPRISE, RegistrationRole.TEAM)
    ]
    return sorted(rng.sample(candidates, REISSUED_TICKETS), key=lambda p: p.id)


async def add_tickets(demo: DemoContext) -> None:
    rng = demo.rng("tickets")
    for fair in demo.fairs:
        issued_at = ISSUED_AT[fair.spec.slug]
        approved = [p for p in demo.participants_of(fair) if p.status is RegistrationStatus.APPROVED]
        again = {p.id for p in _reissued(rng, demo, fair)}
        rows: list[Ticket] = []
        for participant in approved:
            if participant.id in again:
                replaced_at = moment_between(rng, issued_at + timedelta(hours=2), REISSUE_BY - timedelta(hours=10))
                rows.append(_ticket(fair, participant, issued_at=issued_at, revoked_at=replaced_at))
                rows.append(_ticket(fair, participant, issued_at=replaced_at))
            else:
                rows.append(_ticket(fair, participant, issued_at=issued_at))
        ids = await insert_rows(Ticket, rows)
        for row, ticket_id in zip(rows, ids, strict=True):
            if row.revoked_at is None:
                demo.tickets[int(row.registration)] = str(row.secret)
                demo.ticket_ids[int(row.registration)] = ticket_id
            else:
                demo.revoked_tickets[int(row.registration)] = (ticket_id, row.revoked_at)
        demo.progress(f"tickets {fair.spec.slug}: {len(approved)} live, {len(again)} re-issued")


def _ticket(fair: Fair, participant: Participant, *, issued_at: datetime, revoked_at: datetime | None = None) -> Ticket:
    return Ticket(
        event=fair.id, registration=participant.id, secret=new_token(), issued_at=issued_at, revoked_at=revoked_at
    )

"""``transferfair tickets ...`` as a user types it, on the test database."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from events.tables import Meeting, Ticket
from tests.checkin.helpers import make_meeting
from tests.factories import make_fair, make_registration


def run(command: list[str], database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *args, "--database", database_url], capture_output=True, text=True, timeout=120, check=False
    )


async def test_issue_badges_reissue_and_no_shows(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    fair = await make_fair(slug="cli-fair", starts_on=date(2020, 5, 6))
    people = [await make_registration(event_id=fair.id, person_name=f"打印{i}") for i in range(9)]
    await make_registration(event_id=fair.id, status="pending")
    meeting = await make_meeting(event_id=fair.id, a=people[0], b=people[1])

    issued = run(transferfair_command, database_url, "tickets", "issue", "cli-fair")
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.strip() == "9 tickets issued for cli-fair"
    assert await Ticket.count() == 9

    output = tmp_path / "badges.html"
    printed = run(transferfair_command, database_url, "tickets", "badges", "cli-fair", "-o", str(output))
    assert printed.returncode == 0, printed.stderr
    html = output.read_text(encoding="utf-8")
    assert html.count('class="badge"') == 9
    assert html.count('class="badge-sheet"') == 2
    assert "<style>" in html
    assert "打印8" in html

    old = await Ticket.select(Ticket.secret).where(Ticket.registration == people[0].id).first()
    renewed = run(transferfair_command, database_url, "tickets", "reissue", "cli-fair", str(people[0].id))
    assert renewed.returncode == 0, renewed.stderr
    assert renewed.stdout.strip().rsplit("/t/", 1)[1] != old["secret"]

    # the fair was in 2020: every slot has ended, and nobody came to the meeting
    settled = run(transferfair_command, database_url, "tickets", "no-shows", "cli-fair")
    assert settled.stdout.strip() == "1 meetings marked no-show in cli-fair"
    status = await Meeting.select(Meeting.status).where(Meeting.id == meeting.id).first()
    assert status == {"status": "no_show"}


async def test_an_unknown_fair_exits_2(transferfair_command: list[str], database_url: str) -> None:
    result = run(transferfair_command, database_url, "tickets", "issue", "no-such-fair")
    assert result.returncode == 2
    assert "no-such-fair" in result.stderr

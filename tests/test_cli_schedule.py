"""``transferfair schedule export`` and ``import`` as a user types them (the console script, in a subprocess)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from events.scheduling import parse_problem, problem_to_dict, schedule_to_dict, solve
from events.scheduling.fair import fair_problem
from events.tables import Meeting, ScheduleRun
from tests.schedule_helpers import TINY, busy_fair


def run(command: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120, check=False)


def names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


async def test_export_writes_the_exact_problem_by_id_or_slug(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    fair = await busy_fair(teams=2, enterprises=3)
    expected = problem_to_dict((await fair_problem(event_id=fair.event.id)).problem)
    target = tmp_path / "problem.json"

    by_id = run(
        transferfair_command, "schedule", "export", str(fair.event.id), "-o", str(target), "--database", database_url
    )
    by_slug = run(transferfair_command, "schedule", "export", fair.event.slug, "--database", database_url)

    assert by_id.returncode == 0, by_id.stderr
    assert by_id.stdout == ""
    assert f"written to {target}: 6 requests, 5 participants, 3 slots, 3 tables" in by_id.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == expected
    assert problem_to_dict(parse_problem(target.read_bytes())) == expected
    assert by_slug.returncode == 0, by_slug.stderr
    assert json.loads(by_slug.stdout) == expected
    assert names(tmp_path) == ["problem.json"]  # no temporary file left behind


async def test_export_of_an_unknown_fair_exits_2_and_writes_nothing(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "problem.json"

    result = run(
        transferfair_command, "schedule", "export", "no-such-fair", "-o", str(target), "--database", database_url
    )

    assert result.returncode == 2
    assert "no fair with slug 'no-such-fair' [unknown_event]" in result.stderr
    assert names(tmp_path) == []


async def _good_schedule(event_id: int) -> dict[str, Any]:
    return schedule_to_dict(solve((await fair_problem(event_id=event_id)).problem, time_limit=TINY))


async def test_import_and_publish_a_schedule_file(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    fair = await busy_fair(teams=2, enterprises=3)
    document = await _good_schedule(fair.event.id)
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    result = run(
        transferfair_command, "schedule", "import", fair.event.slug, str(path), "--publish", "--database", database_url
    )

    assert result.returncode == 0, result.stderr
    run_row = await ScheduleRun.select(ScheduleRun.id, ScheduleRun.status, ScheduleRun.source).first()
    assert run_row is not None
    assert (run_row["status"], run_row["source"]) == ("published", "import")
    assert result.stdout.splitlines() == [
        f"schedule.json imported as schedule run {run_row['id']}",
        "published: 6 added, 0 kept, 0 moved, 0 cancelled; 12 messages in the outbox",
    ]
    assert await Meeting.count() == 6


async def test_bad_schedule_files_exit_2_name_the_problem_and_write_nothing(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    fair = await busy_fair(teams=2, enterprises=3)
    good = await _good_schedule(fair.event.id)
    first, second = good["meetings"][0], good["meetings"][1]
    cases = {
        "not-json.json": ("{ this is not json", "the schedule is not valid JSON"),
        "unknown-key.json": (
            json.dumps({**good, "seats": []}),
            "the schedule has an unknown key 'seats' [unknown_key]",
        ),
        "unknown-request.json": (
            json.dumps(
                {**good, "meetings": [*good["meetings"], {"request": "r777", "slot": "d1-0900", "table": "T01"}]}
            ),
            "meeting names unknown request 'r777'",
        ),
        "double-booked.json": (
            json.dumps({**good, "meetings": [first, {**second, "slot": first["slot"], "table": first["table"]}]}),
            f"table '{first['table']}' holds 2 meetings in slot '{first['slot']}', capacity 1",
        ),
        "wrong-format.json": (json.dumps({**good, "format": "other/1"}), "format is 'other/1'"),
    }
    for name, (content, words) in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")

        result = run(
            transferfair_command,
            "schedule",
            "import",
            str(fair.event.id),
            str(path),
            "--publish",
            "--database",
            database_url,
        )

        assert result.returncode == 2, (name, result.stdout, result.stderr)
        assert words in result.stderr, (name, result.stderr)
        assert result.stdout == "", name
    missing = run(
        transferfair_command,
        "schedule",
        "import",
        str(fair.event.id),
        str(tmp_path / "nope.json"),
        "--database",
        database_url,
    )
    assert missing.returncode == 2
    assert "nope.json" in missing.stderr
    assert await ScheduleRun.count() == 0
    assert await Meeting.count() == 0


def test_the_schedule_commands_have_help(transferfair_command: list[str]) -> None:
    for args in (["schedule"], ["schedule", "export"], ["schedule", "import"], ["schedule", "solve"]):
        result = run(transferfair_command, *args, "--help")
        assert result.returncode == 0, (args, result.stderr)
        assert "Usage: transferfair schedule" in result.stdout


async def test_export_solve_import_round_trip(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    fair = await busy_fair(teams=2, enterprises=3)
    problem, schedule = tmp_path / "problem.json", tmp_path / "schedule.json"
    database = ["--database", database_url]

    exported = run(transferfair_command, "schedule", "export", fair.event.slug, "-o", str(problem), *database)
    solved = run(transferfair_command, "schedule", "solve", str(problem), "-o", str(schedule), "--time-limit", "0.5")
    imported = run(transferfair_command, "schedule", "import", fair.event.slug, str(schedule), "--publish", *database)

    assert exported.returncode == 0, exported.stderr
    assert solved.returncode == 0, solved.stderr
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[-1].startswith("published: 6 added, 0 kept, 0 moved, 0 cancelled")
    assert await Meeting.count() == 6

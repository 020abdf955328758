"""`transferfair import` and `export` as a user types them, against the test database."""

from __future__ import annotations

import subprocess
from pathlib import Path

from openpyxl import load_workbook

from events.tables import Achievement, EventAchievement, Organization
from tests.factories import make_fair


def run(command: list[str], database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *args, "--database", database_url], capture_output=True, text=True, timeout=120, check=False
    )


async def test_a_bad_file_exits_2_with_every_problem_listed(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    listing = tmp_path / "机构.csv"
    listing.write_text("名称,类型,所在区县\n江城理工大学,高校,洪山区\n,企业,洪山区\n江城光电,工厂,\n", encoding="utf-8")
    result = run(transferfair_command, database_url, "import", "organizations", str(listing))
    assert result.returncode == 2
    assert "row 3, column 名称:" in result.stderr
    assert "row 4, column 类型:" in result.stderr
    assert "2 problems in 机构.csv: nothing was imported" in result.stderr
    assert await Organization.count() == 0


async def test_dry_run_then_import_then_export(
    transferfair_command: list[str], database_url: str, tmp_path: Path
) -> None:
    event = await make_fair(slug="cli-fair")
    listing = tmp_path / "achievements.csv"
    listing.write_text(
        "title,organization,fields,maturity,price_low (yuan)\n"
        "Low-temperature electrolyte,Jiangcheng University,New energy vehicles,pilot,500000\n"
        "Smart fertigation,Jiangcheng Academy,modern_agriculture,Industrialized,\n",
        encoding="utf-8",
    )
    dry = run(transferfair_command, database_url, "import", "achievements", str(listing), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would import: 2 new, 0 already there (2 new organizations)" in dry.stdout
    assert await Achievement.count() == 0

    done = run(
        transferfair_command,
        database_url,
        "import",
        "achievements",
        str(listing),
        "--event",
        "cli-fair",
        "--no-vectors",
    )
    assert done.returncode == 0, done.stderr
    assert "imported: 2 new" in done.stdout
    assert await Achievement.count() == 2
    assert await EventAchievement.count().where(EventAchievement.event == event.id) == 2

    out = tmp_path / "export.xlsx"
    exported = run(transferfair_command, database_url, "export", "achievements", str(out), "--event", "cli-fair")
    assert exported.returncode == 0, exported.stderr
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:2] == ["成果名称", "所属单位"]
    assert sheet.max_row == 3

    unknown = run(transferfair_command, database_url, "import", "registrations", str(listing), "--event", "nope")
    assert unknown.returncode == 2
    assert "no fair with slug 'nope'" in unknown.stderr

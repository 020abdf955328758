"""The command line as a user types it (the installed console script, in a subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import PASSWORD


def run(command: list[str], *args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, timeout=120, cwd=cwd, check=False
    )


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_help_on_every_level(transferfair_command: list[str]) -> None:
    for args in ([], ["user"], ["token"], ["user", "add"], ["token", "create"], ["migrate"], ["serve"], ["demo"]):
        result = run(transferfair_command, *args, "--help")
        assert result.returncode == 0, (args, result.stderr)
        assert "Usage: transferfair" in result.stdout


def test_the_command_line_starts_without_the_solver() -> None:
    """OR-Tools (and the pandas it imports) load only when ``schedule solve`` runs: 0.7 s no other command pays."""
    code = "import sys, events.cli\nprint(sorted({'ortools', 'pandas'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_migrate_user_and_token(transferfair_command: list[str], sqlite_url: str) -> None:
    migrated = run(transferfair_command, "migrate", "--database", sqlite_url)
    assert migrated.returncode == 0, migrated.stderr
    assert "database is up to date" in migrated.stdout
    assert run(transferfair_command, "migrate", "--database", sqlite_url).returncode == 0  # idempotent

    added = run(
        transferfair_command,
        "user",
        "add",
        "zhao",
        "--role",
        "organizer",
        "--database",
        sqlite_url,
        stdin=PASSWORD + "\n",
    )
    assert added.returncode == 0, added.stderr
    assert "user 'zhao' added as organizer" in added.stdout

    token = run(transferfair_command, "token", "create", "zhao", "--label", "gate 1", "--database", sqlite_url)
    assert token.returncode == 0, token.stderr
    assert token.stdout.strip().startswith("tf_")
    assert len(token.stdout.strip()) > 40


def test_errors_exit_2_and_name_the_problem(transferfair_command: list[str], sqlite_url: str) -> None:
    assert run(transferfair_command, "migrate", "--database", sqlite_url).returncode == 0
    cases = [
        (["user", "add", "x y", "--role", "staff", "--database", sqlite_url], PASSWORD + "\n", "user name 'x y'"),
        (["user", "add", "kim", "--role", "staff", "--database", sqlite_url], "short\n", "at least 8 characters"),
        (["user", "add", "kim", "--role", "janitor", "--database", sqlite_url], PASSWORD + "\n", "janitor"),
        (["user", "add", "kim", "--role", "staff", "--database", sqlite_url], "", "no password on standard input"),
        (["token", "create", "nobody", "--database", sqlite_url], "", "no user named 'nobody'"),
        (["migrate", "--database", "mysql://x"], "", "neither sqlite:///PATH nor postgresql://"),
        (["serve", "--port", "70000", "--database", sqlite_url], "", "--port must be between 1 and 65535"),
        (["nonsense"], "", "No such command 'nonsense'"),
    ]
    for args, stdin, expected in cases:
        result = run(transferfair_command, *args, stdin=stdin)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert expected in result.stderr, (args, result.stderr)


def test_duplicate_user_is_refused(transferfair_command: list[str], sqlite_url: str) -> None:
    assert run(transferfair_command, "migrate", "--database", sqlite_url).returncode == 0
    args = ["user", "add", "qian", "--role", "staff", "--database", sqlite_url]
    assert run(transferfair_command, *args, stdin=PASSWORD + "\n").returncode == 0
    again = run(transferfair_command, *args, stdin=PASSWORD + "\n")
    assert again.returncode == 2
    assert "a user named 'qian' already exists" in again.stderr

"""``transferfair outbox send/retry`` against the test database and a real local SMTP server."""

from __future__ import annotations

import asyncio
import os
import subprocess

from events import requests
from events.settings import MailSettings
from events.tables import Notification
from tests.meeting_helpers import meeting_fair
from tests.test_notifications import Mailbox, smtp  # noqa: F401 - the SMTP server fixture


def _run(command: list[str], *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, "outbox", *args], check=False, env=env, capture_output=True, text=True, timeout=120
    )


async def test_send_catches_up_and_retry_requeues(
    smtp: tuple[Mailbox, MailSettings],  # noqa: F811
    transferfair_command: list[str],
    database_url: str,
) -> None:
    mailbox, mail = smtp
    fair = await meeting_fair(teams=1, enterprises=1)
    await requests.ask(registration_id=fair.enterprises[0].id, recipient_id=fair.teams[0].id)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SMTP_HOST": "",
        "TRANSFERFAIR_BASE_URL": "https://fair.example.cn",
    }

    without = await asyncio.to_thread(_run, transferfair_command, "send", env=env)
    assert without.returncode == 2
    assert "SMTP_HOST is not set" in without.stderr

    env |= {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(mail.port), "SMTP_TLS": "false"}
    sent = await asyncio.to_thread(_run, transferfair_command, "send", "--event", fair.event.slug, env=env)
    assert sent.returncode == 0, sent.stderr
    assert sent.stdout.strip() == "sent 1, failed 0, to retry 0"
    (message,) = mailbox.messages
    assert message["To"] == "team1@example.edu.cn"
    assert f"https://fair.example.cn/p/{fair.teams[0].portal_token}" in message.get_content()

    await Notification.update({Notification.delivery: "failed"}).where(Notification.id > 0)
    retried = await asyncio.to_thread(_run, transferfair_command, "retry", "--event", fair.event.slug, env=env)
    assert retried.returncode == 0, retried.stderr
    assert retried.stdout.strip() == "1 failed e-mails queued again"
    unknown = await asyncio.to_thread(_run, transferfair_command, "retry", "--event", "no-such-fair", env=env)
    assert unknown.returncode == 2

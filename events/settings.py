"""Settings read once from the environment into frozen dataclasses.

Every variable is documented in the README's configuration table. Nothing else in the package reads
``os.environ`` (apart from ``events.piccolo_conf``, which Piccolo's own tooling imports).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///transferfair.db"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
FRONTEND_DIR = PROJECT_ROOT / "frontend"


def _flag(value: str | None, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, value: str | None, *, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {value!r}") from exc


@dataclass(frozen=True, slots=True)
class MailSettings:
    """SMTP delivery; without a host, notifications only go to the outbox."""

    host: str | None = None
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "Transfer Fair <noreply@localhost>"
    use_tls: bool = True


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # Public address of the app, used in QR tickets, calendar feeds and e-mails.
    base_url: str = "http://127.0.0.1:8000"
    # Signs session cookies and CSRF tokens. When unset the database keeps a generated one, so that
    # several workers on one database agree without configuration.
    secret_key: str | None = None
    debug: bool = False
    # Secure cookies follow the base URL's scheme unless forced.
    secure_cookies: bool = False
    time_zone: str = "Asia/Shanghai"
    default_locale: str = "zh_CN"
    session_days: int = 14
    max_upload_bytes: int = 10 * 1024 * 1024
    max_body_bytes: int = 2 * 1024 * 1024
    # Compute the semantic vectors of catalogue items saved without them (the demo, bulk loads) in the
    # background after start-up. On when read from the environment; off for apps built in tests.
    fill_vectors: bool = False
    mail: MailSettings = field(default_factory=MailSettings)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        base_url = env.get("TRANSFERFAIR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        return cls(
            database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            base_url=base_url,
            secret_key=env.get("TRANSFERFAIR_SECRET_KEY") or None,
            debug=_flag(env.get("TRANSFERFAIR_DEBUG"), default=False),
            secure_cookies=_flag(env.get("TRANSFERFAIR_SECURE_COOKIES"), default=base_url.startswith("https://")),
            time_zone=env.get("TRANSFERFAIR_TIME_ZONE", "Asia/Shanghai"),
            default_locale=env.get("TRANSFERFAIR_LOCALE", "zh_CN"),
            session_days=_int("TRANSFERFAIR_SESSION_DAYS", env.get("TRANSFERFAIR_SESSION_DAYS"), default=14),
            max_upload_bytes=_int(
                "TRANSFERFAIR_MAX_UPLOAD_BYTES",
                env.get("TRANSFERFAIR_MAX_UPLOAD_BYTES"),
                default=10 * 1024 * 1024,
            ),
            fill_vectors=_flag(env.get("TRANSFERFAIR_FILL_VECTORS"), default=True),
            mail=MailSettings(
                host=env.get("SMTP_HOST") or None,
                port=_int("SMTP_PORT", env.get("SMTP_PORT"), default=587),
                username=env.get("SMTP_USERNAME") or None,
                password=env.get("SMTP_PASSWORD") or None,
                sender=env.get("SMTP_SENDER", "Transfer Fair <noreply@localhost>"),
                use_tls=_flag(env.get("SMTP_TLS"), default=True),
            ),
        )

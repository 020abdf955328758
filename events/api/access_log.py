"""Secrets never reach the logs: URLs that carry a token are masked before they are written.

Personal links (``/p/{token}``), tickets (``/t/{token}``) and calendar feeds (``/calendar/{token}.ics``) are
bearer secrets in the path: whoever reads an access log would hold them. :class:`MaskSecrets` rewrites
uvicorn's access-log records (and any record whose arguments hold such a path), and :func:`mask_path` is what
the app itself uses when it logs a request.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

MASK = "[secret]"
_SECRET_PATH = re.compile(r"(?P<prefix>/(?:p|t|calendar)/)(?P<token>[^/?#\s\"]+?)(?P<suffix>\.ics)?(?=[/?#\s\"]|$)")
_SECRET_QUERY = re.compile(r"(?P<key>[?&](?:token|feed|key)=)[^&#\s\"]+", re.IGNORECASE)


def mask_path(text: str) -> str:
    """``text`` (a path, a URL or a log line) with every token of a secret URL replaced by ``[secret]``."""
    masked = _SECRET_PATH.sub(lambda m: f"{m['prefix']}{MASK}{m['suffix'] or ''}", text)
    return _SECRET_QUERY.sub(lambda m: f"{m['key']}{MASK}", masked)


class MaskSecrets(logging.Filter):
    """A logging filter that masks secret URLs in a record's message and arguments (it never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_path(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_path(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask_path(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`MaskSecrets` on its access and error handlers, and the app's own
    records (the ``events`` loggers: search indexes rebuilt, schedule runs that failed, unhandled errors) written to
    standard error at INFO and above with the logger's name, as uvicorn writes its own (without this only warnings
    reached the console, without level or name)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["app"] = {
        "()": "uvicorn.logging.DefaultFormatter",
        "fmt": "%(levelprefix)s %(name)s: %(message)s",
    }
    config["handlers"]["app"] = {"formatter": "app", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"}
    config["loggers"]["events"] = {"handlers": ["app"], "level": "INFO", "propagate": False}
    config.setdefault("filters", {})["mask_secrets"] = {"()": "events.api.access_log.MaskSecrets"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("mask_secrets")
    return config

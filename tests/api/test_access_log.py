"""The server's logging configuration: the app's own records reach the console, named and masked."""

from __future__ import annotations

import logging
import logging.config
from collections.abc import Iterator

import pytest

from events.api.access_log import log_config
from events.registration import new_secret

CONFIGURED = ("uvicorn", "uvicorn.error", "uvicorn.access", "events")


@pytest.fixture
def restored_loggers() -> Iterator[None]:
    """The loggers :func:`log_config` sets are put back as they were after the test."""
    saved = {
        name: (list(logger.handlers), logger.level, logger.propagate, logger.disabled)
        for name in CONFIGURED
        for logger in [logging.getLogger(name)]
    }
    try:
        yield
    finally:
        for name, (handlers, level, propagate, disabled) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers[:] = handlers
            logger.setLevel(level)
            logger.propagate = propagate
            logger.disabled = disabled


@pytest.mark.usefixtures("restored_loggers")
def test_the_apps_info_records_reach_standard_error_with_their_logger_name_and_secrets_masked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Configured here, as `transferfair serve` configures it, so that the handlers take capsys's streams.
    logging.config.dictConfig(log_config())
    link = new_secret()
    logging.getLogger("events.search").info("rebuilt the %s index: %d items", "achievement", 12)
    logging.getLogger("events.api").warning("unhandled error on GET %s", f"/p/{link}/agenda")
    logging.getLogger("events.search").debug("not shown")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        "INFO:     events.search: rebuilt the achievement index: 12 items",
        "WARNING:  events.api: unhandled error on GET /p/[secret]/agenda",
    ]

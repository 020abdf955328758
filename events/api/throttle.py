"""Slowing down guessing of secret links and floods of bad scans.

Sign-in has its own throttle, kept in the database (``events.accounts``). This middleware covers the two other
ways of trying secrets:

- **secret lookups**: a personal link (``/p/{token}``, the ``X-Participant-Token`` header or the portal cookie),
  a ticket page (``/t/{token}``) or a calendar feed (``/calendar/{token}.ics``). A 404 answer to a secret path,
  or a header or cookie token that names no participant, counts as a failed lookup of the client address (a
  valid link refused a page it may not see does not count); past ``MAX_FAILED_LOOKUPS`` in
  ``WINDOW_SECONDS``, secret lookups from that address are answered ``429 too_many_attempts`` until the window
  has moved on. The tokens are 256-bit (links, feeds) and 128-bit (tickets) random values, so this is not what
  keeps them safe; it keeps a scanner of the URL space from costing a database query per guess forever.
- **failed scans**: a gate scan answered 400 or 404 (``ticket_malformed``, ``ticket_tampered``,
  ``ticket_unknown``, ``unknown_registration``) counts against the scanning user; past ``MAX_FAILED_SCANS`` in
  ``WINDOW_SECONDS`` that user's scans are refused with 429. Successful scans cost one dictionary lookup, so the
  gate's throughput is unchanged; the limit is far above what a real gate produces (busy gates see a few bad
  codes a minute).

A blocked address still reads public pages: a portal cookie it carries is then not honoured (the visitor is
anonymous), so a stale cookie cannot lock a venue out and a guess through the cookie learns nothing.

The counts live in each worker's memory: nothing is written per guess, and with N workers an address gets at
most N times the limit. Addresses behind one NAT (a venue's Wi-Fi) share a budget, hence the generous limits:
only failures count, never successful lookups.
"""

from __future__ import annotations

import json
import re
import time
from collections import OrderedDict, deque
from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType

from events.accounts import ANONYMOUS, Principal
from events.api.security import PARTICIPANT_HEADER, PORTAL_COOKIE

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

WINDOW_SECONDS = 600.0
MAX_FAILED_LOOKUPS = 100
MAX_FAILED_SCANS = 600
MAX_TRACKED_KEYS = 50_000

_SECRET_PATH = re.compile(r"^/(?:p|t|calendar)/[^/]+")
_SCAN_PATH = re.compile(r"^/api/events/\d+/(?:table-)?checkins$")
_FAILED_LOOKUP = frozenset({404})
_FAILED_SCAN = frozenset({400, 404})


class FailureWindow:
    """Failure times per key over a sliding window, for a bounded number of keys (oldest forgotten first)."""

    def __init__(self, *, limit: int, window: float, max_keys: int = MAX_TRACKED_KEYS) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def retry_after(self, key: str, now: float | None = None) -> int | None:
        """Seconds until ``key`` may try again, or None when it is not blocked."""
        now = time.monotonic() if now is None else now
        times = self._recent(key, now)
        if times is None or len(times) < self.limit:
            return None
        return max(1, int(times[0] + self.window - now) + 1)

    def fail(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        times = self._recent(key, now)
        if times is None:
            times = self._failures[key] = deque(maxlen=self.limit)
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)
        else:
            self._failures.move_to_end(key)
        times.append(now)


def _participant_secret(scope: Scope) -> str | None:
    """``header`` or ``cookie`` when the request carries a personal-link token that way (the header wins)."""
    found = None
    for name, value in scope.get("headers", []):
        lowered = name.lower()
        if lowered == PARTICIPANT_HEADER.encode():
            return "header"
        if lowered == b"cookie" and PORTAL_COOKIE.encode() + b"=" in value:
            found = "cookie"
    return found


async def _too_many(send: Send, retry_after: int, message: str) -> None:
    body = json.dumps({"code": "too_many_attempts", "message": message}).encode()
    start: Any = {
        "type": "http.response.start",
        "status": 429,
        "headers": [(b"content-type", b"application/json"), (b"retry-after", str(retry_after).encode())],
    }
    await send(start)
    end: Any = {"type": "http.response.body", "body": body}
    await send(end)


class Throttle:
    """The failure counts of one app (every route shares them)."""

    def __init__(
        self,
        *,
        max_failed_lookups: int = MAX_FAILED_LOOKUPS,
        max_failed_scans: int = MAX_FAILED_SCANS,
        window: float = WINDOW_SECONDS,
    ) -> None:
        self.lookups = FailureWindow(limit=max_failed_lookups, window=window)
        self.scans = FailureWindow(limit=max_failed_scans, window=window)


def throttle_of(scope: Scope) -> Throttle:
    """The app's :class:`Throttle` (Litestar builds a middleware stack per route, so it lives in the app state)."""
    state = scope["litestar_app"].state
    throttle = state.get("throttle")
    if not isinstance(throttle, Throttle):
        throttle = state["throttle"] = Throttle()
    return throttle


class ThrottleMiddleware:
    """Counts failed secret lookups per address and failed scans per user; refuses past the limits (429).

    Runs after the identity middleware (it reads ``scope['user']``).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        throttle = throttle_of(scope)
        path = scope["path"]
        user = scope.get("user")
        if scope["method"] == "POST" and _SCAN_PATH.match(path):
            if isinstance(user, Principal) and user.user_id is not None:
                await self._watched(
                    scope, receive, send, throttle.scans, f"user:{user.user_id}", _FAILED_SCAN, failed=False
                )
                return
        else:
            secret_path = bool(_SECRET_PATH.match(path))
            carried = _participant_secret(scope)
            carries_link = carried is not None
            if secret_path or carries_link:
                client = scope.get("client")
                key = f"addr:{client[0] if client else ''}"
                if carried == "cookie" and not secret_path and throttle.lookups.retry_after(key) is not None:
                    # A blocked address still browses public pages: its portal cookie is simply not honoured
                    # (a stale cookie must not lock a whole venue out, and a guess learns nothing).
                    scope["user"] = ANONYMOUS
                    scope["auth"] = ANONYMOUS.via
                    await self.app(scope, receive, send)
                    return
                # A personal-link header or cookie that named nobody is a failed lookup, whatever the answer.
                unknown = carries_link and isinstance(user, Principal) and user.via == "anonymous"
                failing = _FAILED_LOOKUP if secret_path else frozenset()
                await self._watched(scope, receive, send, throttle.lookups, key, failing, failed=unknown)
                return
        await self.app(scope, receive, send)

    async def _watched(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        window: FailureWindow,
        key: str,
        failing: frozenset[int],
        *,
        failed: bool,
    ) -> None:
        """Refuse while ``key`` is blocked; otherwise count ``failed`` and pass the request on, counting a failing
        answer."""
        wait = window.retry_after(key)
        if wait is not None:
            what = "failed scans" if key.startswith("user:") else "unknown links"
            await _too_many(send, wait, f"too many {what} from here; wait {wait} seconds and try again")
            return
        if failed:
            window.fail(key)

        async def watching_send(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in failing:
                window.fail(key)
            await send(message)

        await self.app(scope, receive, watching_send)

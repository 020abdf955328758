"""Text the database cannot store is refused at the door: the NUL character.

PostgreSQL refuses U+0000 in text (``invalid byte sequence for encoding "UTF8": 0x00``) where SQLite stores it,
so the same request would be a server error on one database and silently odd data on the other. A NUL in the
query string, in a JSON body (``\\u0000``) or in a form body (``%00``) is answered ``400 invalid_character``
before any handler runs, on both databases. Bodies are looked at only for those two content types and only up
to the app's body limit (a larger body goes on untouched, to be refused by the limit itself).
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

_NUL_IN_QUERY = re.compile(rb"%00|\x00")
_NUL_IN_JSON = re.compile(rb"\\u0000|\x00")
_NUL_IN_FORM = re.compile(rb"%00|\x00")
DEFAULT_LIMIT = 2 * 1024 * 1024


def _content_type(scope: Scope) -> bytes:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-type":
            return bytes(value).split(b";", 1)[0].strip().lower()
    return b""


async def _refuse(send: Send, where: str) -> None:
    body = json.dumps(
        {"code": "invalid_character", "message": f"the {where} holds a NUL character (U+0000), which no text may hold"}
    ).encode()
    start: Any = {"type": "http.response.start", "status": 400, "headers": [(b"content-type", b"application/json")]}
    await send(start)
    end: Any = {"type": "http.response.body", "body": body}
    await send(end)


class InputGuardMiddleware:
    def __init__(self, app: ASGIApp, limit: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        if _NUL_IN_QUERY.search(scope.get("query_string", b"")) or "\x00" in scope["path"]:
            await _refuse(send, "address")
            return
        content_type = _content_type(scope)
        pattern = (
            _NUL_IN_JSON
            if content_type == b"application/json" or content_type.endswith(b"+json")
            else _NUL_IN_FORM
            if content_type == b"application/x-www-form-urlencoded"
            else None
        )
        if pattern is None:
            await self.app(scope, receive, send)
            return
        buffered: list[ReceiveMessage] = []
        size = 0
        more = True
        while more and size <= self.limit:
            message = await receive()
            buffered.append(message)
            if message["type"] != "http.request":
                break
            size += len(message["body"])
            more = message.get("more_body", False)
        if not more and pattern.search(b"".join(m["body"] for m in buffered if m["type"] == "http.request")):
            await _refuse(send, "body")
            return

        async def replay() -> ReceiveMessage:
            if buffered:
                return buffered.pop(0)
            return await receive()

        await self.app(scope, replay, send)

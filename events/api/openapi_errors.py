"""The OpenAPI document tells the truth about refusals.

Litestar documents a validation failure (400) with its own body (``status_code``, ``detail``, ``extra``); this app
answers every refusal with ``{"code", "message", "field"?, "details"?}`` (``events.api.errors``). The JSON
document served at ``/schema/openapi.json`` (which Swagger UI and ReDoc load too) is rewritten once: every 4xx
response of every operation has the app's error body, every operation documents its 401 (any request with
an unknown bearer token gets one), and 204 answers have no body.
"""

from __future__ import annotations

import copy
from typing import Any

from litestar import Request
from litestar.openapi.plugins import JsonRenderPlugin

ERROR_BODY = "ErrorBody"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "description": "a stable machine code, e.g. slot_taken"},
        "message": {"type": "string", "description": "what went wrong, naming the offending item"},
        "field": {"oneOf": [{"type": "string"}, {"type": "null"}], "description": "the field at fault"},
        "details": {"oneOf": [{"type": "object"}, {"type": "null"}]},
    },
    "description": "Every refusal: a machine code and a message that names the problem.",
}
REFUSALS = {"401": "Not signed in where that is needed, or the bearer token is unknown or revoked"}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_BODY}"}}},
    }


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``schema`` whose 4xx responses have the app's error body."""
    document = copy.deepcopy(schema)
    document.setdefault("components", {}).setdefault("schemas", {})[ERROR_BODY] = ERROR_SCHEMA
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "put", "post", "delete", "patch", "head", "options"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in list(responses.items()):
                if status.startswith("4"):
                    responses[status] = _error_response(response.get("description", "Refused"))
                elif status in ("204", "304"):
                    response.pop("content", None)  # these answers never have a body
            if operation.get("security") != []:
                for status, description in REFUSALS.items():
                    responses.setdefault(status, _error_response(description))
    return document


class ErrorDocumentingJsonPlugin(JsonRenderPlugin):
    """Litestar's JSON rendering of the schema, with :func:`document_errors` applied (once)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._documented: dict[str, Any] | None = None

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        if self._documented is None:
            self._documented = document_errors(openapi_schema)
        return super().render(request, self._documented)

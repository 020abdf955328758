"""Domain errors with machine codes.

Every domain raises a subclass of :class:`DomainError` (``RegistrationError``, ``SchedulingError``,
``CheckinError``, ...). An error carries a stable machine ``code`` (``slot_taken``, ``unknown_slot``), a
human ``message`` that names the offending item, and a ``kind`` that says what went wrong in words the
domain understands. The HTTP layer maps ``kind`` to a status in one place (``events.api.errors``); the CLI
maps any ``DomainError`` to exit status 2. Domains never mention HTTP.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorKind(StrEnum):
    """What went wrong, independent of the transport that reports it."""

    INVALID = "invalid"  # the input breaks a rule (HTTP 400/422, CLI exit 2)
    NOT_FOUND = "not_found"  # a named thing does not exist (HTTP 404)
    CONFLICT = "conflict"  # the input is fine but the state forbids it (HTTP 409)
    UNAUTHENTICATED = "unauthenticated"  # nobody is signed in (HTTP 401)
    FORBIDDEN = "forbidden"  # signed in, but not allowed (HTTP 403)
    GONE = "gone"  # it existed and was revoked or expired (HTTP 410)
    TOO_LARGE = "too_large"  # an upload or body over its limit (HTTP 413)
    RATE_LIMITED = "rate_limited"  # too many attempts (HTTP 429)


class DomainError(Exception):
    """A refusal with a machine code and a message a person understands."""

    default_kind: ErrorKind = ErrorKind.INVALID

    def __init__(
        self,
        code: str,
        message: str,
        *,
        kind: ErrorKind | None = None,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind or self.default_kind
        self.field = field
        self.details = details or {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r}, kind={self.kind.value!r})"

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        if self.details:
            body["details"] = self.details
        return body


class ValidationError(DomainError):
    """Several field problems at once (a form, an import row): ``details['errors']`` lists them."""

    def __init__(self, message: str, errors: list[dict[str, Any]], *, code: str = "validation_failed") -> None:
        super().__init__(code, message, kind=ErrorKind.INVALID, details={"errors": errors})
        self.errors = errors


class NotFoundError(DomainError):
    default_kind = ErrorKind.NOT_FOUND


class AuthError(DomainError):
    """Sign-in, session and permission refusals."""

    default_kind = ErrorKind.UNAUTHENTICATED

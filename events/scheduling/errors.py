"""The scheduler's refusal: bad input, named by the offending item."""

from __future__ import annotations

from events.errors import DomainError


class SchedulingError(DomainError):
    """A problem or schedule that breaks the exchange format.

    ``code`` is stable (``unknown_participant``, ``duplicate_id``, ...), ``message`` names the item, e.g.
    ``request 'r7' names unknown participant 'ent-999'``, and ``field`` points into the JSON
    (``requests[6].participants``) when the error comes from a document.
    """

"""Limit/offset paging shared by every list in the domain."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from events.errors import DomainError

T = TypeVar("T")
MAX_LIMIT = 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= MAX_LIMIT:
            raise DomainError(
                "invalid_limit", f"limit must be between 1 and {MAX_LIMIT}, got {self.limit}", field="limit"
            )
        if self.offset < 0:
            raise DomainError("invalid_offset", f"offset must not be negative, got {self.offset}", field="offset")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

"""Shapes shared by every area: pages of results, errors, small references."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

import msgspec

from events.pagination import Page as DomainPage

T = TypeVar("T")

Limit = Annotated[int, msgspec.Meta(ge=1, le=200, description="page size, 1 to 200")]
Offset = Annotated[int, msgspec.Meta(ge=0, description="items to skip")]
ShortText = Annotated[str, msgspec.Meta(max_length=200)]
LongText = Annotated[str, msgspec.Meta(max_length=20000)]
Code = Annotated[str, msgspec.Meta(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.\-]+$")]


class Input(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Base of every body the API reads: a key the shape does not define is refused (400 naming the key),
    never silently dropped, so a misspelt field cannot pass for a default."""


class Page(msgspec.Struct, Generic[T], kw_only=True):
    items: list[T]
    total: int
    limit: int
    offset: int


def page_of(page: DomainPage[Any], items: list[T]) -> Page[T]:
    return Page(items=items, total=page.total, limit=page.limit, offset=page.offset)


class ErrorBody(msgspec.Struct, kw_only=True, omit_defaults=True):
    """Every refusal: a machine code, a message naming the problem, optionally the field and details."""

    code: str
    message: str
    field: str | None = None
    details: dict[str, Any] | None = None


class Ref(msgspec.Struct, kw_only=True):
    """A named reference to another object."""

    id: int
    name: str

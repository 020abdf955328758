"""The page a list handler is asked for: the ``limit`` and ``offset`` query parameters, alike everywhere."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

PageLimit = Annotated[int, QueryParameter(ge=1, le=200)]
PageOffset = Annotated[int, QueryParameter(ge=0)]

"""Step ``search_terms``: the catalogue's index terms, stored with the items as the app stores them on save.

The demo inserts achievements and demands in bulk, without terms; analysing them here (about a second) spares the
first search of a new demo from analysing the whole catalogue. Semantic vectors are not computed here (about
75 s for the catalogue): the app fills the missing ones in the background after it starts
(:func:`events.search.fill_missing_vectors`, started from the app's lifespan), and matching is lexical until then.
"""

from __future__ import annotations

from events import search
from events.demo.context import DemoContext


async def add_search_terms(demo: DemoContext) -> None:
    stored = await search.fill_missing_terms()
    demo.progress(f"search terms: {stored} achievements and demands analysed")

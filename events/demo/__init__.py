"""The demo behind ``transferfair demo``: two realistic fairs in the fictional city of 江城 (Jiangcheng).

:func:`build_demo` fills the bound database in one transaction, step by step (:data:`STEPS`: accounts,
directory, catalogue, fairs, registrations, requests), from a fixed seed so that every run makes the same data
(only secrets such as personal-link tokens and password hashes differ). Running it on a database that already
holds the demo fairs changes nothing and returns ``created=False``.

Layout: ``data/`` holds the words (name parts, per-field technical topics, plain-spoken demands, messages, the
fairs); ``names``, ``identifiers``, ``writing`` and ``timeline`` turn them into names, codes, texts and times;
``steps/`` holds one module per step; ``plan`` holds the promised counts, which the tests assert.
"""

from events.demo.build import STEPS, DemoSummary, Step, build_demo

__all__ = ["STEPS", "DemoSummary", "Step", "build_demo"]

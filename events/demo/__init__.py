"""The demo behind ``transferfair demo``: three realistic fairs in the fictional city of 江城 (Jiangcheng), two
coming and one that took place in October, with its check-ins and the deals that came out of it.

:func:`build_demo` fills the bound database in one transaction, step by step (:data:`STEPS`: accounts,
directory, catalogue, fairs, registrations, requests, outbox, schedule, then the finished fair, tickets,
check-ins, deals and the catalogue's search terms), from a fixed seed so that every run makes the same data
(only secrets such as personal-link and ticket tokens and password hashes differ, and the university fair's
schedule, which the solver's time limit may leave short of a proof). Running it on a database that already
holds the demo fairs changes nothing and returns ``created=False``.

Layout: ``data/`` holds the words (name parts, per-field technical topics, plain-spoken demands, messages, the
fairs); ``names``, ``identifiers``, ``writing`` and ``timeline`` turn them into names, codes, texts and times;
``steps/`` holds one module per step; ``plan`` holds the promised counts, which the tests assert.
"""

from events.demo.build import STEPS, DemoSummary, Step, build_demo

__all__ = ["STEPS", "DemoSummary", "Step", "build_demo"]

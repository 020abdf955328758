"""``python -m events`` is the ``transferfair`` command."""

from events.cli import main

main()

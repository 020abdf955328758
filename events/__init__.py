"""Transfer Fair: technology-transfer fairs end to end."""

import os

# Piccolo's tooling (migrations) finds its configuration through this variable.
os.environ.setdefault("PICCOLO_CONF", "events.piccolo_conf")

__version__ = "0.1.0"

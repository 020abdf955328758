"""Piccolo configuration: the engine named by ``DATABASE_URL`` and the app registry.

Piccolo's tooling imports this module (``PICCOLO_CONF=events.piccolo_conf``, set by the package); the app
and the CLI rebind :data:`DB` through :func:`events.database.use_database`.
"""

import os

from piccolo.conf.apps import AppRegistry

from events.database import engine_from_url
from events.settings import DEFAULT_DATABASE_URL

DB = engine_from_url(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)

APP_REGISTRY = AppRegistry(apps=["events.piccolo_app"])

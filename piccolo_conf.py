"""For Piccolo's own command line run from the repository root (``piccolo migrations new events --auto``)."""

from events.piccolo_conf import APP_REGISTRY, DB

__all__ = ["APP_REGISTRY", "DB"]

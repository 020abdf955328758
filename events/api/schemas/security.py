"""Structs of the security area: replaced personal links and the audit log."""

from __future__ import annotations

import msgspec


class PersonalLinkOut(msgspec.Struct, kw_only=True):
    registration_id: int
    link: str

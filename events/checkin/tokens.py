"""Ticket tokens and the URL a QR code carries.

A token is 16 random bytes from the operating system (128 bits) followed by a 4-byte check code
(BLAKE2s of the random part), written in RFC 4648 base32: 32 characters from ``A-Z2-7``, no padding.

- Unforgeable by entropy: a token means something only if the database holds it, and guessing one of
  2,000 live tickets takes about 2**117 tries. Revoking is deleting its meaning: the row is marked revoked.
- The check code tells a *tampered* token (an edited or mistyped one) from an *unknown* one without asking
  the database, so the gate can say "this code was altered" rather than "never issued".
- Base32 upper case is the QR alphanumeric alphabet: the token part of the URL costs 5.5 bits per character
  instead of 8, which keeps the code at version 4-5 with error correction Q (bigger modules, easier reads).
  It has no 0/1/8 and reads back unambiguously when typed by hand; input is upper-cased before checking.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets

RANDOM_BYTES = 16
CHECK_BYTES = 4
TOKEN_LENGTH = 32  # base32 characters of RANDOM_BYTES + CHECK_BYTES
TICKET_PATH = "/t/"
_BASE32 = re.compile(r"^[A-Z2-7]{32}$")
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})  # typed by hand from a printed badge
_PERSON = b"tf-tick"  # BLAKE2s personalisation: this check code means nothing elsewhere


def _check(random_part: bytes) -> bytes:
    return hashlib.blake2s(random_part, digest_size=CHECK_BYTES, person=_PERSON).digest()


def new_token() -> str:
    """A fresh ticket token: 128 random bits plus a check code, 32 base32 characters."""
    random_part = secrets.token_bytes(RANDOM_BYTES)
    return base64.b32encode(random_part + _check(random_part)).decode("ascii")


def ticket_url(base_url: str, token: str) -> str:
    """What the QR code encodes: the ticket page of the app (any phone camera opens it)."""
    return f"{base_url.rstrip('/')}{TICKET_PATH}{token}"


class TokenError(ValueError):
    """Why a scanned text is not a valid token: ``malformed`` or ``tampered``."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def extract_token(text: str) -> str:
    """The token inside what a scanner read: a ticket URL (any host) or the bare token, any case.

    Raises :class:`TokenError` with ``malformed`` (not a ticket at all) or ``tampered`` (the check code fails).
    """
    candidate = text.strip()
    if TICKET_PATH in candidate:
        candidate = candidate.rsplit(TICKET_PATH, 1)[1]
        candidate = re.split(r"[/?#]", candidate, maxsplit=1)[0]
    candidate = candidate.replace(" ", "").replace("-", "").upper().translate(_LOOKALIKES)
    if not _BASE32.match(candidate):
        raise TokenError("malformed")
    try:
        raw = base64.b32decode(candidate)
    except binascii.Error:
        raise TokenError("malformed") from None
    random_part, check = raw[:RANDOM_BYTES], raw[RANDOM_BYTES:]
    if not secrets.compare_digest(check, _check(random_part)):
        raise TokenError("tampered")
    return candidate

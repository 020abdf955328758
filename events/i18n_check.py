"""Which messages of the code and templates lack a Chinese translation.

``uv run python -m events.i18n_check`` prints them (file:line and msgid), exit status 1 when any is missing;
the test suite runs the same check, so a template string without a catalog entry fails CI.
Messages are extracted with Babel: ``_()``, ``gettext()``, ``ngettext()`` and ``N_()`` (a marker for strings
translated later, e.g. tab labels) in Python, and the same calls in Jinja templates.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from events.i18n import LOCALE_DIR
from events.settings import FRONTEND_DIR, PROJECT_ROOT

KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
PACKAGE_DIR = PROJECT_ROOT / "events"


@dataclass(frozen=True, slots=True)
class Message:
    msgid: str
    location: str


def _extract(folder: Path, method_map: list[tuple[str, str]]) -> list[Message]:
    found: list[Message] = []
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(folder), method_map=method_map, options_map=options, keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid:
            found.append(Message(msgid=msgid, location=f"{folder.name}/{filename}:{lineno}"))
    return found


def used_messages() -> list[Message]:
    python = _extract(PACKAGE_DIR, [("piccolo_migrations/**.py", "ignore"), ("**.py", "python")])
    templates = _extract(FRONTEND_DIR / "templates", [("**.html", "jinja2")])
    return python + templates


def translated_messages(locale: str = "zh_CN") -> set[str]:
    known: set[str] = set()
    for path in sorted((LOCALE_DIR / locale / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            for message in read_po(handle, locale=locale):
                msgid = message.id if isinstance(message.id, str) else message.id[0]
                strings = message.string
                translation = strings if isinstance(strings, str) else (strings[0] if strings else "")
                if msgid and translation and not message.fuzzy:
                    known.add(msgid)
    return known


def missing_translations(locale: str = "zh_CN") -> list[Message]:
    known = translated_messages(locale)
    return [m for m in used_messages() if m.msgid not in known]


def main() -> int:
    missing = missing_translations()
    for message in missing:
        sys.stdout.write(f"{message.location}\t{message.msgid}\n")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())

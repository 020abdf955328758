"""Which messages of the code and templates lack a Chinese translation.

``uv run python -m events.i18n_check`` prints them (file:line and msgid), exit status 1 when any is missing;
the test suite runs the same check, so a template string without a catalog entry fails CI.
Messages are extracted with Babel: ``_()``, ``gettext()``, ``ngettext()`` and ``N_()`` (a marker for strings
translated later, e.g. tab labels) in Python, and the same calls in Jinja templates.

The JavaScript modules under ``frontend/static/js`` hold no text of their own: each page hands them its messages,
translated, in a JSON block (``<script type="application/json">``) or a data attribute. The check also lists any
script line that would show text it wrote itself: a string literal with Chinese in it, or an English literal put
into ``textContent``, ``innerText``, ``innerHTML``, ``placeholder``, ``title``, ``alert()``, ``confirm()`` or
``prompt()``.
"""

from __future__ import annotations

import re
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


SCRIPT_DIR = FRONTEND_DIR / "static" / "js"
_LITERAL = re.compile(r"""(["'`])((?:\\.|(?!\1).)*)\1""")
_CHINESE = re.compile(r"[\u3400-\u9fff\uff01-\uff5e]")
_SHOWN = re.compile(
    r"""(?:\.(?:textContent|innerText|innerHTML|placeholder|title)\s*\+?=\s*|\b(?:alert|confirm|prompt)\(\s*)"""
    r"""(["'`])((?:\\.|(?!\1).)*)\1"""
)


def _without_interpolations(text: str) -> str:
    """A template literal's fixed text: every ``${...}`` removed, nested braces included (to the end if open)."""
    out: list[str] = []
    depth = 0
    index = 0
    while index < len(text):
        if text.startswith("${", index):
            depth += 1
            index += 2
            continue
        char = text[index]
        if depth:
            depth += char == "{"
            depth -= char == "}"
        else:
            out.append(char)
        index += 1
    return "".join(out)


def _code_of(line: str) -> str:
    """The line without a trailing ``//`` comment (a ``//`` inside a string, as in URLs, is kept)."""
    stripped = line.strip()
    if stripped.startswith(("//", "*", "/*")):
        return ""
    in_string = ""
    for index, char in enumerate(line):
        if in_string:
            if char == in_string and line[index - 1] != "\\":
                in_string = ""
        elif char in "\"'`":
            in_string = char
        elif line.startswith("//", index):
            return line[:index]
    return line


def script_texts(folder: Path = SCRIPT_DIR) -> list[Message]:
    """Text that a JavaScript module would show without a translation (see the module's docstring)."""
    found: list[Message] = []
    for path in sorted(folder.rglob("*.js")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = _code_of(line)
            where = f"js/{path.relative_to(folder)}:{lineno}"
            for match in _LITERAL.finditer(code):
                if _CHINESE.search(match.group(2)):
                    found.append(Message(msgid=match.group(2), location=where))
            for match in _SHOWN.finditer(code):
                text = _without_interpolations(match.group(2))
                if re.search(r"[A-Za-z]{2}", text) and not _CHINESE.search(text):
                    found.append(Message(msgid=match.group(2), location=where))
    return found


def main() -> int:
    missing = missing_translations()
    for message in missing:
        sys.stdout.write(f"{message.location}\t{message.msgid}\n")
    scripted = script_texts()
    for message in scripted:
        sys.stdout.write(f"{message.location}\t{message.msgid}\t(text written in a script: pass it from the page)\n")
    return 1 if missing or scripted else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Reading an uploaded list: Excel (.xlsx), CSV (UTF-8 or GB18030, comma, semicolon or tab) or JSON Lines.

Every reader gives the same thing: the headers as written, then each data row with the number a person sees
(the spreadsheet row, header = 1; the line of a JSON Lines file). Files that cannot be read are refused with
one message; oversize files and archives that would unpack to something huge are refused before parsing.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from events.errors import DomainError, ErrorKind

MAX_ROWS = 20_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_CELL_CHARS = 20_000
FORMATS = (".xlsx", ".csv", ".jsonl")


class ImportFileError(DomainError):
    """A file that cannot be imported at all (its rows are not even looked at)."""


@dataclass(frozen=True, slots=True)
class RawRow:
    number: int
    values: dict[str, Any]  # header as written → cell value (str, int, float, date, datetime or None)


@dataclass(frozen=True, slots=True)
class RawTable:
    format: str
    headers: tuple[str, ...]
    rows: tuple[RawRow, ...]


def file_format(filename: str) -> str:
    suffix = PurePath(filename.lower()).suffix
    if suffix in (".json", ".ndjson"):
        suffix = ".jsonl"
    if suffix not in FORMATS:
        raise ImportFileError(
            "unsupported_file",
            f"{filename!r}: import an Excel (.xlsx), CSV (.csv) or JSON Lines (.jsonl) file",
            field="file",
        )
    return suffix


def read_table(filename: str, content: bytes, *, max_bytes: int) -> RawTable:
    if len(content) > max_bytes:
        raise ImportFileError(
            "file_too_large",
            f"{filename!r} has {len(content)} bytes; the limit is {max_bytes}",
            kind=ErrorKind.TOO_LARGE,
            field="file",
        )
    if not content.strip():
        raise ImportFileError("empty_file", f"{filename!r} is empty", field="file")
    fmt = file_format(filename)
    if fmt == ".xlsx":
        headers, rows = _read_xlsx(filename, content)
    elif fmt == ".csv":
        headers, rows = _read_csv(filename, content)
    else:
        headers, rows = _read_jsonl(filename, content)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            "too_many_rows", f"{filename!r} has {len(rows)} rows; at most {MAX_ROWS} per import", field="file"
        )
    return RawTable(format=fmt, headers=tuple(headers), rows=tuple(rows))


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        return text[:MAX_CELL_CHARS] if text else None
    if isinstance(value, (int, float, date, datetime, bool)) or value is None:
        return value
    return str(value)


def _from_grid(grid: list[list[Any]], first_row: int) -> tuple[list[str], list[RawRow]]:
    """Headers from the first non-empty row; each later non-empty row keyed by them."""
    while grid and all(_cell(v) is None for v in grid[0]):
        grid = grid[1:]
        first_row += 1
    if not grid:
        return [], []
    headers = [str(_cell(v) or "") for v in grid[0]]
    rows: list[RawRow] = []
    for offset, line in enumerate(grid[1:], start=1):
        values = {h: _cell(line[i]) if i < len(line) else None for i, h in enumerate(headers) if h}
        if any(v is not None for v in values.values()):
            rows.append(RawRow(number=first_row + offset, values=values))
    return headers, rows


def _read_xlsx(filename: str, content: bytes) -> tuple[list[str], list[RawRow]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFileError(
            "malformed_file", f"{filename!r} is not an Excel workbook (.xlsx)", field="file"
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            "file_too_large", f"{filename!r} unpacks to {unpacked} bytes", kind=ErrorKind.TOO_LARGE, field="file"
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            grid = []
            for line in sheet.iter_rows(values_only=True):
                grid.append(list(line))
                if len(grid) > MAX_ROWS + 10:
                    break
        finally:
            workbook.close()
    except (InvalidFileException, KeyError, ValueError, IndexError, zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(
            "malformed_file", f"{filename!r} cannot be read as an Excel workbook: {exc}", field="file"
        ) from None
    return _from_grid(grid, 1)


def _decode(filename: str, content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("malformed_file", f"{filename!r} is neither UTF-8 nor GB18030 text", field="file")


def _read_csv(filename: str, content: bytes) -> tuple[list[str], list[RawRow]]:
    text = _decode(filename, content)
    if "\x00" in text:
        raise ImportFileError("malformed_file", f"{filename!r} is not a text file", field="file")
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max(",;\t", key=first.count) if any(d in first for d in ",;\t") else ","
    try:
        grid = [list(line) for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError("malformed_file", f"{filename!r} is not a valid CSV file: {exc}", field="file") from None
    return _from_grid(grid, 1)


def _read_jsonl(filename: str, content: bytes) -> tuple[list[str], list[RawRow]]:
    text = _decode(filename, content)
    headers: dict[str, None] = {}
    rows: list[RawRow] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                "malformed_file", f"{filename!r} line {number} is not JSON: {exc.msg}", field="file"
            ) from None
        if not isinstance(data, dict):
            raise ImportFileError("malformed_file", f"{filename!r} line {number} is not a JSON object", field="file")
        values = {str(k): _json_value(v) for k, v in data.items()}
        headers.update(dict.fromkeys(values))
        rows.append(RawRow(number=number, values=values))
    return list(headers), rows


def _json_value(value: Any) -> Any:
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return _cell(value)

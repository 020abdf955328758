"""Bad input is refused cleanly with a 4xx machine code and nothing written: huge bodies and uploads, zip bombs
and broken workbooks, over-long text, wrong types."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import httpx
import pytest

from events.tables import ImportUpload, Organization
from tests.factories import make_fair

MB = 1024 * 1024


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A well-formed .xlsx whose one sheet unpacks to ``unpacked_mb`` MB (a few hundred KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"<!--" + b" " * (MB - 7) + b"-->"
            for _ in range(unpacked_mb):
                sheet.write(chunk)
    return out.getvalue()


def _truncated_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["名称", "类型"])
    sheet.append(["企业甲", "enterprise"])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    return data[: len(data) // 2]


async def _nothing_written() -> None:
    assert await Organization.count() == 0
    assert await ImportUpload.count() == 0


def _upload(content: bytes, name: str = "list.xlsx") -> dict[str, Any]:
    return {"file": (name, content, "application/octet-stream")}


async def test_a_50_mb_upload_is_refused_with_413_and_nothing_written(organizer_client: httpx.AsyncClient) -> None:
    event = await make_fair()
    huge = b"PK\x03\x04" + b"\x00" * (50 * MB)
    api = await organizer_client.post("/api/imports/organizations", files=_upload(huge), data={"dry_run": "false"})
    assert (api.status_code, api.json()["code"]) == (413, "file_too_large")
    page = await organizer_client.post(
        f"/console/fairs/{event.id}/import",
        files=_upload(huge),
        data={"kind": "organizations"},
        headers={"accept": "text/html"},
    )
    assert page.status_code in (200, 413)
    assert "file_too_large" in page.text or "limit" in page.text
    await _nothing_written()


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (_zip_bomb(260), 413, "file_too_large"),
        (_truncated_workbook(), 400, "malformed_file"),
        (b"PK\x05\x06" + b"\x00" * 18, 400, "malformed_file"),
        (bytes(range(256)) * 64, 400, "malformed_file"),
    ],
    ids=["zip-bomb", "truncated", "empty-zip", "random-bytes"],
)
async def test_bombs_and_broken_workbooks_are_refused_cleanly(
    organizer_client: httpx.AsyncClient, content: bytes, status: int, code: str
) -> None:
    assert len(content) < 2 * MB
    answer = await organizer_client.post(
        "/api/imports/organizations", files=_upload(content), data={"dry_run": "false"}
    )
    assert (answer.status_code, answer.json()["code"]) == (status, code)
    await _nothing_written()


async def test_a_json_body_over_the_limit_is_413(organizer_client: httpx.AsyncClient) -> None:
    body = b'{"name": "' + b"x" * (3 * MB) + b'", "kind": "enterprise"}'
    answer = await organizer_client.post(
        "/api/organizations", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "body_too_large"
    await _nothing_written()


@pytest.mark.parametrize(
    "body",
    [
        {"name": "企" * 201, "kind": "enterprise"},
        {"name": "", "kind": "enterprise"},
        {"name": "企业", "kind": "spaceship"},
        {"name": 12, "kind": "enterprise"},
        {"name": "企业\x00", "kind": "enterprise"},
    ],
    ids=["too-long", "empty", "unknown-kind", "number-for-text", "nul-byte"],
)
async def test_bad_fields_are_400_with_the_field_named(organizer_client: httpx.AsyncClient, body: dict) -> None:
    answer = await organizer_client.post("/api/organizations", json=body)
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] in ("invalid_request", "invalid_character")
    await _nothing_written()


async def test_strict_types_in_paths_and_queries(organizer_client: httpx.AsyncClient) -> None:
    assert (await organizer_client.get("/api/events/1e3")).status_code == 404
    assert (await organizer_client.get("/api/events", params={"limit": "ten"})).status_code == 400
    assert (await organizer_client.get("/api/events", params={"limit": 100000})).status_code == 400
    huge = await organizer_client.get("/api/events/99999999999999999999")
    assert (huge.status_code, huge.json()["code"]) == (400, "invalid_value")
    huge_in_body = await organizer_client.post(
        f"/api/events/{(await make_fair()).id}/registrations", json={"role": "enterprise", "organization_id": 2**70}
    )
    assert huge_in_body.status_code == 400
    for query in ("q=%00", "q=a%00b"):
        nul = await organizer_client.get(f"/api/achievements?{query}")
        assert (nul.status_code, nul.json()["code"]) == (400, "invalid_character")
    form = await organizer_client.post(
        "/login", content=b"username=a%00&password=b", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert (form.status_code, form.json()["code"]) == (400, "invalid_character")

"""Imports and exports through the API (organizers only) and the console's upload → report → confirm page."""

from __future__ import annotations

import io
import re

import httpx
from openpyxl import load_workbook

from events.tables import ImportUpload, Organization
from tests.factories import make_fair

HTML = {"accept": "text/html"}
GOOD = "名称,类型,所在区县\n江城理工大学,高校,洪山区\n江城智造装备有限公司,企业,东湖高新区\n".encode()
BAD = "name,kind\n江城理工大学,高校\n,企业\n".encode()


async def test_the_api_dry_runs_by_default_then_imports(organizer_client: httpx.AsyncClient) -> None:
    files = {"file": ("orgs.csv", GOOD, "text/csv")}
    dry = await organizer_client.post("/api/imports/organizations", files=files)
    assert dry.status_code == 200, dry.text
    assert (dry.json()["dry_run"], dry.json()["created"], dry.json()["committed"]) == (True, 2, False)
    assert await Organization.count() == 0
    done = await organizer_client.post("/api/imports/organizations", files=files, data={"dry_run": "false"})
    assert (done.json()["committed"], done.json()["created"]) == (True, 2)
    bad = await organizer_client.post("/api/imports/organizations", files={"file": ("orgs.csv", BAD, "text/csv")})
    assert bad.json()["problems"] == [{"row": 3, "column": "name", "code": "required", "message": "此项为必填。"}]
    exported = await organizer_client.get("/api/exports/organizations")
    assert exported.status_code == 200
    assert exported.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [c.value for c in sheet[2]][:2] == ["江城理工大学", "高校"]


async def test_imports_are_for_organizers_only(client: httpx.AsyncClient, staff_client: httpx.AsyncClient) -> None:
    files = {"file": ("orgs.csv", GOOD, "text/csv")}
    assert (await client.post("/api/imports/organizations", files=files)).status_code == 401
    assert (await staff_client.post("/api/imports/organizations", files=files)).status_code == 403
    assert (await staff_client.get("/api/exports/organizations")).status_code == 403


async def test_malformed_and_oversize_uploads_are_refused(organizer_client: httpx.AsyncClient) -> None:
    broken = await organizer_client.post(
        "/api/imports/organizations", files={"file": ("orgs.xlsx", b"not a workbook", "application/octet-stream")}
    )
    assert (broken.status_code, broken.json()["code"]) == (400, "malformed_file")
    huge = await organizer_client.post(
        "/api/imports/organizations", files={"file": ("orgs.csv", b"x" * (10 * 1024 * 1024 + 1), "text/csv")}
    )
    assert (huge.status_code, huge.json()["code"]) == (413, "file_too_large")
    unknown = await organizer_client.post("/api/imports/planets", files={"file": ("p.csv", GOOD, "text/csv")})
    assert unknown.status_code == 400


async def test_the_console_shows_the_dry_run_then_imports_on_confirmation(
    organizer_client: httpx.AsyncClient,
) -> None:
    event = await make_fair()
    page = await organizer_client.get(f"/console/fairs/{event.id}/import", headers=HTML)
    assert page.status_code == 200
    assert "导入名单" in page.text
    bad = await organizer_client.post(
        f"/console/fairs/{event.id}/import",
        data={"kind": "organizations"},
        files={"file": ("机构.csv", BAD, "text/csv")},
        headers=HTML,
    )
    assert bad.status_code == 400
    assert "<td>3</td><td>name</td><td>此项为必填。</td>" in bad.text
    assert "/confirm" not in bad.text
    checked = await organizer_client.post(
        f"/console/fairs/{event.id}/import",
        data={"kind": "organizations"},
        files={"file": ("机构.csv", GOOD, "text/csv")},
        headers=HTML,
    )
    assert checked.status_code == 200
    assert await Organization.count() == 0
    confirm = re.search(r'action="(/console/fairs/\d+/import/\d+/confirm)"', checked.text)
    assert confirm is not None
    done = await organizer_client.post(confirm.group(1), headers=HTML)
    assert done.status_code == 200
    assert "导入完成" in done.text
    assert await Organization.count() == 2
    upload = await ImportUpload.objects().order_by(ImportUpload.id, ascending=False).first()
    assert upload is not None
    assert (upload.committed_at is not None, upload.content) == (True, None)
    twice = await organizer_client.post(confirm.group(1), headers=HTML)
    assert twice.status_code == 409
    assert await Organization.count() == 2
    export = await organizer_client.get(f"/console/fairs/{event.id}/export/organizations.xlsx")
    assert export.status_code == 200

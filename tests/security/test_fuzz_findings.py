"""Regression tests for what the API fuzzer found."""

from __future__ import annotations

import io

import httpx

from tests.factories import make_fair, make_organization


def _cells(content: bytes) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    texts = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]
    book.close()
    return texts


async def test_exports_drop_control_characters_a_workbook_cannot_hold(organizer_client: httpx.AsyncClient) -> None:
    """Found: an organization named with a control character made every Excel export of the list a 500."""
    await make_organization(name="控制\x05字符\x18企业", kind="enterprise")
    listed = await organizer_client.get("/api/exports/organizations")
    assert listed.status_code == 200
    assert "控制字符企业" in _cells(listed.content)


async def test_report_exports_drop_control_characters_of_their_filters(organizer_client: httpx.AsyncClient) -> None:
    """Found: a district filter with a control character (echoed in the workbook's preface) was a 500."""
    answer = await organizer_client.get("/api/reports/export.xlsx", params={"district": "东\x05湖区"})
    assert answer.status_code == 200
    assert "东湖区" in _cells(answer.content)


async def test_the_schema_documents_the_error_body_the_app_sends(
    client: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    """Found: every 400 answer violated the schema (it documented Litestar's own error body)."""
    document = (await client.get("/schema/openapi.json")).json()
    error_body = document["components"]["schemas"]["ErrorBody"]
    assert error_body["required"] == ["code", "message"]
    refusal = document["paths"]["/api/organizations"]["post"]["responses"]["400"]
    assert refusal["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert "401" in document["paths"]["/api/events"]["get"]["responses"]
    answer = await organizer_client.post("/api/organizations", json={"name": 5})
    assert answer.status_code == 400
    assert set(answer.json()) <= set(error_body["properties"])


async def test_no_content_answers_are_documented_without_a_body(
    client: httpx.AsyncClient, organizer_client: httpx.AsyncClient
) -> None:
    """Found: DELETE .../requests/{id} answers 204 with no body, as HTTP requires, but was documented as JSON."""
    document = (await client.get("/schema/openapi.json")).json()
    removed = document["paths"]["/api/events/{event_id}/requests/{request_id}"]["delete"]["responses"]["204"]
    assert "content" not in removed
    event = await make_fair()
    missing = await organizer_client.delete(f"/api/events/{event.id}/requests/999")
    assert missing.status_code == 404

"""Importing lists from Excel, CSV or JSON Lines (dry run, then all rows or none) and exporting them to Excel."""

from __future__ import annotations

from typing import Annotated

from litestar import Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, MultipartBody, QueryParameter

from events import imports, search
from events.api.guards import organizer_only
from events.api.schemas.imports import ImportReportOut, ImportUpload
from events.errors import DomainError, ErrorKind
from events.settings import Settings
from events.vocabulary import ImportKind

UPLOAD_CEILING = 256 * 1024 * 1024
"""Bodies above this are refused before they are read; the configured limit is checked below it."""


async def read_upload(upload: ImportUpload, settings: Settings) -> bytes:
    content = await upload.file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise DomainError(
            "file_too_large",
            f"{upload.file.filename!r} is over the limit of {settings.max_upload_bytes} bytes",
            kind=ErrorKind.TOO_LARGE,
            field="file",
        )
    return content


@post(
    "/api/imports/{kind:str}",
    guards=[organizer_only],
    tags=["imports"],
    summary="Import a list (dry run by default): every row or none, with each row's problems",
    request_max_body_size=UPLOAD_CEILING,
    status_code=200,
)
async def import_list(
    kind: FromPath[ImportKind],
    data: MultipartBody[ImportUpload],
    settings: NamedDependency[Settings],
    event_id: Annotated[
        int | None, QueryParameter(description="the fair of registrations, or presenting items")
    ] = None,
) -> ImportReportOut:
    content = await read_upload(data, settings)
    report = await imports.run_import(
        kind=kind,
        filename=data.file.filename or "upload",
        content=content,
        max_bytes=settings.max_upload_bytes,
        event_id=event_id,
        dry_run=data.dry_run,
    )
    if report.committed and kind in (ImportKind.ACHIEVEMENTS, ImportKind.DEMANDS):
        search.schedule_vector_fill()
    return ImportReportOut.of(report)


@get(
    "/api/exports/{kind:str}",
    guards=[organizer_only],
    tags=["imports"],
    summary="Export a list to Excel (.xlsx), with the headers the import reads",
    cache=False,
)
async def export_list(
    kind: FromPath[ImportKind],
    event_id: Annotated[int | None, QueryParameter(description="only this fair (required for registrations)")] = None,
) -> Response[bytes]:
    data = await imports.export_list(kind=kind, event_id=event_id)
    return Response(
        data,
        media_type=imports.XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{kind.value}.xlsx"'},
    )

"""The console's import and export tab: upload → dry-run report → confirm; Excel exports of every list."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template

from events import imports, search
from events.api.imports import UPLOAD_CEILING
from events.api.security import principal_of
from events.errors import DomainError, ErrorKind
from events.imports.uploads import report_of
from events.pages.console import fair_context
from events.pages.guards import page_organizer
from events.settings import Settings
from events.tables import ImportUpload
from events.vocabulary import ImportKind

FAIR_KINDS = (ImportKind.ACHIEVEMENTS, ImportKind.DEMANDS)


async def _context(event_id: int, request: Request[Any, Any, Any]) -> dict[str, Any]:
    context = await fair_context(event_id=event_id, principal=principal_of(request), active="import")
    recent = (
        await ImportUpload.select(
            ImportUpload.id,
            ImportUpload.kind,
            ImportUpload.filename,
            ImportUpload.created_at,
            ImportUpload.committed_at,
        )
        .order_by(ImportUpload.id, ascending=False)
        .limit(10)
    )
    return {
        **context,
        "kinds": [k.value for k in ImportKind],
        "columns": {k.value: imports.columns_of(k) for k in ImportKind},
        "recent": recent,
        "formats": ", ".join(imports.FORMATS),
    }


@get("/console/fairs/{event_id:int}/import", guards=[page_organizer], include_in_schema=False, cache=False)
async def import_page(event_id: FromPath[int], request: Request[Any, Any, Any]) -> Template:
    context = await _context(event_id, request)
    return Template(
        template_name="console/import.html", context={**context, "report": None, "upload": None, "error": None}
    )


def _event_for(kind: ImportKind, event_id: int, present: bool) -> int | None:
    if kind is ImportKind.REGISTRATIONS:
        return event_id
    if kind in FAIR_KINDS and present:
        return event_id
    return None


@post(
    "/console/fairs/{event_id:int}/import",
    guards=[page_organizer],
    include_in_schema=False,
    status_code=200,
    request_max_body_size=UPLOAD_CEILING,
)
async def import_upload(
    event_id: FromPath[int], request: Request[Any, Any, Any], settings: NamedDependency[Settings]
) -> Template:
    form = await request.form()
    context = await _context(event_id, request)
    upload_file = form.get("file")
    try:
        kind = ImportKind(str(form.get("kind", "")))
    except ValueError:
        kind = ImportKind.ORGANIZATIONS
        upload_file = None
    try:
        if not isinstance(upload_file, UploadFile) or not upload_file.filename:
            raise DomainError("no_file", "choose a file to import", field="file")
        content = await upload_file.read(settings.max_upload_bytes + 1)
        if len(content) > settings.max_upload_bytes:
            raise DomainError(
                "file_too_large",
                f"{upload_file.filename!r} is over the limit of {settings.max_upload_bytes} bytes",
                kind=ErrorKind.TOO_LARGE,
                field="file",
            )
        upload, report = await imports.store_upload(
            kind=kind,
            filename=upload_file.filename,
            content=content,
            max_bytes=settings.max_upload_bytes,
            event_id=_event_for(kind, event_id, bool(form.get("present"))),
            created_by=principal_of(request).user_id,
        )
    except DomainError as exc:
        return Template(
            template_name="console/import.html",
            context={**context, "report": None, "upload": None, "error": exc, "chosen": kind.value},
            status_code=413 if exc.kind is ErrorKind.TOO_LARGE else 400,
        )
    return Template(
        template_name="console/import.html",
        context={**context, "report": report.as_json(), "upload": upload, "error": None, "chosen": kind.value},
        status_code=200 if report.ok else 400,
    )


@post(
    "/console/fairs/{event_id:int}/import/{upload_id:int}/confirm",
    guards=[page_organizer],
    include_in_schema=False,
    status_code=200,
)
async def import_confirm(
    event_id: FromPath[int],
    upload_id: FromPath[int],
    request: Request[Any, Any, Any],
    settings: NamedDependency[Settings],
) -> Template:
    context = await _context(event_id, request)
    try:
        report = await imports.confirm_upload(upload_id=upload_id, max_bytes=settings.max_upload_bytes)
    except DomainError as exc:
        upload = await imports.get_upload(upload_id=upload_id)
        return Template(
            template_name="console/import.html",
            context={**context, "report": report_of(upload), "upload": None, "error": exc},
            status_code=409 if exc.kind is ErrorKind.CONFLICT else 400,
        )
    if report.committed and report.kind in FAIR_KINDS:
        search.schedule_vector_fill()
    return Template(
        template_name="console/import.html",
        context={**context, "report": report.as_json(), "upload": None, "error": None},
        status_code=200 if report.ok else 400,
    )


@get("/console/fairs/{event_id:int}/export/{kind:str}", guards=[page_organizer], include_in_schema=False, cache=False)
async def export_download(event_id: FromPath[int], kind: FromPath[str]) -> Response[bytes]:
    try:
        wanted = ImportKind(kind.removesuffix(".xlsx"))
    except ValueError:
        raise DomainError("unknown_list", f"there is no list called {kind!r}", kind=ErrorKind.NOT_FOUND) from None
    scoped = event_id if wanted in (*FAIR_KINDS, ImportKind.REGISTRATIONS) else None
    data = await imports.export_list(kind=wanted, event_id=scoped)
    return Response(
        data,
        media_type=imports.XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{wanted.value}-{event_id}.xlsx"'},
    )

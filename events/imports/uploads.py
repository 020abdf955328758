"""An uploaded file kept between the dry run an organizer reads and the import they confirm."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from events.clock import utc_now
from events.errors import DomainError, ErrorKind, NotFoundError
from events.imports.rows import ImportReport, run_import
from events.tables import ImportUpload
from events.vocabulary import ImportKind


async def store_upload(
    *,
    kind: ImportKind,
    filename: str,
    content: bytes,
    max_bytes: int,
    event_id: int | None,
    created_by: int | None,
) -> tuple[ImportUpload, ImportReport]:
    """Dry-run a file and keep it (with its report) for confirmation."""
    report = await run_import(
        kind=kind, filename=filename, content=content, max_bytes=max_bytes, event_id=event_id, dry_run=True
    )
    upload = ImportUpload(
        kind=kind.value,
        event=event_id,
        filename=filename[:255],
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        report=report.as_json(),
        created_by=created_by,
    )
    await upload.save()
    return upload, report


async def get_upload(*, upload_id: int) -> ImportUpload:
    upload = await ImportUpload.objects().where(ImportUpload.id == upload_id).first()
    if upload is None:
        raise NotFoundError("unknown_upload", f"no uploaded file {upload_id}")
    return upload


def report_of(upload: ImportUpload) -> dict[str, Any]:
    raw = upload.report
    loaded: dict[str, Any] = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    return loaded


async def confirm_upload(*, upload_id: int, max_bytes: int) -> ImportReport:
    """Import a file that was dry-run (into the same fair), once; its content is dropped when it is written."""
    upload = await get_upload(upload_id=upload_id)
    if upload.committed_at is not None or upload.content is None:
        raise DomainError("already_imported", f"{upload.filename} was already imported", kind=ErrorKind.CONFLICT)
    report = await run_import(
        kind=ImportKind(upload.kind),
        filename=upload.filename,
        content=bytes(upload.content),
        max_bytes=max_bytes,
        event_id=upload.event,
        dry_run=False,
    )
    changes: dict[Any, Any] = {ImportUpload.report: report.as_json()}
    if report.committed:
        changes |= {ImportUpload.committed_at: utc_now(), ImportUpload.content: None}
    await ImportUpload.update(changes).where((ImportUpload.id == upload_id) & ImportUpload.committed_at.is_null())
    return report

"""Imports and exports of lists."""

from __future__ import annotations

from dataclasses import dataclass

import msgspec
from litestar.datastructures import UploadFile

from events.imports import ImportReport
from events.vocabulary import ImportKind


@dataclass
class ImportUpload:
    """The file to import (.xlsx, .csv or .jsonl), and whether to only check it."""

    file: UploadFile
    dry_run: bool = True


class ProblemOut(msgspec.Struct, kw_only=True):
    row: int
    column: str
    code: str
    message: str


class ImportReportOut(msgspec.Struct, kw_only=True):
    """What an import did, or (dry run) would do; with problems, nothing was written."""

    kind: ImportKind
    filename: str
    rows: int
    created: int
    existing: int
    new_organizations: int
    ignored_columns: list[str]
    dry_run: bool
    committed: bool
    problems: list[ProblemOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls(
            kind=report.kind,
            filename=report.filename,
            rows=report.rows,
            created=report.created,
            existing=report.existing,
            new_organizations=report.new_organizations,
            ignored_columns=list(report.ignored_columns),
            dry_run=report.dry_run,
            committed=report.committed,
            problems=[ProblemOut(row=p.row, column=p.column, code=p.code, message=p.message) for p in report.problems],
        )

"""Importing and exporting the lists organizers receive from universities and districts.

- :func:`run_import` reads an Excel, CSV or JSON Lines file of organizations, people, achievements, demands or
  registrations; a dry run reports each row's problems (row number, column, what is wrong) before anything is
  written, and an import writes every row or none (one transaction).
- :func:`export_list` writes the same lists to Excel with the same headers.
- :func:`store_upload` / :func:`confirm_upload` keep an uploaded file between the dry run shown in the console
  and the import the organizer confirms (any worker may serve either request).

The columns of each kind, in Chinese and English, are listed in ``docs/import.md``.
"""

from events.imports.columns import COLUMNS, Column, column_for, columns_of, normalise_header
from events.imports.exporting import XLSX_TYPE, export_list
from events.imports.reading import FORMATS, MAX_ROWS, ImportFileError, read_table
from events.imports.rows import ImportReport, Problem, event_id_for_slug, run_import
from events.imports.uploads import confirm_upload, get_upload, store_upload

__all__ = [
    "COLUMNS",
    "FORMATS",
    "MAX_ROWS",
    "XLSX_TYPE",
    "Column",
    "ImportFileError",
    "ImportReport",
    "Problem",
    "column_for",
    "columns_of",
    "confirm_upload",
    "event_id_for_slug",
    "export_list",
    "get_upload",
    "normalise_header",
    "read_table",
    "run_import",
    "store_upload",
]

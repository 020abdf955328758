"""Uploaded import files, kept between the dry run an organizer reads and the import they confirm.

Several workers may serve the two requests, so the file lives in the database rather than on one worker's disk;
its content is dropped once it has been imported.
"""

from piccolo.columns import JSON, Bytea, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from events.tables.auth import User
from events.tables.fairs import Event
from events.vocabulary import ImportKind


class ImportUpload(Table):
    id = Serial(primary_key=True)
    kind = Varchar(length=20, choices=ImportKind)
    event = ForeignKey(references=Event, on_delete=OnDelete.cascade, null=True)
    filename = Varchar(length=255)
    content = Bytea(null=True, default=None)
    size = Integer(default=0)
    sha256 = Varchar(length=64)
    report = JSON(default="{}")  # the dry run's report, as shown to the organizer
    created_by = ForeignKey(references=User, on_delete=OnDelete.set_null, null=True)
    created_at = Timestamptz(default=TimestamptzNow())
    committed_at = Timestamptz(null=True, default=None)

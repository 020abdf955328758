"""The audit log: who did what, when, to check-ins, schedule publications and deals. Append-only.

No foreign keys on purpose: an entry must outlive (and never be rewritten by) the rows it names; the names of
the actor and the object are copied in when the entry is written.
"""

from piccolo.columns import JSON, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class AuditEntry(Table):
    id = Serial(primary_key=True)
    at = Timestamptz(default=TimestamptzNow(), index=True)
    event = Integer(null=True, default=None, index=True)  # the fair, when the action belongs to one
    actor_id = Integer(null=True, default=None)  # app_user.id, None for the command line or the system
    actor = Varchar(length=100, default="")  # the user name at the time (or "command line")
    action = Varchar(length=40, index=True)  # check_in, schedule_published, deal_changed
    object_kind = Varchar(length=20, default="")  # registration, schedule_run, deal
    object_id = Integer(null=True, default=None)
    details = JSON(default="{}")

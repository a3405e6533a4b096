"""Which failures a user should read as a message: one answer for every front end.

A `LeadtuiError` already is one. A database failure (busy, read-only, damaged,
a refused constraint, a missing table) becomes a `DatabaseTrouble` whose text is
safe to show. Anything else is a bug and stays an exception.
"""

from __future__ import annotations

import sqlite3

from peewee import IntegrityError

from leadtui.db.connection import describe_error
from leadtui.errors import DatabaseTrouble, LeadtuiError

REFUSED = "the database refused the change ({}); nothing was saved"


def user_error(exc: BaseException) -> LeadtuiError | None:
    """The message-worthy form of `exc`, or None when it is a bug."""
    if isinstance(exc, LeadtuiError):
        return exc
    if isinstance(exc, IntegrityError | sqlite3.IntegrityError):
        reason = str(exc).splitlines()[0] if str(exc) else "a constraint failed"
        return DatabaseTrouble(REFUSED.format(reason))
    return describe_error(exc)

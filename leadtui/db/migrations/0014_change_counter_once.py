"""PostgreSQL: the change counter moves once per write transaction, not once per statement.

Every statement's bump added a row version of the counter that the next bump had
to step over, so a big transaction (a copy, an import batch) slowed down with the
square of its statements. SQLite has no counter: nothing to do there.
"""

from leadtui.db.connection import is_postgres
from leadtui.db.postgres import BUMP_SQL


def up(migrator, db):
    if is_postgres():
        db.execute_sql(BUMP_SQL)

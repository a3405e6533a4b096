"""A follow-up can be cancelled: closed (done_at) with cancelled_at set, kept in the lead's timeline."""

from peewee import PostgresqlDatabase


def up(migrator, db):
    kind = "TIMESTAMP" if isinstance(db, PostgresqlDatabase) else "DATETIME"
    if "cancelled_at" not in {column.name for column in db.get_columns("follow_up")}:
        db.execute_sql(f"ALTER TABLE follow_up ADD COLUMN cancelled_at {kind}")

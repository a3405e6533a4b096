"""The offline laptop's sync: a global id on every lead, activity, follow-up and history entry
(so records made on two laptops never collide), and, on the laptop, what the server held at
the last sync (to tell who changed a field) and the conflicts it found.

On PostgreSQL a new row gets its id from the column's default; on a file, sync gives ids to the
rows that have none before it pushes them (an insert never waits for one)."""

from peewee import PostgresqlDatabase

SYNCED = ("lead", "activity", "follow_up", "stage_change")


def up(migrator, db):
    postgres = isinstance(db, PostgresqlDatabase)
    default = "replace(gen_random_uuid()::text, '-', '')" if postgres else "''"
    for table in SYNCED:
        if "uid" not in {column.name for column in db.get_columns(table)}:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN uid VARCHAR(32) NOT NULL DEFAULT {default}")
        db.execute_sql(f"CREATE UNIQUE INDEX IF NOT EXISTS {table}_uid ON {table} (uid) WHERE uid <> ''")
    key = "SERIAL PRIMARY KEY" if postgres else "INTEGER PRIMARY KEY AUTOINCREMENT"
    when = "TIMESTAMP" if postgres else "DATETIME"
    db.execute_sql("CREATE TABLE IF NOT EXISTS sync_base (uid VARCHAR(32) PRIMARY KEY, "
                   "kind VARCHAR(16) NOT NULL, data TEXT NOT NULL)")
    db.execute_sql(f"CREATE TABLE IF NOT EXISTS sync_conflict (id {key}, lead_uid VARCHAR(32) NOT NULL, "
                   "lead_name VARCHAR(255) NOT NULL, field VARCHAR(64) NOT NULL, server_value TEXT, "
                   f"laptop_value TEXT, at {when} NOT NULL, resolved_at {when})")

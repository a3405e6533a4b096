"""A lead's id is never given to another lead, after a delete or an undone add included.

Ids live on outside the database (calendar UIDs, JSON and vCard exports, "#301" in the user's
memory). SQLite reuses the highest rowid once it is gone unless the table says AUTOINCREMENT.
Adding that word changes nothing the table stores, only how the next id is chosen (past the
highest one sqlite_sequence remembers), so the table's statement is changed in place, the
procedure SQLite documents for schema changes that leave the stored rows as they are
(https://www.sqlite.org/lang_altertable.html#otheralter). Rebuilding the table instead is not
possible here: migrations run in one transaction, where foreign keys cannot be switched off, and
with them on, dropping the old table would delete every lead's activities and follow-ups.
The counter starts past every id the undo log still remembers. PostgreSQL's sequences never go
back: nothing to do there.
"""

from leadtui.db.connection import is_postgres

PRIMARY_KEY = '"id" INTEGER NOT NULL PRIMARY KEY'


def up(migrator, db):
    if is_postgres():
        return
    table_sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'lead'").fetchone()[0]
    if "AUTOINCREMENT" in table_sql.upper():
        return
    if table_sql.count(PRIMARY_KEY) != 1:
        raise RuntimeError("the lead table's id column is not as expected; leaving it as it is")
    # sqlite_sequence exists once any table has said AUTOINCREMENT.
    db.execute_sql("CREATE TABLE IF NOT EXISTS leadtui_sequence_maker (id INTEGER PRIMARY KEY AUTOINCREMENT)")
    db.execute_sql("DROP TABLE leadtui_sequence_maker")
    schema_version = db.execute_sql("PRAGMA schema_version").fetchone()[0]
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'lead'",
                       (table_sql.replace(PRIMARY_KEY, PRIMARY_KEY + " AUTOINCREMENT"),))
        db.execute_sql(f"PRAGMA schema_version = {schema_version + 1:d}")  # every connection rereads it
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")
    highest = db.execute_sql(
        "SELECT max(coalesce((SELECT max(id) FROM lead), 0), coalesce((SELECT max(lead_id) FROM undo_step), 0))"
    ).fetchone()[0]
    db.execute_sql("DELETE FROM sqlite_sequence WHERE name = 'lead'")
    db.execute_sql("INSERT INTO sqlite_sequence (name, seq) VALUES ('lead', ?)", (highest,))
    if db.execute_sql("PRAGMA quick_check").fetchone()[0] != "ok":
        raise RuntimeError("the lead table did not check out after AUTOINCREMENT was added")

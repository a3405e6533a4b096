"""Indexes for the list's sort orders and Today's inbound section.

Every list query filters on `archived`, which is false for nearly every lead.
A single-column index on it looks selective to SQLite's planner (it has no
statistics) and made it sort the whole table for each page, so it goes: pages
walk the sort-key index and skip archived rows as they come.
"""

from peewee import PostgresqlDatabase

INDEXES = [
    ("lead_created_at", "created_at"),
    ("lead_name_nocase", "name COLLATE NOCASE"),
    # Counting a kind (or all leads) reads this small index instead of the table.
    ("lead_kind_archived", "kind, archived"),
    # Covers the whole "new inbound awaiting first contact" condition: its count reads no rows.
    ("lead_inbound_waiting", "direction, first_contacted_at, archived, stage, created_at"),
]


# PostgreSQL has no NOCASE collation: the name order sorts on lower(name) there.
POSTGRES_COLUMNS = {"lead_name_nocase": "lower(name)"}


def up(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS lead_archived")
    for name, columns in INDEXES:
        if isinstance(db, PostgresqlDatabase):
            columns = POSTGRES_COLUMNS.get(name, columns)
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON lead ({columns})")

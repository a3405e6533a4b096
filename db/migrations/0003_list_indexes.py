"""Composite indexes for the list's sort orders and Today's inbound section.

Every list query filters on `archived`; without statistics SQLite would use the
single-column archived index (true for nearly every row) and sort the whole
table for each page. With (archived, sort key) a page is an index range read.
"""

INDEXES = [
    ("lead_archived_touched", ("archived", "last_touched_at")),
    ("lead_archived_score", ("archived", "score")),
    ("lead_archived_name", ("archived", "name COLLATE NOCASE")),
    ("lead_archived_created", ("archived", "created_at")),
    ("lead_archived_next", ("archived", "next_follow_up_at")),
    # Covers the whole "new inbound awaiting first contact" condition, so its count reads no rows.
    ("lead_inbound_waiting", ("direction", "first_contacted_at", "archived", "stage", "created_at")),
]


def up(migrator, db):
    for name, columns in INDEXES:
        db.execute_sql(f"CREATE INDEX IF NOT EXISTS {name} ON lead ({', '.join(columns)})")
    db.execute_sql("DROP INDEX IF EXISTS lead_archived")

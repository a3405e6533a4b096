"""When each lead's score next changes with time alone (the end of its silent period).

Scores change without a write once silence costs points, so each lead stores the
moment; the timer and each CLI start rescore only the leads whose moment passed.
The scoring model changed with this step too (silence never takes engagement
below zero; BANT alone can qualify without a profile), so every open lead is
marked due now and gets rescored, in batches, the next times leadtui starts.
"""

from peewee import PostgresqlDatabase


def up(migrator, db):
    kind = "TIMESTAMP" if isinstance(db, PostgresqlDatabase) else "DATETIME"
    present = {column.name for column in db.get_columns("lead")}
    if "score_changes_at" not in present:
        db.execute_sql(f"ALTER TABLE lead ADD COLUMN score_changes_at {kind}")
        db.execute_sql("UPDATE lead SET score_changes_at = created_at WHERE archived = %s"
                       % ("false" if isinstance(db, PostgresqlDatabase) else "0"))
    db.execute_sql("CREATE INDEX IF NOT EXISTS lead_score_changes_at ON lead (score_changes_at)")

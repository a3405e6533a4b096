"""Who made each history entry, activity, follow-up and undo step (a team member's login role on
PostgreSQL, `owner` on a file), so the lead's page can say who changed what and undo takes back
only one's own changes. Rows from before say nobody ('')."""

AUTHORED = ("stage_change", "activity", "follow_up", "undo_step")


def up(migrator, db):
    for table in AUTHORED:
        if "author" not in {column.name for column in db.get_columns(table)}:
            db.execute_sql(f"ALTER TABLE {table} ADD COLUMN author VARCHAR(255) NOT NULL DEFAULT ''")

"""The board's cards a page at a time: each column walks (stage, archived, score, id) by key."""


def up(migrator, db):
    db.execute_sql("CREATE INDEX IF NOT EXISTS lead_board ON lead (stage, archived, score, id)")

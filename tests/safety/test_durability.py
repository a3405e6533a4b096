"""What the README promises: WAL with synchronous=FULL, so a printed result survives a power cut."""

from leadtui.db.connection import database


def test_every_connection_commits_to_disk(ctx):
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000

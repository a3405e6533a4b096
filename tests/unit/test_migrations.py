"""Opening the database: schema from an empty file, idempotent migrations, pragmas, bad paths."""

from __future__ import annotations

import sqlite3

import pytest

from leadtui.db.connection import (
    DatabaseOpenError,
    apply_migrations,
    close_db,
    database,
    init_db,
    pending_migrations,
)
from leadtui.db.models import ALL_MODELS

EXPECTED_TABLES = {"lead", "lead_tag", "activity", "follow_up", "stage_change", "setting",
                   "scoring_rule", "saved_view", "template", "schema_migration", "lead_fts"}


@pytest.fixture(autouse=True)
def _closed():
    yield
    close_db()


def _tables(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()


def test_empty_file_gets_every_table(db_path):
    db_path.write_bytes(b"")
    init_db(db_path)
    close_db()
    assert EXPECTED_TABLES <= _tables(db_path)


def test_missing_file_and_parent_directories_are_created(tmp_path):
    path = tmp_path / "a" / "b" / "leads.db"
    init_db(path)
    assert path.exists()
    assert {m._meta.table_name for m in ALL_MODELS} <= set(database.get_tables())


def test_every_model_table_has_the_model_columns(db_path):
    init_db(db_path)
    for model in ALL_MODELS:
        columns = {c.name for c in database.get_columns(model._meta.table_name)}
        assert set(model._meta.columns) <= columns, model.__name__


def test_migrations_are_recorded_and_applying_twice_is_a_no_op(db_path):
    init_db(db_path)
    names = [row[0] for row in database.execute_sql("SELECT name FROM schema_migration ORDER BY name")]
    assert names[:2] == ["0001_initial", "0002_qualification"]
    assert pending_migrations() == []
    rules = database.execute_sql("SELECT COUNT(*) FROM scoring_rule").fetchone()[0]
    assert apply_migrations() == []
    close_db()
    init_db(db_path)  # reopening does not re-run or re-seed anything
    assert database.execute_sql("SELECT COUNT(*) FROM scoring_rule").fetchone()[0] == rules
    again = [row[0] for row in database.execute_sql("SELECT name FROM schema_migration ORDER BY name")]
    assert again == names


def test_second_migration_seeds_the_example_scoring_table(db_path):
    init_db(db_path)
    rows = set(database.execute_sql("SELECT kind, points FROM scoring_rule").fetchall())
    assert rows == {("download", 10), ("reply", 5), ("call", 20), ("silence", -10)}


def test_wal_and_foreign_keys_are_on(db_path):
    init_db(db_path)
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000


def test_foreign_keys_cascade_on_delete(ctx):
    from leadtui.db.models import Activity, Lead
    from leadtui.leads import writes as leads

    lead = leads.add_lead(ctx, leads.NewLead("Aino Virtanen"))
    leads.log_activity(ctx, lead.id, "call")
    Lead.delete().where(Lead.id == lead.id).execute()
    assert Activity.select().count() == 0


def test_a_directory_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseOpenError, match="directory"):
        init_db(tmp_path)


def test_an_uncreatable_parent_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a directory")
    with pytest.raises(DatabaseOpenError, match="cannot create"):
        init_db(blocker / "sub" / "leads.db")


def test_a_corrupt_file_is_a_clear_error_not_a_traceback(db_path):
    db_path.write_bytes(b"\x00garbage, not an SQLite file\xff" * 200)
    with pytest.raises(DatabaseOpenError, match="cannot open database"):
        init_db(db_path)
    assert database.is_closed()


def test_memory_database_works(tmp_path):
    init_db(":memory:")
    assert "lead" in database.get_tables()


def test_leads_from_before_score_moments_are_marked_due(db_path):
    init_db(db_path)
    from datetime import datetime

    from leadtui.db.models import Lead

    then = datetime(2026, 1, 5, 10, 0)
    Lead.create(name="Old", created_at=then, updated_at=then, last_touched_at=then)
    database.execute_sql("DROP INDEX lead_score_changes_at")
    database.execute_sql("ALTER TABLE lead DROP COLUMN score_changes_at")
    database.execute_sql("DELETE FROM schema_migration WHERE name = '0005_score_changes_at'")
    database.execute_sql("PRAGMA user_version = 4")
    close_db()
    init_db(db_path)
    assert database.execute_sql("SELECT score_changes_at FROM lead").fetchone()[0] == "2026-01-05 10:00:00"
    plan = " ".join(str(row) for row in database.execute_sql(
        "EXPLAIN QUERY PLAN SELECT id FROM lead WHERE score_changes_at <= '2026-02-01'"))
    assert "lead_score_changes_at" in plan


# Two migrations share the number 0005: both landed the same morning, and databases opened in
# between already record 5 in user_version, so neither can be renumbered. The runner orders by
# number then name and remembers each by name, so both are applied wherever one is missing.
# Any other shared number is a mistake: the second file would be skipped by a database whose
# user_version already reached that number.
SHARED_NUMBERS = {5: {"0005_lead_version", "0005_score_changes_at"}}


def _migration_names() -> list[str]:
    from leadtui.db.connection import MIGRATIONS_DIR

    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def test_no_two_migrations_share_a_number_except_the_known_pair():
    by_number: dict[int, set[str]] = {}
    for name in _migration_names():
        by_number.setdefault(int(name[:4]), set()).add(name)
    shared = {number: names for number, names in by_number.items() if len(names) > 1}
    assert shared == SHARED_NUMBERS


def test_both_migrations_numbered_5_are_applied_to_a_new_database_in_name_order(db_path):
    init_db(db_path)
    names = [row[0] for row in database.execute_sql("SELECT name FROM schema_migration ORDER BY id")]
    assert names == _migration_names()
    assert names.index("0005_lead_version") + 1 == names.index("0005_score_changes_at")
    columns = {c.name for c in database.get_columns("lead")}
    assert {"version", "score_changes_at"} <= columns


@pytest.mark.parametrize("first", sorted(SHARED_NUMBERS[5]))
def test_a_database_that_has_one_migration_numbered_5_gets_the_other(db_path, tmp_path, monkeypatch, first):
    """A file made while only one 0005 existed (user_version 5) gets the other one on opening."""
    from leadtui.db import connection

    real = connection.MIGRATIONS_DIR
    older = tmp_path / "migrations-then"
    older.mkdir()
    for path in real.glob("[0-9][0-9][0-9][0-9]_*.py"):
        if path.stem < "0005" or path.stem == first:
            (older / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(connection, "MIGRATIONS_DIR", older)
    init_db(db_path)
    assert connection.schema_version() == 5
    missing = (SHARED_NUMBERS[5] - {first}).pop()
    assert missing not in {row[0] for row in database.execute_sql("SELECT name FROM schema_migration")}
    close_db()

    monkeypatch.setattr(connection, "MIGRATIONS_DIR", real)
    init_db(db_path)
    recorded = {row[0] for row in database.execute_sql("SELECT name FROM schema_migration")}
    assert recorded == set(_migration_names())
    assert connection.schema_version() == connection.latest_migration()
    assert pending_migrations() == []
    columns = {c.name for c in database.get_columns("lead")}
    assert {"version", "score_changes_at"} <= columns

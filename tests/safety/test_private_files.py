"""The database, its -wal and -shm, and the folders leadtui makes are the owner's alone."""

from __future__ import annotations

import os
import stat

import pytest

from leadtui.db.connection import close_db, database, init_db
from leadtui.db.files import tighten


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o022, 0o000, 0o002])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_new_database_and_its_companions_are_0600_in_a_0700_folder(tmp_path, umask):
    db = tmp_path / "data" / "nested" / "leads.db"
    init_db(db)
    database.execute_sql("CREATE TABLE IF NOT EXISTS t (x)")
    database.execute_sql("INSERT INTO t VALUES (1)")  # the -wal now has frames
    try:
        for path in (db, db.with_name("leads.db-wal"), db.with_name("leads.db-shm")):
            assert path.exists(), path
            assert _mode(path) == 0o600, (path, oct(_mode(path)))
        assert _mode(db.parent) == 0o700
        assert _mode(db.parent.parent) == 0o700
    finally:
        close_db()


def test_a_folder_that_existed_is_left_as_it_was(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    init_db(shared / "leads.db")
    close_db()
    assert _mode(shared) == 0o755
    assert _mode(shared / "leads.db") == 0o600


def test_an_old_world_readable_database_is_tightened(tmp_path):
    db = tmp_path / "leads.db"
    init_db(db)
    close_db()
    os.chmod(db, 0o644)
    init_db(db)
    close_db()
    assert _mode(db) == 0o600


def test_tightening_never_makes_a_read_only_file_writable(tmp_path):
    db = tmp_path / "leads.db"
    init_db(db)
    close_db()
    os.chmod(db, 0o444)
    tighten(db)
    assert _mode(db) == 0o400

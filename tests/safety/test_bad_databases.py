"""Damaged, foreign, read-only or full databases: one line, exit 2, the file left as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import peewee
import pytest

from leadtui.db import connection

from .conftest import fingerprint, read_only


@pytest.fixture
def filled(cli, db_path):
    for n in range(3):
        assert cli("add", f"Lead {n}")[0] == 0
    return db_path


def _one_line(err: str) -> None:
    assert err.startswith("leadtui: ") and err.count("\n") == 1, err
    assert "Traceback" not in err


def test_read_only_file_can_be_read_but_not_written(cli, filled):
    before = fingerprint(filled)
    with read_only(filled):
        code, out, err = cli("list")
        assert (code, err) == (0, "")
        assert "Lead 2" in out
        for argv in (("add", "New"), ("log", "1", "call"), ("stage", "1", "won")):
            code, out, err = cli(*argv)
            assert code == 2, argv
            _one_line(err)
            assert "read-only" in err
    assert fingerprint(filled) == before


def test_read_only_folder_is_one_line(cli, filled):
    before = fingerprint(filled)
    with read_only(filled.parent):
        for argv in (("add", "New"), ("list",)):
            code, out, err = cli(*argv)
            assert (code, out) == (2, "")
            _one_line(err)
            assert "folder is read-only" in err
    assert fingerprint(filled) == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(cli, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Meeting with Ann\n" * 20)
    before = fingerprint(notes)
    for argv in (("add", "New"), ("list",)):
        code, out, err = cli(*argv, db=notes)
        assert (code, out) == (2, "")
        _one_line(err)
        assert "not an SQLite file" in err
    assert fingerprint(notes) == before
    assert not notes.with_name("notes.txt-wal").exists()


def test_a_truncated_database_is_refused_untouched(cli, filled):
    data = filled.read_bytes()
    filled.write_bytes(data[: len(data) // 2])
    before = fingerprint(filled)
    code, out, err = cli("add", "New")
    assert (code, out) == (2, "")
    _one_line(err)
    assert "truncated" in err and "restore" in err
    assert fingerprint(filled) == before


def test_damaged_pages_found_later_say_restore(cli, db_path):
    for n in range(40):
        assert cli("add", f"Lead {n} " + "x" * 300)[0] == 0
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'lead'").fetchone()[0]
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with db_path.open("r+b") as handle:  # scribble over the lead table's root page
        handle.seek((root - 1) * page_size)
        handle.write(b"\xff" * page_size)
    code, out, err = cli("list")
    assert (code, out) == (2, "")
    _one_line(err)
    assert "damaged" in err and "leadtui restore" in err


def test_a_full_disk_saves_nothing_and_says_so(cli, filled, monkeypatch):
    con = sqlite3.connect(filled)
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.close()
    monkeypatch.setitem(connection.PRAGMAS, "max_page_count", pages)  # no room to grow
    code, out, err = cli("add", "New " + "y" * 5000, "--note", "z" * 20000)
    assert (code, out) == (2, "")
    _one_line(err)
    assert "is full" in err and "nothing saved before was lost" in err
    monkeypatch.delitem(connection.PRAGMAS, "max_page_count")
    code, out, _ = cli("--format", "json", "list")
    assert out.count('"id"') == 3


def test_a_full_disk_is_named_even_when_the_rollback_after_it_fails():
    """On a full disk SQLite rolls the transaction back itself; the rollback that follows fails
    with "no transaction is active", which must not hide why."""
    failed_rollback = peewee.OperationalError("cannot rollback - no transaction is active")
    failed_rollback.__context__ = sqlite3.OperationalError("database or disk is full")
    trouble = connection.describe_error(failed_rollback)
    assert "is full" in str(trouble) and "nothing saved before was lost" in str(trouble)


@pytest.fixture
def small_disk(tmp_path):
    """A 512 KiB file system (root only): a real full disk, -wal and -shm included."""
    folder = tmp_path / "small"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(folder)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_full_disk_says_so_where_and_that_nothing_was_lost(small_disk, tmp_path):
    db = str(small_disk / "leads.db")
    config = tmp_path / "config.toml"
    config.write_text("[backups]\nkeep = 0\n")  # the disk fills with leads, not with backups

    def leadtui(*argv):
        return subprocess.run([sys.executable, "-m", "leadtui.cli", "--config", str(config), "--db", db, *argv],
                              capture_output=True, text=True, timeout=60)

    assert leadtui("add", "Kept").returncode == 0
    for n in range(200):
        done = leadtui("add", f"Lead {n}", "--note", f"{n} " + "x" * 20000, "--force")
        if done.returncode:
            break
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert f"the disk holding {db} is full" in done.stderr and "nothing saved before was lost" in done.stderr
    listed = leadtui("--format", "json", "list", "--limit", "1000")
    assert listed.returncode == 0 and '"Kept"' in listed.stdout

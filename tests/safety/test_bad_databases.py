"""Damaged, foreign, read-only or full databases: one line, exit 2, the file left as it was."""

from __future__ import annotations

import sqlite3

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
    assert "disk is full" in err
    monkeypatch.delitem(connection.PRAGMAS, "max_page_count")
    code, out, _ = cli("--format", "json", "list")
    assert out.count('"id"') == 3

"""Backups while others write, the daily rolling set, and restore that checks before it replaces."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import datetime, timedelta

import pytest

from leadtui.config import Config
from leadtui.db.connection import close_db, database, init_db
from leadtui.db.models import Lead
from leadtui.errors import DatabaseDamaged, DatabaseTrouble
from leadtui.leads import writes as leads
from leadtui.safety import backup

from .conftest import copy_lead_sql

DAY = datetime(2026, 11, 23, 9, 0)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM lead").fetchone()[0]
    finally:
        con.close()


def test_backup_holds_rows_still_in_the_wal_and_is_private(ctx, db_path, other):
    leads.add_lead(ctx, leads.NewLead("First"))
    con = other(timeout=5)
    con.execute("PRAGMA wal_autocheckpoint = 0")  # another process's commits stay in the -wal
    for n in range(6):
        con.execute(copy_lead_sql(con), (f"L{n}",))
    made = backup.make_backup(db_path.parent / "copies" / "one.db")
    assert _count(made.path) == 7
    assert _mode(made.path) == 0o600 and _mode(made.path.parent) == 0o700
    assert not list(made.path.parent.glob("*.partial"))


def test_backup_never_overwrites_a_file(ctx, tmp_path):
    (tmp_path / "taken.db").write_text("mine")
    with pytest.raises(Exception, match="already exists"):
        backup.make_backup(tmp_path / "taken.db")
    assert (tmp_path / "taken.db").read_text() == "mine"


WRITER = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
print("ready", flush=True)
end = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < end:
    con.execute("BEGIN IMMEDIATE")
    con.execute(sys.argv[3], ("W",))
    con.execute("COMMIT")
    n += 1
print(n)
"""


def test_backup_is_consistent_while_another_process_writes(ctx, db_path):
    for n in range(200):
        leads.add_lead(ctx, leads.NewLead(f"Lead {n}"))
    sql = copy_lead_sql(database.connection())
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), "1.5", sql],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    copies = [backup.make_backup(db_path.parent / f"b{i}.db") for i in range(3)]
    written = int(proc.stdout.read())
    proc.wait(timeout=30)
    assert written > 0
    counts = [backup.check_backup(c.path).leads for c in copies]
    assert all(200 <= c <= 200 + written for c in counts)
    assert counts == sorted(counts)


def test_daily_backups_one_a_day_keep_seven_and_leave_hand_made_ones(ctx, db_path):
    config = Config(backup_keep=7)
    hand = backup.make_backup(db_path.parent / "backups" / "before-import.db")
    made = [backup.daily_backup(db_path, config, DAY + timedelta(days=d)) for d in range(9)]
    assert all(made)
    assert backup.daily_backup(db_path, config, DAY + timedelta(days=8, hours=5)) is None
    names = sorted(b.path.name for b in backup.list_backups(db_path, config) if b.daily)
    assert names == [f"leads-2026-11-{d:02d}.db" for d in range(25, 31)] + ["leads-2026-12-01.db"]
    assert hand.path.exists()


def test_the_list_leaves_out_backups_of_other_databases_in_the_same_folder(ctx, db_path):
    folder = db_path.parent / "backups"
    folder.mkdir()
    names = ["other-2026-11-25.db", "other-2026-11-25-101500.db", f"{db_path.stem}-2026-11-25.db",
             f"{db_path.stem}-2026-11-25-101500.db", f"{db_path.stem}-before-restore-2026-11-25-101500.db",
             "other-before-restore-2026-11-25-101500.db", "before-the-move.db"]
    for name in names:
        (folder / name).write_bytes(b"")
    listed = sorted(b.path.name for b in backup.list_backups(db_path, Config()))
    assert listed == sorted(names[2:5] + names[6:])


def test_daily_backups_can_be_switched_off_or_moved(ctx, db_path, tmp_path):
    assert backup.daily_backup(db_path, Config(backup_keep=0), DAY) is None
    assert not (db_path.parent / "backups").exists()
    elsewhere = tmp_path / "safe"
    made = backup.daily_backup(db_path, Config(backup_folder=elsewhere), DAY)
    assert made.path.parent == elsewhere


def test_first_command_of_the_day_backs_up_before_it_writes(cli, db_path):
    assert cli("add", "Ann")[0] == 0
    assert cli("add", "Bo")[0] == 0
    code, out, _ = cli("--format", "json", "backup", "--list")
    listed = json.loads(out)
    assert code == 0 and [b["daily"] for b in listed] == [True]
    assert _count(listed[0]["path"]) == 0  # made before the first lead was written


def test_config_backups_table_is_strict():
    from leadtui.config import config_from_dict
    from leadtui.errors import ConfigError

    assert config_from_dict({"backups": {"keep": 3}}).backup_keep == 3
    for bad in ({"keep": -1}, {"keep": 2.5}, {"keep": True}, {"every": 1}):
        with pytest.raises(ConfigError):
            config_from_dict({"backups": bad})


def _lead_names() -> list[str]:
    return [lead.name for lead in Lead.select().order_by(Lead.id)]


def test_restore_brings_the_backup_back_and_keeps_the_current_one(ctx, db_path, other):
    leads.add_lead(ctx, leads.NewLead("Kept"))
    saved = backup.make_backup(db_path.parent / "saved.db")
    leads.add_lead(ctx, leads.NewLead("Later"))
    watcher = other(timeout=5)  # a TUI open on the same file
    assert watcher.execute("SELECT count(*) FROM lead").fetchone()[0] == 2
    done = backup.restore(db_path, saved.path, ctx.config, DAY)
    assert _lead_names() == ["Kept"]
    assert watcher.execute("SELECT count(*) FROM lead").fetchone()[0] == 1
    assert _count(done.kept) == 2 and _mode(done.kept) == 0o600
    leads.add_lead(ctx, leads.NewLead("After"))  # the restored database takes writes
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_restore_refuses_a_damaged_backup_and_changes_nothing(ctx, db_path):
    leads.add_lead(ctx, leads.NewLead("Mine"))
    broken = backup.make_backup(db_path.parent / "broken.db").path
    con = sqlite3.connect(broken)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'lead'").fetchone()[0]
    con.close()
    with broken.open("r+b") as handle:
        handle.seek((root - 1) * 4096 + 8)
        handle.write(b"\x00\xff" * 500)
    with pytest.raises(DatabaseDamaged, match="choose another backup"):
        backup.restore(db_path, broken, ctx.config, DAY)
    assert _lead_names() == ["Mine"]


def test_restore_refuses_newer_and_foreign_files(ctx, db_path, tmp_path):
    newer = backup.make_backup(tmp_path / "newer.db").path
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version = 999")
    con.close()
    with pytest.raises(DatabaseTrouble, match=r"newer leadtui \(schema 999\)"):
        backup.restore(db_path, newer, ctx.config, DAY)
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(DatabaseTrouble, match="not a leadtui database"):
        backup.restore(db_path, foreign, ctx.config, DAY)


def test_restore_replaces_a_database_that_cannot_be_opened(ctx, db_path, cli):
    leads.add_lead(ctx, leads.NewLead("Good"))
    saved = backup.make_backup(db_path.parent / "saved.db").path
    close_db()
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    code, out, err = cli("restore", str(saved))
    assert code == 0, err
    assert "restored 1 lead from" in out
    init_db(db_path)
    assert _lead_names() == ["Good"]
    kept = sorted((db_path.parent / "backups").glob("leads-before-restore-*.db"))
    assert len(kept) == 1 and len(kept[0].read_bytes()) == len(data) // 3


def test_a_damaged_database_stops_the_first_command_of_the_day(cli, db_path):
    for n in range(30):
        assert cli("add", f"Lead {n} " + "x" * 300)[0] == 0
    for daily in (db_path.parent / "backups").glob("*.db"):
        daily.unlink()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'lead'").fetchone()[0]
    con.close()
    with db_path.open("r+b") as handle:
        handle.seek(root * 4096 + 8)  # a leaf page of the lead table
        handle.write(b"\x00\xff" * 1000)
    code, out, err = cli("add", "Zed")
    assert (code, out) == (2, "")
    assert "damaged" in err and "leadtui restore" in err and err.count("\n") == 1


def test_backup_list_prints_whole_file_names_that_restore_takes(cli, db_path):
    assert cli("add", "Ann")[0] == 0
    named = db_path.parent / "backups" / "before-the-big-import-of-the-trade-fair-leads-from-helsinki.db"
    assert cli("backup", str(named))[0] == 0
    assert cli("add", "Bo")[0] == 0
    code, out, _ = cli("backup", "--list")
    listed = [line.split("by hand", 1)[1].strip() for line in out.splitlines() if "by hand" in line]
    assert code == 0 and listed == [str(named)]
    code, out, _ = cli("restore", listed[0])
    assert code == 0 and "restored 1 lead" in out


def _files(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if not p.name.endswith(("-wal", "-shm")))


def _tampered(tmp_path, name: str, *statements: str):
    path = backup.make_backup(tmp_path / name).path
    con = sqlite3.connect(path)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize(("statements", "why"), [
    (["DROP TABLE template"], "the table template is missing"),
    (["CREATE TRIGGER eat AFTER INSERT ON lead BEGIN DELETE FROM lead WHERE id % 2 = 0; END"],
     "a trigger eat of its own"),
    (["CREATE VIEW peek AS SELECT email FROM lead"], "a view peek of its own"),
    (["ALTER TABLE lead ADD COLUMN evil TEXT"], "the table lead has other columns"),
    (["CREATE TABLE extra (x)"], "a table extra of its own"),
])
def test_restore_checks_the_schema_before_replacing_anything(ctx, db_path, tmp_path, statements, why):
    leads.add_lead(ctx, leads.NewLead("Mine"))
    bad = _tampered(tmp_path, "bad.db", *statements)
    before = _files(db_path.parent)
    with pytest.raises(DatabaseTrouble, match=why):
        backup.restore(db_path, bad, ctx.config, DAY)
    assert _files(db_path.parent) == before  # nothing kept aside, no scratch copy left
    init_db(db_path)
    assert _lead_names() == ["Mine"]
    leads.add_lead(ctx, leads.NewLead("Next"))
    leads.add_lead(ctx, leads.NewLead("After"))
    assert _lead_names() == ["Mine", "Next", "After"]


def test_restore_refuses_any_sqlite_file_with_a_lead_table(ctx, db_path, tmp_path, cli):
    leads.add_lead(ctx, leads.NewLead("Mine"))
    close_db()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE lead (x)").connection.close()
    code, _, err = cli("restore", str(other))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "nothing was changed" in err
    assert cli("list")[0] == 0
    init_db(db_path)
    assert _lead_names() == ["Mine"]


def test_two_restores_in_one_second_keep_both_databases(ctx, db_path):
    leads.add_lead(ctx, leads.NewLead("First"))
    saved = backup.make_backup(db_path.parent / "saved.db").path
    leads.add_lead(ctx, leads.NewLead("Second"))
    one = backup.restore(db_path, saved, ctx.config, DAY)
    leads.add_lead(ctx, leads.NewLead("Third"))
    two = backup.restore(db_path, saved, ctx.config, DAY)
    assert one.kept != two.kept
    assert (_count(one.kept), _count(two.kept)) == (2, 2)


@pytest.mark.parametrize("last", ["0004", "0009", "0013"])
def test_restore_takes_a_backup_from_an_older_version(db_path, tmp_path, monkeypatch, last):
    from leadtui.db import connection

    real = connection.MIGRATIONS_DIR
    older = tmp_path / "migrations-then"
    older.mkdir()
    for path in real.glob("[0-9][0-9][0-9][0-9]_*.py"):
        if path.stem[:4] <= last:
            (older / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(connection, "MIGRATIONS_DIR", older)
    old = tmp_path / "old.db"
    init_db(old)
    close_db()
    monkeypatch.setattr(connection, "MIGRATIONS_DIR", real)
    done = backup.restore(db_path, old, Config(), DAY)  # brought up to date as the check expects
    assert done.leads == 0 and connection.schema_version() == connection.latest_migration()


def test_backup_without_a_folder_yet_makes_the_folder_not_a_file_named_after_it(cli, db_path, tmp_path,
                                                                                 monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[backups]\nkeep = 0\n")  # no daily backup: nothing made the folder yet
    assert cli("--config", str(config), "add", "Ann")[0] == 0
    assert not (db_path.parent / "backups").exists()
    code, out, _ = cli("--config", str(config), "backup")
    assert code == 0 and (db_path.parent / "backups").is_dir()
    made = list((db_path.parent / "backups").glob("leads-*.db"))
    assert len(made) == 1 and backup.check_backup(made[0]).leads == 1

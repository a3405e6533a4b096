"""Writes take the write lock first, wait for other writers, and never write over their changes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import timedelta

import pytest

from leadtui.db import connection
from leadtui.db.connection import database, init_db
from leadtui.db.models import Lead, StageChange
from leadtui.errors import DatabaseBusy
from leadtui.finding import views
from leadtui.leads import templates
from leadtui.leads import writes as leads
from leadtui.scoring import icp, rules

from .conftest import fingerprint


def _statements(run) -> list[str]:
    seen: list[str] = []
    database.connection().set_trace_callback(seen.append)
    try:
        run()
    finally:
        database.connection().set_trace_callback(None)
    return [s.strip().upper() for s in seen]


WRITES = {
    "add": lambda ctx, i: leads.add_lead(ctx, leads.NewLead("Ann", email="ann@example.com")),
    "update": lambda ctx, i: leads.update_lead(ctx, i, company="Acme"),
    "log": lambda ctx, i: leads.log_activity(ctx, i, "call", "talked"),
    "stage": lambda ctx, i: leads.change_stage(ctx, i, "offer"),
    "qualify": lambda ctx, i: leads.set_qualification(ctx, i, "mql"),
    "pin": lambda ctx, i: leads.pin_temperature(ctx, i, "hot"),
    "archive": lambda ctx, i: leads.set_archived(ctx, i, True),
    "follow": lambda ctx, i: leads.schedule_follow_up(ctx, i, ctx.now() + timedelta(days=1)),
    "tags": lambda ctx, i: leads.update_lead(ctx, i, tags=["vip"]),
    "rule": lambda ctx, i: rules.add_rule("meeting", 15),
    "view": lambda ctx, i: views.save_view("Mine", "temp:hot", ctx),
    "template": lambda ctx, i: templates.add_template("Hello", "Hi {first_name}"),
    "profile": lambda ctx, i: icp.save_profile(icp.Profile(locations=["Oslo"])),
    "delete": lambda ctx, i: leads.delete_lead(i),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_every_write_transaction_begins_immediate(ctx, name):
    lead_id = leads.add_lead(ctx, leads.NewLead("Bo")).id
    statements = _statements(lambda: WRITES[name](ctx, lead_id))
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins, statements
    assert all(s == "BEGIN IMMEDIATE" for s in begins), begins


@pytest.mark.parametrize("write", ["log", "pin", "archive", "update", "qualify"])
def test_a_change_made_by_another_process_meanwhile_is_not_written_over(ctx, db_path, other,
                                                                         monkeypatch, write):
    """Another process moves the lead to `won` right after our service looked the lead up.

    If the service read the row before taking the write lock, its save would put the old
    stage back while the stage history says `won`. Reading under the lock makes the other
    write wait (here: fail at once), so the lead and its history always agree.
    """
    lead_id = leads.add_lead(ctx, leads.NewLead("Cy")).id
    real_get = leads.get_lead
    landed = []

    def get_then_other_writes(key):
        lead = real_get(key)
        con = other(timeout=0)
        try:
            con.execute("BEGIN IMMEDIATE")
            con.execute("UPDATE lead SET stage = 'won' WHERE id = ?", (lead_id,))
            con.execute("INSERT INTO stage_change (lead_id, field, from_value, to_value, at) "
                        "VALUES (?, 'stage', 'interest', 'won', '2026-11-23 12:00:00')", (lead_id,))
            con.execute("COMMIT")
            landed.append(True)
        except sqlite3.OperationalError:  # locked: we hold the write lock, nothing slips in
            con.close()
        return lead

    monkeypatch.setattr(leads, "get_lead", get_then_other_writes)
    WRITES[write](ctx, lead_id)
    monkeypatch.setattr(leads, "get_lead", real_get)
    stage = Lead.get_by_id(lead_id).stage
    last_event = (StageChange.select().where(StageChange.lead == lead_id, StageChange.field == "stage")
                  .order_by(StageChange.id.desc()).first())
    assert stage == last_event.to_value
    assert not landed, "another process could write between our read and our write"


def test_a_short_lock_held_by_another_process_is_waited_out(cli, db_path, other):
    assert cli("add", "First")[0] == 0
    con = other()
    con.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.3, lambda: con.execute("COMMIT"))
    timer.start()
    try:
        code, out, err = cli("add", "Second")
    finally:
        timer.join()
    assert (code, err) == (0, "")
    assert out.strip().isdigit()


def test_a_lock_held_past_the_timeout_is_one_line_and_exit_2(cli, db_path, other, monkeypatch):
    assert cli("add", "First")[0] == 0
    monkeypatch.setitem(connection.PRAGMAS, "busy_timeout", 50)
    con = other()
    con.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = cli("add", "Second")
        log_code, _, log_err = cli("log", "1", "call")
    finally:
        con.execute("ROLLBACK")
    assert (code, out) == (2, "")
    assert err == "leadtui: the database is busy (another leadtui is writing); try again\n"
    assert (log_code, log_err) == (2, err)
    assert cli("--format", "json", "list")[0] == 0


def test_busy_service_error_is_a_database_busy(ctx, other, monkeypatch):
    lead_id = leads.add_lead(ctx, leads.NewLead("Di")).id
    database.execute_sql("PRAGMA busy_timeout = 20")
    con = other()
    con.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseBusy):
            leads.log_activity(ctx, lead_id, "call")
    finally:
        con.execute("ROLLBACK")
    assert leads.log_activity(ctx, lead_id, "call").id


def test_several_processes_opening_a_new_file_at_once_all_succeed(tmp_path):
    db = tmp_path / "new.db"
    code = "import sys; from leadtui.cli import main; sys.exit(main(['add', sys.argv[1], '--db', sys.argv[2]]))"
    procs = [subprocess.Popen([sys.executable, "-c", code, f"Lead {n}", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(6)]
    results = [(p.wait(timeout=60), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert results == [(0, "")] * 6
    init_db(db)
    assert Lead.select().count() == 6
    assert connection.schema_version() == connection.latest_migration()


def test_a_database_from_a_newer_leadtui_is_refused_untouched(cli, db_path):
    assert cli("add", "First")[0] == 0
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA user_version = 999")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = fingerprint(db_path)
    code, out, err = cli("add", "Second")
    assert (code, out) == (2, "")
    assert err == f"leadtui: {db_path} was made by a newer leadtui (schema 999); upgrade leadtui\n"
    assert fingerprint(db_path) == before


@pytest.mark.parametrize("argv", [
    ("log", "99999999999999999999", "call"), ("show", "99999999999999999999"),
    ("stage", "99999999999999999999", "won"), ("score", "99999999999999999999"),
    ("pin", "99999999999999999999", "hot"), ("qualify", "99999999999999999999", "mql"),
    ("done", "99999999999999999999"), ("follow", "99999999999999999999", "tomorrow"),
    ("template", "99999999999999999999", "1"), ("template", "First contact", "99999999999999999999"),
    ("rules", "rm", "99999999999999999999"), ("log", "-3", "call"), ("template", "²", "1"),
])
def test_huge_and_odd_ids_say_not_found(cli, argv):
    cli("add", "First")
    code, out, err = cli(*argv)
    assert code == 1
    assert err.startswith("leadtui: no ") and err.count("\n") == 1, err

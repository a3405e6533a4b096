"""A lead id is never given to another lead: not after a delete, nor after an undone add."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from conftest import START

from leadtui.context import Context
from leadtui.db import connection
from leadtui.db.connection import close_db, database, init_db
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.kit.clock import FixedClock
from leadtui.leads import writes as leads
from leadtui.record import undo


@pytest.mark.both_engines
def test_an_id_is_never_reused_after_a_delete_or_an_undone_add(ctx):
    ids = [leads.add_lead(ctx, leads.NewLead(f"Lead {n}")).id for n in range(3)]
    leads.delete_lead(ids[-1], ctx)
    fourth = leads.add_lead(ctx, leads.NewLead("Fourth")).id
    assert fourth > ids[-1]
    undo.undo_last(ctx)  # the add of "Fourth"
    fifth = leads.add_lead(ctx, leads.NewLead("Fifth")).id
    assert fifth > fourth
    undo.undo_last(ctx)  # "Fifth" goes
    undo.undo_last(ctx)  # …and the delete of the third comes back, with its own id
    assert Lead.get_by_id(ids[-1]).name == "Lead 2"
    assert leads.add_lead(ctx, leads.NewLead("Sixth")).id > fifth


def _schema(path) -> set[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return set(con.execute("SELECT type, name FROM sqlite_master WHERE tbl_name = 'lead'"))
    finally:
        con.close()


def test_an_older_file_gets_autoincrement_with_everything_kept(db_path, tmp_path, monkeypatch):
    real = connection.MIGRATIONS_DIR
    older = tmp_path / "migrations-then"
    older.mkdir()
    for path in real.glob("[0-9][0-9][0-9][0-9]_*.py"):
        if path.stem < "0019":
            (older / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(connection, "MIGRATIONS_DIR", older)
    init_db(db_path)
    ctx = Context(clock=FixedClock(START))
    made = [leads.add_lead(ctx, leads.NewLead(f"Aino {n}", company="Lumo Oy", tags=["vip"],
                                              next_at=START + timedelta(days=1))).id for n in range(4)]
    for lead_id in made:
        leads.log_activity(ctx, lead_id, "call", f"zebra talk {lead_id}")
    leads.delete_lead(made[-1], ctx)  # the highest id, remembered by the undo log
    counts = {m.__name__: m.select().count() for m in (Lead, Activity, FollowUp, LeadTag, StageChange)}
    schema = _schema(db_path)
    close_db()

    monkeypatch.setattr(connection, "MIGRATIONS_DIR", real)
    init_db(db_path)
    assert "AUTOINCREMENT" in database.execute_sql(
        "SELECT sql FROM sqlite_master WHERE name = 'lead'").fetchone()[0]
    assert schema <= _schema(db_path)  # every index and trigger kept (later migrations may add more)
    assert {m.__name__: m.select().count() for m in (Lead, Activity, FollowUp, LeadTag, StageChange)} == counts
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    from leadtui.finding.paging import iter_leads
    from leadtui.finding.queries import LeadFilter

    assert [r.id for r in iter_leads(ctx, LeadFilter(text="zebra"))] and \
        {r.name for r in iter_leads(ctx, LeadFilter(text="lumo"))} == {"Aino 0", "Aino 1", "Aino 2"}
    edited = leads.update_lead(ctx, made[0], company="Lumo")  # the version trigger still fires
    assert edited.version >= 1
    assert leads.add_lead(ctx, leads.NewLead("New One")).id > made[-1]
    leads.delete_lead(made[0], ctx)  # cascades still reach the children
    assert Activity.select().where(Activity.lead == made[0]).count() == 0

"""leadtui copy: a whole SQLite database into PostgreSQL and back, every table, counts checked."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from leadtui import leads
from leadtui.cli import main
from leadtui.db.connection import close_db, init_db
from leadtui.db.models import ALL_MODELS, Activity, Lead, LeadTag
from leadtui.db.url import parse_target
from leadtui.leads import NewLead
from leadtui.queries import LeadFilter, list_leads


def _fill(ctx) -> None:
    now = ctx.now()
    a = leads.add_lead(ctx, NewLead("Åsa Jyväskylä", company="Lumo Oy", email="asa@lumo.fi",
                                    tags=["vip", "q1"], next_at=now + timedelta(days=1)))
    b = leads.add_lead(ctx, NewLead("Bob Berg", direction="inbound", owner="bob"))
    leads.log_activity(ctx, a.id, "call", "talked about the Kärcher pilot")
    leads.change_stage(ctx, b.id, "offer")
    leads.pin_temperature(ctx, b.id, "hot")


def _counts() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sqlite_to_postgresql_and_back(ctx, db_path, postgres_server, tmp_path, capsys):
    _fill(ctx)
    before = _counts()
    close_db()
    url = postgres_server.fresh_database(migrated=False)
    code, out, err = _run(capsys, "copy", "--to", url, "--db", str(db_path), "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out)["tables"] == before
    init_db(parse_target(url))
    assert _counts() == before
    pinned = Lead.get(Lead.name == "Bob Berg")
    assert (pinned.temperature_pinned, pinned.temperature, pinned.stage) == (True, "hot", "offer")
    assert [r.name for r in list_leads(ctx, LeadFilter(text="karcher"))] == ["Åsa Jyväskylä"]
    assert sorted(t.tag for t in LeadTag.select()) == ["q1", "vip"]
    copied_ids = [lead.id for lead in Lead.select()]
    added = leads.add_lead(ctx, NewLead("After the copy"))  # ids continue after the copied ones
    assert added.id == max(copied_ids) + 1
    close_db()

    back = tmp_path / "back.db"
    code, _, err = _run(capsys, "copy", "--from", url, "--db", str(back))
    assert (code, err) == (0, "")
    init_db(back)
    assert _counts()["lead"] == before["lead"] + 1
    assert Activity.get().body == "talked about the Kärcher pilot"
    assert [r.name for r in list_leads(ctx, LeadFilter(text="karcher"))] == ["Åsa Jyväskylä"]
    assert Lead.get(Lead.name == "Bob Berg").temperature_pinned is True


def test_copy_refuses_a_database_with_leads(ctx, db_path, tmp_path, capsys):
    _fill(ctx)
    close_db()
    other = tmp_path / "other.db"
    init_db(other)
    leads.add_lead(ctx, NewLead("Already here"))
    close_db()
    code, _, err = _run(capsys, "copy", "--to", str(other), "--db", str(db_path))
    assert code == 1 and "already holds 1 lead" in err
    code, _, err = _run(capsys, "copy", "--to", str(db_path), "--db", str(db_path))
    assert code == 1 and "same database" in err


def test_file_to_file_copy(ctx, db_path, tmp_path, capsys):
    _fill(ctx)
    before = _counts()
    close_db()
    code, out, _ = _run(capsys, "copy", "--to", f"sqlite://{tmp_path / 'copy.db'}", "--db", str(db_path))
    assert code == 0 and "every table's count checked" in out
    init_db(tmp_path / "copy.db")
    assert _counts() == before


@pytest.mark.parametrize("argv", [["copy"], ["copy", "--to", "a.db", "--from", "b.db"]])
def test_copy_needs_exactly_one_direction(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2

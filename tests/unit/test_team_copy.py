"""leadtui copy: a whole SQLite database into PostgreSQL and back, every table, counts checked.

Every row and column arrives equal; search, the change counter, the version
trigger and the id counters work on the copy; a failed copy leaves the
destination as it was (its rows, indexes and triggers).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import pytest
from peewee import BooleanField, DateTimeField, ForeignKeyField, IntegerField, TextField

from leadtui.cli import main
from leadtui.db.connection import close_db, data_version, database, init_db
from leadtui.db.models import ALL_MODELS, Activity, Lead, LeadTag
from leadtui.db.url import parse_target
from leadtui.finding import views
from leadtui.finding.paging import iter_leads
from leadtui.finding.queries import LeadFilter
from leadtui.leads import templates
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.team import loading


def _fill(ctx) -> None:
    now = ctx.now()
    a = leads.add_lead(ctx, NewLead("Åsa Jyväskylä", company="Lumo Oy", email="asa@lumo.fi",
                                    tags=["vip", "q1"], next_at=now + timedelta(days=1)))
    b = leads.add_lead(ctx, NewLead("Bob Berg", direction="inbound", owner="bob"))
    leads.log_activity(ctx, a.id, "call", "talked about the Kärcher pilot")
    leads.change_stage(ctx, b.id, "offer")
    leads.pin_temperature(ctx, b.id, "hot")


def _every_column(lead_id: int) -> None:
    """One more row in every table with every column set (both truth values and none, microseconds,
    line breaks, tabs and accents), so a column the copy dropped or changed shows."""
    for i, model in enumerate(ALL_MODELS):
        for n, truth in enumerate((True, False, None)):
            values = {}
            for f in model._meta.sorted_fields:
                if f.name == "id":
                    continue
                if isinstance(f, ForeignKeyField):
                    values[f.name] = lead_id
                elif isinstance(f, BooleanField):
                    values[f.name] = truth if f.null or truth is not None else True
                elif isinstance(f, IntegerField):
                    values[f.name] = 1000 * i + 10 * n + len(f.name)
                elif isinstance(f, DateTimeField):
                    values[f.name] = datetime(2026, 3, 4, 5, 6, 7, 890123) + timedelta(days=i, seconds=n)
                elif isinstance(f, TextField):
                    values[f.name] = f"{f.name} {n}\nsecond line\twith a tab, Jyväskylä ß"
                else:
                    values[f.name] = (f"{f.name[:1]}{n}" if f.max_length and f.max_length < 5
                                      else f"{f.name} {n} Åsa Müller-Kärcher")
            model.insert(**values).execute()


def _dump() -> dict[str, list[tuple]]:
    """Every row of every table, every column, in primary-key order."""
    out = {}
    for model in ALL_MODELS:
        fields = model._meta.sorted_fields
        keys = model._meta.get_primary_keys() or fields[:1]
        out[model._meta.table_name] = list(model.select(*fields).order_by(*keys).tuples())
    return out


def _catalogue() -> list[tuple]:
    """The destination's indexes and triggers (with whether each trigger is on)."""
    if database.obj.__class__.__name__ == "TeamDatabase":
        return database.execute_sql(
            "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "UNION ALL SELECT 'trigger', tgrelid::regclass::text || '.' || tgname, tgenabled::text "
            "FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2").fetchall()
    return database.execute_sql("SELECT type, name, sql FROM sqlite_master "
                                "WHERE type IN ('index', 'trigger') ORDER BY 1, 2").fetchall()


def _full_copy_source(ctx) -> dict[str, list[tuple]]:
    _fill(ctx)
    views.save_view("Hot in Helsinki", "temp:hot Helsinki", ctx)
    templates.add_template("Hello", "Hi {first_name},\nthanks!", subject="Hello from us")
    _every_column(Lead.get(Lead.name == "Bob Berg").id)
    # Text an older version stored without cleaning it: PostgreSQL refuses the NUL.
    database.execute_sql("UPDATE lead SET title = ? WHERE name = 'Bob Berg'", ("Chief\x00\x1b[2J Officer",))
    return _dump()


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
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="karcher"))] == ["Åsa Jyväskylä"]
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
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="karcher"))] == ["Åsa Jyväskylä"]
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


def test_every_row_and_column_arrives_equal_both_ways(ctx, db_path, postgres_server, tmp_path, capsys):
    source = _full_copy_source(ctx)
    assert all(source.values())  # every table has rows to compare
    close_db()
    url = postgres_server.fresh_database(migrated=False)
    assert _run(capsys, "copy", "--to", url, "--db", str(db_path))[0] == 0
    init_db(parse_target(url))
    assert _dump() == source
    assert Lead.get(Lead.name == "Bob Berg").title == "Chief[2J Officer"
    close_db()
    back = tmp_path / "back.db"
    assert _run(capsys, "copy", "--from", url, "--db", str(back))[0] == 0
    init_db(back)
    assert _dump() == source


def _works_after_the_copy(ctx) -> None:
    """Search finds copied leads and notes; writes move the change counter, the version and the ids."""
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="lumo"))] == ["Åsa Jyväskylä"]
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="karcher pilot"))] == ["Åsa Jyväskylä"]
    lead = Lead.get(Lead.name == "Åsa Jyväskylä")
    counter = data_version()
    leads.update_lead(ctx, lead.id, company="Zeppelin Works")
    assert Lead.get_by_id(lead.id).version == lead.version + 1
    if database.obj.__class__.__name__ == "TeamDatabase":  # SQLite's moves only for other connections
        assert data_version() > counter
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="zeppelin"))] == ["Åsa Jyväskylä"]
    newest = {m: m.select().order_by(m.id.desc()).get().id for m in (Lead, Activity)}
    activity = leads.log_activity(ctx, lead.id, "note", "asked about the quokka licence")
    assert activity.id > newest[Activity]
    assert [r.name for r in iter_leads(ctx, LeadFilter(text="quokka"))] == ["Åsa Jyväskylä"]
    assert leads.add_lead(ctx, NewLead("After the copy")).id > newest[Lead]


def test_search_triggers_and_ids_work_after_the_copy(ctx, db_path, postgres_server, tmp_path, capsys):
    fresh = _catalogue()  # an SQLite database's indexes and triggers, as migrations made them
    _full_copy_source(ctx)
    close_db()
    url = postgres_server.fresh_database()
    init_db(parse_target(url))
    fresh_pg = _catalogue()
    close_db()
    assert _run(capsys, "copy", "--to", url, "--db", str(db_path))[0] == 0
    init_db(parse_target(url))
    assert _catalogue() == fresh_pg  # every index and trigger back, each trigger on
    _works_after_the_copy(ctx)
    close_db()
    back = tmp_path / "back.db"
    assert _run(capsys, "copy", "--from", url, "--db", str(back))[0] == 0
    init_db(back)
    assert _catalogue() == fresh
    _works_after_the_copy(ctx)


def test_a_failed_copy_to_postgresql_leaves_it_as_it_was(ctx, db_path, postgres_server, capsys):
    _fill(ctx)
    # An activity whose lead is gone (written by a tool that ignored the foreign key).
    database.execute_sql("PRAGMA foreign_keys = OFF")
    Activity.insert(lead=999, kind="note", at=ctx.now(), body="orphan", created_at=ctx.now()).execute()
    database.execute_sql("PRAGMA foreign_keys = ON")
    close_db()
    url = postgres_server.fresh_database()
    init_db(parse_target(url))
    before, catalogue, counter = _dump(), _catalogue(), data_version()
    close_db()
    code, out, err = _run(capsys, "copy", "--to", url, "--db", str(db_path))
    assert code == 2 and out == ""
    assert "the copy failed and was undone" in err and "is as it was" in err and "foreign key" in err
    init_db(parse_target(url))
    assert (_dump(), _catalogue(), data_version()) == (before, catalogue, counter)
    assert database.execute_sql("SELECT count(*) FROM lead_search").fetchone()[0] == 0
    close_db()

    init_db(db_path)  # the source put right, the same copy goes through
    Activity.delete().where(Activity.lead == 999).execute()
    close_db()
    assert _run(capsys, "copy", "--to", url, "--db", str(db_path))[0] == 0


def test_a_copy_failing_midway_into_sqlite_leaves_it_as_it_was(ctx, db_path, postgres_server, tmp_path,
                                                                 capsys, monkeypatch):
    _fill(ctx)
    close_db()
    url = postgres_server.fresh_database()
    assert _run(capsys, "copy", "--to", url, "--db", str(db_path))[0] == 0
    target = tmp_path / "target.db"
    init_db(target)
    before, catalogue = _dump(), _catalogue()
    close_db()
    write = loading.SqliteLoad.write

    def failing_write(self, table, columns, rows):
        if table == "activity":
            raise sqlite3.OperationalError("disk I/O error")
        write(self, table, columns, rows)

    monkeypatch.setattr(loading.SqliteLoad, "write", failing_write)
    code, out, err = _run(capsys, "copy", "--from", url, "--db", str(target))
    assert (code, out) == (2, "")
    assert "the copy failed and was undone" in err and "disk I/O error" in err
    init_db(target)
    assert (_dump(), _catalogue()) == (before, catalogue)
    assert list(iter_leads(ctx, LeadFilter(text="lumo"))) == []


def test_copy_refuses_a_postgresql_database_with_leads(ctx, db_path, postgres_server, capsys):
    _fill(ctx)
    close_db()
    url = postgres_server.fresh_database()
    init_db(parse_target(url))
    leads.add_lead(ctx, NewLead("Already here"))
    before = _dump()
    close_db()
    code, _, err = _run(capsys, "copy", "--to", url, "--db", str(db_path))
    assert code == 1 and "already holds 1 lead" in err
    init_db(parse_target(url))
    assert _dump() == before


def test_a_copy_keeps_lead_ids_of_deleted_leads_unused_both_ways(ctx, db_path, postgres_server, tmp_path, capsys):
    made = [leads.add_lead(ctx, NewLead(f"Lead {n}")).id for n in range(3)]
    leads.delete_lead(made[-1], ctx)  # the highest id, gone before the copy
    close_db()
    url = postgres_server.fresh_database(migrated=False)
    assert _run(capsys, "copy", "--to", url, "--db", str(db_path))[0] == 0
    init_db(parse_target(url))
    on_server = leads.add_lead(ctx, NewLead("On the server")).id
    assert on_server > made[-1]
    leads.delete_lead(on_server, ctx)
    close_db()
    back = tmp_path / "back.db"
    assert _run(capsys, "copy", "--from", url, "--db", str(back))[0] == 0
    init_db(back)
    assert leads.add_lead(ctx, NewLead("Back in a file")).id > on_server

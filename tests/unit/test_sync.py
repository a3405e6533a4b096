"""Two laptops and a server (a throwaway PostgreSQL): both work offline, then sync in turn;
afterwards all three hold the same, every double edit is a listed conflict, nothing is lost."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from leadtui.context import Context
from leadtui.db.connection import close_db, init_db
from leadtui.db.url import parse_target
from leadtui.errors import LeadtuiError
from leadtui.leads import writes as leads
from leadtui.sync import conflicts, records, run


@pytest.fixture
def server_url(postgres_server, ctx_factory):
    url = postgres_server.fresh_database()
    init_db(parse_target(url))
    ctx = ctx_factory()
    aino = leads.add_lead(ctx, leads.NewLead("Aino Virtanen", company="Lumo", tags=["vip"],
                                             next_at=ctx.now() + timedelta(days=1)))
    leads.add_lead(ctx, leads.NewLead("Bo Berg", company="Fjord"))
    leads.log_activity(ctx, aino.id, "call", "first call")
    close_db()
    yield url
    close_db()
    postgres_server.drop_database(url)


@pytest.fixture
def ctx_factory(clock, config):
    return lambda: Context(clock=clock, config=config)


def dump() -> dict:
    """Everything sync keeps in step, by global id, as plain values."""
    follow_ups = {uid: (lead, rec) for uid, (lead, rec, _) in records.read_follow_ups().items()}
    return {"leads": {uid: rec for uid, (_, rec, _) in records.read_leads().items()},
            "follow_ups": follow_ups,
            **{kind: records.read_children(kind) for kind in records.CHILDREN}}


def on(target, ctx_factory, work=None):
    init_db(target)
    ctx = ctx_factory()
    try:
        return work(ctx) if work else dump()
    finally:
        close_db()


def lead_id(name: str) -> int:
    return next(row_id for row_id, rec, _ in records.read_leads().values() if rec["name"] == name)


@pytest.mark.parametrize("first", ["a", "b"])
def test_two_laptops_and_a_server_end_up_the_same_with_double_edits_listed(
        server_url, ctx_factory, tmp_path, first):
    laptops = {"a": tmp_path / "a.db", "b": tmp_path / "b.db"}
    second = "b" if first == "a" else "a"
    for laptop in laptops.values():
        on(laptop, ctx_factory, lambda ctx: run.init_sync(ctx, server_url))
    assert len(on(laptops["a"], ctx_factory)["leads"]) == 2

    def laptop_a(ctx):  # offline on a trade-fair floor
        leads.update_lead(ctx, lead_id("Aino Virtanen"), company="Lumo Oy", force=True)
        leads.update_lead(ctx, lead_id("Bo Berg"), title="CEO")
        new = leads.add_lead(ctx, leads.NewLead("Cai Chen", company="Qi AB"))
        leads.log_activity(ctx, new.id, "meeting", "met at the fair")

    def laptop_b(ctx):
        leads.update_lead(ctx, lead_id("Aino Virtanen"), title="CTO")
        leads.update_lead(ctx, lead_id("Bo Berg"), title="Founder")
        leads.log_activity(ctx, lead_id("Aino Virtanen"), "email", "sent the offer")
        leads.add_lead(ctx, leads.NewLead("Dan Dahl"))

    on(laptops["a"], ctx_factory, laptop_a)
    on(laptops["b"], ctx_factory, laptop_b)
    on(laptops[first], ctx_factory, lambda ctx: run.sync_now(ctx))
    later = on(laptops[second], ctx_factory, lambda ctx: run.sync_now(ctx))
    assert later.conflicts == 1
    again = on(laptops[first], ctx_factory, lambda ctx: run.sync_now(ctx))
    assert again.pushed == {} and again.conflicts == 0

    server = on(parse_target(server_url), ctx_factory)
    assert on(laptops["a"], ctx_factory) == server == on(laptops["b"], ctx_factory)
    by_name = {rec["name"]: rec for rec in server["leads"].values()}
    assert set(by_name) == {"Aino Virtanen", "Bo Berg", "Cai Chen", "Dan Dahl"}
    assert (by_name["Aino Virtanen"]["company"], by_name["Aino Virtanen"]["title"]) == ("Lumo Oy", "CTO")
    titles = {"a": "CEO", "b": "Founder"}
    assert by_name["Bo Berg"]["title"] == titles[first]  # the server's: the first to sync
    bodies = {row["body"] for _, row in server["activity"].values()}
    assert {"first call", "met at the fair", "sent the offer"} <= bodies
    found = on(laptops[second], ctx_factory, lambda ctx: conflicts.list_conflicts())
    assert [(c.lead_name, c.field, c.server_value, c.laptop_value) for c in found] == [
        ("Bo Berg", "title", titles[first], titles[second])]
    # Syncing twice in a row changes nothing anywhere.
    quiet = on(laptops[second], ctx_factory, lambda ctx: run.sync_now(ctx))
    assert quiet.pushed == {} and quiet.pulled == {} and quiet.conflicts == 0


def test_resolving_a_conflict_with_the_laptops_value_sends_it_at_the_next_sync(server_url, ctx_factory, tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for laptop in (a, b):
        on(laptop, ctx_factory, lambda ctx: run.init_sync(ctx, server_url))
    on(a, ctx_factory, lambda ctx: leads.update_lead(ctx, lead_id("Bo Berg"), company="Fjord AS"))
    on(b, ctx_factory, lambda ctx: leads.update_lead(ctx, lead_id("Bo Berg"), company="Fjord ASA"))
    on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    on(b, ctx_factory, lambda ctx: run.sync_now(ctx))
    (conflict,) = on(b, ctx_factory, lambda ctx: conflicts.list_conflicts())
    on(b, ctx_factory, lambda ctx: conflicts.resolve_conflict(ctx, conflict.id, "laptop"))
    on(b, ctx_factory, lambda ctx: run.sync_now(ctx))
    on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    for place in (a, b, parse_target(server_url)):
        names = {rec["name"]: rec["company"] for rec in on(place, ctx_factory)["leads"].values()}
        assert names["Bo Berg"] == "Fjord ASA"
    assert on(b, ctx_factory, lambda ctx: conflicts.list_conflicts()) == []


def test_deletes_travel_and_an_edit_made_since_wins_over_a_delete(server_url, ctx_factory, tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for laptop in (a, b):
        on(laptop, ctx_factory, lambda ctx: run.init_sync(ctx, server_url))
    on(a, ctx_factory, lambda ctx: leads.delete_lead(lead_id("Bo Berg"), ctx))
    on(a, ctx_factory, lambda ctx: leads.delete_lead(lead_id("Aino Virtanen"), ctx))
    on(b, ctx_factory, lambda ctx: leads.update_lead(ctx, lead_id("Aino Virtanen"), title="CTO"))
    on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    on(b, ctx_factory, lambda ctx: run.sync_now(ctx))
    on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    for place in (a, b, parse_target(server_url)):
        names = {rec["name"]: rec["title"] for rec in on(place, ctx_factory)["leads"].values()}
        assert names == {"Aino Virtanen": "CTO"}
    found = on(b, ctx_factory, lambda ctx: conflicts.list_conflicts())
    assert [c.field for c in found] == ["deleted"]


def test_a_sync_that_died_after_the_server_committed_is_redone_without_duplicates(
        server_url, ctx_factory, tmp_path, monkeypatch):
    a = tmp_path / "a.db"
    on(a, ctx_factory, lambda ctx: run.init_sync(ctx, server_url))

    def work(ctx):
        new = leads.add_lead(ctx, leads.NewLead("Eve Ek"))
        leads.log_activity(ctx, new.id, "call", "hello")

    on(a, ctx_factory, work)

    def dies(*args):
        raise KeyboardInterrupt  # the lid closed between the server's commit and the laptop's

    monkeypatch.setattr(run, "_record", dies)
    with pytest.raises(KeyboardInterrupt):
        on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    monkeypatch.undo()
    on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    server = on(parse_target(server_url), ctx_factory)
    assert sorted(rec["name"] for rec in server["leads"].values()).count("Eve Ek") == 1
    assert [row["body"] for _, row in server["activity"].values()].count("hello") == 1
    assert on(a, ctx_factory) == server


def test_an_unreachable_server_is_one_line_and_the_laptop_keeps_working(tmp_path, capsys):
    from leadtui.cli import main

    db = str(tmp_path / "laptop.db")
    assert main(["--db", db, "add", "Offline Olli"]) == 0
    capsys.readouterr()
    code = main(["--db", db, "sync", "--init", "postgresql://ann:s3cret@127.0.0.1:1/leads"])
    err = capsys.readouterr().err
    assert code != 0 and "cannot reach" in err and "s3cret" not in err and len(err.strip().splitlines()) == 1
    assert main(["--db", db, "list", "--format", "json"]) == 0
    assert [r["name"] for r in json.loads(capsys.readouterr().out)] == ["Offline Olli"]
    init_db(tmp_path / "laptop.db")
    try:
        assert "s3cret" not in run.server_of().url  # the password is never kept in the file
    finally:
        close_db()


def test_sync_on_the_server_itself_is_refused(server_url, ctx_factory):
    with pytest.raises(LeadtuiError, match="on a file"):
        on(parse_target(server_url), ctx_factory, lambda ctx: run.init_sync(ctx, server_url))


def test_the_sync_command_reports_and_lists_conflicts(server_url, tmp_path, capsys):
    from leadtui.cli import main

    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    try:
        for laptop in (a, b):
            assert main(["--db", laptop, "sync", "--init", server_url]) == 0
        assert "received 2 new leads, 1 activity, 1 follow-up" in capsys.readouterr().out
        assert main(["--db", a, "edit", "2", "company=Fjord AS"]) == 0
        assert main(["--db", b, "edit", "2", "company=Fjord ASA"]) == 0
        assert main(["--db", a, "sync"]) == 0
        capsys.readouterr()
        assert main(["--db", b, "sync"]) == 0
        assert "1 new conflict(s)" in capsys.readouterr().out
        assert main(["--db", b, "sync", "--conflicts", "--format", "json"]) == 0
        (listed,) = json.loads(capsys.readouterr().out)
        assert (listed["field"], listed["server"], listed["laptop"]) == ("company", "Fjord AS", "Fjord ASA")
        assert main(["--db", b, "sync", "--resolve", str(listed["id"])]) == 1
        assert "--keep" in capsys.readouterr().err
        assert main(["--db", b, "sync", "--resolve", str(listed["id"]), "--keep", "server"]) == 0
        assert main(["--db", b, "sync", "--conflicts"]) == 0
        assert "no conflicts" in capsys.readouterr().out
    finally:
        close_db()


def test_a_lead_reassigned_away_while_edited_offline_stays_on_the_laptop_and_is_listed(
        postgres_server, ctx_factory, tmp_path):
    from leadtui.team import roles

    url = postgres_server.fresh_database()
    init_db(parse_target(url))
    roles.init_team()
    roles.add_member("syncann", "rep")
    roles.add_member("syncbob", "rep")
    ctx = ctx_factory()
    leads.add_lead(ctx, leads.NewLead("Ann's Lead", owner="syncann"))
    close_db()
    ann = url.replace("postgres@", "syncann@", 1)
    laptop = tmp_path / "ann.db"
    try:
        on(laptop, ctx_factory, lambda ctx: run.init_sync(ctx, ann))
        on(laptop, ctx_factory, lambda ctx: leads.update_lead(ctx, lead_id("Ann's Lead"), title="CFO"))
        on(parse_target(url), ctx_factory,  # the manager hands it to bob meanwhile
           lambda ctx: leads.update_lead(ctx, lead_id("Ann's Lead"), owner="syncbob"))
        for _ in range(2):
            on(laptop, ctx_factory, lambda ctx: run.sync_now(ctx))
        server = on(parse_target(url), ctx_factory)
        assert [(r["name"], r["owner"], r["title"]) for r in server["leads"].values()] == [
            ("Ann's Lead", "syncbob", "")]
        assert [r["title"] for r in on(laptop, ctx_factory)["leads"].values()] == ["CFO"]
        found = on(laptop, ctx_factory, lambda ctx: conflicts.list_conflicts())
        assert [c.field for c in found] == ["not on the server"]
    finally:
        close_db()
        postgres_server.drop_database(url)


def test_a_laptop_with_leads_joins_the_team_and_its_likely_duplicates_are_flagged(
        server_url, ctx_factory, tmp_path):
    laptop = tmp_path / "old.db"

    def before(ctx):  # a year of work on a file, one lead the team also has
        leads.add_lead(ctx, leads.NewLead("Aino Virtanen", company="Lumo"))
        leads.add_lead(ctx, leads.NewLead("Only Mine", company="Mine Oy"))

    on(laptop, ctx_factory, before)
    result = on(laptop, ctx_factory, lambda ctx: run.init_sync(ctx, server_url))
    assert result.pushed["new lead"] == 2 and result.likely_duplicates == 1
    names = sorted(rec["name"] for rec in on(parse_target(server_url), ctx_factory)["leads"].values())
    assert names == ["Aino Virtanen", "Aino Virtanen", "Bo Berg", "Only Mine"]  # not merged blindly


def test_a_follow_up_rescheduled_on_both_sides_is_a_conflict_and_keeping_the_laptops_sends_it(
        server_url, ctx_factory, tmp_path):
    from leadtui.leads import followups

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for laptop in (a, b):
        on(laptop, ctx_factory, lambda ctx: run.init_sync(ctx, server_url))

    def reschedule(days):
        def work(ctx):
            (item,) = followups.list_follow_ups()
            followups.reschedule(ctx, item.id, ctx.now() + timedelta(days=days))
        return work

    on(a, ctx_factory, reschedule(3))
    on(b, ctx_factory, reschedule(5))
    on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    on(b, ctx_factory, lambda ctx: run.sync_now(ctx))
    (conflict,) = on(b, ctx_factory, lambda ctx: conflicts.list_conflicts())
    assert conflict.label == "follow-up due_at" and conflict.lead_name == "Aino Virtanen"
    on(b, ctx_factory, lambda ctx: conflicts.resolve_conflict(ctx, conflict.id, "laptop"))
    on(b, ctx_factory, lambda ctx: run.sync_now(ctx))
    on(a, ctx_factory, lambda ctx: run.sync_now(ctx))
    dues = {str(on(place, ctx_factory)["follow_ups"]) for place in (a, b, parse_target(server_url))}
    assert len(dues) == 1 and conflict.laptop_value in dues.pop()


def test_a_server_at_another_schema_is_refused_in_one_line(server_url, ctx_factory, tmp_path, monkeypatch):
    laptop = tmp_path / "a.db"
    on(laptop, ctx_factory, lambda ctx: run.init_sync(ctx, server_url))
    monkeypatch.setattr(run, "latest_migration", lambda: 999)
    with pytest.raises(LeadtuiError, match="older schema .*team init"):
        on(laptop, ctx_factory, lambda ctx: run.sync_now(ctx))
    monkeypatch.setattr(run, "latest_migration", lambda: 1)
    with pytest.raises(LeadtuiError, match="newer leadtui"):
        on(laptop, ctx_factory, lambda ctx: run.sync_now(ctx))

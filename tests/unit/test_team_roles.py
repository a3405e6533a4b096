"""Team roles on a throwaway PostgreSQL: what a rep and a manager may do, checked through leadtui
and through plain SQL as each login role (access is the database's, not the client's)."""

from __future__ import annotations

import json
from itertools import count

import pytest

from leadtui.context import Context
from leadtui.db.connection import close_db, init_db
from leadtui.db.url import parse_target
from leadtui.errors import LeadtuiError
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead
from leadtui.team import roles

_numbers = count(1)


@pytest.fixture
def team(postgres_server, clock, config):
    """A migrated database with roles set up and three members: two reps and a manager (role
    names are per cluster, so each test has its own), and three leads: ann's, bob's, nobody's."""
    url = postgres_server.fresh_database()
    n = next(_numbers)
    names = {"ann": f"ann{n}", "bob": f"bob{n}", "max": f"max{n}"}
    init_db(parse_target(url))
    roles.init_team()
    roles.add_member(names["ann"], "rep")
    roles.add_member(names["bob"], "rep")
    roles.add_member(names["max"], "manager")
    ctx = Context(clock=clock, config=config)
    ids = {}
    for who in ("ann", "bob", ""):
        lead = leads.add_lead(ctx, NewLead(f"Lead of {who or 'nobody'}", owner=names.get(who, "")))
        leads.log_activity(ctx, lead.id, "note", f"secret of {who or 'nobody'}")
        ids[who] = lead.id
    close_db()
    yield url, names, ids, ctx
    close_db()
    postgres_server.drop_database(url)


def as_role(url: str, role: str):
    import psycopg

    return psycopg.connect(url.replace("postgres@", f"{role}@", 1), autocommit=True)


def names_seen(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM lead")}


def test_a_rep_reads_only_their_own_and_unowned_leads_and_what_hangs_off_them(team):
    url, names, ids, _ = team
    with as_role(url, names["ann"]) as ann:
        assert names_seen(ann) == {"Lead of ann", "Lead of nobody"}
        bodies = {r[0] for r in ann.execute("SELECT body FROM activity")}
        assert bodies == {"secret of ann", "secret of nobody"}
        # Joining on another rep's ids finds nothing either.
        leaked = ann.execute("SELECT a.body FROM activity a WHERE a.lead_id = %s", (ids["bob"],))
        assert leaked.fetchall() == []
        assert ann.execute("SELECT count(*) FROM lead_search WHERE lead_id = %s",
                           (ids["bob"],)).fetchone()[0] == 0
        assert ann.execute("UPDATE lead SET name = 'mine now' WHERE id = %s", (ids["bob"],)).rowcount == 0
    with as_role(url, names["max"]) as manager:
        assert len(names_seen(manager)) == 3


def test_a_rep_cannot_give_a_lead_away_log_on_anothers_lead_or_change_the_rules(team):
    import psycopg

    url, names, ids, _ = team
    with as_role(url, names["ann"]) as ann:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only a manager assigns"):
            ann.execute("UPDATE lead SET owner = %s WHERE id = %s", (names["bob"], ids["ann"]))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            ann.execute("INSERT INTO activity (lead_id, kind, at, body, outcome, created_at) "
                        "VALUES (%s, 'note', now(), 'x', '', now())", (ids["bob"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="scoring_rule"):
            ann.execute("DELETE FROM scoring_rule")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            ann.execute("INSERT INTO setting (key, value) VALUES ('icp_profile', '{}')")
        # Claiming an unowned lead is fine; it is then hers.
        ann.execute("UPDATE lead SET owner = %s WHERE id = %s", (names["ann"], ids[""]))
    with as_role(url, names["max"]) as manager:
        manager.execute("UPDATE lead SET owner = %s WHERE id = %s", (names["bob"], ids["ann"]))
        manager.execute("INSERT INTO scoring_rule (kind, points, days, field, value) "
                        "VALUES ('call', 5, 30, '', '')")
    with as_role(url, names["ann"]) as ann:
        assert names_seen(ann) == {"Lead of nobody"}


def test_with_reps_read_all_a_rep_reads_everyones_but_changes_only_their_own(team):
    import psycopg

    url, names, ids, _ = team
    init_db(parse_target(url))
    roles.init_team(reps_read_all=True)
    close_db()
    with as_role(url, names["ann"]) as ann:
        assert len(names_seen(ann)) == 3
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to"):
            ann.execute("UPDATE lead SET name = 'x' WHERE id = %s", (ids["bob"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="belongs to"):
            ann.execute("DELETE FROM lead WHERE id = %s", (ids["bob"],))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="not yours"):
            ann.execute("DELETE FROM activity WHERE lead_id = %s", (ids["bob"],))
        # A score any process may refresh.
        assert ann.execute("UPDATE lead SET score = score + 1 WHERE id = %s", (ids["bob"],)).rowcount == 1


def test_leadtui_as_a_rep_says_which_rule_refused_in_one_line(team, clock, config):
    url, names, ids, _ = team
    init_db(parse_target(url))
    roles.init_team(reps_read_all=True)
    close_db()
    init_db(parse_target(url.replace("postgres@", f"{names['ann']}@", 1)))
    ctx = Context(clock=clock, config=config)
    with pytest.raises(LeadtuiError) as refused:
        leads.update_lead(ctx, ids["bob"], name="Mine now")
    message = str(refused.value)
    assert "only their own leads" in message and "\n" not in message and "rep" in message
    leads.update_lead(ctx, ids["ann"], company="Acme")  # her own: fine
    with pytest.raises(LeadtuiError, match="manager"):
        leads.update_lead(ctx, ids["ann"], owner=names["bob"])


def test_the_team_commands_set_up_add_list_and_remove_members(postgres_server, capsys):
    from leadtui.cli import main

    url = postgres_server.fresh_database()
    n = next(_numbers)
    try:
        assert main(["--db", url, "team", "init"]) == 0
        assert main(["--db", url, "team", "add", f"cy{n}", "--role", "manager", "--no-password"]) == 0
        assert main(["--db", url, "team", "add", f"di{n}", "--role", "rep", "--no-password"]) == 0
        capsys.readouterr()
        assert main(["--db", url, "team", "list", "--format", "json"]) == 0
        members = json.loads(capsys.readouterr().out)
        assert {(m["name"], m["role"]) for m in members} >= {(f"cy{n}", "manager"), (f"di{n}", "rep")}
        assert main(["--db", url, "team", "remove", f"di{n}"]) == 0
        assert main(["--db", url, "team", "add", "pg_x", "--role", "rep", "--no-password"]) == 1
        assert "reserved" in capsys.readouterr().err
        with pytest.raises(SystemExit) as bad_role:
            main(["--db", url, "team", "add", f"ed{n}", "--role", "boss", "--no-password"])
        assert bad_role.value.code == 2
    finally:
        close_db()
        postgres_server.drop_database(url)


def test_team_roles_need_a_server(tmp_path, capsys):
    from leadtui.cli import main

    assert main(["--db", str(tmp_path / "x.db"), "team", "init"]) == 1
    assert "PostgreSQL" in capsys.readouterr().err


def test_authors_are_login_roles_and_a_rep_undoes_only_their_own(team, clock, config):
    from leadtui.finding.queries import lead_detail
    from leadtui.record import undo

    url, names, ids, _ = team
    ctx = Context(clock=clock, config=config)
    init_db(parse_target(url.replace("postgres@", f"{names['bob']}@", 1)))
    leads.update_lead(ctx, ids["bob"], company="Bob's company")
    close_db()
    init_db(parse_target(url.replace("postgres@", f"{names['ann']}@", 1)))
    leads.update_lead(ctx, ids["ann"], company="Ann's company")
    leads.log_activity(ctx, ids["ann"], "call", "hello")
    assert lead_detail(ctx, ids["ann"]).activities[0].author == names["ann"]
    assert undo.undo_last(ctx).lead_id == ids["ann"]  # the call
    assert undo.undo_last(ctx).lead_id == ids["ann"]  # her edit; bob's is not hers to take back
    with pytest.raises(undo.NothingToUndo):
        undo.undo_last(ctx)
    close_db()
    with as_role(url, names["ann"]) as ann:
        assert {r[0] for r in ann.execute("SELECT DISTINCT author FROM undo_step")} == {names["ann"]}
    with as_role(url, names["max"]) as manager:
        company = manager.execute("SELECT company FROM lead WHERE id = %s", (ids["bob"],)).fetchone()[0]
        assert company == "Bob's company"


def test_a_reps_context_says_they_may_not_manage_and_their_login_is_me(team, config, tmp_path):
    from leadtui.context import open_context
    from leadtui.finding.owners import my_names

    url, names, _, _ = team
    ctx = open_context(parse_target(url.replace("postgres@", f"{names['ann']}@", 1)), config)
    assert ctx.may_manage is False and names["ann"] in my_names(config)
    close_db()
    ctx = open_context(parse_target(url.replace("postgres@", f"{names['max']}@", 1)), config)
    assert ctx.may_manage is True
    close_db()
    assert open_context(tmp_path / "alone.db", config).may_manage is True
    close_db()


def test_a_reps_search_finds_their_own_and_unowned_leads_and_follows_a_reassignment(team, clock, config):
    from leadtui.finding.paging import iter_leads
    from leadtui.finding.queries import LeadFilter

    url, names, ids, _ = team
    ctx = Context(clock=clock, config=config)

    def found_by_ann():
        init_db(parse_target(url.replace("postgres@", f"{names['ann']}@", 1)))
        try:
            return sorted(r.name for r in iter_leads(ctx, LeadFilter(text="lead")))
        finally:
            close_db()

    assert found_by_ann() == ["Lead of ann", "Lead of nobody"]
    with as_role(url, names["max"]) as manager:
        manager.execute("UPDATE lead SET owner = %s WHERE id = %s", (names["ann"], ids["bob"]))
    assert found_by_ann() == ["Lead of ann", "Lead of bob", "Lead of nobody"]


def test_a_rep_whose_config_names_only_the_login_adds_leads_as_their_member_name(team, clock):
    from leadtui.config import Config

    url, names, _, _ = team
    config = Config(owner="root", owner_is_login=True)  # what a laptop with no owner set has
    init_db(parse_target(url.replace("postgres@", f"{names['ann']}@", 1)))
    ctx = Context(clock=clock, config=config)
    added = leads.add_lead(ctx, NewLead("Met At The Fair"))
    assert added.owner == names["ann"]
    assert leads.resolve_owner(ctx, "me") == names["ann"]

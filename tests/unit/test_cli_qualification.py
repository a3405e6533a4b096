"""CLI: profile, rules, views, templates, qualify, pin, and query-language lists."""

from __future__ import annotations

import json

import pytest

from leadtui.cli import main


@pytest.fixture
def run(db_path, capsys):
    def call(*argv, code=0, as_json=True):
        args = ["--db", str(db_path), *argv] + (["--format", "json"] if as_json else [])
        rc = main(list(args))
        out = capsys.readouterr()
        assert rc == code, out.err
        if code:
            return out.err.strip()
        return json.loads(out.out) if as_json else out.out

    yield call
    from leadtui.db.connection import close_db

    close_db()


def add(run, name, *extra) -> int:
    return run("add", name, "--force", *extra)["id"]


def test_list_query_returns_exactly_the_matches(run):
    hot = add(run, "Hanna Hot", "--source", "webinar")
    for _ in range(3):
        run("log", str(hot), "call")
    low = add(run, "Lasse Low")
    run("pin", str(low), "hot")
    add(run, "Cold Carl")
    rows = run("list", "temp:hot score>40")
    assert [r["id"] for r in rows] == [hot]
    assert {r["id"] for r in run("list", "temp:hot")} == {hot, low}
    shown = run("show", str(hot))
    assert (shown["fit"], shown["engagement"], shown["score"]) == (0, 60, 60)


def test_bad_query_exits_1_with_position(run):
    err = run("list", "temp:hot stag:1", code=1)
    assert err == "leadtui: unknown field 'stag' at 10; did you mean stage?"
    err = run("list", "score>", code=1)
    assert "expected a value after 'score>' at 7" in err
    err = run("list", "score>x", code=1)
    assert "expected a number after 'score>' at 7" in err


def test_qualify_and_pin(run):
    lead = add(run, "Quinn")
    assert run("qualify", str(lead), "sql")["qualification"] == "sql"
    assert [r["id"] for r in run("list", "qual:sql")] == [lead]
    assert "unknown qualification" in run("qualify", str(lead), "maybe", code=1)
    row = run("pin", str(lead), "warm")
    assert (row["temperature"], row["temperature_pinned"]) == ("warm", True)
    row = run("pin", str(lead), "none")
    assert (row["temperature"], row["temperature_pinned"]) == ("cold", False)
    assert "unknown temperature" in run("pin", str(lead), "lukewarm", code=1)
    assert "no lead with id 99" in run("qualify", "99", "mql", code=1)
    text = run("qualify", str(lead), "mql", as_json=False)
    assert text.strip() == f"#{lead} Quinn: MQL"


def test_profile_show_set_and_rescore(run):
    fits = add(run, "Candidate One", "--location", "Helsinki", "--prospect")
    misses = add(run, "Candidate Two", "--location", "Stockholm", "--prospect")
    from leadtui.context import Context
    from leadtui.leads import writes as leads

    leads.update_lead(Context(), fits, age=36, income=45000)
    leads.update_lead(Context(), misses, age=25, income=35000)

    assert run("profile")["criteria"] == []
    assert "no ideal customer profile" in run("profile", as_json=False)
    data = run("profile", "set", "--age", "30-40", "--income", "40000-60000",
               "--locations", "Helsinki,Stockholm,Copenhagen")
    assert data["age"] == [30, 40] and data["locations"] == ["Helsinki", "Stockholm", "Copenhagen"]
    assert data["rescored"] == 2 and data["min_share"] == 0.75
    assert [r["id"] for r in run("list", "fits:no")] == [misses]
    assert [r["id"] for r in run("list", "kind:prospect fits:yes")] == [fits]
    assert run("show", str(fits))["icp"] == {"ticks": 3, "total": 3, "fits": True, "failed": []}

    text = run("profile", as_json=False)
    assert "age 30–40" in text and "at least 75%" in text
    data = run("profile", "set", "--industries", "SaaS", "--budget-min", "10000",
               "--revenue", "1000000+", "--employees", "10-250", "--min-share", "0.5")
    assert data["industries"] == ["saas"] and data["revenue"] == [1000000, None]
    assert data["criteria"] == ["age", "income", "revenue", "employees", "budget", "location", "industry"]
    data = run("profile", "set", "--industries", "", "--budget-min", "", "--revenue", "", "--employees", "")
    assert data["criteria"] == ["age", "income", "location"]
    assert "above the high end" in run("profile", "set", "--age", "40-30", code=1)
    assert "min_share" in run("profile", "set", "--min-share", "2", code=1)
    assert "not a number" in run("profile", "set", "--income", "lots", code=1)


def test_rules_list_add_remove(run):
    lead = add(run, "Dana", "--source", "webinar")
    run("log", str(lead), "download")
    table = run("rules")["rules"]
    assert [(r["kind"], r["points"]) for r in table] == [("download", 10), ("reply", 5), ("call", 20),
                                                         ("silence", -10)]
    data = run("rules", "add", "download", "15", "--field", "source", "--value", "webinar")
    assert data["rescored"] == 1
    assert run("show", str(lead))["score"] == 25
    new_id = data["rules"][-1]["id"]
    assert data["rules"][-1]["label"] == "download when source=webinar"
    assert "added rule" in run("rules", "add", "meeting", "-5", as_json=False)
    assert run("rules", "rm", str(new_id))["rescored"] == 1
    assert run("show", str(lead))["score"] == 10
    assert "no scoring rule" in run("rules", "rm", str(new_id), code=1)
    assert "unknown activity kind" in run("rules", "add", "smoke", "5", code=1)
    assert "rule id must be a number" in run("rules", "rm", "x", code=1)
    text = run("rules", as_json=False)
    assert "no reaction for 30 days" in text and "-10" in text


def test_views_save_list_remove_and_list_view(run):
    hot = add(run, "Hot Hanna", "--source", "webinar")
    run("pin", str(hot), "hot")
    other = add(run, "Hot Other", "--source", "fair")
    run("pin", str(other), "hot")
    names = [v["name"] for v in run("views")]
    assert names[0] == "Hot leads"
    assert {r["id"] for r in run("list", "--view", "hot leads")} == {hot, other}
    assert [r["id"] for r in run("list", "source:webinar", "--view", "Hot leads")] == [hot]
    saved = run("views", "save", "Webinar", "source:webinar")
    assert saved["query"] == "source:webinar"
    assert [r["id"] for r in run("list", "--view", "webinar")] == [hot]
    assert "unknown field 'sorce' at 1" in run("views", "save", "Bad", "sorce:x", code=1)
    run("views", "rm", "Webinar")
    assert "no saved view 'webinar'" in run("list", "--view", "webinar", code=1)
    assert "no saved view" in run("views", "rm", "Webinar", code=1)
    assert "Hot leads" in run("views", as_json=False)


def test_templates_list_render_and_use(run):
    lead = add(run, "Jane Doe", "--email", "jane@example.com", "--company", "Acme",
               "--note", "the 40-seat plan")
    names = [t["name"] for t in run("templates")]
    assert "First contact" in names
    out = run("template", "First contact", str(lead))
    assert out["subject"] == "Acme and us" and out["missing"] == []
    assert out["mailto"].startswith("mailto:jane@example.com?subject=Acme%20and%20us")
    assert "activity_id" not in out
    text = run("template", "Discovery call", str(lead), as_json=False)
    assert "[phone?]" in text and "(missing: phone)" in text
    used = run("template", "First contact", str(lead), "--use")
    assert used["activity_id"]
    timeline = run("show", str(lead))["activities"]
    assert [(a["kind"], a["body"]) for a in timeline] == [("email", "First contact")]
    assert "no template 'Nope'" in run("template", "Nope", str(lead), code=1)
    assert "no lead with id 999" in run("template", "First contact", "999", code=1)


@pytest.mark.parametrize("module", ["leadtui.finding.querylang", "leadtui.finding.views", "leadtui.leads.templates",
                                    "leadtui.scoring.rescore"])
def test_services_are_headless(module):
    import subprocess
    import sys

    code = (f"import sys, {module}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

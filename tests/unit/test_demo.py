"""The demo dataset: every Today section and stage filled, consistent with the services, fast."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import make_demo_file, open_copy

from leadtui.cli import main
from leadtui.db.connection import close_db, init_db
from leadtui.db.models import Activity, FollowUp, Lead, LeadTag, StageChange
from leadtui.demo.dataset import SOURCES, generate_demo
from leadtui.finding import paging, queries
from leadtui.kit.validation import normalise_email, normalise_phone
from leadtui.kit.vocab import CLOSED_STAGES, OPEN_STAGES, OUTREACH_KINDS, TOUCH_KINDS
from leadtui.record.staleness import stale_at_for
from leadtui.scoring import score as scoring


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """The 300-lead demo, generated once for the module (~1.5 s): each test gets a copy."""
    return make_demo_file(tmp_path_factory, count=300, seed=7)


@pytest.fixture
def demo(demo_file, db_path, request):
    return open_copy(demo_file, db_path, request)


def test_every_today_section_has_leads(demo):
    view = queries.today(demo)
    for section in ("overdue", "due", "stale", "inbound"):
        assert view.counts[section] > 0, section
        assert getattr(view, section), section


def test_every_stage_kind_source_and_direction_present(demo):
    stages = {row[0] for row in Lead.select(Lead.stage).tuples()}
    assert set(OPEN_STAGES) <= stages
    assert {"won", "lost"} <= stages
    assert {row[0] for row in Lead.select(Lead.kind).tuples()} == {"prospect", "lead"}
    assert {row[0] for row in Lead.select(Lead.direction).tuples()} == {"inbound", "outbound"}
    assert {row[0] for row in Lead.select(Lead.source).tuples()} == set(SOURCES)
    assert Lead.select().count() == 300
    assert LeadTag.select().count() > 0


def test_activities_span_the_history_and_never_lie_in_the_future(demo):
    now = demo.now()
    times = [row[0] for row in Activity.select(Activity.at).tuples()]
    assert len(times) > 300
    assert max(times) <= now
    assert (now - min(times)).days >= 90
    assert (now - min(times)).days <= 121
    kinds = {row[0] for row in Activity.select(Activity.kind).tuples()}
    assert {"call", "email", "reply", "download", "meeting", "note"} <= kinds


def test_temperatures_cover_hot_warm_and_cold(demo):
    assert {row[0] for row in Lead.select(Lead.temperature).tuples()} == {"hot", "warm", "cold"}


def test_rows_hold_the_same_invariants_as_the_services(demo):
    """Derived fields equal what the services would store for the same history."""
    now = demo.now()
    for lead in Lead.select():
        acts = list(Activity.select().where(Activity.lead == lead.id))
        touches = [a.at for a in acts if a.kind in TOUCH_KINDS]
        assert lead.last_touched_at == max([lead.created_at, *touches]), lead.id
        outreach = [a.at for a in acts if a.kind in OUTREACH_KINDS]
        assert lead.first_contacted_at == (min(outreach) if outreach else None), lead.id
        open_due = [f.due_at for f in FollowUp.select().where(FollowUp.lead == lead.id,
                                                               FollowUp.done_at.is_null())]
        assert lead.next_follow_up_at == (min(open_due) if open_due else None), lead.id
        assert lead.stale_at == stale_at_for(demo.config, last_touched_at=lead.last_touched_at,
                                             temperature=lead.temperature, stage=lead.stage,
                                             archived=lead.archived), lead.id
        if not lead.archived:
            result = scoring.breakdown(demo, lead)
            assert (lead.score, lead.engagement_score) == (result.score, result.engagement), lead.id
            if not lead.temperature_pinned:
                assert lead.temperature == scoring.temperature_for(demo, result.engagement), lead.id
        last_stage = (StageChange.select().where(StageChange.lead == lead.id, StageChange.field == "stage")
                      .order_by(StageChange.at.desc(), StageChange.id.desc()).first())
        assert last_stage.to_value == lead.stage, lead.id
        assert lead.created_at <= now
        assert normalise_email(lead.email).lower() == lead.email
        if lead.phone:
            assert normalise_phone(lead.phone, "") == lead.phone
        if lead.stage in CLOSED_STAGES:
            assert lead.stale_at is None and lead.next_follow_up_at is None


def test_new_inbound_leads_were_never_contacted(demo):
    inbound = queries.today(demo).inbound
    for item in inbound:
        kinds = {row[0] for row in Activity.select(Activity.kind).where(Activity.lead == item.lead.id).tuples()}
        assert not kinds & OUTREACH_KINDS


def _snapshot():
    return (list(Lead.select().order_by(Lead.id).tuples()),
            list(Activity.select().order_by(Activity.id).tuples()),
            list(FollowUp.select().order_by(FollowUp.id).tuples()))


def test_same_seed_and_clock_give_the_same_data(ctx, tmp_path):
    generate_demo(ctx, count=60, seed=3)
    first = _snapshot()
    close_db()
    init_db(tmp_path / "again.db")
    generate_demo(ctx, count=60, seed=3)
    assert _snapshot() == first
    close_db()
    init_db(tmp_path / "other.db")
    generate_demo(ctx, count=60, seed=4)
    assert _snapshot() != first


def test_small_datasets_still_fill_today(ctx):
    generate_demo(ctx, count=20)
    counts = queries.today(ctx).counts
    assert all(counts[s] > 0 for s in ("overdue", "due", "stale", "inbound")), counts


def test_three_hundred_leads_generate_fast(ctx):
    # Processor time, not the wall clock: other processes on a busy machine do not count.
    started = time.process_time()
    generate_demo(ctx)
    assert time.process_time() - started < 3.0


def test_demo_flag_opens_the_tui_on_a_temporary_database(monkeypatch, capsys):
    import leadtui.tui.app

    seen = {}

    def fake_run_tui(db_path, ctx, notice=""):
        seen["path"] = Path(db_path)
        seen["existed"] = Path(db_path).exists()
        seen["leads"] = Lead.select().count()
        return 0

    monkeypatch.setattr(leadtui.tui.app, "run_tui", fake_run_tui)
    try:
        assert main(["--demo"]) == 0
    finally:
        close_db()
    assert seen["leads"] == 300
    assert seen["path"].parent.name.startswith("leadtui-demo-")
    assert seen["existed"]
    assert not seen["path"].parent.exists()  # nothing left behind after the demo closes
    assert capsys.readouterr().out == ""


def test_the_history_reads_as_lived_not_stamped_at_launch(demo):
    now = demo.now()
    changes = list(StageChange.select().where(StageChange.field == "temperature"))
    assert changes, "leads warmed up and cooled down over the demo's history"
    assert all(change.at < now - timedelta(minutes=5) for change in changes)
    hot = Lead.select().where(Lead.temperature == "hot", Lead.temperature_pinned == False)  # noqa: E712
    for lead in hot:
        path = [c.to_value for c in StageChange.select().where(
            StageChange.lead == lead.id, StageChange.field == "temperature").order_by(StageChange.at)]
        assert path[-1] == "hot"
        assert Activity.select().where(Activity.lead == lead.id).count() >= 2  # it took more than one step


def test_the_demo_sets_an_ideal_customer_profile(demo):
    from leadtui.scoring import icp

    assert icp.load_profile().criteria()
    misfits = list(paging.iter_leads(demo, queries.LeadFilter(query="fits:no")))
    fits = list(paging.iter_leads(demo, queries.LeadFilter(query="fits:yes")))
    assert misfits and fits


def test_some_prospects_show_interest_and_become_leads(demo):
    from leadtui.insight.funnel import funnel
    from leadtui.kit.vocab import INTEREST_KINDS

    prospect = funnel(demo).step("prospect")
    assert prospect.entered > 20 and 0 < prospect.moved_on < prospect.entered
    assert 0.1 < prospect.to_next < 0.7 and prospect.median_days is not None
    converted = list(StageChange.select().where(StageChange.field == "kind",
                                                 StageChange.from_value == "prospect"))
    assert len(converted) == prospect.moved_on
    for change in converted:  # each one at the interest they showed, and a lead since
        assert Activity.select().where(Activity.lead == change.lead_id, Activity.at == change.at,
                                       Activity.kind.in_(INTEREST_KINDS)).exists()
        assert Lead.get_by_id(change.lead_id).kind == "lead"


def test_the_demo_leaves_nothing_to_undo_but_keeps_the_users_steps(ctx):
    from leadtui.leads import writes as leads
    from leadtui.record import undo

    own = leads.add_lead(ctx, leads.NewLead("Mine Before", company="Own Oy")).id
    generate_demo(ctx)
    assert Lead.select().where(Lead.archived == True).count()  # noqa: E712 — the demo archived some
    assert undo.undo_last(ctx).label.startswith("add")  # the user's own add, not the demo's archive
    assert Lead.get_or_none(Lead.id == own) is None
    with pytest.raises(undo.NothingToUndo):
        undo.undo_last(ctx)


@pytest.fixture
def own_tmp(tmp_path, monkeypatch):
    """Demos of this test only (other demos may run on the machine)."""
    import tempfile

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    return tmp_path


def _second_shell(*argv: str):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "leadtui.cli", *argv], capture_output=True, text=True,
                          timeout=120)


def test_a_second_shell_drives_the_running_demo(own_tmp, monkeypatch, capsys):
    import leadtui.tui.app

    seen = {}

    def fake_run_tui(db_path, ctx, notice=""):
        seen["notice"] = notice
        seen["add"] = _second_shell("--demo", "add", "Jane Doe", "--company", "Acme")
        seen["list"] = _second_shell("list", "acme", "--demo", "--format", "json")
        seen["where"] = _second_shell("where", "--demo")
        seen["db"] = _second_shell("--db", str(db_path), "show", "301")
        seen["leads"] = Lead.select().count()
        return 0

    monkeypatch.setattr(leadtui.tui.app, "run_tui", fake_run_tui)
    try:
        assert main(["--demo"]) == 0
    finally:
        close_db()
    assert seen["add"].returncode == 0, seen["add"].stderr
    assert seen["add"].stdout.strip() == "301"  # the new lead's id, as `add` prints it to a script
    assert any(row["name"] == "Jane Doe" for row in __import__("json").loads(seen["list"].stdout))
    assert seen["leads"] == 301  # in the demo's own database, which the TUI shows
    assert "Jane Doe" in seen["db"].stdout
    err = capsys.readouterr().err
    (line,) = [line for line in err.splitlines() if "demo database:" in line]
    path = line.split("demo database: ", 1)[1].split(" ", 1)[0]
    assert path.startswith(str(own_tmp)) and path.endswith("demo.db")
    assert f"database: {path}" in seen["where"].stdout
    assert "leadtui --demo add" in line and f"--db {path}" in line and path in seen["notice"]


def test_a_demo_command_without_a_running_demo_says_so_and_opens_nothing(own_tmp, monkeypatch, capsys):
    import leadtui.tui.app

    opened = []
    monkeypatch.setattr(leadtui.tui.app, "run_tui", lambda *a, **k: opened.append(a) or 0)
    (own_tmp / "leadtui-demo-gone").mkdir()
    (own_tmp / "leadtui-demo-gone" / "demo.db").write_bytes(b"")
    (own_tmp / "leadtui-demo-gone" / "demo.pid").write_text("999999999")  # a demo that was killed
    assert main(["--demo", "add", "Jane Doe"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("leadtui: no demo is running") and len(err.splitlines()) == 1
    assert opened == []


def test_demo_and_db_together_are_refused(own_tmp, db, capsys):
    assert main(["--demo", "--db", db, "today"]) == 1
    assert "leave out --db" in capsys.readouterr().err


def test_demo_interests_and_templates_read_as_sentences_signed_without_the_login_name(ctx, monkeypatch):
    from leadtui.config import Config
    from leadtui.leads import templates

    monkeypatch.setattr("leadtui.config.getpass.getuser", lambda: "root")
    ctx.config = Config()  # no config.toml: the owner is only the login name
    assert (ctx.config.owner, ctx.config.sender()) == ("root", "")
    generate_demo(ctx, count=120, seed=7)
    interested = [lead for lead in Lead.select() if lead.interest]
    assert len(interested) > 50
    for lead in interested:
        # Noun phrases, as "Thank you for asking about …" wants: never "wants …", "liked …".
        first = lead.interest.split()[0]
        assert first in {"a", "an", "the", "how", "what", "pricing", "customer"} or first.endswith("ing"), (
            lead.interest)
        first_contact = templates.render_template(ctx, "First contact", lead.id)
        assert f"Thank you for asking about {lead.interest}." in first_contact.body
        silence = templates.render_template(ctx, "Follow-up after silence", lead.id)
        assert f"We last spoke about {lead.interest} (" in silence.body
        script = templates.render_template(ctx, "Discovery call", lead.id)
        assert f"Recap: they asked about {lead.interest}." in script.body
        for rendered in (first_contact, silence):
            assert rendered.body.endswith("Best regards,\nThe sales team")
            assert "root" not in rendered.body + rendered.subject


def test_templates_sign_with_the_configured_owner(ctx, tmp_path):
    from leadtui.config import load_config
    from leadtui.leads import templates
    from leadtui.leads import writes as leads

    path = tmp_path / "config.toml"
    path.write_text('owner = "Anna Korhonen"\n')
    ctx.config = load_config(path)
    generate_demo(ctx, count=20, seed=7)
    lead = Lead.select().where(Lead.interest != "").first()
    assert templates.render_template(ctx, "First contact", lead.id).body.endswith("Best regards,\nAnna Korhonen")
    plain = leads.add_lead(ctx, leads.NewLead("Bo Plain", interest="a quote")).id
    assert templates.render_template(ctx, "First contact", plain).body.endswith("Anna Korhonen")

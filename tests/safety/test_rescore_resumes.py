"""A rescore of every lead commits in short batches, records how far it got, and is finished later."""

from __future__ import annotations

import contextlib

import pytest
from textual.worker import WorkerCancelled

from leadtui.db.models import Lead
from leadtui.leads import writes as leads
from leadtui.record import progress
from leadtui.scoring import icp, rules
from leadtui.scoring.rescore import rescore_all, rescore_pending


def _leads(ctx, n: int) -> None:
    for i in range(n):
        leads.add_lead(ctx, leads.NewLead(f"Lead {i}", location="Oslo" if i % 2 else "Rome"))


def _fit_scores() -> list[int]:
    return [lead.fit_score for lead in Lead.select().order_by(Lead.id)]


def _interrupt_after(batches: int):
    seen = []

    def on_progress(done, total):
        seen.append(done)
        if len(seen) > batches:  # the first call is (0, total)
            raise KeyboardInterrupt

    return on_progress


def test_a_profile_change_is_pending_until_every_lead_is_rescored(ctx):
    _leads(ctx, 25)
    icp.save_profile(icp.Profile(locations=["Oslo"]))
    assert rescore_pending()
    with pytest.raises(KeyboardInterrupt):
        rescore_all(ctx, _interrupt_after(2), batch=5)
    assert rescore_pending()
    assert progress.pending().after_id == 10
    half = _fit_scores()
    assert half[:10] == [0, 60] * 5 and half[10:] == [0] * 15  # batches landed whole
    assert rescore_all(ctx, batch=5) == 15  # only what was left
    assert not rescore_pending()
    assert _fit_scores() == [0, 60] * 12 + [0]


def test_a_newer_change_stops_an_older_run(ctx):
    _leads(ctx, 12)
    icp.save_profile(icp.Profile(locations=["Oslo"]))

    def change_rules_midway(done, total):
        if done == 4:
            rules.add_rule("meeting", 15)

    assert rescore_all(ctx, change_rules_midway, batch=4) == 4
    assert progress.pending().after_id == 0  # the newer change starts over
    assert rescore_all(ctx, batch=4) == 12
    assert not rescore_pending()


def test_rule_changes_mark_a_rescore_pending(ctx):
    rule = rules.add_rule("meeting", 15)
    assert rescore_pending()
    rescore_all(ctx)
    rules.update_rule(rule.id, "meeting", 20)
    assert rescore_pending()
    rescore_all(ctx)
    rules.delete_rule(rule.id)
    assert rescore_pending()


def test_cli_finishes_an_interrupted_rescore_first(cli, ctx, capsys):
    _leads(ctx, 6)
    icp.save_profile(icp.Profile(locations=["Oslo"]))
    code, out, err = cli("--format", "json", "list")
    assert code == 0
    assert "finishing a rescore" in err
    assert not rescore_pending()
    assert _fit_scores() == [0, 60] * 3


def test_cli_rescore_command(cli, ctx):
    _leads(ctx, 3)
    icp.save_profile(icp.Profile(locations=["Rome"]))
    code, out, err = cli("rescore")
    assert (code, out, err) == (0, "rescored 3 leads\n", "")
    assert _fit_scores() == [60, 0, 60]


def test_ctrl_c_says_how_far_it_got(cli, ctx, monkeypatch):
    _leads(ctx, 5)
    import leadtui.scoring.rescore as module

    real = module._rescore_batch
    calls = []

    def batch_then_interrupt(*args):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(*args)

    monkeypatch.setattr(module, "_rescore_batch", batch_then_interrupt)
    monkeypatch.setattr(module, "BATCH", 2)
    monkeypatch.setattr(module.rescore_all, "__defaults__", (None, 2))
    code, out, err = cli("rules", "add", "meeting", "15")
    assert code == 130
    assert "rescore interrupted after 2 of 5 leads" in err
    assert rescore_pending()


async def test_the_tui_finishes_an_interrupted_rescore_in_the_background(ctx, db_path):
    from leadtui.tui.app import build_app

    _leads(ctx, 4)
    icp.save_profile(icp.Profile(locations=["Oslo"]))
    app = build_app(db_path, ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(20):  # screens' reads replace (cancel) each other while the rescore runs
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete()
            await pilot.pause()
            if not rescore_pending():
                break
    assert not rescore_pending()
    assert _fit_scores() == [0, 60] * 2

"""The cycle collector is paused while the TUI starts and settled (collected, frozen, on) after."""

from __future__ import annotations

import gc

import pytest

from leadtui.cli import main
from leadtui.db.connection import close_db
from leadtui.tui import collector


@pytest.fixture(autouse=True)
def _collector_restored():
    """Whatever a test did, the test process gets its collector back: on, nothing frozen."""
    yield
    collector.end_pause()
    gc.unfreeze()
    gc.enable()


def test_pause_then_settle_collects_freezes_and_switches_back_on():
    frozen_before = gc.get_freeze_count()
    collector.pause_for_start()
    assert not gc.isenabled() and collector.is_paused()
    collector.settle()
    assert gc.isenabled() and not collector.is_paused()
    assert gc.get_freeze_count() > frozen_before


def test_settle_leaves_a_process_that_never_paused_alone():
    frozen_before = gc.get_freeze_count()
    collector.settle()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before


def test_a_collector_already_off_stays_off():
    gc.disable()  # switched off by somebody else: not ours to switch on
    collector.pause_for_start()
    collector.settle()
    collector.end_pause()
    assert not gc.isenabled()


def test_end_pause_switches_back_on_without_freezing():
    frozen_before = gc.get_freeze_count()
    collector.pause_for_start()
    collector.end_pause()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen_before
    collector.settle()  # too late: nothing to do
    assert gc.get_freeze_count() == frozen_before


@pytest.mark.parametrize("fails", [False, True])
def test_the_tui_starts_paused_and_the_collector_is_back_on_when_it_closes(monkeypatch, db, fails):
    import leadtui.tui.app

    seen = {}

    def fake_run_tui(db_path, ctx, notice=""):
        seen["enabled while starting"] = gc.isenabled()
        if fails:
            raise KeyboardInterrupt
        return 0

    monkeypatch.setattr(leadtui.tui.app, "run_tui", fake_run_tui)
    try:
        assert main(["--db", db]) == (130 if fails else 0)
    finally:
        close_db()
    assert seen == {"enabled while starting": False}
    assert gc.isenabled()


async def test_the_app_settles_the_collector_once_it_has_started(monkeypatch, ctx, db_path):
    from leadtui.tui.app import build_app

    monkeypatch.setattr(collector, "SETTLE_AFTER", 0.001)
    frozen_before = gc.get_freeze_count()
    collector.pause_for_start()
    app = build_app(db_path, ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.isenabled() and not collector.is_paused()
        assert gc.get_freeze_count() > frozen_before

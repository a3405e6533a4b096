"""The start-up score check waits for the first screen's first read (and its paint)."""

from __future__ import annotations

import asyncio
import threading

from leadtui.finding import paging
from leadtui.scoring import rescore
from leadtui.tui.app import build_app


async def test_the_score_check_starts_once_the_first_page_is_in(monkeypatch, ctx, db_path, world):
    started, release = threading.Event(), threading.Event()
    checks: list[str] = []
    first_page, rescore_due = paging.first_page, rescore.rescore_due

    def held_first_page(*args, **kwargs):
        started.set()
        release.wait(10)
        return first_page(*args, **kwargs)

    monkeypatch.setattr(paging, "first_page", held_first_page)
    monkeypatch.setattr(rescore, "rescore_due", lambda *a, **k: (checks.append("due"), rescore_due(*a, **k))[1])
    app = build_app(db_path, ctx, start_screen="leads")
    async with app.run_test(size=(120, 40)) as pilot:
        while not started.is_set():
            await asyncio.sleep(0)
        for _ in range(50):  # the app runs on while the page is held
            await asyncio.sleep(0)
        assert not [w for w in app.workers if w.group == "score-moments"] and checks == []
        release.set()
        await pilot.pause()
        await pilot.pause()
        assert app.screen.rows and checks == ["due"]


async def test_a_first_read_ended_before_the_apps_mount_starts_the_check_once(monkeypatch, ctx, db_path, world):
    """On a busy machine the first screen's read can end before the app's own mount: the check
    still runs once, not twice (the second start cancelled the first, mid-way)."""
    from types import SimpleNamespace

    from leadtui.tui.app import LeadApp

    checks: list[str] = []
    rescore_due = rescore.rescore_due
    monkeypatch.setattr(rescore, "rescore_due", lambda *a, **k: (checks.append("due"), rescore_due(*a, **k))[1])
    on_mount = LeadApp.on_mount

    def read_first_then_mount(self):
        self.first_read_ended(SimpleNamespace(group="today", is_finished=True))  # the read won the race
        on_mount(self)

    monkeypatch.setattr(LeadApp, "on_mount", read_first_then_mount)
    app = build_app(db_path, ctx, start_screen="today")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # a cancelled check would raise here
        await pilot.pause()
        assert checks == ["due"]

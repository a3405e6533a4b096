"""The start-up score check waits for the first screen's first read (and its paint)."""

from __future__ import annotations

import asyncio
import threading

from leadtui import paging, rescore
from leadtui.app import build_app


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

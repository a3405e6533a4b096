"""A small fixed world for the screens: one lead in each Today section, a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot

from leadtui.leads import writes as leads
from leadtui.screens.textual_internals import is_thread_worker
from leadtui.tui.app import build_app


@pytest.fixture(autouse=True)
def _pause_waits_for_reads(monkeypatch):
    """`pilot.pause()` also lets the screens' thread workers (their reads) finish and show results.

    Screens read the database in thread workers; a test that pressed a key and
    paused checks what the screen shows once those reads are in, never a race.
    (A test that holds a read on purpose must not pause until it lets it go.)
    """
    original = Pilot.pause

    async def pause(self, delay: float | None = None) -> None:
        await original(self, delay)
        while running := [w for w in self.app.workers if is_thread_worker(w) and w.is_running]:
            await self.app.workers.wait_for_complete(running)
            await original(self)

    monkeypatch.setattr(Pilot, "pause", pause)


@pytest.fixture
def world(ctx):
    now = ctx.now()
    ids = {}
    ids["overdue"] = leads.add_lead(ctx, leads.NewLead(
        "Aino Virtanen", company="Lumo Oy", email="aino@lumo.fi", source="webinar",
        next_at=now - timedelta(days=2)), date_confirmed=True).id
    ids["due"] = leads.add_lead(ctx, leads.NewLead(
        "Lars Nielsen", company="Fjord ApS", source="referral", next_at=now + timedelta(hours=3))).id
    ids["stale"] = leads.add_lead(ctx, leads.NewLead(
        "Olga Ivanova", company="Sever LLC", source="trade-fair", at=now - timedelta(days=45))).id
    ids["inbound"] = leads.add_lead(ctx, leads.NewLead(
        "Mia Berg", company="Nord AB", source="web-form", direction="inbound")).id
    return ids


@pytest.fixture
def app(ctx, db_path, world):
    return build_app(db_path, ctx)


def _text_of(widget) -> str:
    """The plain text a Static shows, whatever renderable it holds."""
    import io

    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


@pytest.fixture
def text_of():
    return _text_of

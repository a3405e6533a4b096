"""[mail] watch folders are read on the timer tick; the palette's Ingest reads a path."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest

from leadtui.capture.watch import MailWatch
from leadtui.db.models import Activity
from leadtui.leads import writes as leads
from leadtui.screens.dialogs import TextDialog

FIXTURES = Path(__file__).parents[1] / "fixtures" / "capture"
SIZE = (120, 40)


@pytest.fixture
def maildir(tmp_path):
    folder = tmp_path / "INBOX"
    shutil.copytree(FIXTURES / "maildir", folder)
    return folder


@pytest.fixture
def ivan(ctx):
    ctx.config.owner_email = "anna@seller.fi"
    return leads.add_lead(ctx, leads.NewLead("Ivan Petrov", email="ivan@globex.ru",
                                             at=datetime(2026, 10, 1))).id


def _replies(lead_id):
    return [(a.kind, a.at) for a in Activity.select().where(Activity.lead == lead_id).order_by(Activity.at)]


def _arrive(maildir: Path, name: str, day: int) -> None:
    text = (FIXTURES / "maildir" / "new" / "1763719200.M100200P9876.laptop,S=640,W=655").read_text()
    text = text.replace("<CAHx8a+Z9kQ@mail.globex.ru>", f"<arrived-{day}@globex.ru>")
    text = text.replace("Sat, 21 Nov 2026", f"Sun, {day} Nov 2026")
    (maildir / "new" / name).write_text(text)


async def _settle(app, pilot):
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_watched_maildir_is_read_on_the_tick_and_only_new_files_after(app, ctx, clock, maildir, ivan):
    ctx.config.mail_watch = [maildir]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        clock.advance(minutes=1)
        app.tick()
        await _settle(app, pilot)
        assert _replies(ivan) == [("reply", datetime(2026, 11, 21, 10, 0))]
        assert any("1 logged for 1 lead" in n.message for n in app._notifications)
        _arrive(maildir, "1763800000.M5P1.laptop,S=600", 22)
        clock.advance(minutes=1)
        app.tick()
        await _settle(app, pilot)
        assert _replies(ivan)[-1] == ("reply", datetime(2026, 11, 22, 10, 0))


def test_an_unchanged_maildir_lists_nothing(maildir):
    watch = MailWatch([maildir])
    assert [(f.path.name, f.kind) for f in watch.changed()] == [("cur", "maildir"), ("new", "maildir")]
    assert watch.changed() == []
    _arrive(maildir, "1763800000.M5P1.laptop,S=600", 22)
    assert [f.path.name for f in watch.changed()] == ["1763800000.M5P1.laptop,S=600"]


async def _ingest_from_palette(app, pilot, path: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Ingest mail")
    await _settle(app, pilot)  # the palette's search runs in a worker
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, TextDialog)
    await pilot.press(*path, "enter")


async def test_the_palette_ingests_a_path(app, ctx, ivan, monkeypatch):
    monkeypatch.chdir(FIXTURES)  # a path relative to where leadtui runs: fewer keys to press
    async with app.run_test(size=SIZE) as pilot:
        await _ingest_from_palette(app, pilot, "thunderbird.mbox")
        await _settle(app, pilot)
        assert [kind for kind, _ in _replies(ivan)] == ["email", "reply"]
        assert any("2 logged for 1 lead" in n.message for n in app._notifications)
        await _ingest_from_palette(app, pilot, "/nowhere")
        await _settle(app, pilot)
        assert any("no such file or folder" in n.message for n in app._notifications)


async def test_a_missing_watched_folder_is_said_once(app, ctx, clock, tmp_path):
    ctx.config.mail_watch = [tmp_path / "nowhere"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(2):
            clock.advance(minutes=1)
            app.tick()
            await _settle(app, pilot)
        said = [n.message for n in app._notifications if "no such file or folder" in n.message]
        assert said == [f"[mail] watch: no such file or folder: {tmp_path / 'nowhere'}"]

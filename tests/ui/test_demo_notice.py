"""The demo says in the TUI where its database is and how a second shell reaches it."""

from __future__ import annotations

import pytest

from leadtui.demo.place import how_to_drive


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_start_notice_shows_once_the_tui_is_up(app, db_path, size):
    app.start_notice = how_to_drive(db_path)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(str(db_path) in m and "leadtui --demo add" in m for m in messages)


async def test_no_notice_on_ones_own_database(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not [n for n in app._notifications if n.title == "Demo"]


@pytest.mark.parametrize("keys", [["question_mark"], ["a"], ["2"]])
async def test_the_notice_goes_once_a_dialog_or_screen_opens_at_80x24(app, db_path, keys):
    """At 80x24 the notice would cover the key help or a dialog opened right away."""
    app.start_notice = how_to_drive(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [n for n in app._notifications if n.title == "Demo"]
        await pilot.press(*keys)
        await pilot.pause()
        assert not [n for n in app._notifications if n.title == "Demo"]


async def test_other_notices_stay_when_the_demo_notice_goes(app, db_path):
    app.start_notice = how_to_drive(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify("3 follow-ups now due", title="Follow-ups")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert [n.title for n in app._notifications] == ["Follow-ups"]

"""The demo says in the TUI where its database is and how a second shell reaches it."""

from __future__ import annotations

import pytest

from leadtui.demo_place import how_to_drive


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

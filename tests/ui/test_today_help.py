"""Today's key help says what Enter does on every row, the first one by priority included."""

from __future__ import annotations

import pytest

from leadtui.screens.focus import FocusScreen
from leadtui.screens.help import HelpDialog


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_help_says_enter_on_the_first_row_opens_focus_mode(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        enter = dict(app.screen.bindings)["Enter"]
        assert "Open the lead" in enter and "first row" in enter and "focus mode" in enter
        await pilot.press("escape", "enter")  # and it does: the first row by priority
        await pilot.pause()
        assert isinstance(app.screen, FocusScreen)

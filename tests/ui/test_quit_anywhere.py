"""Ctrl+Q quits from wherever the user is: the key help, a dialog, the palette; it asks first
only when text typed in a dialog would be lost."""

from __future__ import annotations

import pytest

from leadtui.db.models import Lead
from leadtui.screens.dialogs import QuitQuestion
from leadtui.screens.help import HelpDialog
from leadtui.screens.quick_add import QuickAddDialog

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_q_quits_from_the_key_help(app, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_q_quits_from_an_untouched_dialog(app, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


async def test_ctrl_q_quits_from_the_palette(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0


@pytest.mark.parametrize("size", SIZES)
async def test_ctrl_q_over_typed_text_asks_first(app, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Noora Koski")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitQuestion) and app.return_code is None
        await pilot.press("n")  # stay: the text is still there
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        assert app.screen.query_one("#qa-name").value == "Noora Koski"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0
    assert not Lead.select().where(Lead.name == "Noora Koski").exists()


async def test_ctrl_q_twice_quits_while_asked(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Noora", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitQuestion)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0

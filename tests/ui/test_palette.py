"""The command palette: every action of the footer and the CLI's data commands, each once."""

from __future__ import annotations

import json
import os
import stat

import pytest

from leadtui.db.models import Lead
from leadtui.safety.backup import check_backup, list_backups
from leadtui.screens.dialogs import ChoiceDialog, TextDialog
from leadtui.screens.palette import LeadCommands

SIZES = [(80, 24), (120, 40)]


def _prompts(app) -> list[str]:
    found = app.screen.query_one("CommandList")
    return [str(found.get_option_at_index(i).prompt).split("\n")[0] for i in range(found.option_count)]


async def _palette(app, pilot, text: str = "") -> list[str]:
    await pilot.press("ctrl+p", *text)
    await app.workers.wait_for_complete()  # the palette's search for what was typed
    await pilot.pause()
    return _prompts(app)


@pytest.mark.parametrize("size", SIZES)
async def test_typing_undo_finds_undo_first_and_runs_it(app, world, size):
    leads_before = Lead.select().count()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        prompts = await _palette(app, pilot, "undo")
        assert prompts[0] == "Undo", prompts
        await pilot.press("enter")
        await pilot.pause()
    assert Lead.select().count() == leads_before - 1  # the last add, undone


@pytest.mark.parametrize("size", SIZES)
async def test_keys_is_listed_once_and_undo_redo_export_backup_are_there(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for text in ("keys", "undo", "redo", "export", "back up"):
            prompts = await _palette(app, pilot, text)
            await pilot.press("escape")
            await pilot.pause()
            if text == "keys":
                assert prompts.count("Keys") == 1, prompts
            else:
                assert prompts and prompts[0].lower().startswith(text), (text, prompts)


@pytest.mark.parametrize("mode", ["today", "leads", "board", "reports"])
async def test_every_footer_action_is_a_palette_command(app, world, mode):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.switch_mode(mode)
        await pilot.pause()
        screen = app.screen
        commands = list(LeadCommands(screen)._commands())
        titles = [title for title, _, _ in commands]
        actions = {callback.args[0] for _, _, callback in commands}
        shown = {active.binding.action for active in screen.active_bindings.values() if active.binding.show}
        assert shown - {"quit"} <= actions, shown - actions
        assert len(titles) == len(set(titles)), sorted(t for t in titles if titles.count(t) > 1)


@pytest.mark.parametrize("size", SIZES)
async def test_export_from_the_palette_writes_a_private_file(app, world, tmp_path, size):
    target = tmp_path / "out" / "leads.json"
    target.parent.mkdir()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await _palette(app, pilot, "export")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("2")  # JSON
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        app.screen.query_one("Input").value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert len(json.loads(target.read_text())["leads"]) == 4
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


async def test_backup_from_the_palette(app, world, db_path, ctx):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _palette(app, pilot, "back up")
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    made = [b for b in list_backups(db_path, ctx.config) if not b.daily]
    assert len(made) == 1 and check_backup(made[0].path).leads == 4

"""Text people type or import is shown as text on every screen and dialog, never read as markup.

A lead named "[/VIP] Ann [b]" must not stop a dialog from opening (an unmatched closing tag),
lose "[b]" (read as a style), or turn "[@click=app.quit]" into a live action.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from rich.console import Console

from leadtui.finding import views
from leadtui.leads import templates
from leadtui.leads import writes as leads
from leadtui.scoring import icp, rules
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.dialogs import ConfirmDialog
from leadtui.screens.interop import DuplicatesScreen, ImportScreen, MergeDialog
from leadtui.tui.app import build_app

NAME = "[/VIP] Ann [b]"
TWIN = "[/VIP] Ann [b]."
COMPANY = "[@click=app.quit]Co"
NOTE = "[/n] said [i]hi"
WHAT = "[/w] call"
SOURCE = "[red]web"
OWNER = "[/o]bob"
PLACE = "[x]Oslo"
TAG = "[/t]"
TEMPLATE = "[/tpl] Hi"
VIEW = "[/v] mine"
SIZES = [(120, 40), (80, 24)]


def notified(app) -> str:
    """What the notifications say; each is shown as plain text (the toast reads no markup)."""
    assert not any(n.markup for n in app._notifications)
    return " | ".join(n.message for n in app._notifications)


def seen(app) -> str:
    """Everything on the screen as plain text, toasts and the screens beneath a dialog included."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


@pytest.fixture
def hostile(ctx):
    now = ctx.now()
    lead = leads.add_lead(ctx, leads.NewLead(
        NAME, company=COMPANY, source=SOURCE, industry="[/i]saas", location=PLACE, tags=[TAG],
        owner=OWNER, interest="[/interest]", at=now - timedelta(days=3)), force=True)
    leads.schedule_follow_up(ctx, lead.id, now - timedelta(hours=2), WHAT, force=True)
    leads.log_activity(ctx, lead.id, "call", NOTE)
    twin = leads.add_lead(ctx, leads.NewLead(TWIN, company=COMPANY), force=True, allow_duplicate=True)
    templates.add_template(TEMPLATE, "Hello {company} [/body]", subject="About {company}")
    views.save_view(VIEW, "tag:[/t]")
    rules.add_rule("call", 5, field="source", value=SOURCE)
    icp.save_profile(icp.Profile(locations=[PLACE]), ctx)
    return {"lead": lead.id, "twin": twin.id}


@pytest.fixture
def app(ctx, db_path, hostile):
    return build_app(db_path, ctx)


async def _look(app, pilot, *keys) -> str:
    await pilot.press(*keys)
    await pilot.pause()
    assert app.is_running
    notified(app)
    return seen(app)


@pytest.mark.parametrize("size", SIZES)
async def test_today_and_the_list_show_names_as_typed(app, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert NAME in seen(app)
        assert NAME in await _look(app, pilot, "2")
        assert f"Delete {NAME}" in await _look(app, pilot, "delete")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert "[/q]" in await _look(app, pilot, "slash", *"[/q]")
        await pilot.press("escape", "escape")
        assert VIEW in await _look(app, pilot, "v", "end")
        assert VIEW in await _look(app, pilot, "r")  # the rename box holds the name
    assert app.return_code in (0, None)


async def test_done_and_undo_notifications_show_the_name(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("home")
        await _look(app, pilot, "d")
        assert f"Done: {NAME}" in notified(app)
        await _look(app, pilot, "u")
        assert f"({NAME})" in notified(app)


@pytest.mark.parametrize("size", SIZES)
async def test_a_lead_and_each_of_its_dialogs(app, hostile, size, text_of):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.open_lead(hostile["lead"])
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)
        screen = seen(app) + "".join(text_of(part) for part in app.screen.query("Static"))
        for text in (NAME, COMPANY, NOTE, WHAT, SOURCE, PLACE, TAG, "[/i]saas", "[/interest]"):
            assert text in screen, text
        for key in ("l", "f", "e", "F", "delete", "question_mark"):
            assert NAME in await _look(app, pilot, key), key
            if key == "F":
                assert WHAT in seen(app)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LeadDetailScreen), key
        assert TEMPLATE in await _look(app, pilot, "o", "end")
        screen = await _look(app, pilot, "enter")
        assert f"About {COMPANY}" in screen and "[/body]" in screen
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeadDetailScreen)


async def test_the_palette_finds_a_lead_by_its_name(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p", *"Ann")
        await app.workers.wait_for_complete()  # the palette's search runs in a worker
        assert NAME in await _look(app, pilot)


@pytest.mark.parametrize("size", SIZES)
async def test_board_reports_rules_templates_and_profile(app, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert NAME in await _look(app, pilot, "7")
        await _look(app, pilot, "6")
        await app.workers.wait_for_complete()
        assert SOURCE in await _look(app, pilot, "s")
        assert OWNER in await _look(app, pilot, "o")
        assert SOURCE in await _look(app, pilot, "4")
        assert TEMPLATE in await _look(app, pilot, "5")
        assert f"template '{TEMPLATE}'" in await _look(app, pilot, "end", "delete")
        await pilot.press("escape")
        assert PLACE in await _look(app, pilot, "3")


async def test_profile_errors_show_what_was_typed(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _look(app, pilot, "3")
        app.screen.query_one("#p-age").value = "[/bad]"
        assert "[/bad]" in await _look(app, pilot, "ctrl+s")


async def test_quick_add_errors_show_what_was_typed(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _look(app, pilot, "a", *"Someone", "tab")
        app.screen.query_one("#qa-email").value = "[/x]@"
        assert "[/x]@" in await _look(app, pilot, "enter")


async def test_import_shows_the_file_as_it_is(app, tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text("Name,[/col],Email\n[/VIP] Zed [b],[@click=app.quit]x,[/bad]@\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _look(app, pilot, "I")
        assert isinstance(app.screen, ImportScreen)
        app.screen.query_one("#import-path").value = str(path)
        screen = await _look(app, pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = seen(app)
        assert "[/col]" in screen and "[/VIP] Zed [b]" in screen and "[@click=app.quit]x" in screen
        assert "[/bad]@" in await _look(app, pilot, "d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "[/bad]@" in seen(app)
        assert "[/col]" in await _look(app, pilot, "down", "enter")


async def test_duplicates_and_the_merge_dialog(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _look(app, pilot, "D")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DuplicatesScreen)
        assert NAME in seen(app)
        screen = await _look(app, pilot, "enter")
        assert isinstance(app.screen, MergeDialog)
        assert TWIN in screen


async def test_a_fifo_typed_in_the_import_screen_is_refused_and_the_app_quits(app, tmp_path):
    """Reading a FIFO waited for ever in a worker, and the TUI could not quit."""
    import asyncio
    import contextlib
    import os

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _look(app, pilot, "I")
        app.screen.query_one("#import-path").value = str(fifo)
        await pilot.press("enter")
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(), 20)
        finally:  # a reader stuck on the FIFO gets its end of file, so the test itself ends
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        await pilot.pause()
        assert "FIFO" in notified(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


def test_a_crash_of_the_tui_is_no_clean_exit(ctx, db_path, monkeypatch):
    """A traceback in the TUI ended the process with 0, as if all went well."""
    import contextlib

    from leadtui.tui import app as tui

    async def crash(app) -> None:
        with contextlib.suppress(ZeroDivisionError):
            async with app.run_test() as pilot:
                app.call_later(lambda: 1 / 0)
                await pilot.pause()

    monkeypatch.setattr(tui, "_serve", crash)
    assert tui.run_tui(db_path, ctx) == 1


def terminal_bytes(app) -> str:
    """What the screen sends to the terminal, escape sequences included."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.file.getvalue()


async def test_the_import_screen_never_sends_a_files_escape_sequences_to_the_terminal(app, tmp_path):
    """Textual passes an ESC inside a cell straight to the terminal: a file's ESC[2J would clear
    it, its OSC 52 write the clipboard, before anything is stored (stored text is cleaned)."""
    clear, clipboard = "\x1b[2J", "\x1b]52;c;ZXZpbA==\x07"
    path = tmp_path / "escapes.csv"
    path.write_text(f"Name,Email,Notes{clear}\nEvil{clear} One,evil@example.com,x{clipboard}\n"
                    f"Bad{clipboard},,\n", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _look(app, pilot, "I")
        app.screen.query_one("#import-path").value = str(path)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Evil" in seen(app)
        assert clear not in terminal_bytes(app) and "\x1b]52;" not in terminal_bytes(app)
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        sent = terminal_bytes(app)
        assert "\x1b]52;" not in sent and clear not in sent and "\x07" not in sent


async def test_a_notification_never_carries_control_characters(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.notify("Evil\x1b[2J name\x1b]52;c;ZXZp\x07", title="x\x1b[31m")
        await pilot.pause()
        assert not any("\x1b" in n.message + n.title or "\x07" in n.message for n in app._notifications)

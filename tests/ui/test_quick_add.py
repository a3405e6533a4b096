"""Quick add from every screen; duplicates are shown before saving, never merged."""

from __future__ import annotations

import pytest

from leadtui.db.models import Lead
from leadtui.screens.dialogs import UnsavedDialog
from leadtui.screens.quick_add import QuickAddDialog

SIZE = (120, 40)


async def _open_screen(pilot, app, where: str) -> None:
    if where == "leads":
        await pilot.press("2")
    elif where == "detail":
        await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("where", ["today", "leads", "detail"])
async def test_quick_add_from_every_screen(app, world, where):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await _open_screen(pilot, app, where)
        screen_before = app.screen
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        await pilot.press(*"Noora Koski", "enter")
        await pilot.pause()
        assert app.screen is screen_before
    assert Lead.get(Lead.name == "Noora Koski").kind == "lead"


async def test_quick_add_with_company_and_next(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Pekka Mäki", "tab", *"Saimaa Oy")
        for _ in range(5):
            await pilot.press("tab")
        await pilot.press(*"tomorrow 9am")
        await pilot.pause()
        assert "Tue 24 Nov 09:00" in text_of(app.screen.query_one("#preview"))
        await pilot.press("enter")
        await pilot.pause()
    lead = Lead.get(Lead.name == "Pekka Mäki")
    assert lead.company == "Saimaa Oy"
    assert lead.next_follow_up_at.strftime("%Y-%m-%d %H:%M") == "2026-11-24 09:00"


async def test_duplicate_is_shown_and_needs_a_second_enter(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Aino V", "tab", "tab", *"AINO@lumo.fi")
        await pilot.pause()
        assert "Aino Virtanen" in text_of(app.screen.query_one("#duplicates"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        assert Lead.select().where(Lead.name == "Aino V").count() == 0
        await pilot.press("enter")
        await pilot.pause()
    assert Lead.select().where(Lead.email == "aino@lumo.fi").count() == 2


@pytest.mark.parametrize("size", [SIZE, (80, 24)])
async def test_similar_name_at_the_same_company_is_shown_and_needs_a_second_enter(
        app, world, text_of, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Aino Virtane")
        await pilot.pause()
        assert text_of(app.screen.query_one("#duplicates")).strip() == ""  # no company: no evidence
        await pilot.press("tab", *"Lumo")
        await pilot.pause()
        warning = text_of(app.screen.query_one("#duplicates"))
        assert "Aino Virtanen" in warning and "similar name" in warning and "same company" in warning
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        assert "likely duplicate" in text_of(app.screen.query_one("#error"))
        assert Lead.select().where(Lead.name == "Aino Virtane").count() == 0
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddDialog)
    assert Lead.get(Lead.name == "Aino Virtane").company == "Lumo"


async def test_invalid_email_is_an_inline_error_and_nothing_is_lost(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Bad Mail", "tab", "tab", *"not-an-email", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        assert "invalid e-mail" in text_of(app.screen.query_one("#error"))
        assert app.screen.query_one("#qa-name").value == "Bad Mail"
    assert Lead.select().where(Lead.name == "Bad Mail").count() == 0


async def test_quick_add_needs_a_name(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter")
        await pilot.pause()
        assert "needs a name" in text_of(app.screen.query_one("#error"))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddDialog)


@pytest.mark.parametrize("size", [(80, 24), SIZE])
async def test_esc_in_quick_add_asks_before_dropping_what_was_typed(app, world, size):
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a", "escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(app.screen, (QuickAddDialog, UnsavedDialog))
        await pilot.press("a", *"Noora Koski", "escape")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # stay: what was typed is still there
        await pilot.pause()
        assert isinstance(app.screen, QuickAddDialog)
        assert app.screen.query_one("#qa-name").value == "Noora Koski"
        await pilot.press("escape", "d")  # discard
        await pilot.pause()
        assert not isinstance(app.screen, (QuickAddDialog, UnsavedDialog))
        assert not Lead.select().where(Lead.name == "Noora Koski").exists()
        await pilot.press("a", *"Noora Koski", "escape", "s")  # save
        await pilot.pause()
        assert not isinstance(app.screen, (QuickAddDialog, UnsavedDialog))
    assert Lead.select().where(Lead.name == "Noora Koski").count() == 1


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_whole_line_in_the_name_field_is_parsed_live_and_saved_with_enter(app, world, text_of, size):
    from leadtui.db.models import FollowUp

    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Jane from Acme, jane@acme.com, +358 40 1234567, demo next tue 10")
        await pilot.pause()
        shown = text_of(app.screen.query_one("#preview"))
        for part in ("name Jane", "company Acme", "e-mail jane@acme.com", "phone +358 40 1234567",
                     "follow-up Tue 1 Dec 10:00 demo"):
            assert part in shown
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, QuickAddDialog)
    lead = Lead.get(Lead.name == "Jane")
    assert (lead.company, lead.email, lead.phone) == ("Acme", "jane@acme.com", "+358 40 1234567")
    follow_up = FollowUp.get(FollowUp.lead == lead.id)
    assert (follow_up.due_at.strftime("%Y-%m-%d %H:%M"), follow_up.what) == ("2026-12-01 10:00", "demo")


async def test_a_plain_name_shows_no_parse(app, world, text_of):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Maria de la Cruz")
        await pilot.pause()
        assert text_of(app.screen.query_one("#preview")).strip() == ""

"""The screen the TUI opens on: `start_screen` in config.toml or `leadtui --open SCREEN`."""

from __future__ import annotations

import pytest

from leadtui.config import START_SCREENS
from leadtui.finding import queries
from leadtui.screens.board import BoardScreen
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.textual_internals import modes_made
from leadtui.screens.today import TodayScreen
from leadtui.tui.app import build_app

SIZES = [(120, 40), (80, 24)]


@pytest.fixture
def agenda_reads(monkeypatch) -> list[str]:
    """Every read of Today's agenda and every Today screen composed."""
    seen: list[str] = []
    read, compose = queries.today, TodayScreen.compose
    monkeypatch.setattr(queries, "today", lambda *a, **k: (seen.append("read"), read(*a, **k))[1])
    monkeypatch.setattr(TodayScreen, "compose", lambda self: (seen.append("compose"), compose(self))[1])
    return seen


@pytest.mark.parametrize("size", SIZES)
async def test_opening_on_the_lead_list_builds_no_today(ctx, db_path, world, agenda_reads, size):
    app = build_app(db_path, ctx, start_screen="leads")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen) and app.current_mode == "leads"
        table = app.screen.query_one("#lead-table")
        assert table.row_count == 4 and app.focused is table
        assert "Aino Virtanen" in "\n".join(table.render_line(y).text for y in range(1, 6))
        assert agenda_reads == []  # not composed, not read: Today waits until it is opened
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and agenda_reads == ["compose", "read"]
        assert app.screen.query_one("#today-table").row_count == 4
        await pilot.press("2")  # back on the list, as it was left
        await pilot.pause()
        assert isinstance(app.screen, LeadsScreen) and app.screen.query_one("#lead-table").row_count == 4


async def test_the_config_names_the_start_screen(ctx, db_path, world, agenda_reads):
    ctx.config.start_screen = "pipeline"
    app = build_app(db_path, ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen) and app.screen.title == "Pipeline"
        assert agenda_reads == []


async def test_by_default_the_app_opens_on_today(ctx, db_path, world, agenda_reads):
    app = build_app(db_path, ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and agenda_reads == ["compose", "read"]


def _screen_classes() -> dict[str, type]:
    from leadtui.screens.profile import ProfileScreen
    from leadtui.screens.reports import ReportsScreen
    from leadtui.screens.rules import RulesScreen
    from leadtui.screens.templates import TemplatesScreen

    return {"today": TodayScreen, "leads": LeadsScreen, "pipeline": BoardScreen, "reports": ReportsScreen,
            "profile": ProfileScreen, "rules": RulesScreen, "templates": TemplatesScreen}


def test_every_start_screen_is_a_mode_of_the_app():
    from leadtui.tui.app import LeadApp

    assert set(LeadApp.START_MODES) == set(START_SCREENS) == set(_screen_classes())
    assert set(LeadApp.START_MODES.values()) == set(LeadApp.MODES)


@pytest.mark.parametrize("screen", START_SCREENS)
async def test_every_start_screen_opens_first(ctx, db_path, world, screen):
    app = build_app(db_path, ctx, start_screen=screen)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen) is _screen_classes()[screen] and app.screen.is_mounted
        assert len(app.screen_stack) == 1 and modes_made(app) == [app.current_mode]

"""The title bar: the screen's title and subtitle, centred; its icon opens the command palette."""

from __future__ import annotations

from textual.command import CommandPalette

from leadtui.screens.widgets.title_bar import TitleBar

SIZE = (120, 40)


async def test_the_title_follows_the_screen_and_is_centred(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TitleBar)
        app.screen.title, app.screen.sub_title = "Today", "4 due"
        await pilot.pause()
        line = bar.render_line(0).text
        assert line.startswith(" ⭘ ") and "Today — 4 due" in line
        middle = line.index("Today") + len("Today — 4 due") // 2
        assert abs(middle - (8 + (120 - 18) // 2)) <= 1


async def test_a_long_title_ends_in_an_ellipsis_and_the_icon_stays(app, world):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.sub_title = "x" * 200
        await pilot.pause()
        line = app.screen.query_one(TitleBar).render_line(0).text
        assert len(line) == 80 and line.startswith(" ⭘ ") and "…" in line


async def test_clicking_the_icon_opens_the_command_palette(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.hover(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert app.screen.query_one(TitleBar).tooltip == "Open the command palette"
        await pilot.click(TitleBar, offset=(40, 0))  # the title itself does nothing
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)

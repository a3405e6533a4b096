"""The footer: the keys that work here, in one line; a click presses one, a hover explains it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding

from leadtui.screens.help import HelpDialog
from leadtui.screens.widgets.footer import FooterEntry, KeysFooter, place_keys

SIZE = (120, 40)


def _entry(key: str, description: str = "") -> FooterEntry:
    return FooterEntry(key, key, description, True, "")


def test_wide_keys_are_padded_side_by_side_and_the_palette_sits_at_the_right():
    keys, palette = place_keys([_entry("l", "Log"), _entry("a", "Add")], _entry("^p", "palette"), 60, False)
    assert [(k.entry.key, k.start, k.end) for k in keys] == [("l", 0, 7), ("a", 7, 14)]  # " l Log ", " a Add "
    assert (palette.start, palette.end) == (60 - 1 - len("^p palette"), 59)  # a space after it


def test_compact_keys_are_spaced_and_the_palette_touches_the_edge():
    keys, palette = place_keys([_entry("l", "Log"), _entry("?")], _entry("^p", "palette"), 40, True)
    assert [(k.start, k.end) for k in keys] == [(0, 5), (6, 7)]  # "l Log" "?"
    assert palette.end == 40


def test_keys_that_do_not_fit_are_left_out_whole():
    entries = [_entry(str(n), "Something") for n in range(10)]
    keys, palette = place_keys(entries, _entry("^p", "palette"), 40, True)
    assert palette is not None
    assert keys and all(k.end <= palette.start - 1 for k in keys)
    assert len(keys) < 10
    keys, palette = place_keys(entries, _entry("^p", "palette"), 5, True)  # too narrow even for the palette
    assert palette is None and keys == []


async def test_clicking_a_key_presses_it(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        help_key = next(p for p in footer.placed() if p.entry.key == "question_mark")
        await pilot.click(KeysFooter, offset=(help_key.start + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)


async def test_hovering_a_key_shows_its_tooltip_and_highlights_it(app, world):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        add = next(p for p in footer.placed() if p.entry.key == "a")
        plain = footer.render_line(0)
        await pilot.hover(KeysFooter, offset=(add.start + 1, 0))
        await pilot.pause()
        assert footer.tooltip == "Add lead"
        assert footer.render_line(0) != plain  # the hovered key is drawn highlighted
        await pilot.hover(KeysFooter, offset=(footer.size.width - 30, 0))  # between the keys
        await pilot.pause()
        assert footer.tooltip is None


class _OneDisabledKey(App):
    BINDINGS = [Binding("x", "nothing", "Nothing"), Binding("y", "something", "Something")]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield KeysFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        return None if action == "nothing" else True  # None: shown, disabled

    def action_something(self) -> None:
        self.pressed.append("y")

    def bell(self) -> None:
        self.bells += 1


async def test_a_disabled_key_is_dimmed_and_rings_the_bell_when_clicked():
    app = _OneDisabledKey()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeysFooter)
        placed = {p.entry.key: p for p in footer.placed()}
        assert not placed["x"].entry.enabled and placed["y"].entry.enabled
        line = list(footer.render_line(0))
        assert "".join(s.text for s in line).startswith("x Nothing y Something")
        dim = {s.text.strip(): bool(s.style and s.style.dim) for s in line if s.text.strip()}
        assert dim["x"] and dim["Nothing"] and not dim["y"] and not dim["Something"]
        await pilot.click(KeysFooter, offset=(placed["x"].start, 0))
        await pilot.click(KeysFooter, offset=(placed["y"].start, 0))
        await pilot.pause()
        assert app.bells == 1 and app.pressed == ["y"]

"""`?`: the keys of the screen you are on, plus the global ones."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from leadtui.screens.dialogs import Dialog
from leadtui.screens.textual_internals import bindings_of_node


class HelpDialog(Dialog):
    def __init__(self, screen_title: str, bindings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.screen_title = screen_title
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 3))
        table.add_column(style="bold cyan", justify="right")
        table.add_column()
        for key, description in self.bindings:
            table.add_row(Text(key), Text(description))
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"Keys — {self.screen_title}"), classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
            yield Label("Ctrl+P lists every action · Esc closes", classes="dialog-help")


# Written out where a glyph alone would be cryptic in a list of keys.
KEY_NAMES = {"enter": "Enter", "escape": "Esc", "delete": "Delete", "backspace": "Backspace",
             "home": "Home", "end": "End"}


def bindings_of(screen) -> list[tuple[str, str]]:
    """The screen's own keys, then the app's, as (keys, description).

    Read from the bindings themselves (remapped keys included), not from what the focused
    widget leaves active: Enter opens a row even though the table handles the key.
    Several keys for one action share a line ("u ^z").
    """
    app = screen.app
    framework_actions = {binding.action for binding in Screen.BINDINGS}
    app_actions = {binding.action for binding in type(app).BINDINGS}
    lines: dict[str, tuple[list[str], str]] = {}
    for node, wanted in ((screen, None), (app, app_actions)):
        for _key, binding in bindings_of_node(node):
            if not binding.description or binding.action in framework_actions:
                continue
            if wanted is not None and binding.action not in wanted:
                continue
            keys, _ = lines.setdefault(f"{id(node)}:{binding.action}",
                                       ([], binding.tooltip or binding.description))
            shown = binding.key_display or KEY_NAMES.get(binding.key) or app.get_key_display(binding)
            if shown not in keys:
                keys.append(shown)
    return [(" ".join(keys), description) for keys, description in lines.values()]

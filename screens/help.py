"""`?`: the keys of the screen you are on, plus the global ones."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label, Static

from leadtui.screens.dialogs import Dialog


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
            table.add_row(key, description)
        with Vertical(classes="dialog wide"):
            yield Label(f"Keys — {self.screen_title}", classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
            yield Label("Ctrl+P lists every action · Esc closes", classes="dialog-help")


def bindings_of(screen) -> list[tuple[str, str]]:
    """The active bindings of a screen (its own first), as (key, description)."""
    seen: dict[str, tuple[str, str]] = {}
    app = screen.app
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or key in seen:
            continue
        seen[key] = (binding.key_display or app.get_key_display(binding), binding.description)
    # Widget and framework bindings (cursor keys, focus, copy) are the same everywhere:
    # list the screen's own, then the app's own.
    app_actions = {binding.action for binding in type(app).BINDINGS}
    framework_actions = {binding.action for binding in Screen.BINDINGS}
    own = [v for k, v in seen.items() if screen.active_bindings[k].node is screen
           and screen.active_bindings[k].binding.action not in framework_actions]
    rest = [v for k, v in seen.items()
            if screen.active_bindings[k].node is app and screen.active_bindings[k].binding.action in app_actions]
    return own + rest

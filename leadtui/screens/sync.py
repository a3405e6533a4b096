"""Sync conflicts: fields both the laptop and the server changed; keep one value for each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from leadtui.kit.fmt import local_short
from leadtui.screens.base import DataScreen
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.columns import Col, FittedTable
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar
from leadtui.sync import conflicts


class ConflictsScreen(DataScreen):
    TITLE = "Sync conflicts"
    BINDINGS = [
        Binding("l", "keep('laptop')", "Keep laptop's", id="sync.keep_laptop"),
        Binding("s", "keep('server')", "Keep server's", id="sync.keep_server"),
        Binding("escape", "back", "Back", id="sync.back"),
    ]
    COLUMNS = (Col("lead", "Lead", 14, 0, grow=2, cap=30), Col("field", "Field", 8, 1, grow=1, cap=16),
               Col("server", "Server", 12, 0, grow=2, cap=40),
               Col("laptop", "Laptop", 12, 0, grow=2, cap=40), Col("at", "Found", 16, 3))
    items: list = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("A field both this laptop and the server changed since the last sync: the "
                     "server's value stands and yours is kept here. l keeps yours (the next sync "
                     "sends it), s keeps the server's.", classes="intro")
        yield FittedTable(self.COLUMNS, id="conflicts-table", cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(FittedTable).focus()

    def reload(self) -> None:
        loaded, items = attempt(self, conflicts.list_conflicts)
        if not loaded:
            return
        self.items = items
        now = self.app.ctx.now()
        self.query_one(FittedTable).set_rows([
            (str(c.id), {"lead": c.lead_name, "field": c.label, "server": c.shown(c.server_value),
                         "laptop": c.shown(c.laptop_value), "at": local_short(c.at, now)})
            for c in items])
        self.sub_title = f"{len(items)} to resolve" if items else "none: laptop and server agree"

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "keep" and not self.items:
            return False
        return True

    def action_keep(self, which: str) -> None:
        row = self.query_one(FittedTable).cursor_row
        if not self.items or not 0 <= row < len(self.items):
            return
        conflict = self.items[row]
        done, _ = attempt(self, conflicts.resolve_conflict, self.app.ctx, conflict.id, which)
        if done:
            self.notify(f"{conflict.lead_name}: kept the {which}'s {conflict.label}")
            self.reload()
            self.app.data_changed()

    def action_back(self) -> None:
        self.app.pop_screen()

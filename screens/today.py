"""Today: what to do now — overdue, due today, stale, and new inbound leads."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from leadtui import leads, queries
from leadtui.fmt import ago, local_short
from leadtui.screens.base import DataScreen
from leadtui.screens.widgets.cells import temperature_cell
from leadtui.vocab import stage_label

SECTION_STYLE = {"overdue": "bold red", "due": "bold yellow", "stale": "bold magenta", "inbound": "bold green"}
SHORT = {"overdue": "Overdue", "due": "Due today", "stale": "Stale", "inbound": "New inbound"}


class TodayScreen(DataScreen):
    BINDINGS = [
        Binding("l", "log", "Log + reschedule", id="today.log"),
        Binding("z", "snooze(1)", "Snooze +1d", id="today.snooze_day"),
        Binding("Z", "snooze(7)", "Snooze +1w", id="today.snooze_week"),
        Binding("d", "done", "Done", id="today.done"),
        Binding("enter", "open", "Open", id="today.open", show=False),
        Binding("r", "reload_now", "Refresh", id="today.refresh", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="today-counts")
        yield DataTable(id="today-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="today-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Today"
        table = self.query_one(DataTable)
        table.add_columns("", "Name", "Company", "Temp", "When", "What")
        self.items: dict[str, queries.AgendaItem] = {}
        self.reload()
        table.focus()

    def reload(self) -> None:
        view = queries.today(self.app.ctx)
        now = self.app.ctx.now()
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self.items = {}
        parts = []
        for key, _title, items in view.sections():
            parts.append(Text.assemble((f"{SHORT[key]} {view.counts[key]}", SECTION_STYLE[key])))
            for index, item in enumerate(items):
                label = Text(f"{SHORT[key]} ({view.counts[key]})" if index == 0 else "", style=SECTION_STYLE[key])
                when = (local_short(item.due_at) if item.due_at else
                        f"touched {ago(item.lead.last_touched_at, now)}" if key == "stale" else
                        f"waiting {ago(item.lead.created_at, now).removesuffix(' ago')}")
                row_key = f"{key}:{item.follow_up_id or item.lead.id}"
                self.items[row_key] = item
                table.add_row(label, item.lead.name, item.lead.company,
                              temperature_cell(item.lead.temperature), when,
                              item.what or stage_label(item.lead.stage), key=row_key)
        self.query_one("#today-counts", Static).update(Text("  ·  ").join(parts))
        self.sub_title = " · ".join(f"{SHORT[k]} {view.counts[k]}" for k, _, _ in view.sections())
        self.query_one("#today-empty", Static).update(
            "" if self.items else "Nothing due, nothing stale. Press a to add a lead or 2 for all leads.")
        if self.items:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def current(self) -> queries.AgendaItem | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row < 0:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.items.get(key)

    def action_log(self) -> None:
        item = self.current()
        if item:
            self.log_for(item.lead.id, item.lead.name, item.follow_up_id)

    def action_snooze(self, days: int) -> None:
        item = self.current()
        if not item:
            return
        if item.follow_up_id:
            follow_up = self.run_service(leads.snooze_follow_up, item.follow_up_id, timedelta(days=days))
        else:  # a stale or new lead: put it on the agenda for later
            due = self.app.ctx.now() + timedelta(days=days)
            follow_up = self.run_service(leads.schedule_follow_up, item.lead.id, due, "snoozed")
        if follow_up:
            self.notify(f"{item.lead.name}: next {local_short(follow_up.due_at)}")
            self.app.data_changed()

    def action_done(self) -> None:
        item = self.current()
        if not item:
            return
        if not item.follow_up_id:
            self.notify("No follow-up on this row: press l to log a touch", severity="warning")
            return
        if self.run_service(leads.complete_follow_up, item.follow_up_id):
            self.notify(f"Done: {item.lead.name}")
            self.app.data_changed()

    def action_open(self) -> None:
        item = self.current()
        if item:
            self.app.open_lead(item.lead.id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_reload_now(self) -> None:
        self.reload()

"""The lead list: pages from SQLite, filters as you type, sorts, opens a lead."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from leadtui import queries, views
from leadtui.errors import InvalidInput
from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.cells import LEAD_COLUMNS, lead_cells
from leadtui.screens.widgets.columns import FittedTable

PAGE_SIZE = 60
KIND_CYCLE = (None, "prospect", "lead")
KIND_LABEL = {None: "All", "prospect": "Prospects", "lead": "Leads"}
# The column heading that shows the active sort: ▲ smallest value first, ▼ largest first.
SORT_HEADING = {"touched": ("touched", "Touched ▲"), "recent": ("touched", "Touched ▼"),
                "name": ("name", "Name ▲"), "score": ("score", "Score ▼"), "next": ("next", "Next ▲")}


def _delete(ctx, lead_id: int) -> int:
    from leadtui import leads

    leads.delete_lead(lead_id)
    return lead_id


class PagedTable(FittedTable):
    """A DataTable that asks for the next/previous page at its edges instead of holding every row."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    class PageRequest(Message):
        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequest(+1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.PageRequest(-1))
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequest(+1))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.PageRequest(-1))
        else:
            super().action_page_up()


class LeadsScreen(DataScreen):
    BINDINGS = [
        Binding("slash", "search", "Filter", tooltip="Filter: words or a query", id="leads.filter"),
        Binding("s", "cycle_sort", "Sort", tooltip="Next sort order", id="leads.sort"),
        Binding("S", "cycle_sort(-1)", "Sort back", tooltip="Previous sort order", id="leads.sort_back",
                show=False),
        Binding("p", "cycle_kind", "All/prospects/leads", id="leads.kind", show=False),
        Binding("v", "pick_view", "Views", tooltip="Saved views: open, rename, delete", id="leads.views"),
        Binding("V", "save_view", "Save view", tooltip="Save the filter as a view", id="leads.save_view",
                show=False),
        Binding("l", "log", "Log", tooltip="Log an activity", id="leads.log"),
        Binding("f", "follow_up", "Follow-up", tooltip="Schedule a follow-up", id="leads.follow_up"),
        Binding("delete", "delete_lead", "Delete", tooltip="Delete the lead and its history",
                id="leads.delete", show=False),
        Binding("enter", "open", "Open", tooltip="Open the lead", id="leads.open", show=False),
        Binding("r", "refresh", "Refresh", tooltip="Re-read the list", id="leads.refresh", show=False),
        Binding("escape", "clear_filter", "Clear filter", id="leads.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = queries.LeadFilter()
        self.sort = "touched"
        self.page_offset = 0
        self.total = 0
        self.rows: list[queries.LeadRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="filter: words, or a query like  temp:hot score>40 -tag:vip", id="filter")
        yield PagedTable(LEAD_COLUMNS, id="lead-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="lead-status")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Leads"
        table = self.query_one(PagedTable)
        self.reload()
        table.focus()

    def reload(self, cursor: int | None = None) -> None:
        ctx = self.app.ctx
        table = self.query_one(PagedTable)
        keep = table.cursor_row if cursor is None else cursor
        try:
            self.total = queries.count_leads(ctx, self.filter)
            self.page_offset = max(0, min(self.page_offset, max(self.total - 1, 0) // PAGE_SIZE * PAGE_SIZE))
            self.rows = queries.list_leads(ctx, self.filter, sort=self.sort, offset=self.page_offset, limit=PAGE_SIZE)
        except InvalidInput as exc:
            self.query_one("#lead-status", Static).update(f"[b red]{exc}[/]")
            return
        now = ctx.now()
        table.set_rows([(str(row.id), lead_cells(row, now)) for row in self.rows], cursor=keep)
        self.update_status()

    def update_status(self) -> None:
        first = self.page_offset + 1 if self.rows else 0
        last = self.page_offset + len(self.rows)
        label = queries.SORTS[self.sort][1]
        count = f"{first}–{last} of {self.total:,}"
        if not self.total:
            count = "no leads match" if self.filter.query or self.filter.kind else "no leads yet: press a to add one"
        parts = [KIND_LABEL[self.filter.kind], count, f"sort: {label}"]
        if self.filter.query:
            parts.append(f"filter: {self.filter.query}")
        self.query_one("#lead-status", Static).update("  ·  ".join(parts))
        heading = SORT_HEADING.get(self.sort)
        self.query_one(PagedTable).set_headings(dict([heading]) if heading else {})
        self.sub_title = f"{KIND_LABEL[self.filter.kind]} · {self.total:,}"

    def on_paged_table_page_request(self, message: PagedTable.PageRequest) -> None:
        self.action_page(message.step, edge=True)

    def action_page(self, step: int, edge: bool = False) -> None:
        """Load the next (+1) or previous (-1) page; at an edge the cursor lands next to where it was."""
        new_offset = self.page_offset + step * PAGE_SIZE
        if new_offset < 0 or new_offset >= self.total:
            return
        self.page_offset = new_offset
        self.reload(cursor=(0 if step > 0 else PAGE_SIZE - 1) if edge else 0)

    def action_search(self) -> None:
        self.query_one("#filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter" and event.value != self.filter.query:
            self.filter.query = event.value
            self.page_offset = 0
            self.reload(cursor=0)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one(PagedTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one(PagedTable).focus()

    def action_cycle_sort(self, step: int = 1) -> None:
        order = queries.SORT_ORDER
        self.sort = order[(order.index(self.sort) + step) % len(order)]
        self.page_offset = 0
        self.reload(cursor=0)

    def action_cycle_kind(self) -> None:
        self.filter.kind = KIND_CYCLE[(KIND_CYCLE.index(self.filter.kind) + 1) % len(KIND_CYCLE)]
        self.page_offset = 0
        self.reload(cursor=0)

    def apply_query(self, query: str) -> None:
        """Show a saved view: its query goes into the filter box."""
        self.query_one("#filter", Input).value = query

    def action_pick_view(self) -> None:
        loaded, saved = attempt(self, views.list_views)
        if not loaded:
            return
        if not saved:
            self.notify("No saved views yet: type a filter, then V to save it", severity="warning")
            return
        by_id = {str(v.id): v for v in saved}

        def done(choice) -> None:
            if choice is not None:
                self.apply_query(by_id[choice].query)
                self.notify(f"View: {by_id[choice].name}")

        self.app.push_screen(ChoiceDialog("Saved views", [(str(v.id), f"{v.name}  —  {v.query}") for v in saved]), done)

    def action_save_view(self) -> None:
        query = self.filter.query.strip()
        if not query:
            self.notify("Type a filter first (/), then V saves it as a view", severity="warning")
            return

        def done(name) -> None:
            if not name:
                return
            if self.attempt(views.save_view, name, query, self.app.ctx):
                self.notify(f"Saved view {name!r}")

        self.app.push_screen(TextDialog("Save view", f"name for: {query}"), done)

    def current(self) -> queries.LeadRow | None:
        table = self.query_one(PagedTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.current()
        if row:
            self.app.open_lead(row.id)

    def action_refresh(self) -> None:
        self.reload()
        self.notify("List re-read", timeout=1.5)

    def action_log(self) -> None:
        row = self.current()
        if row:
            self.log_for(row.id, row.name)

    def action_delete_lead(self) -> None:
        row = self.current()
        if row is None:
            return

        def done(yes) -> None:
            if yes and self.run_service(_delete, row.id) is not None:
                self.notify(f"Deleted {row.name}")
                self.app.data_changed()

        self.app.push_screen(ConfirmDialog(f"Delete {row.name} with all its activities and "
                                           "follow-ups? This cannot be undone."), done)

    def action_follow_up(self) -> None:
        row = self.current()
        if row:
            self.follow_up_for(row.id, row.name)

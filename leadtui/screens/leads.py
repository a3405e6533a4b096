"""The lead list: pages from SQLite by key, filters as you type, sorts, opens a lead.

Every read runs in a thread worker and comes back as a message; the newest
request wins (its number is kept), and starting one interrupts the older read.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from leadtui.finding import paging, queries
from leadtui.finding.background import BackgroundRead, Interrupted
from leadtui.scoring.icp import OFF_PROFILE_QUERY
from leadtui.screens.base import DataScreen
from leadtui.screens.guard import attempt, attempt_read
from leadtui.screens.widgets.cells import LEAD_COLUMNS, lead_cells
from leadtui.screens.widgets.columns import FittedTable
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar

PAGE_SIZE = paging.PAGE_SIZE
KIND_CYCLE = (None, "prospect", "lead")
KIND_LABEL = {None: "All", "prospect": "Prospects", "lead": "Leads"}
# The letter that picks each sort after `s`.
SORT_LETTERS = {"t": "touched", "r": "recent", "n": "name", "s": "score", "x": "next", "c": "created"}
# The column heading that shows the active sort: ▲ smallest value first, ▼ largest first.
SORT_HEADING = {"touched": ("touched", "Touched ▲"), "recent": ("touched", "Touched ▼"),
                "name": ("name", "Name ▲"), "score": ("score", "Score ▼"), "next": ("next", "Next ▲")}


def _lead_ref_typed(text: str) -> bool:
    """`#`, `#1`, `#123`: the start of a lead reference."""
    stripped = text.strip()
    return stripped.startswith("#") and stripped[1:].strip().isdigit() or stripped == "#"


class PagedTable(FittedTable):
    """A DataTable that asks for the next/previous page at its edges instead of holding every row.

    Home/End (and Ctrl+Home/End) ask for the first/last lead of the whole list.
    """

    BINDINGS = [
        Binding("home,ctrl+home", "first_lead", "First lead", show=False),
        Binding("end,ctrl+end", "last_lead", "Last lead", show=False),
    ]

    class PageRequest(Message):
        """`where`: next, previous, first or last."""

        def __init__(self, where: str) -> None:
            super().__init__()
            self.where = where

    def action_first_lead(self) -> None:
        self.post_message(self.PageRequest("first"))

    def action_last_lead(self) -> None:
        self.post_message(self.PageRequest("last"))

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequest("next"))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.PageRequest("previous"))
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PageRequest("next"))
        else:
            super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.PageRequest("previous"))
        else:
            super().action_page_up()


@dataclass(frozen=True)
class ListRequest:
    """One read of the list, as the screen asked for it."""

    number: int
    flt: queries.LeadFilter
    sort: str
    where: str  # first, last, after, before, from (re-read the page from its first row)
    key: paging.PageKey | None = None
    cursor: int = 0  # the row the cursor lands on; -1: the last row
    count: bool = False  # count the matching leads again
    locate: bool = False  # count the rows before the page: its position


class LeadsScreen(DataScreen):
    # The list has the focus from its first frame (not the filter box, the first focusable
    # widget): moving it there after the first paint drew every row again.
    AUTO_FOCUS = "#lead-table"
    CSS_PATH = None  # the start screens' styles are in app.tcss, parsed before anything else
    applied_view: tuple[str, str] = ("", "")  # (name, query) of the saved view last applied
    BINDINGS = [
        Binding("slash", "search", "Filter", tooltip="Filter: words or a query", id="leads.filter"),
        Binding("s", "pick_sort", "Sort", tooltip="Sort by: s, then t touched, r recent, n name, s score, "
                "x next follow-up, c created", id="leads.sort"),
        Binding("S", "cycle_sort(-1)", "Sort back", tooltip="Previous sort order", id="leads.sort_back",
                show=False),
        Binding("p", "cycle_kind", "All/prospects/leads", id="leads.kind", show=False),
        Binding("v", "pick_view", "Views", tooltip="Saved views: open, rename, delete", id="leads.views"),
        Binding("V", "save_view", "Save view", tooltip="Save the filter as a view", id="leads.save_view",
                show=False),
        Binding("l", "log", "Log", tooltip="Log an activity", id="leads.log"),
        Binding("f", "follow_up", "Follow-up", tooltip="Schedule a follow-up", id="leads.follow_up",
                show=False),
        Binding("delete", "delete_lead", "Delete", tooltip="Delete the lead and its history",
                id="leads.delete", show=False),
        Binding("enter", "open", "Open", tooltip="Open the lead", id="leads.open", show=False),
        Binding("r", "refresh", "Refresh", tooltip="Re-read the list", id="leads.refresh", show=False),
        Binding("escape", "clear_filter", "Clear filter", id="leads.clear", show=False),
    ]

    class PageLoaded(Message):
        def __init__(self, request: ListRequest, page: paging.LeadPage) -> None:
            super().__init__()
            self.request, self.page = request, page

    class CountLoaded(Message):
        def __init__(self, request: ListRequest, total: int | None, position: int | None, hidden: int | None) -> None:
            super().__init__()
            self.request, self.total, self.position, self.hidden = request, total, position, hidden

    class LoadFailed(Message):
        def __init__(self, request: ListRequest, error: str) -> None:
            super().__init__()
            self.request, self.error = request, error

    def __init__(self) -> None:
        super().__init__()
        # Prospects off the profile stay out unless the query asks about `fits` (the status says so).
        self.filter = queries.LeadFilter(hide_off_profile=True)
        self.sort = "touched"
        self.rows: tuple[queries.LeadRow, ...] = ()
        self.more_before = False
        self.more_after = False
        self.position: int | None = 0  # index of the first shown row in the whole list
        self.total: int | None = None
        self.hidden = 0  # prospects off the profile the filter leaves out
        # A read is out. Not Textual's `loading`: that covers the whole screen with a spinner
        # (filter box included) on every keystroke and lays it out and paints it twice more.
        self.reading = False
        self._requests = 0
        self._pending: ListRequest | None = None
        self._reads: list[BackgroundRead] = []
        self._page_in = False  # the current request's page has been shown
        self._counted: tuple[int | None, int | None, int | None] | None = None  # (total, position, hidden)
        self._failed: str | None = None  # why one of its reads failed

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Input(placeholder="filter: words, or a query like temp:hot score>40 · #12 opens lead 12", id="filter")
        yield PagedTable(LEAD_COLUMNS, id="lead-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="lead-status")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Leads"
        self.load("first", count=True)

    # -- reading -------------------------------------------------------------------
    def load(self, where: str, *, key: paging.PageKey | None = None, cursor: int = 0,
             count: bool = False, locate: bool = False) -> None:
        """Ask for a page; the newest request replaces (and interrupts) any older one.

        The count (and the position) is read beside the page, on a worker of its own.
        """
        self._requests += 1
        request = ListRequest(self._requests, paging.filter_copy(self.filter), self.sort, where,
                              key, cursor, count, locate)
        for read in self._reads:
            read.interrupt()
        self._reads = [BackgroundRead()]
        self.reading, self._pending = True, request
        self._page_in, self._counted, self._failed = False, None, None
        if count:
            self.total = None
        self._fetch(request, self._reads[0])
        if count or locate:
            self._reads.append(BackgroundRead())
            self._count(request, self._reads[1])

    def _report(self, request: ListRequest):
        return lambda problem: self.post_message(self.LoadFailed(request, problem))

    @work(thread=True, exclusive=True, group="lead-list")
    def _fetch(self, request: ListRequest, read: BackgroundRead) -> None:
        # A bad query or a database failure shows on the status line; a replaced read, nothing.
        try:
            loaded, page = attempt_read(self, read, self._read_page, request, report=self._report(request))
        except Interrupted:
            return
        if loaded:
            self.post_message(self.PageLoaded(request, page))

    def _read_page(self, request: ListRequest) -> paging.LeadPage:
        ctx = self.app.ctx
        flt, sort = request.flt, request.sort
        if request.where == "first":
            return paging.first_page(ctx, flt, sort)
        if request.where == "last":
            return paging.last_page(ctx, flt, sort)
        if request.where == "after":
            return paging.page_after(ctx, flt, sort, request.key)
        if request.where == "before":
            return paging.page_before(ctx, flt, sort, request.key)
        return paging.page_after(ctx, flt, sort, request.key, inclusive=True)

    @work(thread=True, exclusive=True, group="lead-count")
    def _count(self, request: ListRequest, read: BackgroundRead) -> None:
        try:
            loaded, found = attempt_read(self, read, self._read_count, request, read,
                                         report=self._report(request))
        except Interrupted:
            return
        if loaded:
            self.post_message(self.CountLoaded(request, *found))

    def _read_count(self, request: ListRequest, read: BackgroundRead) -> tuple[int | None, int | None, int | None]:
        """The matching leads, how many come before the key a re-read page starts from, and how
        many prospects off the profile the filter leaves out."""
        ctx = self.app.ctx
        total = hidden = None
        if request.count:
            total, hidden = queries.count_shown_and_hidden(ctx, request.flt)
        read.check()
        position = None
        if request.locate and request.key is not None:
            position = paging.count_before(ctx, request.flt, request.sort, request.key)
        return total, position, hidden

    def _current(self, request: ListRequest) -> bool:
        return request.number == self._requests

    def on_leads_screen_page_loaded(self, message: PageLoaded) -> None:
        request, page = message.request, message.page
        if not self._current(request):
            return
        self._page_in = True
        self.reading = (request.count or request.locate) and self._counted is None and not self._failed
        if not page.rows and request.where in ("after", "before"):
            # The list ended where it was thought to go on: stay on this page.
            self.more_after = self.more_after and request.where != "after"
            self.more_before = self.more_before and request.where != "before"
            return
        old_position, old_count = self.position, len(self.rows)
        self.rows, self.more_before, self.more_after = page.rows, page.more_before, page.more_after
        if not page.more_before:
            self.position = 0
        elif request.where == "after" and old_position is not None:
            self.position = old_position + old_count
        elif request.where == "before" and old_position is not None:
            self.position = max(0, old_position - len(page.rows))
        elif request.where == "last":
            self.position = None if self.total is None else max(0, self.total - len(page.rows))
        if self._counted is not None:  # the count came first: page and count show together
            self._take_count(*self._counted)
        self._show(request.cursor)
        if self._failed:
            self._show_failure(self._failed)

    def on_leads_screen_count_loaded(self, message: CountLoaded) -> None:
        if not self._current(message.request):
            return
        self._counted = (message.total, message.position, message.hidden)
        if self._page_in:
            self.reading = False
            self._take_count(message.total, message.position, message.hidden)
            self.update_status()

    def _take_count(self, total: int | None, position: int | None, hidden: int | None = None) -> None:
        if total is not None:
            self.total = total
        if hidden is not None:
            self.hidden = hidden
        if position is not None and self.rows:
            self.position = position
        elif self.position is None and self.total is not None and not self.more_after:
            self.position = max(0, self.total - len(self.rows))

    def on_leads_screen_load_failed(self, message: LoadFailed) -> None:
        if self._current(message.request):
            self.reading, self._failed = False, message.error
            self._show_failure(message.error)

    def _show_failure(self, error: str) -> None:
        self.query_one("#lead-status", Static).update(Text(error, style="bold red"), layout=False)

    def _show(self, cursor: int) -> None:
        now = self.app.ctx.now()
        table = self.query_one(PagedTable)
        at = len(self.rows) - 1 if cursor < 0 else cursor
        table.set_rows([(str(row.id), lead_cells(row, now)) for row in self.rows], cursor=at)
        self.update_status()

    def reload(self) -> None:
        """Data changed: re-read the shown page from its first row, keep the cursor, recount."""
        table = self.query_one(PagedTable)
        pending = self._pending if self.reading else None
        if pending is not None:  # what is on its way was asked for after the shown page
            self.load(pending.where, key=pending.key, cursor=pending.cursor, count=True,
                      locate=pending.locate)
            return
        if not self.rows:
            self.load("first", count=True)
            return
        key = paging.key_of(self.sort, self.rows[0])
        self.load("from", key=key, cursor=max(table.cursor_row, 0), count=True,
                  locate=bool(self.position))

    def update_status(self) -> None:
        label = queries.SORTS[self.sort].label
        total = "…" if self.total is None else f"{self.total:,}"
        if self.position is None or not self.rows:
            count = f"{len(self.rows)} shown of {total}"
        else:
            count = f"{self.position + 1:,}–{self.position + len(self.rows):,} of {total}"
        if self.total == 0:
            count = "no leads match" if self.filter.query or self.filter.kind else "no leads yet: press a to add one"
        parts = [self.scope_label(), count, f"sort: {label}"]
        if self.hidden:
            parts.insert(2, f"{self.hidden:,} off profile ({OFF_PROFILE_QUERY})")  # Today's words
        if self.filter.query:
            parts.append(f"filter: {self.filter.query}")
        # One line of fixed height: nothing to lay out again (every keystroke shows it twice).
        self.query_one("#lead-status", Static).update(Text("  ·  ".join(parts)), layout=False)
        heading = SORT_HEADING.get(self.sort)
        self.query_one(PagedTable).set_headings(dict([heading]) if heading else {})
        self.sub_title = f"{self.scope_label()} · {total}"

    def scope_label(self) -> str:
        """"All", "Prospects", or the saved view shown: its name while the filter is its query."""
        name, query = self.applied_view
        view = name if name and query == self.filter.query.strip() else ""
        if view and not self.filter.kind:
            return view
        return " · ".join(part for part in (KIND_LABEL[self.filter.kind], view) if part)

    def on_paged_table_page_request(self, message: PagedTable.PageRequest) -> None:
        if message.where == "first":
            self.load("first")
        elif message.where == "last":
            self.load("last", cursor=-1)
        elif message.where == "next" and self.rows and self.more_after:
            self.load("after", key=paging.key_of(self.sort, self.rows[-1]), cursor=0)
        elif message.where == "previous" and self.rows and self.more_before:
            self.load("before", key=paging.key_of(self.sort, self.rows[0]), cursor=-1)

    def action_search(self) -> None:
        self.query_one("#filter", Input).focus()

    async def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "filter":
            return
        if _lead_ref_typed(event.value):  # `#123` is a lead to open, not words to look for
            ref = queries.lead_ref(event.value)
            self.query_one("#lead-status", Static).update(
                f"Enter opens lead #{ref}" if ref is not None else "#id then Enter opens that lead")
            return
        if event.value != self.filter.query:
            self.filter.query = event.value
            self.load("first", count=True)
            await asyncio.sleep(0)  # the reads start now, while the box is drawn, not after it
        else:
            self.update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        if _lead_ref_typed(event.value):
            self.open_ref(event.input)
            return
        self.query_one(PagedTable).focus()

    def open_ref(self, box: Input) -> None:
        """Open the lead typed as `#123`; the box goes back to the filter the list shows."""
        ref = queries.lead_ref(box.value)
        found, row = (False, None) if ref is None else attempt(self, queries.lead_row, self.app.ctx, ref)
        if ref is None or (found and row is None):
            self.notify(f"No lead {box.value.strip()}" if ref is not None else "Type a lead's number after #",
                        severity="warning")
            return
        if not found:
            return
        box.value = self.filter.query
        self.query_one(PagedTable).focus()
        self.app.open_lead(row.id)

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        self.query_one(PagedTable).focus()

    def action_pick_sort(self) -> None:
        from leadtui.screens.dialogs import ChoiceDialog

        def picked(sort: str | None) -> None:
            if sort is not None and sort != self.sort:
                self.sort = sort
                self.load("first")

        choices = [(key, queries.SORTS[key].label) for key in queries.SORT_ORDER]
        self.app.push_screen(ChoiceDialog("Sort by", choices, self.sort, SORT_LETTERS), picked)

    def action_cycle_sort(self, step: int = 1) -> None:
        order = queries.SORT_ORDER
        self.sort = order[(order.index(self.sort) + step) % len(order)]
        self.load("first")

    def action_cycle_kind(self) -> None:
        self.filter.kind = KIND_CYCLE[(KIND_CYCLE.index(self.filter.kind) + 1) % len(KIND_CYCLE)]
        self.load("first", count=True)

    def apply_query(self, query: str, view_name: str = "") -> None:
        """Show a saved view: its query goes into the filter box, its name into the title."""
        self.query_one("#filter", Input).value = query
        self.name_view(view_name, query)

    def name_view(self, name: str, query: str) -> None:
        """The title names this view while the filter is its query ("" names none)."""
        self.applied_view = (name, query.strip())
        self.update_status()

    def action_pick_view(self) -> None:
        from leadtui.finding import views
        from leadtui.screens.dialogs import ConfirmDialog, TextDialog, ViewsDialog

        loaded, saved = attempt(self, views.list_views)
        if not loaded:
            return
        if not saved:
            self.notify("No saved views yet: type a filter, then V to save it", severity="warning")
            return
        by_id = {str(v.id): v for v in saved}

        def done(choice) -> None:
            if choice is None:
                return
            action, key = choice if isinstance(choice, tuple) else ("open", choice)
            view = by_id[key]
            if action == "open":
                self.apply_query(view.query, view.name)
                self.notify(f"View: {view.name}")
            elif action == "delete":
                def confirmed(yes) -> None:
                    if yes and attempt(self, views.delete_view, view.name, self.app.ctx)[0]:
                        self.notify(f"Deleted view {view.name!r}")
                        if self.applied_view[0] == view.name:
                            self.name_view("", "")
                self.app.push_screen(ConfirmDialog(f"Delete the view {view.name!r}?"), confirmed)
            elif action == "rename":
                def renamed(name) -> None:
                    if name and attempt(self, views.rename_view, view.name, name, self.app.ctx)[0]:
                        self.notify(f"Renamed view to {name!r}")
                        if self.applied_view[0] == view.name:
                            self.name_view(name, view.query)
                self.app.push_screen(TextDialog("Rename view", view.name, value=view.name), renamed)

        self.app.push_screen(ViewsDialog("Saved views", [(str(v.id), f"{v.name}  —  {v.query}") for v in saved]),
                             done)

    def action_save_view(self) -> None:
        from leadtui.finding import views
        from leadtui.screens.dialogs import ConfirmDialog, TextDialog

        query = self.filter.query.strip()
        if not query:
            self.notify("Type a filter first (/), then V saves it as a view", severity="warning")
            return

        def save(name: str, replace: bool) -> None:
            if attempt(self, views.save_view, name, query, self.app.ctx, replace=replace)[0]:
                self.notify(f"Saved view {name!r}")
                self.name_view(name, query)

        def done(name) -> None:
            if not name:
                return
            found, existing = attempt(self, views.find_view, name)
            if not found:
                return
            if existing is None:
                save(name, replace=False)
                return
            self.app.push_screen(ConfirmDialog(f"Replace the view {existing.name!r} ({existing.query})?"),
                                 lambda yes: save(name, replace=True) if yes else None)

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
        # the write services and the dialogs: loaded when first used
        from leadtui.leads import writes as leads
        from leadtui.screens.dialogs import ConfirmDialog

        row = self.current()
        if row is None:
            return

        def done(yes) -> None:
            if yes and attempt(self, leads.delete_lead, row.id, self.app.ctx)[0]:
                self.notify(f"Deleted {row.name} — u brings it back")
                self.app.data_changed()

        self.app.push_screen(ConfirmDialog(f"Delete {row.name} with all its activities and "
                                           "follow-ups? (u undoes it)"), done)

    def action_follow_up(self) -> None:
        row = self.current()
        if row:
            self.follow_up_for(row.id, row.name)

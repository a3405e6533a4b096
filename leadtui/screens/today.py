"""Today: what to do now — overdue, due today, stale, and new inbound leads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from leadtui.finding import queries
from leadtui.finding.background import BackgroundRead, Interrupted
from leadtui.finding.owners import owner_loads
from leadtui.insight.planner import pace_warning
from leadtui.insight.response import describe_time_left
from leadtui.kit.fmt import ago, local_short
from leadtui.screens.base import DataScreen
from leadtui.screens.guard import attempt, attempt_read
from leadtui.screens.widgets.cells import temperature_cell
from leadtui.screens.widgets.columns import Col, FittedTable
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar

SECTION_STYLE = {"overdue": "bold red", "due": "bold yellow", "stale": "bold magenta", "inbound": "bold green"}
SHORT = {"overdue": "Overdue", "due": "Due today", "stale": "Stale", "inbound": "New inbound"}
COLUMNS = (
    Col("section", "", 11, 3),
    Col("name", "Name", 16, 0, grow=3, cap=36),
    Col("company", "Company", 14, 5, grow=2, cap=30),
    Col("temp", "Temp", 6, 4),
    Col("when", "When", 16, 1),
    Col("what", "What", 20, 2, grow=3, cap=48),
    Col("email", "E-mail", 24, 6, grow=1, cap=36),
    Col("phone", "Phone", 16, 7),
    Col("owner", "Owner", 8, 8, grow=1, cap=14),
)
# In priority order the reason takes the place of When: it says how late, or how soon.
# Every row has its section's label there, in a word.
RANKED_COLUMNS = tuple(Col("why", "Why", 26, 1, grow=3, cap=40) if c.key == "when" else
                       Col("section", "", 7, 3) if c.key == "section" else c for c in COLUMNS)
WORD = {"overdue": "Overdue", "due": "Due", "stale": "Stale", "inbound": "Inbound"}
# After `g`, the initial that goes to each section.
SECTION_LETTERS = {"o": "overdue", "d": "due", "s": "stale", "i": "inbound"}


class TodayScreen(DataScreen):
    CSS_PATH = None  # the start screens' styles are in app.tcss, parsed before anything else
    BINDINGS = [
        Binding("l", "log", "Log", tooltip="Log an activity + schedule the next follow-up", id="today.log"),
        Binding("c", "log_kind('call')", "Call", tooltip="Log a call, the next follow-up proposed",
                id="today.call", show=False),
        Binding("e", "log_kind('email')", "E-mail", tooltip="Log an e-mail, the next follow-up proposed",
                id="today.email", show=False),
        Binding("m", "log_kind('meeting')", "Meeting", tooltip="Log a meeting, the next follow-up proposed",
                id="today.meeting", show=False),
        Binding("right_square_bracket", "section(1)", "Next section", tooltip="The next section's first row",
                id="today.next_section", show=False),
        Binding("left_square_bracket", "section(-1)", "Previous section",
                tooltip="The previous section's first row", id="today.previous_section", show=False),
        Binding("g", "pick_section", "Go to", tooltip="Go to a section: g, then o overdue, d due today, "
                "s stale, i new inbound", id="today.go_section"),
        Binding("z", "snooze(1)", "Snooze", tooltip="Snooze +1 day", id="today.snooze_day"),
        Binding("Z", "snooze(7)", "Snooze +1w", tooltip="Snooze +1 week", id="today.snooze_week", show=False),
        Binding("d", "done", "Done", tooltip="Follow-up done", id="today.done"),
        Binding("f", "focus", "Focus", tooltip="One lead at a time, highest priority first", id="today.focus"),
        Binding("enter", "open", "Open", tooltip="Open the lead; on the first row by priority: focus mode",
                id="today.open",
                show=False),
        Binding("r", "reload_now", "Refresh", id="today.refresh", show=False),
        Binding("t", "toggle_team", "Mine/team", tooltip="My leads only, or the whole team's with each "
                "owner's load", id="today.team", show=False),
        Binding("o", "toggle_order", "Order", tooltip="Highest priority first ↔ grouped by section",
                id="today.order"),
    ]
    grouped = False  # False: every section's rows in one order, highest priority first
    _agenda: Agenda | None = None  # the last read, drawn again when the order changes
    mine: bool | None = None  # None: the default for the configuration
    toggled = False  # alone, the owners' loads show only once asked for

    class Loaded(Message):
        def __init__(self, number: int, agenda: Agenda) -> None:
            super().__init__()
            self.number, self.agenda = number, agenda


    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="today-counts")
        yield Static("", id="today-warning")
        yield FittedTable(RANKED_COLUMNS, id="today-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="today-empty")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Today"
        table = self.query_one(DataTable)
        self.items: dict[str, queries.AgendaItem] = {}
        self.reload()
        table.focus()

    def reload(self) -> None:
        """Read the agenda in a thread worker; the newest request wins and stops older reads."""
        self._fetch(*self.newest_read(), self.mine)

    @work(thread=True, exclusive=True, group="today")
    def _fetch(self, number: int, read: BackgroundRead, mine: bool | None) -> None:
        try:
            loaded, agenda = attempt_read(self, read, read_agenda, self.app.ctx, mine, self.toggled)
        except Interrupted:
            return
        if loaded:
            self.post_message(self.Loaded(number, agenda))

    def on_today_screen_loaded(self, message: Loaded) -> None:
        # A screen put away before its rows came (another screen opened at once, say) does
        # not draw them: coming back re-reads it anyway.
        if message.number == self._requests and not self._suspended:
            self._show(message.agenda)

    def on_screen_suspend(self) -> None:
        super().on_screen_suspend()
        self.stop_read()

    def _show(self, agenda: Agenda, keep_row: str | None = None) -> None:
        """Draw the agenda; with `keep_row` the cursor stays on that row wherever it moves."""
        view = agenda.view
        self.mine = view.mine
        self._agenda = agenda
        now = self.app.ctx.now()
        target = self.app.ctx.config.response_target_hours
        table = self.query_one(FittedTable)
        table.set_columns(COLUMNS if self.grouped else RANKED_COLUMNS)
        self.items = {}
        rows = []
        parts = [Text.assemble((f"{SHORT[key]} {view.counts[key]}", SECTION_STYLE[key]))
                 for key, _title, _items in view.sections()]
        if self.grouped:
            listed = [(item, index == 0) for _key, _title, items in view.sections()
                      for index, item in enumerate(items)]
        else:
            # Every row read: a long section's weaker rows stay listed, below the order's exact part.
            listed = [(item, True) for item in view.ranked(exact=False)]
        for item, labelled in listed:
            key, lead = item.section, item.lead
            # Grouped, the label marks where a section starts; in priority order every row has it.
            label = Text(SHORT[key] if labelled and self.grouped else WORD[key] if labelled else "",
                         style=SECTION_STYLE[key])
            when = (local_short(item.due_at, now) if item.due_at else
                    f"touched {ago(lead.last_touched_at, now)}" if key == "stale" else
                    _response_cell(lead.created_at, now, target))
            row_key = f"{key}:{item.follow_up_id or lead.id}"
            self.items[row_key] = item
            rows.append((row_key, {
                "section": label, "name": lead.name, "company": lead.company,
                "temp": temperature_cell(lead.temperature), "when": when,
                "why": item.priority.reason_line() if item.priority else "",
                "what": item.purpose(),
                "email": lead.email, "phone": lead.phone, "owner": lead.owner}))
        keys = [key for key, _ in rows]
        table.set_rows(rows, keys.index(keep_row) if keep_row in keys else None)
        if view.off_profile:  # gone stale for not fitting the profile: the list still finds them
            parts.append(Text(f"{view.off_profile:,} off profile", style="dim"))
        if agenda.loads is not None:
            parts.append(Text(agenda.loads, style="dim"))
        self.query_one("#today-counts", Static).update(Text("  ·  ").join(parts))
        warning = self.query_one("#today-warning", Static)
        warning.update(agenda.warning)
        warning.display = bool(warning.content)
        self.sub_title = ("Mine · " if view.mine else "") + " · ".join(
            f"{SHORT[k]} {view.counts[k]}" for k, _, _ in view.sections())
        empty = self.query_one("#today-empty", Static)
        empty.update("" if self.items else "Nothing due, nothing stale. Press a to add a lead or 2 for all leads.")
        empty.display = not self.items  # its padding would take three lines under the rows

    def action_toggle_order(self) -> None:
        self.grouped = not self.grouped
        if self._agenda is not None:
            self._show(self._agenda, keep_row=self.current_key())

    def current_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row < 0:
            return None
        return table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value

    def current(self) -> queries.AgendaItem | None:
        key = self.current_key()
        return None if key is None else self.items.get(key)

    def action_log(self) -> None:
        item = self.current()
        if item:
            self.log_for(item.lead.id, item.lead.name, item.follow_up_id)

    def action_log_kind(self, kind: str) -> None:
        # with the log dialog: when first needed
        from leadtui.leads.focus import NEXT_BY_TEMPERATURE

        item = self.current()
        if item:
            self.log_for(item.lead.id, item.lead.name, item.follow_up_id, kind,
                         NEXT_BY_TEMPERATURE.get(item.lead.temperature, NEXT_BY_TEMPERATURE["cold"]))

    def _row_sections(self) -> list[str]:
        """The section of each row, top to bottom."""
        table = self.query_one(DataTable)
        keys = [table.coordinate_to_cell_key((row, 0)).row_key.value for row in range(table.row_count)]
        return [self.items[key].section for key in keys]

    def action_section(self, step: int) -> None:
        """To the first row of the next (or previous) section that has rows, round the end."""
        table = self.query_one(DataTable)
        sections = self._row_sections()
        present = [s for s in SHORT if s in sections]
        if not present:
            return
        here = sections[table.cursor_row] if 0 <= table.cursor_row < len(sections) else present[0]
        target = present[(present.index(here) + step) % len(present)]
        self._go_to_row(sections.index(target))

    def _go_to_row(self, row: int) -> None:
        """The cursor to a section's first row, shown at the top with the section below it."""
        table = self.query_one(DataTable)
        table.move_cursor(row=row, scroll=False)
        table.scroll_to(y=row, animate=False, immediate=True)

    def action_pick_section(self) -> None:
        """`g`, then a section's initial: to its first row (its highest priority in priority order).

        Each initial is also one of Today's own keys (`o` order, `d` done …), so it is read in the
        dialog `g` opens, which shows them."""
        from leadtui.screens.dialogs import ChoiceDialog  # with the first dialog: when first needed

        sections = self._row_sections()
        present = [key for key in SHORT if key in sections]
        if not present:
            self.notify("Nothing on Today to go to")
            return
        counts = self._agenda.view.counts if self._agenda is not None else {}
        choices = [(key, f"{SHORT[key]} ({counts.get(key, sections.count(key)):,})") for key in present]
        letters = {letter: key for letter, key in SECTION_LETTERS.items() if key in present}

        def picked(section: str | None) -> None:
            if section in sections:
                self._go_to_row(sections.index(section))

        self.app.push_screen(ChoiceDialog("Go to section", choices, None, letters), picked)

    def action_snooze(self, days: int) -> None:
        from leadtui.leads import followups  # the write services: loaded when first used
        from leadtui.leads import writes as leads

        item = self.current()
        if not item:
            return
        if item.follow_up_id:
            snoozed, follow_up = attempt(self, leads.snooze_follow_up, self.app.ctx, item.follow_up_id,
                                         timedelta(days=days))
        else:  # a stale or new lead: a follow-up puts it back on the agenda (and off this section)
            snoozed, follow_up = attempt(self, followups.snooze_lead, self.app.ctx, item.lead.id, days)
        if snoozed:
            self.notify(f"{item.lead.name}: next {local_short(follow_up.due_at, self.app.ctx.now())}")
            self.app.data_changed()

    def action_done(self) -> None:
        from leadtui.leads import writes as leads

        item = self.current()
        if not item:
            return
        if not item.follow_up_id:
            self.notify("No follow-up on this row: press l to log a touch", severity="warning")
            return
        if attempt(self, leads.complete_follow_up, self.app.ctx, item.follow_up_id)[0]:
            self.notify(f"Done: {item.lead.name}")
            self.app.data_changed()

    def action_open(self) -> None:
        item = self.current()
        if item is None:
            return
        # The top of the list by priority: work down it one lead at a time (grouped, the first row
        # is only the first of its section).
        if not self.grouped and self.query_one(DataTable).cursor_row == 0:
            self.action_focus()
            return
        self.app.open_lead(item.lead.id)

    def action_focus(self) -> None:
        from leadtui.screens.focus import FocusScreen  # not on the first paint's path

        self.app.push_screen(FocusScreen(self.mine))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_reload_now(self) -> None:
        self.reload()

    def action_toggle_team(self) -> None:
        self.mine, self.toggled = not self.mine, True
        self.reload()
        self.notify("Today: my leads (and unowned)" if self.mine else "Today: the whole team")


def _response_cell(created_at, now, target_hours: float) -> Text:
    """New inbound: time left to answer within the response target, red once past it."""
    text = describe_time_left(created_at, now, target_hours)
    return Text(text, style="bold red" if text.endswith("past target") else "")


@dataclass(frozen=True)
class Agenda:
    """What Today shows, read on a worker: the sections, the pace warning, the owners' loads."""

    view: queries.TodayView
    warning: str
    loads: str | None  # None: not shown


def read_agenda(ctx, mine: bool | None, toggled: bool) -> Agenda:
    view = queries.today(ctx, mine=mine)
    loads = None
    if not view.mine and (toggled or ctx.config.team_members):
        # Each owner's open leads, so an uneven load shows ("ann 12 · bob 3 · nobody 4").
        loads = "Open leads: " + " · ".join(f"{load.owner or 'nobody'} {load.open_leads}"
                                            for load in owner_loads(list(ctx.config.team_members)))
    return Agenda(view, pace_warning(ctx) or "", loads)

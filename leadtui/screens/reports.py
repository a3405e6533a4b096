"""Reports: the funnel, sources, response time, weekly and monthly figures, the planner, workload.

Everything is computed in a thread worker (`leadtui.insight.overview.all_reports`)
and posted back as one frozen dataclass; the tables show exactly the cells the
CLI prints (`leadtui.insight.tables`), and the charts are block-character bars.
"""

from __future__ import annotations

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static, TabbedContent, TabPane

from leadtui.insight import tables
from leadtui.insight.overview import ReportSet, all_reports_in_worker
from leadtui.screens.base import DataScreen
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.bars import bar_chart
from leadtui.screens.widgets.columns import Col, FittedTable, plain
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar

TABS = (  # (id, title, key)
    ("funnel", "Funnel", "f"), ("sources", "Sources", "s"), ("response", "Response time", "t"),
    ("weekly", "Weekly", "w"), ("monthly", "Monthly", "m"), ("plan", "Planner", "p"),
    ("workload", "Workload", "o"),
)
NARROW = 100  # columns: below this the sources table's headings are short
# The response-time breaches, as tables.response_breaches heads them; the company is the first
# left out when the terminal is too narrow for all of them.
BREACH_COLUMNS = (Col("id", "id", 4), Col("name", "name", 12, grow=2, cap=30),
                  Col("company", "company", 12, priority=2, grow=1, cap=30),
                  Col("created", "created", 16, priority=1), Col("first", "first contact", 16, priority=1),
                  Col("hours", "hours", 6))


class NumberInput(Input):
    """A box for a whole number. A letter is not for it, so the screen's one-letter keys (f, s,
    t…) still work while it has the focus, and digits typed after p are the goal."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character is not None and character.isdigit()

    def on_key(self, event: events.Key) -> None:
        # Runs before Input's own key handler, which prevent_default skips.
        if event.is_printable and not (event.character or "").isdigit():
            event.prevent_default()  # not swallowed here: it goes on to the screen's bindings


class ReportsScreen(DataScreen):
    BINDINGS = [
        *(Binding(key, f"show_tab('{tab}')", title, id=f"reports.{tab}", show=tab in ("funnel", "plan"))
          for tab, title, key in TABS),
        Binding("r", "reload_now", "Refresh", id="reports.refresh"),
    ]

    class Computed(Message):
        def __init__(self, reports: ReportSet) -> None:
            super().__init__()
            self.reports = reports

    class Failed(Message):
        def __init__(self, problem: str) -> None:
            super().__init__()
            self.problem = problem

    reports: ReportSet | None = None
    _sources_narrow = False  # the sources table has its narrow headings

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Computing…", id="reports-status")
        with TabbedContent(id="reports-tabs"):
            for tab, title, _key in TABS:
                with TabPane(title, id=f"tab-{tab}"), VerticalScroll():
                    if tab == "plan":
                        with Horizontal(id="plan-inputs"):
                            yield Label("Goal (new customers)")
                            yield NumberInput(placeholder="e.g. 12", id="plan-goal", type="integer")
                            yield Label("Rate")
                            yield Input(placeholder="history / 12%", id="plan-rate")
                        yield Static("", id="plan-note")
                    if tab == "response":
                        yield DataTable(id="table-response-summary", cursor_type="row")
                    if tab == "response":  # names of any length: fitted, the company left out when narrow
                        yield FittedTable(BREACH_COLUMNS, id="table-response", cursor_type="row",
                                          zebra_stripes=True)
                    else:
                        yield DataTable(id=f"table-{tab}", cursor_type="row", zebra_stripes=True)
                    if tab in ("funnel", "response", "weekly"):
                        yield Static("", id=f"chart-{tab}", classes="chart")
                    if tab == "sources":
                        yield Static(tables.SOURCES_LEGEND, id="sources-legend")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Reports"
        goal = self.app.ctx.config.goal
        if goal:
            self.query_one("#plan-goal", Input).value = str(goal)
        self.reload()

    def reload(self) -> None:
        self.query_one("#reports-status", Static).update("Computing…")
        goal_text = self.query_one("#plan-goal", Input).value.strip()
        self._compute(int(goal_text) if goal_text.isdigit() else None,
                      self.query_one("#plan-rate", Input).value.strip() or None)

    @work(thread=True, exclusive=True, group="reports")
    def _compute(self, goal: int | None, rate_text: str | None) -> None:
        computed, reports = attempt(self, all_reports_in_worker, self.app.ctx, goal, rate_text,
                                    report=lambda problem: self.post_message(self.Failed(problem)))
        if computed:
            self.post_message(self.Computed(reports))

    def on_reports_screen_failed(self, message: Failed) -> None:
        self.query_one("#reports-status", Static).update(Text(message.problem, style="bold red"))
        self.notify(message.problem, severity="error")

    def on_reports_screen_computed(self, message: Computed) -> None:
        reports = self.reports = message.reports
        self._fill("funnel", tables.funnel_table(reports.funnel))
        self._fill_sources()
        self._fill("response-summary", tables.response_summary(reports.response))
        _, rows = tables.response_breaches(reports.response)
        self.query_one("#table-response", FittedTable).set_rows(
            [(str(n), dict(zip((col.key for col in BREACH_COLUMNS), row, strict=True))) for n, row in enumerate(rows)])
        self._fill("weekly", tables.periodic_table(reports.weekly))
        self._fill("monthly", tables.periodic_table(reports.monthly))
        self._fill("workload", tables.workload_table(reports.workload))
        # With no goal yet there is no plan to tabulate: only the inputs and the note show.
        self.query_one("#table-plan", DataTable).display = reports.plan is not None
        if reports.plan is not None:
            self._fill("plan", tables.plan_table(reports.plan))
            warning = reports.plan.warning()
            self.query_one("#plan-note", Static).update(Text(warning, style="bold red") if warning else "")
        else:
            problem = reports.plan_problem
            if "give a goal" in problem:
                problem = ("Type a goal (new customers this year) and press Enter; "
                           "goal in [planner] of config.toml keeps it.")
            self.query_one("#plan-note", Static).update(Text(problem))
        self._charts(reports)
        self.query_one("#reports-status", Static).update(
            f"{reports.funnel.step('interest').entered:,} leads in the funnel · computed in "
            f"{reports.seconds * 1000:.0f} ms · r refreshes")

    def _narrow(self) -> bool:
        return self.size.width < NARROW

    def _fill_sources(self) -> None:
        """Under NARROW columns the sources table has short headings (and their legend), so it
        fits without scrolling sideways."""
        narrow = self._sources_narrow = self._narrow()
        self._fill("sources", tables.sources_table(self.reports.sources, short=narrow))
        self.query_one("#sources-legend", Static).display = narrow

    def on_resize(self, event) -> None:
        if self.reports is not None and self._narrow() != self._sources_narrow:
            self._fill_sources()

    def _fill(self, name: str, table: tables.Table) -> None:
        headers, rows = table
        widget = self.query_one(f"#table-{name}", DataTable)
        widget.clear(columns=True)
        widget.add_columns(*headers)
        widget.add_rows([[plain(cell) for cell in row] for row in rows])

    def _charts(self, reports: ReportSet) -> None:
        width = max(10, min(50, self.size.width - 40))
        steps = [s for s in reports.funnel.steps if s.stage not in ("prospect", "mql_sql")]
        self.query_one("#chart-funnel", Static).update(bar_chart(
            "Entered per stage", [(s.label, s.entered, str(s.entered)) for s in steps], width))
        self.query_one("#chart-weekly", Static).update(bar_chart(
            "New leads per week", [(p.label, p.new, str(p.new)) for p in reports.trend], width, "green"))
        self.query_one("#chart-response", Static).update(bar_chart(
            "Median hours to first contact, inbound leads created each week",
            [(p.label, p.median_response_hours, tables.num(p.median_response_hours, " h"))
             for p in reports.trend], width, "yellow"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # The field keeps the focus: what is typed next is for the form, never a screen's digit.
        # Tab goes goal -> rate -> the plan, where the tab keys work again.
        event.stop()
        self.reload()

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = f"tab-{tab}"
        table = self.query_one(f"#table-{tab}", DataTable)
        if tab == "plan" and not table.display:  # no goal yet: what is typed next is the goal
            self.query_one("#plan-goal", Input).focus()
        else:
            table.focus()

    def action_reload_now(self) -> None:
        self.reload()

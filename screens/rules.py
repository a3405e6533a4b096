"""The scoring rules table: points per activity kind, and the silence penalty."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from leadtui import rules
from leadtui.errors import InvalidInput, NotFound
from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import ConfirmDialog, Dialog


class RuleDialog(Dialog):
    """Add or edit one rule; dismisses with True when saved."""

    def __init__(self, rule=None) -> None:
        super().__init__()
        self.rule = rule

    def compose(self) -> ComposeResult:
        r = self.rule
        with Vertical(classes="dialog"):
            yield Label("Edit rule" if r else "New rule", classes="dialog-title")
            yield Label(f"Kind: silence or {', '.join(rules.KNOWN_KINDS[1:])}")
            yield Input(r.kind if r else "", id="r-kind", placeholder="call")
            yield Label("Points (negative to subtract)")
            yield Input(str(r.points) if r else "", id="r-points", placeholder="20")
            yield Label("Days (for silence: the length of one silent stretch)")
            yield Input(str(r.days) if r else "30", id="r-days")
            yield Label(f"Only when field ({', '.join(rules.RULE_FIELDS)}) equals value (optional)")
            yield Input(r.field if r else "", id="r-field", placeholder="source")
            yield Input(r.value if r else "", id="r-value", placeholder="webinar")
            yield Static("", id="error")
            yield Label("Enter save · Esc cancel", classes="dialog-help")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values = {k: self.query_one(f"#r-{k}", Input).value.strip() for k in ("kind", "points", "days", "field", "value")}
        try:
            if self.rule:
                rules.update_rule(self.rule.id, **values)
            else:
                rules.add_rule(**values)
        except (InvalidInput, NotFound) as exc:
            self.show_error(str(exc))
            return
        self.dismiss(True)


class RulesScreen(DataScreen):
    BINDINGS = [
        Binding("n", "new", "New rule", id="rules.new"),
        Binding("e", "edit", "Edit", id="rules.edit"),
        Binding("delete", "delete", "Delete", id="rules.delete"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Engagement points per activity; the silence rule subtracts points for every full "
                     "stretch without a reaction. Changing a rule rescores every lead.", classes="intro")
        yield DataTable(id="rules-table", cursor_type="row")
        yield Static("", id="rescore-progress")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Scoring rules"
        self.query_one(DataTable).add_columns("Rule", "Points", "Days", "Only when")
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        self.rules = list(rules.load_rules())
        for rule in self.rules:
            limit = f"{rule.field} = {rule.value}" if rule.field else ""
            table.add_row(rule.label(), f"{rule.points:+d}", str(rule.days) if rule.kind == "silence" else "",
                          limit, key=str(rule.id))
        if self.rules:
            table.move_cursor(row=min(max(keep, 0), len(self.rules) - 1))

    def current(self):
        table = self.query_one(DataTable)
        return self.rules[table.cursor_row] if self.rules and 0 <= table.cursor_row < len(self.rules) else None

    def _saved(self, saved) -> None:
        if saved:
            self.reload()
            self.app.rescore_in_background()

    def action_new(self) -> None:
        self.app.push_screen(RuleDialog(), self._saved)

    def action_edit(self) -> None:
        if self.current():
            self.app.push_screen(RuleDialog(self.current()), self._saved)

    def action_delete(self) -> None:
        rule = self.current()
        if rule is None:
            return

        def done(yes) -> None:
            if yes:
                rules.delete_rule(rule.id)
                self._saved(True)

        self.app.push_screen(ConfirmDialog(f"Delete the rule '{rule.label()}' ({rule.points:+d})?"), done)

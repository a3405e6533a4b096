"""The scoring rules table: points per activity kind, and the silence penalty."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from leadtui.scoring import rules
from leadtui.screens.dialogs import Dialog
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.columns import Col, FittedTable
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.record_list import RecordListScreen
from leadtui.screens.widgets.title_bar import TitleBar


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
        if self.rule:
            saved, _ = attempt(self, rules.update_rule, self.rule.id, **values, ctx=self.app.ctx,
                               report=self.show_error)
        else:
            saved, _ = attempt(self, rules.add_rule, **values, ctx=self.app.ctx, report=self.show_error)
        if saved:
            self.dismiss(True)


class RulesScreen(RecordListScreen):
    MANAGER_ONLY = True
    TITLE = "Scoring rules"
    COLUMNS = (Col("rule", "Rule", 16, 0, grow=2, cap=40), Col("points", "Points", 6, 1),
               Col("days", "Days", 4, 2), Col("when", "Only when", 14, 3, grow=1, cap=40))

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Engagement points per activity; the silence rule subtracts points for every full "
                     "stretch without a reaction. Changing a rule rescores every lead.", classes="intro")
        yield FittedTable(self.COLUMNS, id="rules-table", cursor_type="row")
        yield Static("", id="rescore-progress")
        yield KeysFooter()

    def load_records(self) -> list:
        return list(rules.load_rules())

    def row_for(self, rule) -> tuple:
        limit = f"{rule.field} = {rule.value}" if rule.field else ""
        return rule.label(), f"{rule.points:+d}", str(rule.days) if rule.kind == "silence" else "", limit

    def dialog_for(self, rule):
        return RuleDialog(rule)

    def delete_record(self, rule) -> None:
        rules.delete_rule(rule.id, ctx=self.app.ctx)

    def describe(self, rule) -> str:
        return f"the rule '{rule.label()}' ({rule.points:+d})"

    def after_change(self) -> None:
        self.reload()
        self.app.rescore_in_background()

"""Edit every plain field of a lead in one form."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from leadtui.kit.money import format_money
from leadtui.leads import writes as leads
from leadtui.record import fields as leadfields
from leadtui.record.readmodels import LeadDetail
from leadtui.record.versions import EditConflict, base_of
from leadtui.screens.dialogs import Dialog, titled
from leadtui.screens.guard import attempt

FORM_FIELDS = tuple((f.name, f.shown_in_form) for f in leadfields.editable())


def _text(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def _form_values(detail: LeadDetail) -> dict[str, str]:
    lead = detail.lead
    values = {name: getattr(lead, name, None) for name, _ in FORM_FIELDS}
    values["tags"] = ", ".join(detail.tags)
    values["value"] = format_money(lead.value_cents, lead.value_currency)
    return {name: _text(values[name]) for name, _ in FORM_FIELDS}


class EditLeadDialog(Dialog):
    """Dismisses with True when saved."""

    BINDINGS = [Binding("ctrl+s", "save", "Save", id="edit.save")]

    def __init__(self, detail: LeadDetail) -> None:
        super().__init__()
        self.detail = detail
        self.lead_id = detail.lead.id
        self.base = base_of(detail.lead, detail.tags)  # a save is refused if someone changed these
        self._shown = _form_values(detail)  # Esc asks before dropping anything typed over these

    def compose(self) -> ComposeResult:
        lead = self.detail.lead
        with Vertical(classes="dialog wide tall"):
            yield Label(titled("Edit", lead.name), classes="dialog-title")
            with VerticalScroll():
                with Grid(classes="form"):
                    for name, label in FORM_FIELDS:
                        yield Label(label)
                        yield Input(self._shown[name], id=f"f-{name}", select_on_focus=False)
            yield Static("", id="error")
            yield Label("Enter or Ctrl+S save · Tab next field · Esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        # Typing starts at once, at the end of the name (not replacing it).
        self.query_one("#f-name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def _typed(self) -> dict[str, str]:
        return {name: self.query_one(f"#f-{name}", Input).value for name, _ in FORM_FIELDS}

    def action_cancel(self) -> None:
        """Esc with changes typed asks first (save, discard or stay), as quick add and the editors do."""
        self.cancel_asking(self._typed() != self._shown, self.detail.lead.name, self.action_save)

    def action_save(self) -> None:
        changes = self._typed()
        changes["tags"] = [t for t in changes["tags"].split(",") if t.strip()]
        saved, _ = attempt(self, self._save, **changes, report=self.show_error)
        if saved:
            self.dismiss(True)

    def _save(self, **changes):
        try:
            return leads.update_lead(self.app.ctx, self.lead_id, base=self.base, **changes)
        except EditConflict as exc:
            self.base = {"version": exc.version}  # told and shown: a second save is deliberate
            raise

"""Quick add: name first, everything else optional, Enter saves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Static

from leadtui import leads
from leadtui.screens.dialogs import (
    DateConfirmation,
    Dialog,
    FormCheckbox,
    UnsavedDialog,
    preview_date,
)
from leadtui.screens.guard import attempt

FIELDS = (
    ("name", "name (required)"),
    ("company", "company"),
    ("email", "e-mail"),
    ("phone", "phone"),
    ("source", "source: webinar, referral, trade-fair…"),
    ("note", "how interested are they right now?"),
    ("next", "next follow-up: tomorrow 9am, next tue… (optional)"),
)


class QuickAddDialog(DateConfirmation, Dialog):
    """Dismisses with (the new lead's id, open it?), or None when cancelled."""

    BINDINGS = [Binding("ctrl+o", "save_and_open", "Save and open", id="quick_add.save_open")]

    def __init__(self) -> None:
        super().__init__()
        self._confirmed_duplicates: tuple[int, ...] = ()
        self._open_after = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Quick add", classes="dialog-title")
            for key, placeholder in FIELDS:
                yield Input(placeholder=placeholder, id=f"qa-{key}")
            yield Static("", id="preview", classes="preview")
            with Horizontal(classes="checks"):
                yield FormCheckbox("Inbound (they came to us)", id="qa-inbound")
                yield FormCheckbox("Prospect (no interest shown yet)", id="qa-prospect")
            yield Static("", id="duplicates")
            yield Static("", id="error")
            yield Label("Enter save · Ctrl+O save and open · Tab next · Space tick · Esc cancel",
                        classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#qa-name", Input).focus()

    def _value(self, key: str) -> str:
        return self.query_one(f"#qa-{key}", Input).value.strip()

    def _twins(self) -> list:
        """Likely twins of what is typed; a failed read shows in the error line."""
        return attempt(self, leads.likely_twins, self.app.ctx, self._value("email"), self._value("phone"),
                       self._value("name"), self._value("company"), report=self.show_error)[1] or []

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "qa-next":
            self.query_one("#preview", Static).update(Text(preview_date(self.app, event.value).message))
        if event.input.id in ("qa-name", "qa-company", "qa-email", "qa-phone"):
            twins = self._twins()
            text = (Text.assemble(("Possible duplicate: ", "bold yellow"), leads.describe_twins(twins))
                    if twins else "")
            self.query_one("#duplicates", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def submit(self) -> None:
        self.save()

    def _typed(self) -> bool:
        return (any(self._value(key) for key, _ in FIELDS)
                or any(box.value for box in self.query(FormCheckbox)))

    def action_cancel(self) -> None:
        """Esc with something typed asks first (save, discard or stay), as the editors do."""
        if not self._typed():
            self.dismiss(None)
            return

        def answered(answer) -> None:
            if answer == "save":
                self.save()
            elif answer == "discard":
                self.dismiss(None)

        self.app.push_screen(UnsavedDialog("this new lead"), answered)

    def action_save_and_open(self) -> None:
        self._open_after = True
        self.save()

    def save(self) -> None:
        if not self._value("name"):
            self.show_error("a lead needs a name")
            self.query_one("#qa-name", Input).focus()
            return
        preview = preview_date(self.app, self._value("next"))
        if self._value("next") and preview.when is None:
            self.show_error(preview.message)
            return
        if self.needs_confirming(self._value("next"), preview):
            return
        twins = tuple(t.id for t in self._twins())
        if twins and twins != self._confirmed_duplicates:
            self._confirmed_duplicates = twins
            self.show_error("likely duplicate — press Enter again to add anyway, Esc to cancel")
            return
        new = leads.NewLead(
            name=self._value("name"), company=self._value("company"), email=self._value("email"),
            phone=self._value("phone"), source=self._value("source"), interest=self._value("note"),
            direction="inbound" if self.query_one("#qa-inbound", Checkbox).value else "outbound",
            kind="prospect" if self.query_one("#qa-prospect", Checkbox).value else "lead",
            next_at=preview.when,
        )
        saved, lead = attempt(self, leads.add_lead, self.app.ctx, new, allow_duplicate=bool(twins),
                              date_confirmed=bool(preview.doubt), report=self.show_error)
        if saved:
            self.dismiss((lead.id, self._open_after))

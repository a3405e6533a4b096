"""Quick add: name first, everything else optional, Enter saves.

A whole line typed in the name field ("Jane from Acme, jane@acme.com, +358 40 1234567, demo next
tue 10") is read as `leadtui capture` reads it: the parse shows live, field by field, under the
form, and Enter puts each part in its field and saves.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Static

from leadtui.capture.line import ParsedLine, parse_line
from leadtui.kit.clock import to_local
from leadtui.kit.fmt import local_short
from leadtui.leads import writes as leads
from leadtui.screens.dialogs import (
    DateConfirmation,
    Dialog,
    FormCheckbox,
    preview_date,
)
from leadtui.screens.guard import attempt

FIELDS = (
    ("name", "name (required), or a whole line: Jane from Acme, jane@acme.com, demo tue 10"),
    ("company", "company"),
    ("email", "e-mail"),
    ("phone", "phone"),
    ("source", "source: webinar, referral, trade-fair…"),
    ("note", "how interested are they right now?"),
    ("next", "next follow-up: tomorrow 9am, next tue… (optional)"),
)


class QuickAddDialog(DateConfirmation, Dialog):
    """Dismisses with (the new lead's id, open it?), or None when cancelled."""

    BINDINGS = [Binding("ctrl+o", "save_and_open", "Save and open", id="quick_add.save_open"),
                Binding("ctrl+g", "open_existing", "Open the duplicate", id="quick_add.open_existing")]

    def __init__(self) -> None:
        super().__init__()
        self._confirmed_duplicates: tuple[int, ...] = ()
        self._open_after = False
        self._title = self._next_what = ""  # from a whole line typed in the name field
        self._shown_twin: int | None = None  # the likely duplicate the warning names first

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

    def _line(self) -> ParsedLine | None:
        """The name field read as a whole line, when it says more than a name."""
        text = self.query_one("#qa-name", Input).value
        config = self.app.ctx.config
        parsed = parse_line(text, self.app.ctx.clock, region=config.default_region, order=config.date_order)
        extra = (parsed.company, parsed.title, parsed.email, parsed.phone, parsed.due_at, parsed.note)
        return parsed if parsed.name and any(extra) else None

    def _show_line(self, parsed: ParsedLine) -> None:
        parts: list[tuple[str, str] | str] = []
        for label, text in parsed.fields():
            parts += [(f"{label} ", "dim"), text, "  "]
        if parsed.due_at:
            what = f" {parsed.what}" if parsed.what else ""
            parts += [("follow-up ", "dim"), local_short(parsed.due_at, self.app.ctx.now()) + what]
        self.query_one("#preview", Static).update(Text.assemble(*parts))

    def _spread_line(self, parsed: ParsedLine) -> None:
        """Each part of the line into its field (fields already filled in keep what was typed)."""
        values = {"company": parsed.company, "email": parsed.email, "phone": parsed.phone,
                  "note": parsed.note,
                  "next": f"{to_local(parsed.due_at):%Y-%m-%d %H:%M}" if parsed.due_at else ""}
        for key, value in values.items():
            box = self.query_one(f"#qa-{key}", Input)
            if value and not box.value.strip():
                box.value = value
        self.query_one("#qa-name", Input).value = parsed.name
        self._title, self._next_what = parsed.title, parsed.what

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "qa-name":
            parsed = self._line()
            if parsed is not None:
                self._show_line(parsed)
            elif not self._value("next"):
                self.query_one("#preview", Static).update("")
        if event.input.id == "qa-next":
            self.query_one("#preview", Static).update(Text(preview_date(self.app, event.value).message))
        if event.input.id in ("qa-name", "qa-company", "qa-email", "qa-phone"):
            twins = self._twins()
            text = (Text.assemble(("Possible duplicate: ", "bold yellow"), leads.describe_twins(twins),
                                  ("  Ctrl+G opens it", "dim")) if twins else "")
            self._shown_twin = twins[0].id if twins else None
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
        self.cancel_asking(self._typed(), "this new lead", self.save)

    def action_open_existing(self) -> None:
        """The warning's lead instead of a new one: nothing is added, what was typed is dropped."""
        if self._shown_twin is None:
            self.notify("No likely duplicate to open", severity="warning")
            return
        self.dismiss((self._shown_twin, True))

    def action_save_and_open(self) -> None:
        self._open_after = True
        self.save()

    def save(self) -> None:
        parsed = self._line()
        if parsed is not None:
            self._spread_line(parsed)
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
            next_at=preview.when, title=self._title, next_what=self._next_what,
        )
        saved, lead = attempt(self, leads.add_lead, self.app.ctx, new, allow_duplicate=bool(twins),
                              date_confirmed=bool(preview.doubt), report=self.show_error)
        if saved:
            self.dismiss((lead.id, self._open_after))

"""Modal dialogs: each is a ModalScreen that dismisses with its result (None when cancelled)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from leadtui.errors import InvalidInput
from leadtui.kit.fmt import local_short
from leadtui.kit.vocab import ACTIVITY_KINDS
from leadtui.kit.when import FOLLOW_UP_TIME, follow_up_doubt, parse_when, read_when
from leadtui.screens import SCREENS_CSS


def titled(title: str, name: str) -> Text:
    """A dialog's title with the lead's name in bold, the name as typed (never markup)."""
    return Text.assemble(f"{title} — ", (name, "bold"))


@dataclass(frozen=True)
class DatePreview:
    when: datetime | None  # naive UTC, None when it cannot be read
    message: str
    doubt: str = ""  # why it needs confirming ("is in the past"), or ""


def preview_date(app, text: str) -> DatePreview:
    """Parse a follow-up date for the live preview (the year shows when it is not this year)."""
    if not text.strip():
        return DatePreview(None, "")
    ctx = app.ctx
    try:
        when = read_when(text, ctx.clock, default_time=FOLLOW_UP_TIME, order=ctx.config.date_order)
    except InvalidInput as exc:
        return DatePreview(None, f"✗ {exc}")
    message = f"→ {local_short(when.utc, ctx.now())}"
    if when.note:
        message += f" ({when.note})"
    doubt = follow_up_doubt(when.utc, ctx.now())
    if doubt:
        message += f" ⚠ {doubt}: Enter twice to keep it"
    return DatePreview(when.utc, message, doubt)


class DateConfirmation:
    """A doubtful date (past, years ahead) is kept only on a second Enter with the same text."""

    _confirmed_text: str | None = None

    def needs_confirming(self, text: str, preview: DatePreview) -> bool:
        if not preview.doubt or self._confirmed_text == text:
            return False
        self._confirmed_text = text
        self.show_error(f"That date {preview.doubt}: press Enter again to keep it, or change it")
        return True


class Dialog(ModalScreen):
    """Escape cancels every dialog; `submit()` is what Enter does in a form (overridden)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]
    CSS_PATH = SCREENS_CSS
    _shown_text: list[str] = []

    def on_mount(self) -> None:
        # Runs after a subclass's on_mount (Textual calls each class's handler), so text a
        # dialog fills in itself is not taken for typing.
        self._shown_text = self._typed_text()

    def _typed_text(self) -> list[str]:
        return [box.value for box in self.query(Input)] + [area.text for area in self.query(TextArea)]

    def before_quitting(self, quit_app) -> bool:
        """Ctrl+Q over text typed here asks first (y quits, n / Esc stays). True when it asked."""
        if self._typed_text() == self._shown_text:
            return False
        self.app.push_screen(QuitQuestion(),
                             lambda answer: quit_app() if answer else None)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)

    def cancel_asking(self, changed: bool, what: str, save) -> None:
        """Esc on a form: closes at once when nothing changed, else asks save, discard or stay."""
        if not changed:
            self.dismiss(None)
            return

        def answered(answer) -> None:
            if answer == "save":
                save()
            elif answer == "discard":
                self.dismiss(None)

        self.app.push_screen(UnsavedDialog(what), answered)

    def submit(self) -> None:  # overridden by forms
        pass

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message, style="bold red"))


class FormSelect(Select):
    """A Select where Enter submits the form; Space or the arrows open the list."""

    BINDINGS = [Binding("enter", "submit", "Save", show=False)]

    def action_submit(self) -> None:
        self.screen.submit()


# The letter that picks each activity kind in the log dialog's kind field.
KIND_LETTERS = {"c": "call", "e": "email", "r": "reply", "m": "meeting", "n": "note", "d": "download",
                "f": "form", "s": "social", "v": "event"}
KIND_LETTER_OF = {kind: letter for letter, kind in KIND_LETTERS.items()}


class KindSelect(FormSelect):
    """The activity kind: its letter picks it (c call, e e-mail, m meeting, n note …)."""

    def on_key(self, event) -> None:
        kind = KIND_LETTERS.get(event.character or "")
        if kind is not None and not self.expanded:
            event.stop()
            self.value = kind


class FormCheckbox(Checkbox):
    """A Checkbox where Enter submits the form and only Space toggles it."""

    BINDINGS = [Binding("enter", "submit", "Save", show=False)]

    def action_submit(self) -> None:
        self.screen.submit()


@dataclass
class LogResult:
    kind: str
    note: str
    next_at: datetime | None
    force: bool = False  # the user confirmed a doubtful next date
    next_what: str = ""  # what the next follow-up is for
    at: datetime | None = None  # when it happened (None: now)


class LogActivityDialog(DateConfirmation, Dialog):
    """Log what happened and, optionally, when to follow up next."""

    def __init__(self, lead_name: str, kind: str = "call", next_text: str = "") -> None:
        super().__init__()
        self.lead_name = lead_name
        self.kind = kind
        self.next_text = next_text  # a next follow-up proposed (focus mode: by temperature)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(titled("Log activity", self.lead_name), classes="dialog-title")
            yield Input(placeholder="what happened (Enter saves)", id="note")
            yield Input(self.next_text, placeholder="next follow-up: tue 10, in 3 days, friday… (empty: none)",
                        id="next")
            yield Static("", id="preview", classes="preview")
            yield Input(placeholder="what the next follow-up is for (optional)", id="next-what")
            yield KindSelect([(f"{KIND_LETTER_OF[key]}  {label}", key) for key, label in ACTIVITY_KINDS.items()],
                             value=self.kind, allow_blank=False, id="kind")
            yield Input(placeholder="when it happened: empty for now, or yesterday 14:00…",
                        id="at")
            yield Static("", id="at-preview", classes="preview")
            yield Static("", id="error")
            # Enter saves from any field; on the kind field a letter picks the kind.
            yield Label("Enter save · Tab next · kind: its letter · Esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        self.query_one("#note", Input).focus()
        if self.next_text:
            self.query_one("#preview", Static).update(Text(preview_date(self.app, self.next_text).message))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "next":
            self.query_one("#preview", Static).update(Text(preview_date(self.app, event.value).message))
        if event.input.id == "at":
            self.query_one("#at-preview", Static).update(Text(self._happened()[1]))

    def _happened(self) -> tuple[datetime | None, str]:
        """When it happened, for back-dating: (value, preview message)."""
        text = self.query_one("#at", Input).value.strip()
        if not text:
            return None, ""

        try:
            at = parse_when(text, self.app.ctx.clock, order=self.app.ctx.config.date_order, past=True)
        except InvalidInput as exc:
            return None, f"✗ {exc}"
        return at, f"happened {local_short(at, self.app.ctx.now())}"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        text = self.query_one("#next", Input).value
        preview = preview_date(self.app, text)
        if text.strip() and preview.when is None:
            self.show_error(preview.message)
            return
        if self.needs_confirming(text, preview):
            return
        at, at_message = self._happened()
        if self.query_one("#at", Input).value.strip() and at is None:
            self.show_error(at_message.removeprefix("✗ "))
            return
        kind = self.query_one("#kind", Select).value
        self.dismiss(LogResult(str(kind), self.query_one("#note", Input).value, preview.when,
                               bool(preview.doubt), self.query_one("#next-what", Input).value, at))


@dataclass
class FollowUpResult:
    due_at: datetime
    what: str
    force: bool = False  # the user confirmed a doubtful date


class FollowUpDialog(DateConfirmation, Dialog):
    def __init__(self, lead_name: str, title: str = "Schedule follow-up", what: str = "") -> None:
        super().__init__()
        self.lead_name = lead_name
        self.title_text = title
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(titled(self.title_text, self.lead_name), classes="dialog-title")
            yield Input(placeholder="when: tomorrow 9am, next tue, in 2 weeks…", id="when")
            yield Static("", id="preview", classes="preview")
            yield Input(self.what, placeholder="what it is for (optional)", id="what")
            yield Static("", id="error")
            yield Label("Enter save · Esc cancel", classes="dialog-help")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "when":
            self.query_one("#preview", Static).update(Text(preview_date(self.app, event.value).message))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = self.query_one("#when", Input).value
        preview = preview_date(self.app, text)
        if preview.when is None:
            self.show_error(preview.message or "say when, e.g. 'tomorrow 9am'")
            self.query_one("#when", Input).focus()
            return
        if self.needs_confirming(text, preview):
            return
        self.dismiss(FollowUpResult(preview.when, self.query_one("#what", Input).value,
                                    bool(preview.doubt)))


class ChoiceDialog(Dialog):
    """Pick one of a few options with the arrow keys and Enter, or by the number shown with it.

    Options written with their number ("3 Communication") keep it; up to nine others are
    numbered 1–9 as shown; a longer list has no numbers and the digits pick nothing.
    """

    NUMBERED_HELP = "↑↓ choose · Enter or its number picks · Esc cancel"
    LETTERED_HELP = "↑↓ choose · Enter, its number or its letter picks · Esc cancel"
    HELP = "↑↓ choose · Enter picks · Esc cancel"

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None,
                 letters: dict[str, str] | None = None) -> None:
        """`letters`: a letter that picks an option, by the option's key (shown before its label)."""
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current
        own = any(label[:1].isdigit() for _, label in choices)
        self.numbers: dict[str, str] = {}  # digit (or letter) -> the key of the option shown with it
        self.shown = [label for _, label in choices]
        if own:
            for key, label in reversed(choices):  # the first option with a number wins
                number = label.split(" ", 1)[0]
                if number.isdigit():
                    self.numbers[number] = key
        elif len(choices) <= 9 and not letters:
            self.numbers = {str(n): key for n, (key, _) in enumerate(choices, 1)}
            self.shown = [f"{n}  {label}" for n, (_, label) in enumerate(choices, 1)]
        self.lettered = bool(letters)
        if letters:
            by_key = {key: letter for letter, key in letters.items()}
            self.numbers.update(letters)
            self.shown = [f"{by_key[key]}  {label}" if key in by_key else label
                          for (key, _), label in zip(choices, self.shown, strict=True)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(shown, id=key) for (key, _), shown in zip(self.choices, self.shown, strict=True)],
                             id="choices", markup=False)
            yield Label(self.LETTERED_HELP if self.lettered else self.NUMBERED_HELP if self.numbers else self.HELP,
                        classes="dialog-help")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _ in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:
        """A digit picks the option shown with that number."""
        pick = self.numbers.get(event.character or "")
        if pick is not None:
            event.stop()
            self.dismiss(pick)


class ConfirmDialog(Dialog):
    BINDINGS = [Binding("y", "yes", "Yes", id="confirm.yes"), Binding("n", "cancel", "No", id="confirm.no")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question), classes="dialog-title")
            yield Label("y yes · n / Esc no", classes="dialog-help")

    def action_yes(self) -> None:
        self.dismiss(True)


class QuitQuestion(ConfirmDialog):
    """Asked when quitting would lose typed text; Ctrl+Q again quits."""

    asked_before_quitting = True

    def __init__(self) -> None:
        super().__init__("Quit? What you typed in this dialog is not saved.")


class UnsavedDialog(Dialog):
    """Leaving a form with unsaved changes: dismisses with "save", "discard", or None to stay."""

    asked_before_quitting = True  # Ctrl+Q while it asks quits without saving

    BINDINGS = [Binding("s", "answer('save')", "Save", id="unsaved.save"),
                Binding("d", "answer('discard')", "Discard", id="unsaved.discard")]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"You have unsaved changes to {self.what}."), classes="dialog-title")
            yield Label("s save · d discard them · Esc stay", classes="dialog-help")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class TextDialog(Dialog):
    """Ask for one line of text; dismisses with it (None when cancelled or empty)."""

    def __init__(self, title: str, placeholder: str = "", value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            yield Input(self.value, placeholder=self.placeholder, id="text")
            yield Label("Enter save · Esc cancel", classes="dialog-help")

    def on_mount(self) -> None:
        box = self.query_one("#text", Input)
        box.focus()
        box.select_all()  # typing replaces what is there; an arrow key keeps it

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)


class ViewsDialog(ChoiceDialog):
    """Saved views: Enter opens one, r renames it, x or Delete deletes it (after asking)."""

    BINDINGS = [
        Binding("r", "act('rename')", "Rename", id="views.rename"),
        Binding("x,delete", "act('delete')", "Delete", id="views.delete"),
    ]

    NUMBERED_HELP = "Enter or its number opens · r rename · x delete · Esc cancel"
    HELP = "Enter opens · r rename · x delete · Esc cancel"

    def action_act(self, action: str) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss((action, options.get_option_at_index(options.highlighted).id))

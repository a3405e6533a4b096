"""A lead's follow-ups in a dialog: reschedule, reword, cancel or complete the highlighted open one.

Done and cancelled ones stay listed below the open ones, marked and dimmed (they cannot be
highlighted: there is nothing left to do with them).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from leadtui.kit.fmt import local_short
from leadtui.leads import followups
from leadtui.leads import writes as leads
from leadtui.screens.dialogs import Dialog, FollowUpDialog, TextDialog, titled
from leadtui.screens.guard import attempt


class FollowUpsDialog(Dialog):
    BINDINGS = [
        Binding("r,enter", "reschedule", "Reschedule", id="follow_ups.reschedule"),
        Binding("w", "reword", "What", tooltip="Change what it is for", id="follow_ups.what"),
        Binding("x,delete", "cancel_follow_up", "Cancel it", id="follow_ups.cancel"),
        Binding("d", "done", "Done", id="follow_ups.done"),
    ]

    def __init__(self, lead_id: int, lead_name: str) -> None:
        super().__init__()
        self.lead_id = lead_id
        self.lead_name = lead_name
        self.items: list[followups.FollowUpView] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(titled("Follow-ups", self.lead_name), classes="dialog-title")
            yield OptionList(id="choices", markup=False)
            yield Label("r/Enter reschedule · w what · x cancel it · d done · Esc close", classes="dialog-help")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        options = self.query_one(OptionList)
        keep = options.highlighted or 0
        now = self.app.ctx.now()
        loaded, items = attempt(self, followups.list_follow_ups, self.lead_id, include_closed=True)
        if not loaded:
            return
        self.items = items
        open_count = sum(1 for f in items if f.status == "open")
        options.clear_options()
        if not open_count:
            options.add_option(Option("no open follow-ups — f on the lead schedules one", disabled=True))
        options.add_options([self._option(f, now) for f in items])
        if open_count:
            options.highlighted = min(keep, open_count - 1)

    @staticmethod
    def _option(item: followups.FollowUpView, now) -> Option:
        text = Text(f"{local_short(item.due_at, now):<18} {item.what or '—'}")
        if item.status != "open":
            text.append(f"  {'✗ cancelled' if item.status == 'cancelled' else '✓ done'}")
        return Option(text, id=str(item.id), disabled=item.status != "open")

    def current(self) -> followups.FollowUpView | None:
        """The highlighted open follow-up (closed ones are never highlighted)."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        chosen = options.get_option_at_index(options.highlighted).id
        return next((f for f in self.items if str(f.id) == chosen and f.status == "open"), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_reschedule()

    def _run(self, func, *args, done: str, **kwargs) -> None:
        if not attempt(self, func, self.app.ctx, *args, **kwargs)[0]:
            return
        self.notify(done)
        self.app.data_changed()
        self.reload()

    def action_reschedule(self) -> None:
        item = self.current()
        if item is None:
            return

        def chosen(result) -> None:
            if result is not None:
                self._run(followups.reschedule, item.id, result.due_at, what=result.what, force=result.force,
                          done=f"Rescheduled to {local_short(result.due_at, self.app.ctx.now())}")

        self.app.push_screen(FollowUpDialog(self.lead_name, "Reschedule", item.what), chosen)

    def action_reword(self) -> None:
        item = self.current()
        if item is None:
            return

        def typed(text) -> None:
            if text is not None:
                self._run(followups.set_what, item.id, text, done="Follow-up updated")

        self.app.push_screen(TextDialog("What is this follow-up for?", item.what or "e.g. send the offer",
                                        value=item.what), typed)

    def action_cancel_follow_up(self) -> None:
        item = self.current()
        if item is not None:
            self._run(followups.cancel, item.id, done="Follow-up cancelled (u undoes it)")

    def action_done(self) -> None:
        item = self.current()
        if item is not None:
            self._run(leads.complete_follow_up, item.id, done="Follow-up done")

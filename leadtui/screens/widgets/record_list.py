"""A screen listing editable records (rules, templates): n new, e edit, Delete with confirmation."""

from __future__ import annotations

from textual.binding import Binding

from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import ConfirmDialog
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.columns import Col, FittedTable


class RecordListScreen(DataScreen):
    """Subclasses provide the records, their table rows, the edit dialog and the delete."""

    BINDINGS = [
        Binding("n", "new", "New", id="records.new"),
        Binding("e", "edit", "Edit", id="records.edit"),
        Binding("delete,x", "delete", "Delete", id="records.delete"),
    ]
    COLUMNS: tuple[Col, ...] = ()
    items: list = []
    # The scoring rules and templates: a team rep reads them, only a manager changes them.
    MANAGER_ONLY = False

    def check_action(self, action: str, parameters) -> bool | None:
        if self.MANAGER_ONLY and action in ("new", "edit", "delete") and not self.app.ctx.may_manage:
            return False  # hidden from the footer, and the key does nothing
        return True

    def load_records(self) -> list:  # overridden
        return []

    def row_for(self, record) -> tuple:  # overridden
        return ()

    def dialog_for(self, record):  # overridden: a Dialog that dismisses True when saved
        raise NotImplementedError

    def delete_record(self, record) -> None:  # overridden
        raise NotImplementedError

    def describe(self, record) -> str:  # overridden
        return str(record)

    def after_change(self) -> None:
        self.reload()

    def on_mount(self) -> None:
        self.reload()
        self.query_one(FittedTable).focus()

    def reload(self) -> None:
        table = self.query_one(FittedTable)
        loaded, items = attempt(self, self.load_records)
        if not loaded:
            return
        self.items = items
        keys = [col.key for col in self.COLUMNS]
        table.set_rows([(str(record.id), dict(zip(keys, self.row_for(record), strict=True)))
                        for record in self.items])

    def current(self):
        row = self.query_one(FittedTable).cursor_row
        return self.items[row] if self.items and 0 <= row < len(self.items) else None

    def _saved(self, saved) -> None:
        if saved:
            self.after_change()

    def action_new(self) -> None:
        self.app.push_screen(self.dialog_for(None), self._saved)

    def action_edit(self) -> None:
        if self.current() is not None:
            self.app.push_screen(self.dialog_for(self.current()), self._saved)

    def action_delete(self) -> None:
        record = self.current()
        if record is None:
            return

        def done(yes) -> None:
            # Another shell may have removed it meanwhile: say so, then show what is there now.
            if yes and not attempt(self, self.delete_record, record)[0]:
                self.reload()
            elif yes:
                self.after_change()

        self.app.push_screen(ConfirmDialog(f"Delete {self.describe(record)}?"), done)

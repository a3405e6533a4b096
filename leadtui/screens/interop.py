"""Import and Duplicates screens: a file's mapping with a preview, and pairs to merge.

Reading a file, checking it and importing run in thread workers; results come
back through call_from_thread, progress through a ProgressBar.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import (
    DataTable,
    Input,
    Label,
    ProgressBar,
    SelectionList,
    Static,
)

from leadtui.interop.fields import TARGETS, save_mapping, saved_mappings
from leadtui.interop.importer import prepare, run_import
from leadtui.interop.merge import merge_leads, merge_preview
from leadtui.kit.fmt import shown
from leadtui.record.dedupe import duplicate_pairs, lead_sides
from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import ChoiceDialog, Dialog, TextDialog
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.columns import Col, FittedTable
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar

ON_DUPLICATE = ("skip", "update", "create")

# A CSV file's columns with the field each goes to and two of its values; the field stays whole
# (it is what the user checks), the values are cut with "…" and the second goes first on a narrow
# terminal.
MAPPING_COLUMNS = (Col("column", "column", 12, grow=1, cap=28), Col("field", "field", max(map(len, TARGETS))),
                   Col("example1", "example", 24, 1, grow=3, cap=48),
                   Col("example2", "example", 16, 2, grow=2, cap=48))
# A vCard or JSON file's first leads.
CANDIDATE_COLUMNS = (Col("row", "row", 4), Col("name", "name", 12, grow=3, cap=30),
                     Col("company", "company", 12, 1, grow=2, cap=30),
                     Col("email", "e-mail", 20, 2, grow=2, cap=36), Col("phone", "phone", 14, 3))


def _mapping_row(column) -> dict:
    first, second = (*column.examples, "", "")[:2]
    return {"column": column.name, "field": column.field or "—", "example1": first, "example2": second}


def _candidate_row(cand) -> dict:
    f = cand.fields
    return {"row": str(cand.row), "name": f["name"], "company": f.get("company", ""),
            "email": f.get("email", ""), "phone": f.get("phone", "")}


class ImportScreen(DataScreen):
    """Type a path, check the mapping against the first rows, change it, dry-run, import."""

    # The mapping table takes what the report leaves, so the report stays on screen at 80x24.
    DEFAULT_CSS = """
    ImportScreen #import-body { height: 1fr; }
    ImportScreen #import-mapping { height: 1fr; min-height: 3; }
    ImportScreen #import-report { height: auto; max-height: 9; overflow-y: auto; }
    """

    BINDINGS = [
        Binding("escape", "back", "Back", id="import.back"),
        Binding("enter", "change_field", "Change field", id="import.field", show=False),
        Binding("d", "dry_run", "Dry run", tooltip="Report what an import would do", id="import.dry_run"),
        Binding("i", "run_import", "Import", tooltip="Import the file", id="import.run"),
        Binding("u", "cycle_duplicates", "On duplicate", tooltip="skip / update / create",
                id="import.on_duplicate"),
        Binding("s", "save_mapping", "Save mapping", id="import.save_mapping", show=False),  # ? lists it
        Binding("m", "load_mapping", "Saved mappings", id="import.load_mapping", show=False),
    ]

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.path = path
        self.prepared = None
        self.overrides: dict[str, str] = {}
        self.mapping_name: str | None = None
        self.on_duplicate = "skip"
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="import-body"):
            yield Input(self.path, placeholder="File to import (CSV, vCard or leadtui JSON); Enter reads it",
                        id="import-path")
            yield Static(id="import-format")
            yield FittedTable(MAPPING_COLUMNS, id="import-mapping", cursor_type="row", zebra_stripes=True)
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-report")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Import"
        self.query_one(ProgressBar).display = False
        if self.path:
            self.load()
        else:
            self.query_one(Input).focus()

    def check_action(self, action: str, parameters) -> bool | None:
        if action in ("dry_run", "run_import", "save_mapping", "change_field") and (
                self.prepared is None or self.busy):
            return False
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.path = event.value.strip()
        self.overrides, self.mapping_name = {}, None
        if self.path:
            self.load()

    # -- reading ------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="import-read")
    def load(self) -> None:
        _, prepared = attempt(self, prepare, self.app.ctx, self.path,
                              overrides=self.overrides or None, mapping_name=self.mapping_name)
        self.app.call_from_thread(self.show_prepared, prepared)

    def show_prepared(self, prepared) -> None:
        self.prepared = prepared
        table = self.query_one(FittedTable)
        table.set_rows([])
        self.query_one("#import-report", Static).update("")
        bar = self.query_one(ProgressBar)  # the last file's run is over: a new one starts empty
        bar.update(total=None, progress=0)
        bar.display = False
        if prepared is None:
            self.query_one("#import-format", Static).update("")
            self.refresh_bindings()
            return
        self.update_format_line()
        if prepared.kind == "csv":
            table.set_columns(MAPPING_COLUMNS)
            table.set_rows([(column.name, _mapping_row(column)) for column in prepared.columns], cursor=0)
        else:
            table.set_columns(CANDIDATE_COLUMNS)
            table.set_rows([(str(cand.row), _candidate_row(cand)) for cand in prepared.candidates[:10]],
                           cursor=0)
        table.focus()
        self.refresh_bindings()

    def update_format_line(self) -> None:
        p = self.prepared
        problems = f", {len(p.errors)} with problems" if p.errors else ""
        self.query_one("#import-format", Static).update(Text.assemble(
            f"{p.format} · {p.rows} rows{problems} · on duplicate: ", (self.on_duplicate, "bold"),
            f" · mapping {self.mapping_name}" if self.mapping_name else "",
            *[("\n" + shown(warning), "yellow") for warning in p.warnings]))

    # -- changing the mapping -----------------------------------------------------
    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_change_field()

    def action_change_field(self) -> None:
        if self.prepared is None or self.prepared.kind != "csv":
            return
        table = self.query_one(DataTable)
        if table.cursor_row < 0 or table.cursor_row >= len(self.prepared.header):
            return
        column = self.prepared.header[table.cursor_row]

        def chosen(target: str | None) -> None:
            if target is None:
                return
            self.overrides[column] = "" if target == "-" else target
            self.load()

        choices = [("-", "— ignore this column —"), *TARGETS.items()]
        self.app.push_screen(ChoiceDialog(f"Field for column {column!r}", choices,
                                          self.prepared.mapping.get(column) or "-"), chosen)

    def action_save_mapping(self) -> None:
        def named(name: str | None) -> None:
            if name and attempt(self, save_mapping, name, self.prepared.mapping)[0]:
                self.mapping_name = name
                self.update_format_line()
                self.notify(f"Mapping saved as {name!r}")

        self.app.push_screen(TextDialog("Save this mapping as", "e.g. fair-2026"), named)

    def action_load_mapping(self) -> None:
        names = attempt(self, saved_mappings)[1] or []
        if not names:
            self.notify("No saved mappings yet (s saves one)")
            return

        def chosen(name: str | None) -> None:
            if name:
                self.mapping_name, self.overrides = name, {}
                self.load()

        self.app.push_screen(ChoiceDialog("Use a saved mapping", [(n, n) for n in names]), chosen)

    def action_cycle_duplicates(self) -> None:
        self.on_duplicate = ON_DUPLICATE[(ON_DUPLICATE.index(self.on_duplicate) + 1) % len(ON_DUPLICATE)]
        if self.prepared is not None:
            self.update_format_line()

    # -- running ------------------------------------------------------------------
    def action_dry_run(self) -> None:
        self.start(dry_run=True)

    def action_run_import(self) -> None:
        self.start(dry_run=False)

    def start(self, *, dry_run: bool) -> None:
        self.busy = True
        self.refresh_bindings()
        bar = self.query_one(ProgressBar)
        bar.update(total=max(self.prepared.rows, 1), progress=0)
        bar.display = not dry_run
        self.execute(dry_run)

    @work(thread=True, exclusive=True, group="import-run")
    def execute(self, dry_run: bool) -> None:
        def progress(done: int, total: int) -> None:
            # `total` counts the rows written: rows refused while reading are not among them.
            self.app.call_from_thread(self.query_one(ProgressBar).update, total=max(total, 1), progress=done)

        _, report = attempt(self, run_import, self.app.ctx, self.prepared, dry_run=dry_run,
                            on_duplicate=self.on_duplicate, progress=progress)
        self.app.call_from_thread(self.show_report, report)

    def show_report(self, report) -> None:
        self.busy = False
        self.refresh_bindings()
        if report is None:
            return
        c = report.counts()
        if not report.dry_run:  # every row is through: the bar ends full
            bar = self.query_one(ProgressBar)
            bar.update(progress=bar.total)
        # The rows' names and values come from the file: shown without its control characters.
        lines = [Text(report.summary(), style="bold")]
        lines += [Text(shown(str(error)), style="red") for error in report.failed[:20]]
        lines += [Text(shown(str(value)), style="yellow") for value in report.unverified[:20]]
        lines += [Text(shown(f"row {o.row}: {o.name} — {o.reason}"), style="yellow")
                  for o in report.named[:10]]
        lines += [Text(shown(f"skipped row {o.row}: {o.name} — {o.reason}")) for o in report.skipped[:10]]
        self.query_one("#import-report", Static).update(Text("\n").join(lines))
        if not report.dry_run:
            self.prepared = None  # imported: read the file again before another run
            self.refresh_bindings()
            self.notify(f"Imported: {c['created']} created, {c['updated']} updated")
            self.app.data_changed()

    def action_back(self) -> None:
        self.app.pop_screen()


# ---- duplicates ---------------------------------------------------------------------

class MergeDialog(Dialog):
    """Field by field: ticked fields take the second lead's value. m merges."""

    BINDINGS = [Binding("m", "merge", "Merge", id="merge.confirm")]

    def __init__(self, title: str, choices) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="dialog-title")
            if self.choices:
                yield SelectionList[str](
                    *[(Text(f"{c.name}: {c.keep_value or '—'} ← {c.other_value}"), c.name, c.take_other)
                      for c in self.choices], id="merge-fields")
            else:
                yield Label("The two leads agree on every field.")
            yield Label("Space ticks a field to take the second lead's value · m merge · Esc cancel",
                        classes="dialog-help")

    def action_merge(self) -> None:
        if not self.choices:
            self.dismiss({})
            return
        taken = set(self.query_one(SelectionList).selected)
        self.dismiss({c.name: "other" if c.name in taken else "keep" for c in self.choices})


def _side(side: str, priority: int) -> tuple[Col, ...]:
    return (Col(f"{side}_id", "#", 4), Col(f"{side}_name", "name", 12, grow=3, cap=30),
            Col(f"{side}_company", "company", 14, priority, grow=1, cap=24),
            Col(f"{side}_contact", "e-mail / phone", 20, priority + 1, grow=2, cap=32))


# Both leads' ids and names and why they look alike always; their companies and contacts when
# the terminal has room for both sides of them.
PAIR_COLUMNS = (*_side("a", 2), *_side("b", 2), Col("why", "why", 18, 1, grow=1, cap=40))


class DuplicatesScreen(DataScreen):
    """Pairs of leads that look like one person, side by side; Enter merges the right into the left."""

    DEFAULT_CSS = "DuplicatesScreen #duplicates { height: 1fr; }"

    BINDINGS = [
        Binding("escape", "back", "Back", id="duplicates.back"),
        Binding("enter", "merge", "Merge", tooltip="Merge the right lead into the left", id="duplicates.merge"),
        Binding("r", "refresh", "Refresh", id="duplicates.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("Looking for duplicates…", id="duplicates-info")
        yield FittedTable(PAIR_COLUMNS, id="duplicates", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Duplicates"
        self.reload()

    def reload(self) -> None:
        self.load_pairs()

    def action_refresh(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="duplicates")
    def load_pairs(self) -> None:
        def find():
            pairs = duplicate_pairs()
            sides = lead_sides({p.first_id for p in pairs} | {p.second_id for p in pairs})
            return [(sides[p.first_id], sides[p.second_id], p.why) for p in pairs
                    if p.first_id in sides and p.second_id in sides]

        pairs = attempt(self, find)[1]
        self.app.call_from_thread(self.show_pairs, pairs or [])

    def show_pairs(self, pairs) -> None:
        self.pairs = pairs
        table = self.query_one(FittedTable)
        table.set_rows([(str(n), {"a_id": str(a.id), "a_name": a.name, "a_company": a.company,
                                  "a_contact": a.email or a.phone, "b_id": str(b.id), "b_name": b.name,
                                  "b_company": b.company, "b_contact": b.email or b.phone, "why": why})
                        for n, (a, b, why) in enumerate(pairs)])
        self.query_one("#duplicates-info", Static).update(
            f"{len(pairs)} pairs · Enter merges the right lead into the left" if pairs
            else "No duplicates found")
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_merge()

    def action_merge(self) -> None:
        table = self.query_one(DataTable)
        if not self.pairs or not 0 <= table.cursor_row < len(self.pairs):
            return
        a, b, _ = self.pairs[table.cursor_row]
        previewed, preview = attempt(self, merge_preview, self.app.ctx, a.id, b.id)
        if not previewed:
            return

        def decided(choose: dict | None) -> None:
            if choose is None:
                return
            merged, result = attempt(self, merge_leads, self.app.ctx, a.id, b.id, choose=choose,
                                     versions=preview.versions)
            if merged:
                self.notify(f"Merged #{b.id} into #{a.id} {result.name}")
                self.app.data_changed()

        self.app.push_screen(MergeDialog(f"Merge #{b.id} {b.name} into #{a.id} {a.name}", list(preview.choices)),
                             decided)

    def action_back(self) -> None:
        self.app.pop_screen()

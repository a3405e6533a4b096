"""The README's key table and the bindings agree, both ways, screen by screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.screen import Screen

from leadtui.screens.board import BoardScreen
from leadtui.screens.detail import LeadDetailScreen
from leadtui.screens.dialogs import ConfirmDialog, Dialog, UnsavedDialog, ViewsDialog
from leadtui.screens.edit import EditLeadDialog
from leadtui.screens.focus import FocusScreen
from leadtui.screens.followups import FollowUpsDialog
from leadtui.screens.interop import DuplicatesScreen, ImportScreen, MergeDialog
from leadtui.screens.leads import LeadsScreen
from leadtui.screens.profile import ProfileScreen
from leadtui.screens.quick_add import QuickAddDialog
from leadtui.screens.reports import ReportsScreen
from leadtui.screens.rules import RulesScreen
from leadtui.screens.sync import ConflictsScreen
from leadtui.screens.templates import OutreachDialog, TemplateDialog, TemplatesScreen
from leadtui.screens.textual_internals import class_bindings
from leadtui.screens.today import TodayScreen
from leadtui.tui.app import LeadApp

README = Path(__file__).parents[2] / "README.md"
SECTIONS = {
    "everywhere": LeadApp, "Today": TodayScreen, "Leads": LeadsScreen, "Lead": LeadDetailScreen,
    "Profile": ProfileScreen, "Rules": RulesScreen, "Templates": TemplatesScreen, "Import": ImportScreen,
    "Duplicates": DuplicatesScreen, "Reports": ReportsScreen, "Pipeline": BoardScreen, "Focus": FocusScreen,
    "Sync conflicts": ConflictsScreen, "Follow-ups": FollowUpsDialog, "Edit form": EditLeadDialog,
    "Template editor": TemplateDialog, "Outreach": OutreachDialog, "Saved views": ViewsDialog,
    "Merge": MergeDialog, "Quick add": QuickAddDialog, "Question": ConfirmDialog,
    "Unsaved changes": UnsavedDialog, "every dialog": Dialog,
}
# How the README writes a key, as Textual names it.
NAMES = {"Enter": "enter", "Esc": "escape", "Delete": "delete", "Home": "home", "End": "end",
         "PageDown": "pagedown", "PageUp": "pageup", "?": "question_mark", "/": "slash",
         "]": "right_square_bracket", "[": "left_square_bracket", "←": "left", "→": "right",
         ">": "greater_than_sign", "<": "less_than_sign", "↑": "up", "↓": "down"}
# Keys the table documents that come from the widgets (the paged list, the command palette).
FROM_WIDGETS = {"Leads": {"end", "pagedown"}, "everywhere": {"ctrl+p"}, "Today": {"home", "end"},
                "Lead": {"up", "down", "pageup", "pagedown", "home", "end"}}


def _readme_keys() -> dict[str, set[str]]:
    table = README.read_text().split("## Keys", 1)[1].split("\n## ", 1)[0]
    keys: dict[str, set[str]] = {}
    where = None
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in ("where",) or set(cells[0]) <= {"-"} and cells[0]:
            continue
        where = cells[0] or where
        for key in re.findall(r"`([^`]+)`", cells[1]):
            if "+" in key and len(key) > 1:
                key = key.lower()
            keys.setdefault(where, set()).add(NAMES.get(key, key))
    return keys


def _bound(cls) -> set[str]:
    framework = {b.action for b in Screen.BINDINGS}
    # Esc, which every dialog has from Dialog, is the README's "every dialog" row.
    shared = {key for key, _ in class_bindings(Dialog)} if cls is not Dialog and issubclass(cls, Dialog) else set()
    own = {b.action for b in cls.BINDINGS} if cls is LeadApp else None
    return {key for key, binding in class_bindings(cls)
            if binding.description and binding.action not in framework and key not in shared
            and (own is None or binding.action in own)}


@pytest.mark.parametrize("where", list(SECTIONS))
def test_every_binding_is_in_the_readme(where):
    missing = _bound(SECTIONS[where]) - _readme_keys().get(where, set())
    assert not missing, f"{where}: bound but not in the README's key table: {sorted(missing)}"


@pytest.mark.parametrize("where", list(SECTIONS))
def test_every_readme_key_is_bound(where):
    extra = _readme_keys().get(where, set()) - _bound(SECTIONS[where]) - FROM_WIDGETS.get(where, set())
    assert not extra, f"{where}: in the README but bound to nothing: {sorted(extra)}"

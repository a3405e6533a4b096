"""Each private Textual name leadtui relies on still exists: an upgrade that drops one fails here,
by name (leadtui/screens/textual_internals.py is the only module using them)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import DataTable
from textual.worker import Worker

from leadtui.screens import textual_internals
from leadtui.screens.textual_internals import PRIVATE_NAMES

ROOT = Path(__file__).resolve().parents[2]


def _instance(cls):
    if cls is Worker:
        return Worker(App(), lambda: None, thread=True)
    return cls() if cls is not DOMNode else DOMNode()


USES = [(cls, name) for cls, names in PRIVATE_NAMES.items() for name in names]


@pytest.mark.parametrize(("cls", "name"), USES, ids=[f"{c.__name__}.{n}" for c, n in USES])
def test_private_textual_name_still_exists(cls, name):
    assert hasattr(cls, name) or hasattr(_instance(cls), name), \
        f"Textual's {cls.__name__}.{name} is gone: adapt leadtui/screens/textual_internals.py"


@pytest.mark.parametrize(("method", "parameters"), [
    ("_update_dimensions", ["self", "new_rows"]),
    ("_render_cell", ["self", "row_index", "column_index", "base_style", "width", "cursor", "hover"]),
    ("_get_row_renderables", ["self", "row_index"]),
])
def test_overridden_data_table_methods_keep_their_parameters(method, parameters):
    assert list(inspect.signature(getattr(DataTable, method)).parameters) == parameters


def test_cell_styles_take_the_arguments_passed():
    # lru_cache-wrapped: called with nine positional arguments by OneLineCellsTable.
    wrapped = inspect.unwrap(DataTable._get_styles_to_render_cell)
    assert len(inspect.signature(wrapped).parameters) == 1 + 9


def test_the_stacks_and_counters_have_the_expected_shapes():
    app = App()
    assert isinstance(app._screen_stacks, dict)
    assert isinstance(app._css_update_count, int) and isinstance(Screen()._css_update_count, int)
    assert isinstance(DataTable()._update_count, int)


def _private_attributes(tree: ast.AST) -> set[str]:
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and node.attr.startswith("_") and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))}


def test_no_other_module_names_a_listed_private_name():
    listed = {name for names in PRIVATE_NAMES.values() for name in names}
    adapter = Path(inspect.getfile(textual_internals)).resolve()
    # (tests/ui/test_table_cells.py compares the adapter's drawing with DataTable's own.)
    for path in (ROOT / "leadtui").rglob("*.py"):
        if path.resolve() == adapter:
            continue
        used = _private_attributes(ast.parse(path.read_text())) & listed
        assert not used, f"{path.relative_to(ROOT)} uses Textual's private {sorted(used)}"

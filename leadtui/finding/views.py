"""Saved views: a name for a query in the query language ("Hot leads" = temp:hot)."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from leadtui.context import Context
from leadtui.db.connection import write_transaction
from leadtui.db.models import SavedView
from leadtui.errors import InvalidInput, NotFound
from leadtui.finding.querylang import compile_query
from leadtui.kit.names import find_by_name
from leadtui.record import undo


@dataclass
class View:
    id: int
    name: str
    query: str
    position: int

    def as_json(self) -> dict:
        return {"id": self.id, "name": self.name, "query": self.query, "position": self.position}


def _view(row: SavedView) -> View:
    return View(row.id, row.name, row.query, row.position)


def list_views() -> list[View]:
    return [_view(r) for r in SavedView.select().order_by(SavedView.position, SavedView.id)]


def _find(name: str) -> SavedView | None:
    return find_by_name(SavedView, name)


def get_view(name: str) -> View:
    row = _find(name)
    if row is None:
        known = ", ".join(v.name for v in list_views()) or "none saved"
        raise NotFound(f"no saved view {name!r} (views: {known})")
    return _view(row)


class ViewExists(InvalidInput):
    """A view with that name exists and replacing it was not asked for."""


def save_view(name: str, query: str, ctx: Context | None = None, *, replace: bool = False) -> View:
    """Create a view, or replace one of the same name when `replace` (ViewExists otherwise);
    the query must compile (QueryError otherwise)."""
    name = " ".join(str(name).split())
    if not name:
        raise InvalidInput("a view needs a name")
    query = query.strip()
    if not query:
        raise InvalidInput("a view needs a query")
    compile_query(query, ctx or Context())
    with write_transaction():
        row = _find(name)
        if row is not None and not replace:
            raise ViewExists(f"a view named {row.name!r} exists ({row.query}); replace it with --force")
        undo.remember_table(ctx or Context(), "views", f"save view '{name}'")
        if row is None:
            last = SavedView.select(fn.MAX(SavedView.position)).scalar() or 0
            row = SavedView.create(name=name, query=query, position=last + 1)
        else:
            row.name, row.query = name, query
            row.save()
    return _view(row)


def find_view(name: str) -> View | None:
    row = _find(name)
    return None if row is None else _view(row)


def rename_view(old: str, new: str, ctx: Context | None = None) -> View:
    new = " ".join(str(new).split())
    if not new:
        raise InvalidInput("a view needs a name")
    with write_transaction():
        row = _find(old)
        if row is None:
            raise NotFound(f"no saved view {old!r}")
        twin = _find(new)
        if twin is not None and twin.id != row.id:
            raise ViewExists(f"a view named {twin.name!r} exists already")
        undo.remember_table(ctx or Context(), "views", f"rename view '{row.name}' → '{new}'")
        row.name = new
        row.save()
    return _view(row)


def delete_view(name: str, ctx: Context | None = None) -> None:
    with write_transaction():
        row = _find(name)
        if row is None:
            raise NotFound(f"no saved view {name!r}")
        undo.remember_table(ctx or Context(), "views", f"delete view '{row.name}'")
        row.delete_instance()

"""Finding a record by its name the way people read names: ignoring case, in every script.

Saved views and templates are looked up by name ("Ольга" found as "ольга"). SQLite's lower()
folds ASCII only, so the names are compared here with Python's casefold. These tables hold a
user's few dozen rows, so reading their names costs nothing, and it is the same on every engine.
"""

from __future__ import annotations


def name_key(name: str) -> str:
    """What two names must share to be the same name: spacing and case do not count."""
    return " ".join(str(name).split()).casefold()


def find_by_name(model, name: str):
    """The row of `model` (a table with a `name` column) named `name`, or None."""
    key = name_key(name)
    for row_id, row_name in model.select(model.id, model.name).tuples():
        if name_key(row_name) == key:
            return model.get_by_id(row_id)
    return None

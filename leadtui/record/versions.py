"""No silent overwrites: a save based on an older copy of a lead is refused, showing what changed.

The editor keeps the version (and the values) it loaded; `check_base` compares
them with the stored lead inside the write transaction. A changed version with
the same values (someone saved, but nothing this editor shows moved) is no
conflict.
"""

from __future__ import annotations

from leadtui.errors import InvalidInput
from leadtui.record.fields import versioned_columns

# What an edit form shows, by the model's names: these are compared.
COMPARED = (*versioned_columns(), "tags")


class EditConflict(InvalidInput):
    """Someone else changed the lead after it was loaded for editing."""

    def __init__(self, message: str, version: int, changes: tuple[tuple[str, object, object], ...]):
        super().__init__(message)
        self.version = version  # the stored one: a save based on it goes through
        self.changes = changes  # (field, as loaded, as stored now)


def base_of(fields, tags) -> dict:
    """What an editor remembers of the lead it loaded: its version and the values it shows."""
    base = {name: getattr(fields, name) for name in COMPARED if name != "tags"}
    base["tags"] = tuple(tags)
    base["version"] = fields.version
    return base


def _shown(value) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, tuple | list):
        return ", ".join(value) or "(none)"
    return repr(value) if isinstance(value, str) else str(value)


def _check_version_existed(lead, version: int) -> None:
    """A version typed on the command line that the lead never had (versions only count up from
    0) is a mistake to say as such, not a change made elsewhere."""
    if not 0 <= version <= lead.version:
        raise InvalidInput(f"lead #{lead.id} has never been at version {version}; its version is "
                           f"{lead.version} (see `leadtui show {lead.id} --format json`)")


def check_base(lead, tags: tuple[str, ...], base: dict | None, shown=()) -> None:
    """Raise EditConflict when `lead` (read inside the write transaction) moved on from `base`.

    `base` holds the version and, from a form, the values it showed; with the
    version alone (the CLI's --version) the message shows the fields in `shown` as they are now.
    """
    if base is None or base.get("version") is None or lead.version == base["version"]:
        return
    names = [n for n in COMPARED if n in base]
    if not names:
        _check_version_existed(lead, base["version"])
    current = {name: getattr(lead, name) for name in COMPARED if name != "tags"}
    current["tags"] = tuple(tags)
    if names:
        changes = tuple((n, base[n], current[n]) for n in names if base[n] != current[n])
        if not changes:
            return  # saved meanwhile, but nothing this editor shows changed
    else:
        changes = tuple((n, None, current[n]) for n in shown if n in current)
    what = "; ".join(f"{n} {_shown(old)} → {_shown(new)}" if n in base else f"{n} is now {_shown(new)}"
                     for n, old, new in changes[:8])
    raise EditConflict(f"#{lead.id} {lead.name} was changed elsewhere after you opened it "
                       f"(version {base['version']} → {lead.version}): {what}. Nothing was saved; "
                       "save again to replace those changes with yours", lead.version, changes)

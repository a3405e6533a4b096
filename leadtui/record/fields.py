"""What a lead's fields are, defined once: everything that lists fields is built from LEAD_FIELDS.

The edit form and `leadtui edit` (which fields, their labels, how typed text is read), the
lead page's plain rows, the CSV export's columns, the query language's field words, the
history of edits, what a merge offers, what a save based on an older copy compares, what a
sync carries, and the database trigger that moves a lead's version (leadtui.db.version_trigger)
all read this table. A new field is one entry here, plus the migration adding its column.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadtui.errors import InvalidInput
from leadtui.money import parse_whole

KINDS = ("text", "int", "bool", "choice", "tags", "money", "flag")


@dataclass(frozen=True)
class LeadField:
    name: str  # the name people, the CLI (`edit 12 name=…`) and the code use
    label: str  # as the lead page and messages show it
    kind: str  # one of KINDS: how typed text is read and how the value is shown
    form_label: str = ""  # the edit form's label, when it says more than `label`
    editable: bool = True  # in the edit form and `leadtui edit`
    detail_row: bool = False  # a plain row of the lead page (the others are shown composed)
    exported: bool = True  # a column of the CSV export
    versioned: bool = True  # a change moves the lead's version; a stale save is refused
    merged: bool = True  # a merge offers the other lead's value (taken where this one is empty)
    search: str = ""  # the query language's match: "contains", "exact", "number" or "" (none)
    history: bool = True  # an edit of it is listed in the lead's history (kind: a lifecycle event)
    synced: bool = True  # `leadtui sync` carries it between the laptop and the server
    columns: tuple[str, ...] | None = None  # the Lead columns holding it (default: its name)

    @property
    def stored_in(self) -> tuple[str, ...]:
        return (self.name,) if self.columns is None else self.columns

    @property
    def spoken(self) -> str:
        """As a message names it: "BANT timeline", not bant_timeline."""
        return self.name.replace("bant_", "BANT ").replace("_", " ")

    @property
    def shown_in_form(self) -> str:
        return self.form_label or self.label

    def read(self, value):
        """Typed text as the stored value (text stripped, numbers whole, yes/no), or InvalidInput.
        Choices, tags and money are read by the writer, which knows their vocabularies."""
        if self.kind == "int":  # "€35,000" reads as 35000
            return None if value in ("", None) else parse_whole(str(value), self.spoken)
        if self.kind == "bool":
            return _yes_no(self.spoken, value)
        return "" if value is None else str(value).strip()


def _yes_no(label: str, value) -> bool | None:
    if value in ("", None):
        return None
    text = str(value).strip().lower()
    if text in ("y", "yes", "true", "1", "✓"):
        return True
    if text in ("n", "no", "false", "0", "✗"):
        return False
    raise InvalidInput(f"{label} must be yes, no or empty, got {value!r}")


def _text(name, label, **more) -> LeadField:
    return LeadField(name, label, "text", **more)


def _number(name, label, **more) -> LeadField:
    return LeadField(name, label, "int", detail_row=True, search="number", **more)


def _bant(part: str) -> LeadField:
    return LeadField(f"bant_{part}", f"BANT {part}", "bool", form_label=f"BANT {part} (y/n)",
                     exported=False)


# In the order the edit form shows them (and the lead page its plain rows).
LEAD_FIELDS: tuple[LeadField, ...] = (
    _text("name", "Name", search="contains"),
    _text("company", "Company", search="contains"),
    _text("title", "Title", search="contains"),
    _text("email", "E-mail", search="contains"),
    _text("phone", "Phone", search="contains"),
    _text("website", "Website"),
    _text("source", "Source", detail_row=True, search="exact"),
    _text("industry", "Industry", detail_row=True, search="exact"),
    _text("location", "Location", detail_row=True, search="contains"),
    _number("employees", "Employees"),
    _number("revenue", "Revenue"),
    _number("budget", "Budget"),
    _number("age", "Age", exported=False),
    _number("income", "Income", exported=False),
    _text("owner", "Owner", detail_row=True, search="exact"),
    LeadField("direction", "Direction", "choice", form_label="Direction (inbound/outbound)"),
    LeadField("kind", "Kind", "choice", form_label="Kind (prospect/lead)", history=False),
    LeadField("tags", "Tags", "tags", form_label="Tags (comma-separated)", versioned=True,
              merged=False, columns=()),
    _text("interest", "Interest", form_label="Interest note", search="contains"),
    _bant("authority"), _bant("budget"), _bant("need"), _bant("timeline"),
    LeadField("value", "Deal value", "money", form_label="Deal value (e.g. 12000 EUR)",
              exported=False, columns=("value_cents", "value_currency")),
    # Set by their own actions (stage, qualify, pin, archive), not typed into the form.
    LeadField("stage", "Stage", "choice", editable=False, versioned=False),
    LeadField("qualification", "Qualification", "choice", editable=False, versioned=False),
    # Synced as the pinned temperature only: an unpinned one follows from the score on each side.
    LeadField("temperature", "Temperature", "choice", editable=False, versioned=False,
              synced=False),
    LeadField("temperature_pinned", "Temperature pinned", "flag", editable=False, versioned=False,
              exported=False),
    LeadField("archived", "Archived", "flag", editable=False, versioned=False),
)

BY_NAME = {f.name: f for f in LEAD_FIELDS}


def field(name: str) -> LeadField:
    return BY_NAME[name]


def editable() -> tuple[LeadField, ...]:
    return tuple(f for f in LEAD_FIELDS if f.editable)


def names_where(**flags) -> tuple[str, ...]:
    """The names of the fields whose attributes equal `flags` (e.g. kind="int")."""
    return tuple(f.name for f in LEAD_FIELDS if all(getattr(f, k) == v for k, v in flags.items()))


def versioned_columns() -> tuple[str, ...]:
    """The Lead columns whose change moves the lead's version (tags live in their own table)."""
    return tuple(column for f in LEAD_FIELDS if f.versioned for column in f.stored_in)


def merged_columns() -> tuple[str, ...]:
    return tuple(column for f in LEAD_FIELDS if f.merged for column in f.stored_in)


def synced_columns() -> tuple[str, ...]:
    """The Lead columns a sync carries (tags and the pinned temperature travel apart)."""
    return tuple(column for f in LEAD_FIELDS if f.synced for column in f.stored_in)

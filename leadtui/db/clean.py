"""Stored text never holds terminal control characters.

A name like "Evil\\x1b[2J" would wipe the screen wherever it is shown, so text
fields drop C0/C1 control characters and the bidirectional overrides that
disguise text, both when written and when read (data written by an older
version is cleaned on the way out). One-line fields turn tabs and line breaks
into spaces; notes keep them.
"""

from __future__ import annotations

import re

from peewee import CharField, TextField

_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL_NOTE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_BREAKS = re.compile(r"[\t\n\r]+")


def clean_line(value: str) -> str:
    if value.isprintable():
        return value
    return _CONTROL_LINE.sub("", _BREAKS.sub(" ", value))


def clean_note(value: str) -> str:
    if value.isprintable():
        return value
    return _CONTROL_NOTE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def printable(text: str) -> str:
    """For output: anything about to reach a terminal, notes included."""
    return clean_note(text)


class LineField(CharField):
    """A one-line text field (a name, a company) without control characters."""

    def db_value(self, value):
        return super().db_value(clean_line(value) if isinstance(value, str) else value)

    def python_value(self, value):
        return clean_line(value) if isinstance(value, str) else value


class NoteField(TextField):
    """Free text (notes, template bodies): tabs and line breaks kept, other controls dropped."""

    def db_value(self, value):
        return super().db_value(clean_note(value) if isinstance(value, str) else value)

    def python_value(self, value):
        return clean_note(value) if isinstance(value, str) else value

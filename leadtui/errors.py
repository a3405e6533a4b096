"""Errors the user can cause; each carries a message fit to print as is."""


class LeadtuiError(Exception):
    """Base: a clear, user-facing problem (never a bug)."""

    exit_code = 1


class InvalidInput(LeadtuiError):
    """A value the user gave cannot be used."""


class NotFound(LeadtuiError):
    """A lead, follow-up or other record does not exist."""


class DuplicateLead(LeadtuiError):
    """A lead with the same e-mail or phone already exists; `matches` names them (LeadRef: id, name)."""

    def __init__(self, message: str, matches: list) -> None:
        super().__init__(message)
        self.matches = matches


class DoubtfulDate(InvalidInput):
    """A follow-up date in the past or absurdly far ahead: kept only when confirmed."""


class ConfigError(LeadtuiError):
    exit_code = 2


class DatabaseTrouble(LeadtuiError):
    """The database cannot be used right now (busy, read-only, damaged, disk full).

    The message never contains lead data: it is fit for any terminal or log.
    """

    exit_code = 2


class DatabaseBusy(DatabaseTrouble):
    """Another process held the write lock longer than the busy timeout."""


class DatabaseDamaged(DatabaseTrouble):
    """The file is damaged (malformed pages, cut short, not SQLite): restoring a backup is the way out."""

"""What every service needs besides the database: the clock and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from leadtui.config import Config
from leadtui.db.connection import init_db, is_postgres, may_manage, set_author
from leadtui.db.version_trigger import ensure_version_trigger
from leadtui.kit.clock import Clock
from leadtui.record.fields import versioned_columns


@dataclass
class Context:
    clock: Clock = field(default_factory=Clock)
    config: Config = field(default_factory=Config)
    # False for a team rep: the screens hide what only a manager may do (the database refuses it
    # anyway); read once when the database opens.
    may_manage: bool = True

    def now(self):
        return self.clock.now()


def open_context(db_path: Path, config: Config, clock: Clock | None = None) -> Context:
    """Open the database (migrating it if needed) and build the context every service takes."""
    init_db(db_path)
    if not is_postgres():  # on a server, changes are by the login role (set when it connects)
        set_author(config.owner)
    ensure_version_trigger(versioned_columns())  # a field added since moves versions too
    return Context(clock=clock or Clock(), config=config, may_manage=may_manage())

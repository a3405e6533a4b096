"""What every service needs besides the database: the clock and the settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from leadtui.clock import Clock
from leadtui.config import Config


@dataclass
class Context:
    clock: Clock = field(default_factory=Clock)
    config: Config = field(default_factory=Config)

    def now(self):
        return self.clock.now()

"""The one way screens and dialogs call services: a problem becomes a message, never a crash.

`attempt(node, service, *args, **kwargs)` runs the call and returns (ok, result): a
service that returns None has still succeeded (ok is True). A `LeadtuiError` or a
database failure is shown (by `report`: a dialog passes its error line, so what the
user typed stays; otherwise as a notification), gives (False, None), and the app
carries on. Only bugs propagate. Services take the context explicitly
(`self.app.ctx`), as the CLI calls them. It may run on a worker thread too (a
notification is a message, safe from any thread; a `report` there must be one).
`attempt_read` is the same for a worker's read inside a `BackgroundRead`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leadtui.finding.background import BackgroundRead
from leadtui.kit.failures import user_error


def attempt(node, call: Callable, *args, report: Callable[[str], None] | None = None,
            **kwargs) -> tuple[bool, Any]:
    """(True, result) whatever the result (None too), or (False, None) once the problem has
    been shown."""
    try:
        return True, call(*args, **kwargs)
    except Exception as exc:
        problem = user_error(exc)
        if problem is None:
            raise
        if report is not None:
            report(str(problem))
        else:
            node.notify(str(problem), severity="error", timeout=8)
        return False, None


def attempt_read(node, read: BackgroundRead, call: Callable, *args,
                 report: Callable[[str], None] | None = None, **kwargs) -> tuple[bool, Any]:
    """`attempt` for a read on a worker thread: a read replaced by a newer one raises
    `Interrupted` (nothing to show: its statement was stopped on purpose)."""

    def run():
        with read:
            result = call(*args, **kwargs)
            read.check()
            return result

    return attempt(node, run, report=report)

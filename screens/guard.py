"""The one way screens and dialogs call services: a problem becomes a message, never a crash.

`attempt` runs the call; a `LeadtuiError` or a database failure is shown (in a
dialog's error line, so what the user typed stays, or as a notification) and
the app carries on. Only bugs propagate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from leadtui.failures import user_error


def attempt(node, call: Callable, *args, report: Callable[[str], None] | None = None,
            **kwargs) -> tuple[bool, Any]:
    """(True, result), or (False, None) once the problem has been shown."""
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

"""Python's cycle collector while the TUI starts: paused, then settled once the first screen shows.

Starting makes long-lived objects by the ten thousand (modules, classes, styles, widgets) and
almost no garbage; the collector walks them again and again and frees next to nothing: 40-60 ms
of a 300 ms start, half of it one full pass. `pause_for_start` switches it off before textual is
imported. `settle` then collects once, moves every survivor out of the collector's way for good
(`gc.freeze`) and switches it back on, so no later keystroke pays for a full pass over the
start-up's objects either. A process that never paused (tests, scripts) is left as it is.
"""

from __future__ import annotations

import gc

# Seconds from the app's mount to `settle`: after the first screen has shown its rows, before
# anyone has read them.
SETTLE_AFTER = 1.0

_paused = False


def pause_for_start() -> None:
    """Switch the collector off until `settle` or `end_pause`."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def settle() -> None:
    """Collect once, freeze what lives, switch the collector back on (only if it was paused)."""
    global _paused
    if not _paused:
        return
    _paused = False
    gc.collect()
    gc.freeze()
    gc.enable()


def end_pause() -> None:
    """The collector back on, nothing frozen: the TUI closed (or failed) before it settled."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def is_paused() -> bool:
    return _paused

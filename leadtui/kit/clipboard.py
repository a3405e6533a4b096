"""Copying text to the system clipboard through the tools the desktop provides.

Whether a terminal honours the OSC 52 escape cannot be known from inside it, so that is
only the fallback, and the TUI says it asked rather than claiming the text was copied.
"""

from __future__ import annotations

import shutil
import subprocess

# Tried in order; the first one present that exits 0 has copied the text.
COMMANDS = (("pbcopy",), ("wl-copy",), ("xclip", "-selection", "clipboard"), ("xsel", "--clipboard", "--input"),
            ("clip.exe",))


def copy_text(text: str, commands=COMMANDS) -> bool:
    """True when a clipboard tool took the text."""
    for command in commands:
        if shutil.which(command[0]) is None:
            continue
        try:
            result = subprocess.run(command, input=text.encode(), timeout=3,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            continue
        if result.returncode == 0:
            return True
    return False

"""Horizontal bar charts drawn with block characters in rich Text.

The charts in Reports are all "one bar per row" (funnel stages, weeks), which a
few block characters show as clearly as a plotting library, at any width, with no
extra dependency and text that tests can read.
"""

from __future__ import annotations

from rich.text import Text

EIGHTHS = " ▏▎▍▌▋▊▉█"


def bar(value: float, largest: float, width: int) -> str:
    """A bar `width` cells long at `largest`, drawn to an eighth of a cell."""
    if largest <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / largest * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[rest] if rest else "")


def bar_chart(title: str, rows: list[tuple[str, float | None, str]], width: int = 40,
              style: str = "cyan") -> Text:
    """`rows` are (label, value, value as text); a missing value draws no bar."""
    out = Text(title + "\n", style="bold")
    if not rows:
        return out
    label_width = max(len(label) for label, _, _ in rows)
    largest = max((value or 0) for _, value, _ in rows)
    for label, value, shown in rows:
        out.append(f"{label:>{label_width}} ")
        out.append(bar(value or 0, largest, width), style=style)
        out.append(f" {shown}\n")
    return out

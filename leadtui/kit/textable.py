"""Plain aligned text tables for the CLI (rich would cost start-up time on every command)."""

from __future__ import annotations

import unicodedata

UNCUT = 10**6  # a max width for a column whose values must be printed whole


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    if _width(text) <= width:
        return text + " " * (width - _width(text))
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            break
        out += ch
    return out + "…" + " " * (width - _width(out) - 1)


def render(headers: list[str], rows: list[list[str]], max_widths: dict[int, int] | None = None) -> str:
    max_widths = max_widths or {}
    cells = [[str(c) for c in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], _width(cell))
    widths = [min(w, max_widths.get(i, 40)) for i, w in enumerate(widths)]
    lines = ["  ".join(_fit(h, widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("─" * w for w in widths))
    lines += ["  ".join(_fit(c, widths[i]) for i, c in enumerate(row)).rstrip() for row in cells]
    return "\n".join(lines)

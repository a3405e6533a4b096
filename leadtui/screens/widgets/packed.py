"""A line of items (key hints, names) that wraps between its items, never inside one."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text


class Packed:
    """Items joined by a separator, as many to a line as fit: a line never ends inside an item
    ("o" at its end and "template" on the next). An item wider than the line wraps as text does."""

    def __init__(self, items: Sequence[Text | str], *, separator: str = " · ", style: str = "") -> None:
        self.items = [item if isinstance(item, Text) else Text(item) for item in items]
        self.separator = separator
        self.style = style

    def lines(self, width: int) -> list[Text]:
        lines: list[Text] = []
        line = Text(style=self.style)
        for item in self.items:
            if line.cell_len and line.cell_len + len(self.separator) + item.cell_len > width:
                lines.append(line)
                line = Text(style=self.style)
            if line.cell_len:
                line.append(self.separator)
            line.append_text(item)
        lines.append(line)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((item.cell_len for item in self.items), default=0)
        whole = sum(item.cell_len for item in self.items) + len(self.separator) * max(len(self.items) - 1, 0)
        return Measurement(min(widest, options.max_width), min(whole, options.max_width))

"""One-line table cells drawn straight to segments.

A DataTable draws each cell through Rich's general layout (Styled(Padding(Text)) rendered
by the console: wrap, justify, join, two passes of line splitting); for the one-line
`Text` cells every table here holds, that is most of the time a filtered page takes to
show. `one_line` produces the very same segments by the same rules (cut to the width,
"left"/"right" justify padding, the text's own style under its spans, padding on both
sides, the table's styles before and after) in one pass. Anything else returns None and
is drawn the general way.
"""

from __future__ import annotations

from itertools import pairwise
from operator import itemgetter

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text

_NULL = Style.null()
_CUT = (None, "fold", "crop")  # overflow methods that cut a one-line text at the width
_JUSTIFY = (None, "default", "left", "right")


def _fit(cell: Text, width: int) -> tuple[str, list[Span]]:
    """The cell's text and spans cut (and justified) to `width` cells, as Rich lays out one line."""
    plain, spans = cell.plain, cell.spans
    justify = cell.justify
    if justify == "right":
        stripped = plain.rstrip()
        if stripped != plain:
            plain, spans = stripped, _trimmed(spans, len(stripped))
    length = cell_len(plain)
    if length > width:
        plain = set_cell_size(plain, width)
        spans = _trimmed(spans, len(plain))
        length = cell_len(plain)
    if justify == "left" and length < width:
        plain += " " * (width - length)
    elif justify == "right" and length < width:
        shift = width - length
        plain = " " * shift + plain
        spans = [Span(start + shift, end + shift, style) for start, end, style in spans]
    if cell.style:  # a span under the others, as joining the wrapped lines makes it
        spans = [Span(0, len(plain), cell.style), *spans]
    return plain, spans


def _trimmed(spans: list[Span], length: int) -> list[Span]:
    return [span if span.end < length else Span(span.start, min(length, span.end), span.style)
            for span in spans if span.start < length]


def _text_segments(console, plain: str, spans: list[Span]) -> list[Segment]:
    """Rich's Text.render for a text without a style of its own."""
    if not spans:
        return [Segment(plain)]
    get_style = console.get_style
    style_map = {index: get_style(span.style, default=_NULL) for index, span in enumerate(spans, 1)}
    style_map[0] = _NULL
    marks = [(0, False, 0),
             *((span.start, False, index) for index, span in enumerate(spans, 1)),
             *((span.end, True, index) for index, span in enumerate(spans, 1)),
             (len(plain), True, 0)]
    marks.sort(key=itemgetter(0, 1))
    stack: list[int] = []
    segments = []
    for (offset, leaving, style_id), (next_offset, _, _) in pairwise(marks):
        if leaving:
            stack.remove(style_id)
        else:
            stack.append(style_id)
        if next_offset > offset:
            styles = [style_map[i] for i in sorted(stack)]
            segments.append(Segment(plain[offset:next_offset], Style.combine(styles)))
    return segments


def one_line(console, cell, width: int, padding: int, pre_style: Style,
             post_style: Style) -> list[list[Segment]] | None:
    """The lines DataTable draws for a one-line Text cell `width` cells wide, or None if not one."""
    if (type(cell) is not Text or cell.justify not in _JUSTIFY or cell.overflow not in _CUT
            or cell.no_wrap is False  # wraps at a word even on a one-line row
            or "\n" in cell.plain or "\t" in cell.plain or width - 2 * padding <= 0):
        return None
    inner = width - 2 * padding
    plain, spans = _fit(cell, inner)
    segments = _text_segments(console, plain, spans)
    used = cell_len(plain)
    if used < inner:
        segments.append(Segment(" " * (inner - used), _NULL))
    if padding:
        side = Segment(" " * padding, _NULL)
        segments = [side, *segments, side]
    line = []
    for text, style, _control in segments:
        if pre_style:
            style = pre_style + style
        if post_style:
            style = style + post_style if style else post_style
        line.append(Segment(text, style))
    return [line]

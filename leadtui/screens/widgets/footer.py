"""The footer every screen shows: the keys that work where the focus is, drawn as one line."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

# Under this many columns the keys drop their padding, so the keys a screen shows still fit.
COMPACT_BELOW = 100
PALETTE_EDGE = "▏"


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it."""

    key: str  # as bound ("question_mark"): what a click presses
    display: str  # as shown ("?")
    description: str
    enabled: bool
    tooltip: str


@dataclass(frozen=True)
class PlacedKey:
    entry: FooterEntry
    start: int  # first column
    end: int  # one past the last


def place_keys(entries: list[FooterEntry], palette: FooterEntry | None, width: int,
               compact: bool) -> tuple[list[PlacedKey], PlacedKey | None]:
    """Where each key goes: left to right, whole keys only, the palette's key at the right edge.

    Textual's Footer look: wide, " key description " side by side; compact, "key description"
    with a space between keys. A key that does not fit is left out with every key after it.
    """
    palette_at = None
    right = width
    if palette is not None:
        size = len(PALETTE_EDGE) + len(_label(palette, compact=True)) + (0 if compact else 1)
        if size <= width:
            right = width - size
            palette_at = PlacedKey(palette, right + len(PALETTE_EDGE), width - (0 if compact else 1))
    placed: list[PlacedKey] = []
    x = 0
    for entry in entries:
        size = len(_label(entry, compact))
        if x + size > right:
            break
        placed.append(PlacedKey(entry, x, x + size))
        x += size + (1 if compact else 0)
    return placed, palette_at


def _label(entry: FooterEntry, compact: bool) -> str:
    return "".join(text for text, _ in _parts(entry, compact))


def _parts(entry: FooterEntry, compact: bool) -> list[tuple[str, str]]:
    """The key's text in (text, part) pieces, part being "key" or "description"."""
    if compact:
        key, description = entry.display, f" {entry.description}" if entry.description else ""
    else:
        key, description = f" {entry.display} ", f"{entry.description} " if entry.description else ""
    return [(key, "key"), (description, "description")] if description else [(key, "key")]


class KeysFooter(Widget, can_focus=False):
    """One line of the keys that work here, each clickable, the palette's key at the right.

    Textual's Footer mounts a widget per key and rebuilds them after focus moves: on the
    lead list 9 of the screen's 19 widgets, each styled and laid out before the first paint.
    Here the keys are text in one widget: a click on a key presses it (a disabled key rings
    the bell), and hovering shows its tooltip.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--description", "keys-footer--hover",
                         "keys-footer--edge"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .keys-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .keys-footer--edge {
            color: $foreground 20%;
        }
    }
    """

    hovered: reactive[str | None] = reactive(None)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.entries: list[FooterEntry] = []
        self.palette: FooterEntry | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if self.is_attached and screen is self.screen:
            self._read_keys()

    def _read_keys(self) -> None:
        """The screen's shown keys, one per action (its first key), as Footer lists them."""
        active = self.screen.active_bindings
        entries: dict[str, FooterEntry] = {}
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in entries:
                entries[binding.action] = FooterEntry(binding.key, self.app.get_key_display(binding),
                                                      binding.description, enabled, tooltip)
        palette = None
        found = active.get(self.app.COMMAND_PALETTE_BINDING)
        if found is not None and self.app.ENABLE_COMMAND_PALETTE:
            _node, binding, enabled, tooltip = found
            palette = FooterEntry(binding.key, self.app.get_key_display(binding), binding.description,
                                  enabled, binding.tooltip or binding.description)
        shown = list(entries.values())
        if (shown, palette) != (self.entries, self.palette):
            self.entries, self.palette = shown, palette
            self.refresh()

    @property
    def compact(self) -> bool:
        return self.size.width < COMPACT_BELOW

    def placed(self) -> list[PlacedKey]:
        """The keys as drawn now, the palette's last."""
        keys, palette = place_keys(self.entries, self.palette, self.size.width, self.compact)
        return keys + ([palette] if palette else [])

    def render(self) -> Text:
        keys, palette = place_keys(self.entries, self.palette, self.size.width, self.compact)
        line = Text(no_wrap=True, end="")
        for placed in keys:
            line.append(" " * (placed.start - len(line)))
            self._append_key(line, placed.entry, self.compact)
        if palette is not None:
            line.append(" " * (palette.start - len(PALETTE_EDGE) - len(line)))
            line.append(PALETTE_EDGE, self.get_component_rich_style("keys-footer--edge"))
            self._append_key(line, palette.entry, compact=True)
        return line

    def _append_key(self, line: Text, entry: FooterEntry, compact: bool) -> None:
        hovered = entry.key == self.hovered
        styles = {part: self.get_component_rich_style(f"keys-footer--{part}") for part in ("key", "description")}
        if hovered:
            styles = dict.fromkeys(styles, self.get_component_rich_style("keys-footer--hover"))
        dim = Style(dim=True) if not entry.enabled else Style()
        for text, part in _parts(entry, compact):
            line.append(text, styles[part] + dim)

    def _key_at(self, x: int) -> FooterEntry | None:
        for placed in self.placed():
            if placed.start <= x < placed.end:
                return placed.entry
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        entry = self._key_at(event.x)
        self.hovered = entry.key if entry else None
        self.tooltip = (entry.tooltip or entry.description) if entry else None

    def on_leave(self, event: events.Leave) -> None:
        self.hovered = None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        entry = self._key_at(event.x)
        if entry is None:
            return
        if entry.enabled:
            self.app.simulate_key(entry.key)
        else:
            self.app.bell()

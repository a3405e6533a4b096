"""The footer every screen shows: the keys that work where the focus is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeysFooter(Footer):
    """Textual's Footer, rebuilt only when the keys it shows change.

    Footer rebuilds itself (a widget per key, removed and mounted again) after every
    focus move and binding refresh: ten rebuilds of the same keys while the app starts.
    Its keys start as compact as the footer is (Textual's start compact and follow the footer
    once mounted: two restyles a key on the way to a wide footer's look, on the first paint).
    """

    _shown: tuple | None = None  # the keys of the last build that showed any

    def _keys(self) -> tuple:
        active = self.screen.active_bindings
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (
            tuple((key, b.binding, b.enabled, b.tooltip) for key, b in active.items() if b.binding.show),
            self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE,
            palette and (palette.binding, palette.enabled, palette.tooltip),
        )

    def compose(self) -> ComposeResult:
        built = False
        for widget in super().compose():  # passed on one by one: grouped keys nest as they come
            built = True
            if isinstance(widget, FooterKey):
                # The palette's key is not bound to the footer: it stays compact (a key's default).
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget
        self._shown = self._keys() if built else None

    async def recompose(self) -> None:
        if self._shown is not None and self.is_attached and self._keys() == self._shown:
            return
        await super().recompose()

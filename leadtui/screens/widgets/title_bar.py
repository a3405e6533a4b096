"""The top line every screen shows: the palette's icon, and the screen's title and subtitle."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

ICON = "⭘"
ICON_CELLS = 8  # the icon's column, as Textual's Header draws it
RIGHT_CELLS = 10  # Header's clock space: the title centres where it always did


class TitleBar(Widget, can_focus=False):
    """Textual's Header look in one widget (Header is four): "⭘   title — subtitle".

    A click on the icon opens the command palette; the title follows the app's and the
    screen's title and sub_title, the screen's winning, and ends in "…" when too long.
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"title-bar--icon-hover"}
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        & > .title-bar--icon-hover {
            background: $foreground 10%;
        }
    }
    """

    icon_hovered = reactive(False)

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    @property
    def title_text(self) -> Content:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        icon = Content(f" {ICON}").pad_right(ICON_CELLS - 2)
        if self.icon_hovered:
            icon = icon.stylize(self.get_visual_style("title-bar--icon-hover", partial=True))
        room = max(0, width - ICON_CELLS - RIGHT_CELLS)
        title = self.title_text.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        return Content.assemble(icon, title.pad(left, room - left - title.cell_length), " " * RIGHT_CELLS)

    def _on_icon(self, x: int) -> bool:
        return x < ICON_CELLS and self.app.ENABLE_COMMAND_PALETTE

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self.icon_hovered = self._on_icon(event.x)
        self.tooltip = "Open the command palette" if self.icon_hovered else None

    def on_leave(self, event: events.Leave) -> None:
        self.icon_hovered = False

    async def on_click(self, event: events.Click) -> None:
        if self._on_icon(event.x):
            event.stop()
            await self.run_action("app.command_palette")

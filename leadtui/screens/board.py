"""The pipeline board: a column per stage with its count and deal value; ] and [ move a lead.

Each column holds the cards read so far; moving near its end reads the next page by key in a
thread worker, so a stage of any size scrolls without being read whole.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from leadtui.board.pipeline import (
    BOARD_STAGES,
    Board,
    BoardCard,
    ColumnPage,
    column_page,
    load_board,
)
from leadtui.finding.background import BackgroundRead
from leadtui.kit.money import format_money
from leadtui.kit.vocab import CLOSING_LETTERS, STAGES, stage_label
from leadtui.leads import writes as leads
from leadtui.screens.base import DataScreen
from leadtui.screens.dialogs import ChoiceDialog
from leadtui.screens.guard import attempt, attempt_read
from leadtui.screens.widgets.cells import TEMPERATURE_STYLES
from leadtui.screens.widgets.footer import KeysFooter
from leadtui.screens.widgets.title_bar import TitleBar

PREFETCH = 5  # cards from the end of a column where its next page is asked for


class BoardScreen(DataScreen):
    BINDINGS = [
        Binding("right_square_bracket,greater_than_sign", "move(1)", "Next stage",
                tooltip="Move the lead to the next stage", id="board.next"),
        Binding("left_square_bracket,less_than_sign", "move(-1)", "Back a stage",
                tooltip="Move the lead back a stage", id="board.back"),
        Binding("m", "pick_stage", "Move to…", tooltip="Move the lead to a stage: m, then its digit or "
                "w won, l lost, x disqualified", id="board.stage"),
        Binding("right", "column(1)", "Next column", show=False, id="board.right"),
        Binding("left", "column(-1)", "Previous column", show=False, id="board.left"),
        Binding("enter", "open", "Open", tooltip="Open the lead", show=False, id="board.open"),
        Binding("r", "reload_now", "Refresh", show=False, id="board.refresh"),
        Binding("o", "toggle_off_profile", "Off profile", show=False, id="board.off_profile",
                tooltip="Show the prospects off the profile too, or leave them off again"),
    ]

    class Loaded(Message):
        def __init__(self, board: Board, generation: int) -> None:
            super().__init__()
            self.board, self.generation = board, generation

    class PageLoaded(Message):
        def __init__(self, page: ColumnPage, generation: int) -> None:
            super().__init__()
            self.page, self.generation = page, generation

    board: Board | None = None
    _total = 0
    _follow: tuple[str, int] | None = None  # the card just moved: (its new stage, lead id)
    off_profile = False  # showing the prospects off the profile (left off, like Today and the list)

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, list[BoardCard]] = {stage: [] for stage in BOARD_STAGES}
        self.more: dict[str, bool] = dict.fromkeys(BOARD_STAGES, False)
        self._asked: set[str] = set()  # columns with a next page on its way
        self._generation = 0  # a page read before the last re-read is dropped

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="board"):
            for stage in BOARD_STAGES:
                with Vertical(classes="board-column"):
                    yield Static("", id=f"head-{stage}", classes="board-head")
                    yield OptionList(id=f"col-{stage}", classes="board-cards")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.title = "Pipeline"
        self.reload()
        self.query_one(f"#col-{BOARD_STAGES[0]}", OptionList).focus()

    def reload(self) -> None:
        self._generation += 1
        self._asked.clear()
        self._load({stage: len(cards) for stage, cards in self.cards.items()}, self._generation)

    def action_reload_now(self) -> None:
        self.reload()

    def action_toggle_off_profile(self) -> None:
        self.off_profile = not self.off_profile
        self.reload()

    @work(thread=True, exclusive=True, group="board")
    def _load(self, shown: dict[str, int], generation: int) -> None:
        loaded, board = attempt_read(self, BackgroundRead(), load_board, self.app.ctx, shown=shown,
                                     off_profile=self.off_profile)
        if loaded:
            self.post_message(self.Loaded(board, generation))

    def _load_more(self, stage: str) -> None:
        """The next page of a column, read by key after its last card, in a worker of its own."""
        if stage in self._asked or not self.more[stage] or not self.cards[stage]:
            return
        self._asked.add(stage)
        self._read_page(stage, self.cards[stage][-1], self._generation)

    @work(thread=True, group="board-pages")
    def _read_page(self, stage: str, after: BoardCard, generation: int) -> None:
        loaded, page = attempt_read(self, BackgroundRead(), column_page, self.app.ctx, stage, after,
                                    off_profile=self.off_profile)
        if loaded:
            self.post_message(self.PageLoaded(page, generation))
        else:
            self.post_message(self.PageLoaded(ColumnPage(stage, (), True), generation))  # may ask again

    def on_board_screen_loaded(self, message: Loaded) -> None:
        if message.generation != self._generation:
            return
        self.board = message.board
        total = 0
        heads = [self._head(column, message.board.currency) for column in message.board.columns]
        height = max(2, *(len(head.plain.splitlines()) for head in heads))  # the cards start level
        for column, head in zip(message.board.columns, heads, strict=True):
            total += column.count
            widget = self.query_one(f"#head-{column.stage}", Static)
            widget.styles.height = height
            widget.update(head)
            self.cards[column.stage] = list(column.cards)
            self.more[column.stage] = column.more
            cards = self.query_one(f"#col-{column.stage}", OptionList)
            keep = cards.highlighted
            cards.clear_options()
            cards.add_options([Option(self._card(card), id=str(card.id)) for card in column.cards])
            if column.cards:
                cards.highlighted = min(keep or 0, len(column.cards) - 1)
        self._total = total
        self.call_after_refresh(self._say_total)
        if self._follow:  # the moved card keeps the cursor, in its new column
            stage, lead_id = self._follow
            self._follow = None
            cards = self.query_one(f"#col-{stage}", OptionList)
            cards.focus()
            ids = [card.id for card in self.cards[stage]]
            if lead_id in ids:
                cards.highlighted = ids.index(lead_id)

    def on_board_screen_page_loaded(self, message: PageLoaded) -> None:
        page = message.page
        self._asked.discard(page.stage)
        if message.generation != self._generation:
            return
        self.cards[page.stage].extend(page.cards)
        self.more[page.stage] = page.more
        self.query_one(f"#col-{page.stage}", OptionList).add_options(
            [Option(self._card(card), id=str(card.id)) for card in page.cards])

    @staticmethod
    def _head(column, currency: str) -> Text:
        """The stage, its count, and its deal value: a line per currency, the default one first."""
        head = Text(column.label, style="bold")
        head.append(f"  {column.count:,}", style="cyan")
        values = ([format_money(column.value_cents, currency)] if column.value_cents else []) + [
            format_money(cents, code) for code, cents in column.other_values if cents]
        for index, value in enumerate(values):
            head.append("\n" + ("+ " if index else "") + value, style="green")
        return head

    def _say_total(self) -> None:
        board = self.query_one("#board", Horizontal)
        more = " · ← → the other columns" if board.max_scroll_x > 0 else ""
        off = self.board.off_profile if self.board is not None else 0
        if off and self.off_profile:
            off_profile = f" · {off:,} of them off profile (o leaves them off)"
        else:
            off_profile = f" · {off:,} off profile (o shows them)" if off else ""
        self.sub_title = f"{self._total:,} leads{off_profile}{more}"

    def on_resize(self, event) -> None:
        if self.board is not None:
            self.call_after_refresh(self._say_total)

    def on_descendant_focus(self, event) -> None:
        column = self._focused_column()
        if column is not None:
            self.call_after_refresh(self._show_whole, column)

    def _show_whole(self, column: OptionList) -> None:
        """Scroll the board sideways by whole columns until the focused one shows entirely."""
        board = self.query_one("#board", Horizontal)
        width = column.parent.outer_size.width
        view = board.scrollable_content_region.width
        if not width or not view:
            return
        index = BOARD_STAGES.index(column.id.removeprefix("col-"))
        x = board.scroll_x
        if index * width < x:
            x = index * width
        elif (index + 1) * width > x + view:
            x = -(-((index + 1) * width - view) // width) * width  # the next whole column boundary
        board.scroll_to(x=x, animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        column = event.option_list
        # Near the end of what is loaded: ask for the next page before the cursor gets there.
        if event.option_index >= column.option_count - PREFETCH:
            self._load_more(column.id.removeprefix("col-"))

    @staticmethod
    def _card(card) -> Text:
        text = Text(card.name, style="bold")
        if card.company:
            text.append(f"\n{card.company}", style="dim")
        text.append(f"\n{card.temperature}", style=TEMPERATURE_STYLES.get(card.temperature, ""))
        text.append(f" · {card.score}")
        if card.value_cents is not None:  # a line of its own: a column is too narrow to share it
            text.append(f"\n{format_money(card.value_cents, card.value_currency)}", style="green")
        return text

    def _focused_column(self) -> OptionList | None:
        focused = self.focused
        return focused if isinstance(focused, OptionList) and focused.id.startswith("col-") else None

    def current_lead(self) -> int | None:
        column = self._focused_column()
        if column is None or column.highlighted is None or not column.option_count:
            return None
        return int(column.get_option_at_index(column.highlighted).id)

    def action_column(self, step: int) -> None:
        column = self._focused_column()
        index = BOARD_STAGES.index(column.id.removeprefix("col-")) if column else 0
        target = BOARD_STAGES[max(0, min(len(BOARD_STAGES) - 1, index + step))]
        self.query_one(f"#col-{target}", OptionList).focus()

    def action_move(self, step: int) -> None:
        lead_id = self.current_lead()
        if lead_id is None:
            return
        # The step starts from the stage stored now, which may not be the column it shows in.
        moved, result = attempt(self, leads.step_stage, self.app.ctx, lead_id, step)
        if not moved:
            return
        if result.after is None:
            if result.before == "disqualified":
                self.notify("A disqualified lead goes back to a stage with g on the lead (Enter opens it)",
                            severity="warning")
            else:
                self.notify("Already at the end of the pipeline" if step > 0 else "Already at the first stage",
                            severity="warning")
            if result.before != self._focused_column().id.removeprefix("col-"):
                self._follow = (result.before, lead_id)  # it had been moved elsewhere: show where
                self.app.data_changed()
            return

        self._follow = (result.after, lead_id)
        self.notify(f"Moved to {stage_label(result.after)} (u undoes it)")
        self.app.data_changed()

    def action_pick_stage(self) -> None:
        lead_id = self.current_lead()
        if lead_id is None:
            return

        def picked(stage: str | None) -> None:
            if stage is None or not attempt(self, leads.change_stage, self.app.ctx, lead_id, stage)[0]:
                return
            self._follow = (stage, lead_id)
            self.notify(f"Moved to {stage_label(stage)} (u undoes it)")
            self.app.data_changed()

        current = self._focused_column().id.removeprefix("col-")
        self.app.push_screen(ChoiceDialog("Move to stage", list(STAGES.items()), current, CLOSING_LETTERS), picked)

    def action_open(self) -> None:
        lead_id = self.current_lead()
        if lead_id is not None:
            self.app.open_lead(lead_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

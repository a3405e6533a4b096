"""The pipeline board: a column per stage with its count and deal value; ] and [ move a lead."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from leadtui.board.pipeline import BOARD_STAGES, Board, load_board_in_worker, move_lead
from leadtui.money import format_money
from leadtui.screens.base import DataScreen
from leadtui.screens.guard import attempt
from leadtui.screens.widgets.cells import TEMPERATURE_STYLES
from leadtui.vocab import stage_label


class BoardScreen(DataScreen):
    BINDINGS = [
        Binding("right_square_bracket,greater_than_sign", "move(1)", "Next stage",
                tooltip="Move the lead to the next stage", id="board.next"),
        Binding("left_square_bracket,less_than_sign", "move(-1)", "Back a stage",
                tooltip="Move the lead back a stage", id="board.back"),
        Binding("right", "column(1)", "Next column", show=False, id="board.right"),
        Binding("left", "column(-1)", "Previous column", show=False, id="board.left"),
        Binding("enter", "open", "Open", tooltip="Open the lead", show=False, id="board.open"),
        Binding("r", "reload_now", "Refresh", show=False, id="board.refresh"),
    ]

    class Loaded(Message):
        def __init__(self, board: Board) -> None:
            super().__init__()
            self.board = board

    board: Board | None = None
    _follow: tuple[str, int] | None = None  # the card just moved: (its new stage, lead id)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="board"):
            for stage in BOARD_STAGES:
                with Vertical(classes="board-column"):
                    yield Static("", id=f"head-{stage}", classes="board-head")
                    yield OptionList(id=f"col-{stage}", classes="board-cards")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Pipeline"
        self.reload()
        self.query_one(f"#col-{BOARD_STAGES[0]}", OptionList).focus()

    def reload(self) -> None:
        self._load()

    def action_reload_now(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="board")
    def _load(self) -> None:
        loaded, board = attempt(self, load_board_in_worker, self.app.ctx)
        if loaded:
            self.post_message(self.Loaded(board))

    def on_board_screen_loaded(self, message: Loaded) -> None:
        self.board = message.board
        total = 0
        for column in message.board.columns:
            total += column.count
            head = Text(column.label, style="bold")
            head.append(f"  {column.count}", style="cyan")
            if column.value_cents:
                head.append(f"\n{format_money(column.value_cents, message.board.currency)}", style="green")
            self.query_one(f"#head-{column.stage}", Static).update(head)
            cards = self.query_one(f"#col-{column.stage}", OptionList)
            keep = cards.highlighted
            cards.clear_options()
            cards.add_options([Option(self._card(card), id=str(card.id)) for card in column.cards])
            if column.cards:
                cards.highlighted = min(keep or 0, len(column.cards) - 1)
        self.sub_title = f"{total:,} leads"
        if self._follow:  # the moved card keeps the cursor, in its new column
            stage, lead_id = self._follow
            self._follow = None
            cards = self.query_one(f"#col-{stage}", OptionList)
            cards.focus()
            ids = [cards.get_option_at_index(i).id for i in range(cards.option_count)]
            if str(lead_id) in ids:
                cards.highlighted = ids.index(str(lead_id))

    @staticmethod
    def _card(card) -> Text:
        text = Text(card.name, style="bold")
        if card.company:
            text.append(f"\n{card.company}", style="dim")
        text.append(f"\n{card.temperature}", style=TEMPERATURE_STYLES.get(card.temperature, ""))
        text.append(f" · {card.score}")
        if card.value_cents is not None:
            text.append(f" · {format_money(card.value_cents, card.value_currency)}", style="green")
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
        moved, stage = attempt(self, move_lead, self.app.ctx, lead_id, step)
        if not moved:
            return
        if stage is None:
            self.notify("Already at the end of the pipeline" if step > 0 else "Already at the first stage",
                        severity="warning")
            return

        self._follow = (stage, lead_id)
        self.notify(f"Moved to {stage_label(stage)} (u undoes it)")
        self.app.data_changed()

    def action_open(self) -> None:
        lead_id = self.current_lead()
        if lead_id is not None:
            self.app.open_lead(lead_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

"""The pipeline board: leads in a column per stage with each column's count and deal value.
Cards are read a page at a time by key (score, id), so a column of any length scrolls without
loading all of it; moving a card one stage forward or back is `leads.step_stage`. Headless:
the Board screen and any other caller read the same frozen `Board` and `ColumnPage`."""

from leadtui.board.pipeline import (
    Board,
    BoardCard,
    BoardColumn,
    ColumnPage,
    column_page,
    load_board,
)

__all__ = ["Board", "BoardCard", "BoardColumn", "ColumnPage", "column_page", "load_board"]

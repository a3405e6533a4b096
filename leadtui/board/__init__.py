"""The pipeline board: leads in a column per stage with each column's count and deal value, and
moving a lead one stage forward or back. Cards are read a page at a time by key (score, id), so
a column of any length scrolls without loading all of it. Headless: the Board screen and any
other caller read the same frozen `Board` and `ColumnPage`."""

from leadtui.board.pipeline import (
    Board,
    BoardCard,
    BoardColumn,
    ColumnPage,
    column_page,
    load_board,
    move_lead,
)

__all__ = ["Board", "BoardCard", "BoardColumn", "ColumnPage", "column_page", "load_board", "move_lead"]

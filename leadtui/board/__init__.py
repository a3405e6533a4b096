"""The pipeline board: leads in a column per stage with each column's count and deal value, and
moving a lead one stage forward or back. Headless: the Board screen and any other caller read
the same frozen `Board`."""

from leadtui.board.pipeline import Board, BoardCard, BoardColumn, load_board, move_lead

__all__ = ["Board", "BoardCard", "BoardColumn", "load_board", "move_lead"]

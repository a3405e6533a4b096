"""Textual screens. They call leadtui services and never build SQL."""

from pathlib import Path

# Styles of every screen and dialog but the two the app starts on (those are in app.tcss):
# read when the first such screen opens.
SCREENS_CSS = Path(__file__).with_name("screens.tcss")

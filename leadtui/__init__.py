"""leadtui: a keyboard-driven, offline lead tracker for the terminal."""

__version__ = "0.1.0"

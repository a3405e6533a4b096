"""Textual screens. They call leadtui services and never build SQL."""

"""The Textual shell: the app (its start, modes, keys, the change-check timer), what each
tick asks (`timers`), and the cycle collector paused while the TUI starts. The screens
are in `leadtui.screens`.
"""

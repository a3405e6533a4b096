"""Keeping the user's data safe: backups, restore, and recomputes that finish.

`backup` makes consistent copies of the live database while other processes
write (VACUUM INTO reads one snapshot), keeps a rolling set of daily copies in
`backups/` beside the database, and restores a checked copy into the live file
through SQLite's backup API, so every open connection sees the restored data.
Headless: the CLI (`leadtui backup`, `leadtui restore`) and the TUI call it.
"""

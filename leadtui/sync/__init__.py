"""The offline laptop: a SQLite copy of what a member may see of the team's server, worked on
offline, and `leadtui sync` to exchange changes both ways with nothing silently lost.

What lives here: the three-way merge of one record (`merge`), reading and writing the synced
records the same way on both engines (`records`), one sync (`run`) and the conflicts it keeps
for the user to resolve (`conflicts`). No textual here.
"""

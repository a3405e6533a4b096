"""The lead record and its history: what its fields are (`fields`), its version and the refusal
of a stale save (`versions`), its likely twins (`dedupe`), its tracked changes and their events
(`lifecycle`), the read models the services hand out (`readmodels`), when it goes stale
(`staleness`), the undo log (`undo`) and the stored progress of a rescore (`progress`). Every
writer (the services, imports, merges, sync) builds on these; they import nothing above the
config, the kit and the database (the undo log takes the context its caller passes).
"""

"""The lead record: what its fields are (`fields`), its version and the refusal of a stale save
(`versions`), its likely twins (`dedupe`), and its tracked changes and their events
(`lifecycle`). Every writer (the services, imports, merges, sync) builds on these; they import
nothing above the kit and the database.
"""

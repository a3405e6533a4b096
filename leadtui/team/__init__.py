"""Team mode: several people on one shared database (PostgreSQL through a URL).

What lives here: the team's members and what each may do, enforced by the server itself
(`roles`: login and group roles, grants, row-level security), and copying a whole database
between SQLite and PostgreSQL (`copy`, bulk-loaded by `loading`). Lead owners and the check
that refuses a save over someone else's change live below every writer (leadtui.finding.owners,
leadtui.record.versions); the engine pieces (URLs, the PostgreSQL counterparts of SQLite-only
features) are in leadtui.db. No textual here.
"""

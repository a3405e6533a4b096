"""Team mode: several people on one shared database (PostgreSQL through a URL).

What lives here: copying a whole database between SQLite and PostgreSQL
(`copy`), lead owners and distributing unowned leads across the team
(`owners`), and refusing saves based on a lead someone else changed meanwhile
(`versions`). The engine pieces themselves (URLs, the PostgreSQL counterparts
of SQLite-only features) are in leadtui.db. No textual here.
"""

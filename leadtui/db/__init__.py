"""Storage: Peewee models on a deferred database, opened by `init_db`."""

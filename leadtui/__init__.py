"""leadtui: a keyboard-driven, offline lead tracker for the terminal."""

import sys

__version__ = "0.1.0"


def _import_peewee_without_drivers() -> None:
    """Import peewee with its PostgreSQL drivers hidden: it imports every one it finds.

    psycopg alone adds ~90 ms to every command; db/postgres.py loads it itself
    when a PostgreSQL URL is opened.
    """
    if "peewee" in sys.modules:
        return
    hidden = [name for name in ("psycopg", "psycopg2", "psycopg2cffi") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # makes `import name` raise ImportError
    try:
        import peewee  # noqa: F401
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


_import_peewee_without_drivers()

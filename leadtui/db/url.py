"""Where the data lives: a file path or a database server URL.

`--db`, `LEADTUI_DB` and `database` in config.toml take either. Anything with
`://` is a URL and never a file name: `postgresql://user@host:5432/leads`
opens a shared PostgreSQL database, `sqlite:///path/leads.db` is the same as
the plain path. A URL's password never reaches a message or `leadtui where`:
`str()` of a `DatabaseUrl` hides it, and libpq may take it from PGPASSWORD or
~/.pgpass instead. Importing this module loads no driver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit


class UnusableTarget(ValueError):
    """A database location (URL or path) leadtui cannot use; the message says why (config turns
    it into a ConfigError)."""


POSTGRES_SCHEMES = ("postgresql", "postgres")
_PASSWORD_IN_QUERY = re.compile(r"([?&]password=)[^&#]*", re.I)
# Characters a password in a URL must have percent-encoded; unencoded, libpq misreads the URL.
URL_SPECIAL = "#/?@"


def _split_password(url: str) -> tuple[str, str, str] | None:
    """(what comes before, the password as written, what comes after) for `user:password@host`.

    The password runs from the first ':' after '//' to the last '@', so one written with an
    unencoded '#', '/', '?' or '@' is still found (and hidden) whole.
    """
    head, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return None
    userinfo, _, host = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not colon:
        return None
    return f"{head}://{user}:", password, f"@{host}"


@dataclass(frozen=True)
class DatabaseUrl:
    """A PostgreSQL database by URL. `url` holds the password (if any); str() never does."""

    url: str

    @property
    def password(self) -> str:
        split = _split_password(self.url)
        if split is not None:
            return unquote(split[1])
        try:
            return parse_qs(urlsplit(self.url).query).get("password", [""])[0]
        except ValueError:
            return ""

    def redacted(self) -> str:
        split = _split_password(self.url)
        text = f"{split[0]}***{split[2]}" if split is not None else self.url
        return _PASSWORD_IN_QUERY.sub(r"\1***", text)

    def scrub(self, text: str) -> str:
        """`text` (an error message, say) with the password cut out, as written and decoded."""
        text = text.replace(self.url, self.redacted())
        split = _split_password(self.url)
        for secret in {self.password, split[1] if split is not None else ""} - {""}:
            text = text.replace(secret, "***")
        return text

    def __str__(self) -> str:
        return self.redacted()


Target = Path | DatabaseUrl


def is_url(value: str) -> bool:
    return "://" in value


def parse_target(value: str | Path) -> Target:
    """A path or URL as the user wrote it -> a Path or a DatabaseUrl; UnusableTarget when unusable."""
    if isinstance(value, Path | DatabaseUrl):
        return value
    text = str(value).strip()
    if not is_url(text):
        return file_path(text)
    scheme = text.split("://", 1)[0].lower()
    if scheme == "sqlite":
        path = text.split("://", 1)[1]
        if not path or path == "/":
            raise UnusableTarget("a sqlite:// URL needs a file path, as in sqlite:///home/me/leads.db")
        return file_path(path)
    if scheme not in POSTGRES_SCHEMES:
        raise UnusableTarget(f"unsupported database URL {DatabaseUrl(text).redacted()}: use postgresql://user@host:port/dbname "
                          "or a file path")
    split = _split_password(text)
    if split is not None and any(ch in split[1] for ch in URL_SPECIAL):
        raise UnusableTarget(f"the password in the database URL {DatabaseUrl(text).redacted()} holds "
                             "'#', '/', '?' or '@': write them as %23, %2F, %3F and %40, or leave the "
                             "password out and let PGPASSWORD or ~/.pgpass give it")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018  (raises ValueError for a bad port)
    except ValueError as exc:
        url = DatabaseUrl(text)
        raise UnusableTarget(f"bad database URL {url.redacted()}: {url.scrub(str(exc))}") from None
    if not parts.path.strip("/"):
        raise UnusableTarget(f"the database URL {DatabaseUrl(text).redacted()} names no database "
                          "(postgresql://user@host:port/dbname)")
    return DatabaseUrl(text)


def file_path(text: str) -> Path:
    """A database file's path as typed, `~` and `~user` expanded.

    `:memory:` and SQLite's `file:` names are refused: SQLite would keep the data in memory (or
    open what the URI's parameters say) and every change would be gone when the command ends.
    """
    if text == ":memory:" or text.startswith("file:"):
        raise UnusableTarget(f"{text!r} is not a file: leadtui keeps its data in a database file; "
                          "give its path (e.g. ~/leads.db)")
    return expand(text)


def expand(text: str) -> Path:
    """`~` and `~user` expanded; UnusableTarget for a user that does not exist."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise UnusableTarget(f"cannot expand {text.split('/', 1)[0]!r} in {text!r}: no such user") from None

"""One folding of text for comparisons and search, the same on every engine.

`fold` is what the SQL function lt_fold does (lower case, Unicode-aware);
`search_fold` also drops accents the way SQLite's FTS5 tokenizer does
(`remove_diacritics 2`), so "Jyväskylä" finds "jyvaskyla" on both engines.
PostgreSQL gets the same accent table as a translate() call (see db/postgres.py).
"""

from __future__ import annotations

import re
import unicodedata


def fold(value):
    """Unicode-aware lower case for SQL comparisons (SQLite's lower() is ASCII only).

    ß folds to ss (as Unicode case folding does), so "strasse" and "Straße" are one word.
    """
    return value.lower().replace("ß", "ss") if isinstance(value, str) else value


def _accent_table() -> tuple[str, str]:
    plain, accented = [], []
    for cp in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        if ch.lower() != ch:
            continue
        base = unicodedata.normalize("NFKD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            accented.append(ch)
            plain.append(base.lower())
    return "".join(accented), "".join(plain)


ACCENTED, PLAIN = _accent_table()
_STRIP = str.maketrans(ACCENTED, PLAIN)
WORD_RE = re.compile(r"[^\W_]+")


def search_fold(text: str) -> str:
    return fold(text).translate(_STRIP)


def spellings(word: str, limit: int = 8) -> list[str]:
    """`word` folded, and the ways it may be written with ß (an index that keeps ß needs them)."""
    folded = search_fold(word)
    found = [folded]
    start = folded.find("ss")
    while start >= 0 and len(found) < limit:
        found += [w[:start] + "ß" + w[start + 2:] for w in found if w[start:start + 2] == "ss"][: limit - len(found)]
        start = folded.find("ss", start + 2)
    return found


def search_tokens(text: str) -> list[str]:
    """The words a search index holds for `text`: letters and digits, folded."""
    return WORD_RE.findall(search_fold(text))

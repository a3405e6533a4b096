"""The list's query language, compiled to one peewee expression on Lead.

    temp:hot score>40 source:webinar        terms are ANDed
    -tag:partner  -temp:cold                 a leading minus negates a term
    (temp:hot OR temp:warm) owner:me         OR between terms, parentheses group
    "acme corp"  jane                        quoted or bare words: full-text search
    touched<30d  touched>30d  created<7d     relative times: h, d, w, m (months), y
    next<7d  next:overdue  next:none         follow-ups
    stale  archived  fits:no  contacted:no   flags
    phone:unverified  email:unverified       kept as written: an import could not check them
    activities>0                             counted from the activity table

`compile_query(text, ctx)` returns a `Compiled` (the expression, or None for
"everything", and whether archived leads are included). Every problem is a
`QueryError` carrying the 1-based column where it was found and, where it can
guess, a suggestion.
"""

from __future__ import annotations

import difflib
import operator
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import reduce

from peewee import fn

from leadtui.context import Context
from leadtui.db import dialect
from leadtui.db.fold import fold
from leadtui.db.models import Activity, Lead, LeadTag
from leadtui.errors import InvalidInput
from leadtui.kit.clock import local_day_bounds
from leadtui.kit.money import parse_amount
from leadtui.kit.vocab import (
    CLOSED_STAGES,
    DIRECTIONS,
    LEAD_KINDS,
    OPEN_STAGES,
    QUALIFICATIONS,
    STAGE_NUMBERS,
    STAGES,
    TEMPERATURES,
    parse_stage,
)
from leadtui.record.fields import names_where
from leadtui.record.staleness import stale_condition
from leadtui.scoring.icp import fits_condition, load_profile

MAX_TERMS = 64
MAX_DEPTH = 32
MAX_NUMBER = 2**53


class QueryError(InvalidInput):
    """A query that cannot be compiled; `position` is the 1-based column of the problem."""

    def __init__(self, message: str, position: int, suggestion: str | None = None) -> None:
        super().__init__(f"{message} at {position}" + (f"; did you mean {suggestion}?" if suggestion else ""))
        self.position = position
        self.suggestion = suggestion
        self.detail = message


@dataclass
class Compiled:
    where: object | None  # a peewee expression on Lead, or None for every lead
    include_archived: bool = False
    mentions_fits: bool = False  # a `fits` term: prospects off the profile are not left out


# ---- fields ------------------------------------------------------------------

ENUM_FIELDS = {
    "temp": ("temperature", (*TEMPERATURES, "closed")),
    "kind": ("kind", LEAD_KINDS),
    "qual": ("qualification", tuple(QUALIFICATIONS)),
    "direction": ("direction", DIRECTIONS),
}
EXACT_TEXT = names_where(search="exact")  # stored as short keys: whole-value match
CONTAINS_TEXT = names_where(search="contains")
NUMBER_FIELDS = {
    "score": "score", "fit": "fit_score", "engagement": "engagement_score", "activities": None,
    **{name: name for name in names_where(search="number")},
}
TIME_FIELDS = {"touched": "last_touched_at", "created": "created_at", "next": "next_follow_up_at",
               "contacted": "first_contacted_at"}
YES_NO_FIELDS = ("fits", "contacted", "archived", "stale", "pinned")
FLAGS = ("stale", "archived", "pinned", "fits", "contacted")
ALIASES = {
    "temperature": "temp", "qualification": "qual", "tags": "tag", "dir": "direction",
    "activity": "activities", "acts": "activities", "fit_score": "fit", "city": "location",
    "mail": "email", "e-mail": "email", "org": "company", "engaged": "engagement",
    "follow": "next", "followup": "next", "fits_profile": "fits",
}
FIELDS = sorted({"stage", "tag", *ENUM_FIELDS, *EXACT_TEXT, *CONTAINS_TEXT, *NUMBER_FIELDS,
                 *TIME_FIELDS, *YES_NO_FIELDS})
YES = ("yes", "y", "true", "1")
NO = ("no", "n", "false", "0")
UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1),
         "m": timedelta(days=30), "mo": timedelta(days=30), "y": timedelta(days=365)}

# ---- tokens ------------------------------------------------------------------


@dataclass
class Token:
    kind: str  # term, phrase, lparen, rparen, or, not
    pos: int  # 1-based
    text: str = ""
    field: str = ""
    op: str = ""
    value: str = ""
    value_pos: int = 0


TERM_RE = re.compile(r"([A-Za-z][A-Za-z_-]*)(>=|<=|!=|:|>|<|=)(.*)\Z", re.S)
SEPARATORS = "()\""


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch == "\x00"


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    """Text from the quote at i to its closing quote; returns (content, index after it)."""
    end = text.find('"', i + 1)
    if end < 0:
        raise QueryError("unclosed quote", i + 1)
    return text[i + 1 : end], end + 1


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if _is_space(ch):
            i += 1
        elif ch == "(":
            tokens.append(Token("lparen", i + 1))
            i += 1
        elif ch == ")":
            tokens.append(Token("rparen", i + 1))
            i += 1
        elif ch == "-" and (i + 1 >= n or _is_space(text[i + 1]) or text[i + 1] == ")"):
            raise QueryError("expected a term after '-'", i + 1)
        elif ch == "-":
            tokens.append(Token("not", i + 1))
            i += 1
        elif ch == '"':
            content, j = _read_quoted(text, i)
            tokens.append(Token("phrase", i + 1, content))
            i = j
        else:
            j = i
            while j < n and not _is_space(text[j]) and text[j] not in SEPARATORS:
                j += 1
            word = text[i:j]
            match = TERM_RE.match(word)
            if word in ("OR", "|", "||"):
                tokens.append(Token("or", i + 1, word))
            elif word in ("AND", "&", "&&"):
                tokens.append(Token("and", i + 1, word))  # implied anyway; checked for its terms
            elif word == "NOT":
                tokens.append(Token("not", i + 1))
            elif match:
                name, op, value = match.groups()
                value_pos = i + len(name) + len(op) + 1
                if not value and j < n and text[j] == '"':
                    value, j = _read_quoted(text, j)
                tokens.append(Token("term", i + 1, text[i:j], name.lower(), op, value, value_pos))
            else:
                tokens.append(Token("term", i + 1, word))
            i = j
    return tokens


# ---- parser: or_expr := and_expr (OR and_expr)* ; and_expr := unary+ ;
#              unary := NOT unary | '(' or_expr ')' | term | phrase ---------------


@dataclass
class Node:
    op: str  # and, or, not, term
    children: list
    token: Token | None = None


class _Parser:
    def __init__(self, tokens: list[Token], length: int) -> None:
        self.tokens = tokens
        self.i = 0
        self.end = length + 1
        self.depth = 0
        self.terms = 0

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def where(self) -> int:
        tok = self.peek()
        return tok.pos if tok else self.end

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:  # only a stray ')' stops an or_expr early
            raise QueryError("unexpected ')'", tok.pos)
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Node("or", parts)

    def and_expr(self) -> Node:
        parts = []
        while (tok := self.peek()) is not None and tok.kind not in ("or", "rparen"):
            if tok.kind == "and":  # an explicit AND needs a term on each side, like OR
                if not parts:
                    raise QueryError(f"expected a term before '{tok.text}'", tok.pos)
                self.i += 1
                after = self.peek()
                if after is None or after.kind in ("or", "rparen", "and"):
                    what = "the end" if after is None else f"'{after.text or ')'}'"
                    raise QueryError(f"expected a term after '{tok.text}', not {what}", self.where())
                continue
            parts.append(self.unary())
        if not parts:
            tok = self.peek()
            what = f"'{tok.text}'" if tok and tok.kind == "or" else ("')'" if tok else "the end")
            raise QueryError(f"expected a term before {what}", self.where())
        return parts[0] if len(parts) == 1 else Node("and", parts)

    def unary(self) -> Node:
        tok = self.peek()
        if tok.kind == "not":
            self.i += 1
            if self.peek() is None or self.peek().kind in ("or", "rparen", "and"):
                raise QueryError("expected a term after '-'", self.where())
            return self._nested(lambda: Node("not", [self.unary()]), tok)
        if tok.kind == "lparen":
            self.i += 1
            node = self._nested(self.or_expr, tok)
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise QueryError(f"missing ')' (opened at {tok.pos})", self.where())
            self.i += 1
            return node
        self.i += 1
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many terms (at most {MAX_TERMS})", tok.pos)
        return Node("term", [], tok)

    def _nested(self, parse, tok: Token) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError("too deeply nested", tok.pos)
        try:
            return parse()
        finally:
            self.depth -= 1


def parse(text: str) -> Node | None:
    return _Parser(tokenize(text), len(text)).parse()


# ---- compiling terms ---------------------------------------------------------


class _Compiler:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.include_archived = False
        self.mentions_fits = False
        self._min_share: float | None = None

    def compile(self, node: Node | None, negated: bool = False):
        """Returns a peewee expression, or None meaning "every lead"."""
        if node is None:
            return None
        if node.op == "not":
            child = node.children[0]
            if child.op == "term" and child.token.kind == "term" and child.token.text.lower() == "archived":
                return Lead.archived == False  # noqa: E712  (-archived: the default, explicitly)
            inner = self.compile(child, not negated)
            return None if inner is None else ~inner
        if node.op in ("and", "or"):
            children, words = node.children, []
            if node.op == "and":
                children, words = _gather_words(node.children)
            parts = [self.compile(c, negated) for c in children]
            if words:  # one look-up in the search index for all of them
                parts.append(full_text(words))
            if node.op == "and":
                parts = [p for p in parts if p is not None]
                return reduce(operator.and_, parts) if parts else None
            if any(p is None for p in parts):
                return None
            return reduce(operator.or_, parts)
        return self.term(node.token)

    # -- single terms --

    def term(self, tok: Token):
        if tok.kind == "phrase":
            return self.text(tok.text, tok.pos)
        if not tok.field:
            flag = tok.text.lower()
            if flag in FLAGS:
                return self.flag(flag, "yes", tok)
            return self.text(tok.text, tok.pos)
        name = ALIASES.get(tok.field, tok.field)
        if name not in FIELDS:
            close = difflib.get_close_matches(tok.field, FIELDS + list(ALIASES), n=1)
            raise QueryError(f"unknown field '{tok.field}'", tok.pos,
                             ALIASES.get(close[0], close[0]) if close else None)
        value = tok.value.strip()
        if not value:
            raise QueryError(f"expected a value after '{tok.field}{tok.op}'", tok.value_pos)
        if name in NUMBER_FIELDS:
            return self.number(name, tok, value)
        if name in ("touched", "created", "next") or (name == "contacted" and tok.op != ":"):
            return self.time(name, tok, value)
        if name in YES_NO_FIELDS:
            self._only_colon(tok)
            return self.flag(name, value.lower(), tok)
        if name == "stage":
            return self.stage(tok, value)
        self._only_colon(tok)
        if name in ENUM_FIELDS:
            column, choices = ENUM_FIELDS[name]
            key = value.lower()
            if name == "direction":
                key = {"in": "inbound", "out": "outbound"}.get(key, key)
            if key not in choices:
                raise QueryError(f"unknown {name} '{value}' (one of: {', '.join(choices)})", tok.value_pos,
                                 _close(key, choices))
            if name == "temp":  # won, lost and disqualified leads are closed, never hot
                if key == "closed":
                    return Lead.stage.in_(CLOSED_STAGES)
                return (Lead.temperature == key) & Lead.stage.not_in(CLOSED_STAGES)
            return getattr(Lead, column) == key
        if name == "tag":
            tag = value.lower().lstrip("#")
            return Lead.id.in_(LeadTag.select(LeadTag.lead).where(LeadTag.tag == tag))
        if name == "owner":
            special = self.owner(value)
            if special is not None:
                return special
        if name in ("phone", "email") and value.lower() in ("unverified", "verified"):
            mark = getattr(Lead, f"{name}_unverified")
            column = getattr(Lead, name)
            if value.lower() == "unverified":
                return mark == True  # noqa: E712
            return (mark == False) & (column != "")  # noqa: E712
        column = getattr(Lead, name)
        if not value.strip("*"):  # "email:*": has any value at all
            return column.is_null(False) & (column != "")
        if "*" in value:
            return dialect.wildcard(fn.lt_fold(column), fold(value))
        if name in EXACT_TEXT:
            return fn.lt_fold(column) == fold(value)
        return dialect.contains(fn.lt_fold(column), fold(value))

    def owner(self, value: str):
        """owner:me (my name or e-mail), owner:none (nobody's yet); None for a plain name."""
        key = value.lower()
        if key == "none":
            return Lead.owner == ""
        if key != "me":
            return None
        mine = [fold(v) for v in (self.ctx.config.owner, self.ctx.config.owner_email) if v]
        return fn.lt_fold(Lead.owner).in_(mine) if mine else Lead.owner == ""

    def _only_colon(self, tok: Token) -> None:
        if tok.op not in (":", "="):
            raise QueryError(f"'{tok.field}' takes ':' (as in {tok.field}:value), not '{tok.op}'", tok.pos)

    def text(self, text: str, pos: int):
        # Only words the full-text index can hold; others would match nothing or fail.
        words = [w for w in text.replace("\x00", " ").split() if any(ch.isalnum() for ch in w)]
        if not words:
            if text.strip():
                raise QueryError("nothing to search for in " + repr(text.strip()[:20]), pos)
            return None
        return full_text(words)

    def flag(self, name: str, value: str, tok: Token):
        if value in YES:
            yes = True
        elif value in NO:
            yes = False
        else:
            raise QueryError(f"'{name}' takes yes or no, not '{value}'", tok.value_pos or tok.pos)
        if name == "stale":
            cond = stale_condition(self.ctx.now())
        elif name == "archived":
            if yes and not tok.field:  # the bare flag: include archived leads
                self.include_archived = True
                return None
            self.include_archived = self.include_archived or yes
            return Lead.archived == yes
        elif name == "pinned":
            cond = Lead.temperature_pinned == True  # noqa: E712
        elif name == "contacted":
            cond = Lead.first_contacted_at.is_null(False)
        else:
            self.mentions_fits = True
            cond = fits_condition(self.min_share())
        return cond if yes else ~cond

    def min_share(self) -> float:
        if self._min_share is None:
            self._min_share = load_profile().min_share
        return self._min_share

    def number(self, name: str, tok: Token, value: str):
        low, high = _number_range(value, tok)
        if name == "activities":
            column = (Activity.select(fn.COUNT(Activity.id)).where(Activity.lead == Lead.id))
            guard = None
        else:
            column = getattr(Lead, NUMBER_FIELDS[name])
            guard = column.is_null(False) if name not in ("score", "fit", "engagement") else None
        if high is not None:
            if tok.op not in (":", "="):
                raise QueryError(f"a range takes ':' (as in {tok.field}:{value})", tok.pos)
            cond = (column >= low) & (column <= high)
        else:
            cond = {":": column == low, "=": column == low, "!=": column != low, ">": column > low,
                    ">=": column >= low, "<": column < low, "<=": column <= low}[tok.op]
        return cond if guard is None else guard & cond

    def time(self, name: str, tok: Token, value: str):
        now = self.ctx.now()
        column = getattr(Lead, TIME_FIELDS[name])
        key = value.lower()
        if name == "next" and tok.op in (":", "="):
            if key == "overdue":
                return column.is_null(False) & (column < now)
            if key in ("none", "no"):
                return column.is_null()
            if key in ("yes", "any"):
                return column.is_null(False)
            if key == "today":
                start, end = local_day_bounds(now)
                return column.is_null(False) & (column < end)
        span = _duration(value, tok)
        try:
            mark = now + span if name == "next" else now - span
        except OverflowError:
            raise QueryError(f"'{value}' is too far away", tok.value_pos) from None
        op = tok.op
        if op in (":", "="):
            op = "<"
        if op not in ("<", "<=", ">", ">="):
            raise QueryError(f"'{tok.field}' takes < or > (as in {tok.field}<7d), not '{tok.op}'", tok.pos)
        within = op in ("<", "<=")
        if name == "next":  # due within / due later than
            cond = (column <= mark) if within else (column > mark)
        else:  # happened within / longer ago than
            cond = (column >= mark) if within else (column < mark)
        return column.is_null(False) & cond

    def stage(self, tok: Token, value: str):
        if tok.op in (":", "="):
            key = value.lower()
            if key == "open":
                return Lead.stage.in_(OPEN_STAGES)
            if key == "closed":
                return Lead.stage.not_in(OPEN_STAGES)
            try:
                return Lead.stage == parse_stage(value)
            except InvalidInput:
                choices = [*STAGE_NUMBERS, *STAGES, "open", "closed"]
                raise QueryError(
                    f"unknown stage '{value}' (one of: 1-5, {', '.join(STAGES)}, open, closed)",
                    tok.value_pos, _close(key, choices[5:])) from None
        if value not in STAGE_NUMBERS:
            raise QueryError(f"expected a stage number 1-5 after '{tok.field}{tok.op}'", tok.value_pos)
        number = int(value)
        test = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
                "!=": operator.ne}[tok.op]
        stages = [s for n, s in STAGE_NUMBERS.items() if test(int(n), number)]
        return Lead.stage.in_(stages) if stages else Lead.id.is_null()


def _words(node: Node) -> list[str]:
    """The words a plain-text term searches for (none: not such a term, or nothing to search)."""
    tok = node.token
    if node.op != "term" or tok.field or (tok.kind == "term" and tok.text.lower() in FLAGS):
        return []
    return [w for w in tok.text.replace("\x00", " ").split() if any(ch.isalnum() for ch in w)]


def _gather_words(children: list[Node]) -> tuple[list[Node], list[str]]:
    """The terms of an AND other than plain text, and the words of those (when more than one):
    every word in one search-index look-up, instead of a look-up for each fetching its matches."""
    texts = [c for c in children if _words(c)]
    if len(texts) < 2:
        return children, []
    return [c for c in children if not _words(c)], [w for c in texts for w in _words(c)]


def full_text(words: list[str]):
    """Leads whose name, company, e-mail, phone, location, interest or notes hold every word (as a prefix)."""
    return dialect.search(Lead.id, words)


def _close(word: str, choices) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return close[0] if close else None


def _number(text: str, tok: Token) -> int:
    """A number as every amount is read ("40k", "1.5m", "€35,000"; leadtui.kit.money)."""
    try:
        value, _ = parse_amount(text)
    except InvalidInput:
        value = None
    if value is None:
        raise QueryError(f"expected a number after '{tok.field}{tok.op}'", tok.value_pos)
    if abs(value) > MAX_NUMBER:
        raise QueryError("number too large", tok.value_pos)
    return int(value)


def _number_range(value: str, tok: Token) -> tuple[int, int | None]:
    if ".." in value:
        low, high = value.split("..", 1)
        return _number(low, tok), _number(high, tok)
    return _number(value, tok), None


DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(h|d|w|mo|m|y)?\Z", re.I)


def _duration(value: str, tok: Token) -> timedelta:
    match = DURATION_RE.match(value.strip())
    if not match:
        raise QueryError(f"expected a time span like 30d, 2w, 3m after '{tok.field}{tok.op}'", tok.value_pos)
    amount = float(match.group(1))
    if amount > 100_000:
        raise QueryError(f"'{value}' is too far away", tok.value_pos)
    return UNITS[(match.group(2) or "d").lower()] * amount


def compile_query(text: str, ctx: Context) -> Compiled:
    """Compile the query language to one peewee expression; raises QueryError."""
    compiler = _Compiler(ctx)
    where = compiler.compile(parse(text or ""))
    return Compiled(where=where, include_archived=compiler.include_archived,
                    mentions_fits=compiler.mentions_fits)

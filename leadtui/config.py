"""Where data lives and the user's settings (config.toml, read with tomllib).

Example config.toml:

    database = "~/leads/leads.db"      # or postgresql://anna@db.example:5432/leads
    owner = "anna"                      # who "owner:me" means
    owner_email = "anna@example.com"    # "owner:me" matches leads owned by this too
    default_region = "FI"               # phone numbers without +country
    tick_seconds = 60                   # how often the TUI re-checks staleness
    start_screen = "today"              # the screen the TUI opens on: today, leads, pipeline, …
    date_order = "DMY"                  # slash dates: DMY 24/12/2026, MDY 12/24/2026, YMD 2026/12/24
                                        # (default from LC_TIME/LANG; dotted dates are always D.M.Y)
    currency = "EUR"                    # deal values typed without a currency
    response_target = "24h"             # inbound leads answered within: "30m", "4h", "2d" or hours

    [staleness]                         # days without a touch before a lead is stale
    hot = 2
    warm = 7
    cold = 30

    [staleness.stage]                   # per-stage overrides, in days
    offer = 3

    [temperature]                       # score bands (when not pinned)
    warm = 20
    hot = 50

    [planner]                           # the sales goal behind `report plan` and Today's warning
    goal = 12                           # new customers a year (0: no goal, no warning)
    conversion_rate = 0.12              # leads -> customers when history is too short ("20%" too)

    [priority]                          # who comes first on Today (see leadtui.finding.priority)
    hot = 40

    [backups]                           # one automatic backup a day, at the first start
    keep = 7                            # how many to keep (0 switches them off)
    folder = "~/leads/backups"          # default: backups/ beside the database

    [team]                              # who gets new unowned leads, and how
    members = ["ann", "bob", "cy"]
    rule = "round-robin"                # or "fewest-open", "segment"

    [team.segments]                     # for rule = "segment": industry or location -> owner
    saas = "ann"
    helsinki = "bob"

    [mail]                              # `leadtui ingest` and the TUI's watched folders
    me = ["anna@example.fi", "anna.k@gmail.com"]   # your addresses besides owner_email
    watch = ["~/Mail/INBOX", "~/Mail/Sent"]       # Maildirs, mboxes or .ics files re-read on the tick

    [notify]                            # while the TUI runs: a hot lead goes stale, a follow-up comes due
    bell = true                         # ring the terminal bell
    osc = true                          # OSC 9 / OSC 777 desktop notifications (terminals that show them)
"""

from __future__ import annotations

import difflib
import getpass
import locale
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from leadtui.db.files import not_a_file
from leadtui.db.url import Target, UnusableTarget, expand, parse_target
from leadtui.errors import ConfigError
from leadtui.kit.vocab import STAGES, TEMPERATURES

APP_NAME = "leadtui"
DEFAULT_STALE_DAYS = {"hot": 2, "warm": 7, "cold": 30}
# The screens the TUI can open on, as their tabs are called (`start_screen`, `leadtui --open`).
START_SCREENS = ("today", "leads", "pipeline", "reports", "profile", "rules", "templates")


# Points behind Today's order (leadtui.finding.priority), from the source documents: hot leads fast,
# new inbound within the response target, an offer requested before a first interest, no lead
# forgotten (overdue and stale rise with time), and no second call on the day of a touch.
PRIORITY_STAGE_POINTS = {"interest": 0, "contact": 3, "nurture": 6, "offer": 15, "decision": 20}


@dataclass
class PriorityWeights:
    hot: float = 40
    warm: float = 20
    cold: float = 0
    score: float = 0.2  # per point of fit + engagement ...
    score_max: float = 20  # ... up to this many
    overdue: float = 20  # a follow-up past its day ...
    overdue_per_day: float = 4  # ... and more each day late ...
    overdue_days_max: float = 7  # ... for up to this many days
    due: float = 15  # a follow-up due today
    stale: float = 10  # untouched past its threshold ...
    stale_per_day: float = 1  # ... and more each day past it ...
    stale_days_max: float = 20  # ... for up to this many days
    inbound: float = 50  # new inbound awaiting first contact, at arrival ...
    inbound_at_target: float = 100  # ... rising to this when the response target is reached
    value: float = 5  # per tenfold of the deal value from 1,000 (1k: 5, 10k: 10, 100k: 15, 1M: 20)
    recent: float = -30  # touched within the last `recent_hours` (after it was added)
    recent_hours: float = 24
    stage: dict[str, float] = field(default_factory=lambda: dict(PRIORITY_STAGE_POINTS))


# A locale's language alone ("fi", "ru.UTF-8"): the country its speakers mostly live in.
LANGUAGE_COUNTRIES = {"fi": "FI", "sv": "SE", "da": "DK", "nb": "NO", "nn": "NO", "no": "NO",
                      "de": "DE", "ru": "RU", "et": "EE", "uk": "UA", "en": ""}


def region_of_locale(name: str) -> str:
    """"fi_FI.UTF-8" -> FI, "sv-SE" -> SE, "ru" -> RU; "" for C, POSIX and the unknown."""
    code = name.split(".")[0].split("@")[0].replace("-", "_")
    language, _, territory = code.partition("_")
    if len(territory) == 2 and territory.isalpha():
        return territory.upper()
    return LANGUAGE_COUNTRIES.get(language.lower(), "")


def locale_region() -> str:
    """The country of the user's locale as the environment names it (LC_ALL beats LC_CTYPE
    beats LANG), installed or not; else Python's current locale; "" when none says."""
    for var in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(var, "")
        if value:
            region = region_of_locale(value)
            if region:
                return region
    try:
        return region_of_locale(locale.getlocale()[0] or "")
    except ValueError:
        return ""


def _default_region() -> str:
    return locale_region() or "US"


# Locales that write slash dates month first or year first; every other one writes day first.
MDY_LOCALES = ("en_US", "es_US", "en_PH", "en_AS", "en_GU", "en_MP", "en_PR", "en_UM", "en_VI")
YMD_LANGUAGES = ("zh", "ja", "ko", "hu", "lt", "mn", "sv")
DATE_ORDERS = ("DMY", "MDY", "YMD")


def date_order_for_locale(name: str) -> str:
    """"fi_FI.UTF-8" -> DMY, "en_US" -> MDY, "sv_SE" -> YMD; C/POSIX and unknown -> DMY."""
    code = name.split(".")[0].split("@")[0].replace("-", "_")
    if code in MDY_LOCALES:
        return "MDY"
    if code.split("_")[0].lower() in YMD_LANGUAGES:
        return "YMD"
    return "DMY"


def _default_date_order() -> str:
    # POSIX precedence: LC_ALL beats LC_TIME beats LANG.
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return date_order_for_locale(value)
    return "DMY"


def _default_owner() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@dataclass
class Config:
    database: Target | None = None
    owner: str = field(default_factory=_default_owner)
    owner_email: str = ""
    team_members: list[str] = field(default_factory=list)
    team_rule: str = ""  # empty: new leads stay with whoever adds them
    team_segments: dict[str, str] = field(default_factory=dict)
    default_region: str = field(default_factory=_default_region)
    tick_seconds: float = 60.0
    start_screen: str = "today"  # one of START_SCREENS
    date_order: str = field(default_factory=_default_date_order)
    stale_days: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_STALE_DAYS))
    stage_stale_days: dict[str, float] = field(default_factory=dict)
    warm_at: int = 20
    hot_at: int = 50
    mql_engagement: int = 20
    sql_fit: int = 60
    currency: str = "EUR"
    response_target_hours: float = 24.0
    goal: int = 0
    conversion_rate: float = 0.12
    backup_keep: int = 7  # daily backups kept; 0 switches them off
    backup_folder: Path | None = None  # default: backups/ beside the database
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys ([keys])
    priority: PriorityWeights = field(default_factory=PriorityWeights)
    mail_me: list[str] = field(default_factory=list)  # your addresses besides owner_email ([mail] me)
    mail_watch: list[Path] = field(default_factory=list)  # re-read on the TUI's tick ([mail] watch)
    notify_bell: bool = True  # [notify] bell
    notify_osc: bool = True  # [notify] osc
    # True while `owner` is only the login name (config.toml sets none): a name for "owner:me",
    # never one to sign an e-mail with ("root").
    owner_is_login: bool | None = None

    def __post_init__(self) -> None:
        if self.owner_is_login is None:
            self.owner_is_login = bool(self.owner) and self.owner == _default_owner()

    def sender(self) -> str:
        """Who signs outreach: `owner` as config.toml sets it; "" while it is the login name."""
        return "" if self.owner_is_login else self.owner

    def my_addresses(self) -> frozenset[str]:
        """Every address that is you: owner_email and [mail] me, lower case."""
        return frozenset(a for a in (self.owner_email, *self.mail_me) if a)

    def stale_threshold_days(self, temperature: str, stage: str) -> float:
        if stage in self.stage_stale_days:
            return self.stage_stale_days[stage]
        return self.stale_days.get(temperature, DEFAULT_STALE_DAYS["cold"])

    def staleness_signature(self) -> str:
        """Changes whenever a threshold changes, so stored stale_at can be recomputed."""
        return repr((sorted(self.stale_days.items()), sorted(self.stage_stale_days.items())))


def user_config_path() -> Path:
    env = os.environ.get("LEADTUI_CONFIG")
    if env:
        return user_path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def user_data_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "leads.db"


def database_target(value: str) -> Target:
    """A path or URL as the user wrote it; a URL leadtui cannot use is a ConfigError."""
    try:
        return parse_target(value)
    except UnusableTarget as exc:
        raise ConfigError(str(exc)) from None


def user_path(text: str) -> Path:
    """A path as typed, `~` and `~user` expanded; a user that does not exist is a ConfigError."""
    try:
        return expand(text)
    except UnusableTarget as exc:
        raise ConfigError(str(exc)) from None


def resolve_db_path(cli_value: str | None, config: Config) -> Target:
    """--db beats LEADTUI_DB beats config.toml beats the platform data dir.

    Each may be a file path or a URL (see leadtui.db.url); a bad URL is a ConfigError.
    """
    if cli_value:
        return database_target(cli_value)
    env = os.environ.get("LEADTUI_DB")
    if env:
        return database_target(env)
    if config.database:
        return config.database
    return user_data_db_path()


def load_config(path: Path | None = None) -> Config:
    path = path or user_config_path()
    if not path.exists():
        return Config()
    kind = not_a_file(path)
    if kind:  # a FIFO would wait for ever, /dev/zero be read until memory runs out
        raise ConfigError(f"config {path} is {kind}, not a file")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"config {path} nests tables or lists too deeply to be a config") from None
    try:
        return config_from_dict(raw)
    except ConfigError as exc:
        raise ConfigError(f"config {path}: {exc}") from exc


MAX_DAYS = 3650  # ten years: any longer threshold is a typo
MAX_POINTS = 1000

# Every key config.toml may hold at the top level; anything else is a typo and an error.
TOP_KEYS = ("database", "owner", "owner_email", "team", "default_region", "date_order", "tick_seconds",
            "start_screen", "staleness", "temperature", "qualification", "currency", "response_target", "planner",
            "backups", "keys", "priority", "mail", "notify")


def _unknown(keys, allowed, where: str = "") -> None:
    """Refuse the first unknown key, suggesting the closest known one."""
    prefix = f"{where}." if where else ""
    for key in sorted(set(keys) - set(allowed)):
        close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
        hint = f"; did you mean '{prefix}{close[0]}'?" if close else f" (known: {', '.join(allowed)})"
        raise ConfigError(f"unknown key '{prefix}{key}'{hint}")


def _number(value, name: str, minimum: float = 0, maximum: float = MAX_DAYS) -> float:
    """A finite number within [minimum, maximum]; TOML's inf and nan are refused."""
    if (isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
            or not minimum <= value <= maximum):
        raise ConfigError(f"{name} must be a number from {minimum:g} to {maximum:g}, got {value!r}")
    return value


def _text(raw: dict, name: str) -> str:
    value = raw[name]
    if not isinstance(value, str):
        raise ConfigError(f"{name} must be text in quotes, got {value!r}")
    return value


def _table(raw: dict, name: str) -> dict:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{name} must be a table ([{name}]), got {value!r}")
    return dict(value)


def parse_duration_hours(value, name: str = "response_target") -> float:
    """Hours from a number of hours or text like "30m", "4h", "2d", "1.5h"."""
    if isinstance(value, bool):
        raise ConfigError(f"{name} must be hours or text like 30m, 4h, 2d; got {value!r}")
    if isinstance(value, int | float):
        hours = float(value)
    else:
        text = str(value).strip().lower().replace(" ", "")
        units = {"m": 1 / 60, "min": 1 / 60, "h": 1.0, "d": 24.0}
        unit = next((u for u in ("min", "m", "h", "d") if text.endswith(u)), "h")
        try:
            hours = float(text.removesuffix(unit)) * units[unit]
        except ValueError:
            raise ConfigError(f"{name} must be hours or text like 30m, 4h, 2d; got {value!r}") from None
    if hours <= 0:
        raise ConfigError(f"{name} must be more than zero, got {value!r}")
    return hours


def parse_rate(value, name: str = "conversion_rate") -> float:
    """A conversion rate from 0.12, 12 (taken as percent) or "12%"; must be in (0, 1]."""
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, str):
            text = value.strip()
            rate = float(text.removesuffix("%")) / 100 if text.endswith("%") else float(text)
        else:
            rate = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} must be a share like 0.12 or 12%, got {value!r}") from None
    if rate > 1:
        rate /= 100
    if not 0 < rate <= 1:
        raise ConfigError(f"{name} must be more than 0 and at most 100%, got {value!r}")
    return rate


def config_from_dict(raw: dict) -> Config:
    _unknown(raw, TOP_KEYS)
    config = Config()
    if "database" in raw:
        config.database = database_target(_text(raw, "database"))
    if "owner" in raw:
        config.owner = _text(raw, "owner").strip()
        config.owner_is_login = False
    if "owner_email" in raw:
        config.owner_email = _text(raw, "owner_email").strip().lower()
    _team(config, _table(raw, "team"))
    if "default_region" in raw:
        config.default_region = str(raw["default_region"]).upper()  # a number is refused below
        if len(config.default_region) != 2 or not config.default_region.isalpha():
            raise ConfigError(f"default_region must be a two-letter country code like FI, "
                              f"got {raw['default_region']!r}")
    if "date_order" in raw:
        order = _text(raw, "date_order").upper()
        if order not in DATE_ORDERS:
            raise ConfigError(f"date_order must be one of {', '.join(DATE_ORDERS)}, got {raw['date_order']!r}")
        config.date_order = order
    if "tick_seconds" in raw:
        config.tick_seconds = _number(raw["tick_seconds"], "tick_seconds", 1, 86400)
    if "start_screen" in raw:
        config.start_screen = start_screen(_text(raw, "start_screen"))
    staleness = _table(raw, "staleness")
    stage_overrides = staleness.pop("stage", {})
    if not isinstance(stage_overrides, dict):
        raise ConfigError(f"staleness.stage must be a table ([staleness.stage]), got {stage_overrides!r}")
    for temp, days in staleness.items():
        if temp not in TEMPERATURES:
            raise ConfigError(f"[staleness] has unknown temperature {temp!r} (use hot, warm, cold)")
        config.stale_days[temp] = _number(days, f"staleness.{temp}")
    for stage, days in stage_overrides.items():
        if stage not in STAGES:
            raise ConfigError(f"[staleness.stage] has unknown stage {stage!r}")
        config.stage_stale_days[stage] = _number(days, f"staleness.stage.{stage}")
    bands = _table(raw, "temperature")
    _unknown(bands, ("warm", "hot"), "temperature")
    config.warm_at = int(_number(bands.get("warm", config.warm_at), "temperature.warm", -MAX_POINTS, MAX_POINTS))
    config.hot_at = int(_number(bands.get("hot", config.hot_at), "temperature.hot", -MAX_POINTS, MAX_POINTS))
    qual = _table(raw, "qualification")
    _unknown(qual, ("mql_engagement", "sql_fit"), "qualification")
    config.mql_engagement = int(_number(qual.get("mql_engagement", config.mql_engagement),
                                        "qualification.mql_engagement", -MAX_POINTS, MAX_POINTS))
    config.sql_fit = int(_number(qual.get("sql_fit", config.sql_fit), "qualification.sql_fit",
                                 -MAX_POINTS, MAX_POINTS))
    if "currency" in raw:
        config.currency = _text(raw, "currency").strip().upper()
        if len(config.currency) != 3 or not config.currency.isalpha():
            raise ConfigError(f"currency must be a three-letter code like EUR, got {raw['currency']!r}")
    if "response_target" in raw:
        config.response_target_hours = parse_duration_hours(raw["response_target"])
    planner = _table(raw, "planner")
    _unknown(planner, ("goal", "conversion_rate"), "planner")
    config.goal = int(_number(planner.get("goal", config.goal), "planner.goal", 0, 10**9))
    if "conversion_rate" in planner:
        config.conversion_rate = parse_rate(planner["conversion_rate"], "planner.conversion_rate")
    _backups(config, _table(raw, "backups"))
    config.priority = _priority(_table(raw, "priority"))
    config.keymap = _keymap(_table(raw, "keys"))
    _mail(config, _table(raw, "mail"))
    _notify(config, _table(raw, "notify"))
    return config


def _text_list(value, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{name} must be a list of texts in quotes, got {value!r}")
    return [v.strip() for v in value]


def _mail(config: Config, table: dict) -> None:
    _unknown(table, ("me", "watch"), "mail")
    if "me" in table:
        addresses = [a.lower() for a in _text_list(table["me"], "mail.me")]
        bad = [a for a in addresses if "@" not in a]
        if bad:
            raise ConfigError(f"mail.me holds e-mail addresses, got {bad[0]!r}")
        config.mail_me = addresses
    if "watch" in table:
        config.mail_watch = [Path(p).expanduser() for p in _text_list(table["watch"], "mail.watch")]


def _notify(config: Config, table: dict) -> None:
    _unknown(table, ("bell", "osc"), "notify")
    for key in ("bell", "osc"):
        if key in table:
            if not isinstance(table[key], bool):
                raise ConfigError(f"notify.{key} must be true or false, got {table[key]!r}")
            setattr(config, f"notify_{key}", table[key])


def start_screen(name: str) -> str:
    """A screen to open on, by its tab's name in any case; anything else is a ConfigError."""
    screen = name.strip().lower()
    if screen not in START_SCREENS:
        close = difflib.get_close_matches(screen, START_SCREENS, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ConfigError(f"start_screen must be one of {', '.join(START_SCREENS)}, got {name!r}{hint}")
    return screen


def _keymap(table: dict, prefix: str = "") -> dict[str, str]:
    """[keys]: binding id = "key" (or "key1,key2"); `[keys.leads] filter = "f"` nests the same ids.

    The App checks the ids against its bindings when it starts (the screens are not loaded here).
    """
    keymap: dict[str, str] = {}
    for name, value in table.items():
        binding_id = f"{prefix}{name}"
        if isinstance(value, dict):
            keymap.update(_keymap(value, binding_id + "."))
        elif isinstance(value, str) and value.strip() and all(k.strip() for k in value.split(",")):
            keymap[binding_id] = ",".join(k.strip() for k in value.split(","))
        else:
            raise ConfigError(f"keys.{binding_id} must be a key like \"f2\" or \"ctrl+n\", got {value!r}")
    return keymap


PRIORITY_LIMITS = {"score": (-100, 100), "overdue_days_max": (0, MAX_DAYS), "stale_days_max": (0, MAX_DAYS),
                   "recent_hours": (0, 24 * 365)}


def _priority(table: dict) -> PriorityWeights:
    """[priority]: points for each part of Today's order; [priority.stage] per open stage."""
    weights = PriorityWeights()
    stages = table.pop("stage", {})
    if not isinstance(stages, dict):
        raise ConfigError(f"priority.stage must be a table ([priority.stage]), got {stages!r}")
    names = [name for name in PriorityWeights.__dataclass_fields__ if name != "stage"]
    _unknown(table, names, "priority")
    for name, value in table.items():
        low, high = PRIORITY_LIMITS.get(name, (-MAX_POINTS, MAX_POINTS))
        setattr(weights, name, _number(value, f"priority.{name}", low, high))
    _unknown(stages, PRIORITY_STAGE_POINTS, "priority.stage")
    for stage, value in stages.items():
        weights.stage[stage] = _number(value, f"priority.stage.{stage}", -MAX_POINTS, MAX_POINTS)
    return weights


def _backups(config: Config, table: dict) -> None:
    _unknown(table, ("keep", "folder"), "backups")
    if "keep" in table:
        keep = table["keep"]
        if isinstance(keep, bool) or not isinstance(keep, int) or not 0 <= keep <= 3650:
            raise ConfigError(f"backups.keep must be a whole number of days 0-3650 (0 = off), got {keep!r}")
        config.backup_keep = keep
    if "folder" in table:
        folder = table["folder"]
        if not isinstance(folder, str) or not folder.strip():
            raise ConfigError(f"backups.folder must be a folder's path in quotes, got {folder!r}")
        config.backup_folder = user_path(folder.strip())

TEAM_RULES = ("round-robin", "fewest-open", "segment")


def _team(config: Config, team: dict) -> None:
    members = team.pop("members", [])
    if not isinstance(members, list) or not all(isinstance(m, str) and m.strip() for m in members):
        raise ConfigError(f"team.members must be a list of names, got {members!r}")
    config.team_members = [m.strip() for m in members]
    rule = team.pop("rule", "")
    if rule and rule not in TEAM_RULES:
        raise ConfigError(f"team.rule must be one of {', '.join(TEAM_RULES)}, got {rule!r}")
    if rule and not config.team_members:
        raise ConfigError("team.rule needs team.members")
    config.team_rule = rule
    segments = team.pop("segments", {})
    if not isinstance(segments, dict) or not all(isinstance(v, str) for v in segments.values()):
        raise ConfigError("[team.segments] maps an industry or location to an owner's name")
    config.team_segments = {str(k).strip().lower(): v.strip() for k, v in segments.items()}
    _unknown(team, ("members", "rule", "segments"), "team")

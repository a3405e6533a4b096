"""`leadtui report …`: funnel, sources, response, weekly, monthly, plan, workload.

Readable tables by default; `--format json` for scripts, `--format csv` for a
spreadsheet, and `--format md` (weekly/monthly) to paste into an e-mail.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime

from leadtui.cli.common import add_demo_option, when
from leadtui.config import parse_rate
from leadtui.context import Context
from leadtui.errors import ConfigError, InvalidInput
from leadtui.kit import safecsv
from leadtui.kit.fmt import local_iso
from leadtui.kit.money import parse_money
from leadtui.kit.textable import render


def _options(formats: tuple[str, ...]) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                         help="database file (default: see `leadtui where`)")
    options.add_argument("--format", choices=formats, default=argparse.SUPPRESS,
                         help=f"output: {', '.join(formats)} (default: table)")
    add_demo_option(options)
    return options


def _period(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", metavar="WHEN", help="from (e.g. '30 days ago', 2026-01-01)")
    parser.add_argument("--until", metavar="WHEN", help="up to, not including (default: now)")


def register(sub, common: argparse.ArgumentParser) -> None:
    report = sub.add_parser("report", help="funnel, sources, response time, weekly/monthly, planner, workload")
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    tabular = _options(("table", "json", "csv"))
    funnel = kinds.add_parser("funnel", parents=[tabular],
                              help="per stage: entered, share that went on, median days; prospect → lead")
    _period(funnel)
    funnel.set_defaults(handler=cmd_funnel)
    sources = kinds.add_parser("sources", parents=[tabular],
                               help="per source and inbound/outbound: leads, SQL, won, conversion, value")
    _period(sources)
    sources.set_defaults(handler=cmd_sources)
    response = kinds.add_parser("response", parents=[tabular],
                                help="inbound leads: time to first contact against response_target")
    _period(response)
    response.set_defaults(handler=cmd_response)
    periodic = _options(("table", "json", "csv", "md"))
    for kind in ("weekly", "monthly"):
        cmd = kinds.add_parser(kind, parents=[periodic], help=f"this {kind[:-2]} so far next to the last one")
        cmd.set_defaults(handler=cmd_periodic, period=kind)
    plan = kinds.add_parser("plan", parents=[tabular],
                            help="leads needed per year and month for a goal in new customers or value")
    plan.add_argument("--goal", type=int, metavar="N", help="new customers (default: [planner] goal)")
    plan.add_argument("--rate", metavar="R", help="conversion rate: 0.12 or 12%% (default: history, else config)")
    plan.add_argument("--strategy", action="store_true", help="use 20%%, the rate with a lead strategy")
    plan.add_argument("--year", type=int, metavar="Y", help="default: this year")
    plan.add_argument("--goal-value", metavar="AMOUNT", help="a goal in value instead, e.g. 120k EUR")
    plan.add_argument("--deal-value", metavar="AMOUNT", help="average deal value (default: won deals)")
    plan.set_defaults(handler=cmd_plan)
    workload = kinds.add_parser("workload", parents=[tabular], help="open leads and follow-ups per owner")
    workload.set_defaults(handler=cmd_workload)


def _fmt(args) -> str:
    return getattr(args, "format", "table")


def _range(ctx: Context, args):
    since, until = when(ctx, args.since), when(ctx, args.until)
    if since and until and since >= until:
        raise InvalidInput("--since must be before --until")
    return since, until


def _csv(headers: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = safecsv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().rstrip("\n")


def _json_rows_csv(data: list[dict]) -> str:
    if not data:
        return ""
    headers = list(data[0])
    return _csv(headers, [[_flat(row.get(h)) for h in headers] for row in data])


def _flat(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return " + ".join(f"{v} {k}" for k, v in value.items())
    return str(value)


def _printer(args, data, title: str, *tables):
    def show():
        if _fmt(args) == "csv":
            print(_json_rows_csv(data) if isinstance(data, list) else
                  _csv(["key", "value"], [[k, _flat(v)] for k, v in data.items() if not isinstance(v, list)]))
            return
        print(title)
        for headers, rows in tables:
            if rows:
                print()
                print(render(headers, rows, {i: 60 for i in range(len(headers))}))
    return show


def period_line(since: datetime | None, until: datetime | None) -> str:
    if since is None and until is None:
        return "all time"
    return f"{local_iso(since) if since else 'the beginning'} – {local_iso(until) if until else 'now'}"


def _over_period(ctx: Context, args, compute, title: str, *tables_of, csv_of=None):
    """A report over --since/--until: its JSON, and a printer for its tables (or `csv_of` its CSV)."""
    since, until = _range(ctx, args)
    result = compute(ctx, since, until)
    data = result.as_json()
    if csv_of is not None and _fmt(args) == "csv":
        return data, lambda: print(csv_of(data))
    return data, _printer(args, data, f"{title} {period_line(since, until)}",
                          *(table(result) for table in tables_of))


# Each handler imports the insight package itself: at the top of this module (which every
# command imports to build the parser) it would add ~20 ms to `leadtui add` (bench figure 6).
def cmd_funnel(ctx: Context, args):
    from leadtui.insight import funnel, tables

    return _over_period(ctx, args, funnel.funnel, "Funnel, stages entered", tables.funnel_table)


def cmd_sources(ctx: Context, args):
    from leadtui.insight import sources, tables

    return _over_period(ctx, args, sources.sources, "Sources, leads created", tables.sources_table)


def cmd_response(ctx: Context, args):
    from leadtui.insight import response, tables

    def breaches_csv(data) -> str:  # the breaches are the table worth a spreadsheet
        return _json_rows_csv(data["breaches"]) or "id,name,company,created_at,first_contacted_at,hours,waiting"

    return _over_period(ctx, args, response.response, "Response time to inbound leads, created",
                        tables.response_summary, tables.response_breaches, csv_of=breaches_csv)


def cmd_periodic(ctx: Context, args):
    from leadtui.insight import periodic, tables

    result = periodic.periodic(ctx, args.period)
    fmt = _fmt(args)
    if fmt == "md":
        return result.as_json(), lambda: print(result.markdown())
    if fmt == "csv":
        return result.as_json(), lambda: sys.stdout.write(result.csv())
    return result.as_json(), _printer(args, result.as_json(), result.title(), tables.periodic_table(result))


def _rate(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return parse_rate(text, "--rate")
    except ConfigError as exc:
        raise InvalidInput(str(exc)) from None


def _money(ctx: Context, text: str | None) -> tuple[int | None, str | None]:
    if text is None:
        return None, None
    return parse_money(text, ctx.config.currency)


def cmd_plan(ctx: Context, args):
    from leadtui.insight import planner, tables

    goal_value, goal_currency = _money(ctx, args.goal_value)
    deal_value, deal_currency = _money(ctx, args.deal_value)
    if goal_currency and deal_currency and goal_currency != deal_currency:
        raise InvalidInput(f"--goal-value is in {goal_currency} but --deal-value in {deal_currency}")
    result = planner.plan(ctx, args.goal, rate=_rate(args.rate), year=args.year, strategy=args.strategy,
                  goal_value_cents=goal_value, deal_value_cents=deal_value,
                  currency=goal_currency or deal_currency)
    data = result.as_json()
    title = f"Target planner {result.year}" + (f"\n{result.warning()}" if result.warning() else "")
    return data, _printer(args, data, title, tables.plan_table(result))


def cmd_workload(ctx: Context, args):
    from leadtui.insight import tables, workload

    result = workload.workload(ctx)
    data = result.as_json()
    return data, _printer(args, data, "Workload per owner (open leads, not archived)",
                          tables.workload_table(result))

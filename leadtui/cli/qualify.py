"""Qualification from the shell: profile, rules, qualify, pin."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from leadtui.cli.common import lead_result, parse_id, rescore
from leadtui.context import Context
from leadtui.errors import InvalidInput
from leadtui.kit.fmt import local_iso
from leadtui.kit.textable import render
from leadtui.kit.vocab import QUALIFICATIONS
from leadtui.leads import writes as leads
from leadtui.scoring import icp, rules


def register(sub, common: argparse.ArgumentParser) -> None:
    profile = sub.add_parser("profile", help="show or set the ideal customer profile", parents=[common])
    profile.set_defaults(handler=cmd_profile)
    profile_sub = profile.add_subparsers(dest="action", metavar="ACTION")
    pset = profile_sub.add_parser("set", parents=[common],
                                  help="change criteria (an empty value clears one), then rescore")
    pset.add_argument("--age", metavar="RANGE", help="e.g. 30-40")
    pset.add_argument("--income", metavar="RANGE", help="e.g. 40000-60000 or 40k-60k")
    pset.add_argument("--locations", metavar="LIST", help='e.g. "Helsinki,Stockholm"')
    pset.add_argument("--industries", metavar="LIST", help='e.g. "saas,fintech"')
    pset.add_argument("--budget-min", metavar="N")
    pset.add_argument("--revenue", metavar="RANGE", help="e.g. 1000000-50000000 or 1000000+")
    pset.add_argument("--employees", metavar="RANGE", help="e.g. 10-250")
    pset.add_argument("--min-share", type=float, metavar="SHARE",
                      help="share of criteria a lead must tick to fit (default 0.75)")

    rules_cmd = sub.add_parser("rules", help="the scoring rules table; add or remove rules",
                               parents=[common])
    rules_cmd.set_defaults(handler=cmd_rules)
    rules_sub = rules_cmd.add_subparsers(dest="action", metavar="ACTION")
    radd = rules_sub.add_parser("add", help="add a rule, then rescore every lead", parents=[common])
    radd.add_argument("kind", help="an activity kind (call, reply, download, …) or silence")
    radd.add_argument("points", help="points, e.g. 10 or -10")
    radd.add_argument("--days", type=int, default=30, help="for silence: days in one silent stretch")
    radd.add_argument("--field", default="", help="limit to leads whose FIELD (source, industry, …) …")
    radd.add_argument("--value", default="", help="… has this value")
    rrm = rules_sub.add_parser("rm", help="remove a rule by id, then rescore every lead", parents=[common])
    rrm.add_argument("rule_id", metavar="ID")

    qualify = sub.add_parser("qualify", help="mark a lead MQL, SQL or none", parents=[common])
    qualify.add_argument("id")
    qualify.add_argument("value", metavar="mql|sql|none")
    qualify.add_argument("--owner", help="sql: the sales owner it is handed to (default: [team] rule, "
                         "else it keeps its owner)")
    qualify.set_defaults(handler=cmd_qualify)

    pin = sub.add_parser("pin", help="pin a lead's temperature, or `none` to follow the score again",
                         parents=[common])
    pin.add_argument("id")
    pin.add_argument("temperature", metavar="hot|warm|cold|none")
    pin.set_defaults(handler=cmd_pin)


def _profile_json(profile) -> dict:
    data = asdict(profile)
    for key, value in data.items():
        if isinstance(value, tuple):
            data[key] = list(value)
    data["criteria"] = profile.criteria()
    return data


def _apply_profile_args(profile, args: argparse.Namespace) -> None:
    for name in ("age", "income", "revenue", "employees"):
        text = getattr(args, name)
        if text is not None:
            setattr(profile, name, icp.parse_range(text))
    if args.locations is not None:
        profile.locations = icp.parse_list(args.locations)
    if args.industries is not None:
        profile.industries = [x.lower() for x in icp.parse_list(args.industries)]
    if args.budget_min is not None:
        profile.budget_min = icp.parse_range(args.budget_min)[0] if args.budget_min.strip() else None
    if args.min_share is not None:
        profile.min_share = args.min_share


def cmd_profile(ctx: Context, args: argparse.Namespace):
    profile = icp.load_profile()
    rescored = None
    if getattr(args, "action", None) == "set":
        _apply_profile_args(profile, args)
        icp.save_profile(profile, ctx)
        rescored = rescore(ctx)
    data = _profile_json(profile)
    if rescored is not None:
        data["rescored"] = rescored

    def show():
        lines = profile.describe()
        if not lines:
            print("no ideal customer profile set (see `leadtui profile set --help`)")
        else:
            print("Ideal customer profile:")
            for line in lines:
                print(f"  {line}")
            print(f"  a lead fits with at least {profile.min_share:.0%} of these")
        if rescored is not None:
            print(f"rescored {rescored} leads")

    return data, show


def cmd_rules(ctx: Context, args: argparse.Namespace):
    action = getattr(args, "action", None)
    rescored = None
    message = ""
    if action == "add":
        rule = rules.add_rule(args.kind, args.points, args.days, args.field or "", args.value or "", ctx=ctx)
        message = f"added rule [{rule.id}] {rule.label()} {rule.points:+d}"
    elif action == "rm":
        rule_id = parse_id(args.rule_id, "rule id")
        rules.delete_rule(rule_id, ctx=ctx)
        message = f"removed rule [{rule_id}]"
    if action in ("add", "rm"):
        rescored = rescore(ctx)
        message += f"; rescored {rescored} leads"
    table = rules.load_rules()
    data = {"rules": [{"id": r.id, "kind": r.kind, "points": r.points, "days": r.days, "field": r.field,
                       "value": r.value, "label": r.label()} for r in table]}
    if rescored is not None:
        data["rescored"] = rescored

    def show():
        if message:
            print(message)
        else:
            print(render(["id", "rule", "points"], [[str(r.id), r.label(), f"{r.points:+d}"] for r in table]))

    return data, show


def cmd_qualify(ctx: Context, args: argparse.Namespace):
    if args.value.strip().lower() == "sql":  # the hand-off to sales
        from leadtui.leads import handoff  # not on the quick commands' start-up

        done = handoff.hand_off(ctx, args.id, args.owner)
        return lead_result(ctx, args.id, lambda row: f"SQL, handed to {done.owner or 'nobody'}; first contact "
                           f"[{done.follow_up.id}] {local_iso(done.follow_up.due_at)}")
    if args.owner:
        raise InvalidInput("--owner goes with sql (the hand-off to sales)")
    event = leads.set_qualification(ctx, args.id, args.value)
    return lead_result(ctx, args.id,
                       lambda row: QUALIFICATIONS[row.qualification] + ("" if event else " (unchanged)"))


def cmd_pin(ctx: Context, args: argparse.Namespace):
    value = args.temperature.strip().lower()
    leads.pin_temperature(ctx, args.id, None if value in ("none", "unpin", "auto") else value)
    return lead_result(ctx, args.id, lambda row: f"{row.temperature} "
                       f"({'pinned' if row.temperature_pinned else 'follows the score'})")

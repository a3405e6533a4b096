"""Saved views and outreach templates: views, templates, template."""

from __future__ import annotations

import argparse

from leadtui import templates, views
from leadtui.context import Context
from leadtui.textable import render


def register(sub, common: argparse.ArgumentParser) -> None:
    views_cmd = sub.add_parser("views", help="saved views (named queries)", parents=[common])
    views_cmd.set_defaults(handler=cmd_views)
    views_sub = views_cmd.add_subparsers(dest="action", metavar="ACTION")
    vsave = views_sub.add_parser("save", help="save or replace a view", parents=[common])
    vsave.add_argument("name")
    vsave.add_argument("query")
    vrm = views_sub.add_parser("rm", help="delete a view", parents=[common])
    vrm.add_argument("name")

    listing = sub.add_parser("templates", help="list outreach templates", parents=[common])
    listing.set_defaults(handler=cmd_templates)
    template = sub.add_parser("template", help="a template filled in for a lead", parents=[common])
    template.add_argument("name", help="template name or id")
    template.add_argument("id", metavar="LEAD_ID")
    template.add_argument("--use", action="store_true", help="also log it (e-mail or call) on the lead")
    template.set_defaults(handler=cmd_template)


def cmd_views(ctx: Context, args: argparse.Namespace):
    action = getattr(args, "action", None)
    if action == "save":
        view = views.save_view(args.name, args.query, ctx)
        return view.as_json(), lambda: print(f"saved view {view.name!r}: {view.query}")
    if action == "rm":
        views.delete_view(args.name)
        return {"deleted": args.name}, lambda: print(f"deleted view {args.name!r}")
    items = views.list_views()
    return ([v.as_json() for v in items],
            lambda: print(render(["name", "query"], [[v.name, v.query] for v in items])))


def cmd_templates(ctx: Context, args: argparse.Namespace):
    items = templates.list_templates()
    return ([t.as_json() for t in items],
            lambda: print(render(["id", "name", "channel", "subject"],
                                 [[str(t.id), t.name, t.channel, t.subject] for t in items])))


def cmd_template(ctx: Context, args: argparse.Namespace):
    rendered = templates.render_template(ctx, args.name, args.id)
    data = rendered.as_json()
    if args.use:
        activity = templates.use_template(ctx, args.name, args.id)
        data["activity_id"] = activity.id

    def show():
        if rendered.subject:
            print(f"Subject: {rendered.subject}\n")
        print(rendered.body)
        if rendered.missing:
            print(f"\n(missing: {', '.join(rendered.missing)})")
        if args.use:
            print(f"logged {activity.kind} for #{activity.lead_id}")

    return data, show

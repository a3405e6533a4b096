"""Saved views and outreach templates: views, templates, template."""

from __future__ import annotations

import argparse

from leadtui.context import Context
from leadtui.finding import views
from leadtui.kit.textable import render
from leadtui.leads import templates


def register(sub, common: argparse.ArgumentParser) -> None:
    views_cmd = sub.add_parser("views", help="saved views (named queries)", parents=[common])
    views_cmd.set_defaults(handler=cmd_views)
    views_sub = views_cmd.add_subparsers(dest="action", metavar="ACTION")
    vsave = views_sub.add_parser("save", help="save a view (--force replaces one of the same name)",
                                 parents=[common])
    vsave.add_argument("name")
    vsave.add_argument("query")
    vsave.add_argument("--force", action="store_true", help="replace a view of the same name")
    vmv = views_sub.add_parser("rename", help="rename a view", parents=[common])
    vmv.add_argument("name")
    vmv.add_argument("new_name")
    vrm = views_sub.add_parser("rm", help="delete a view", parents=[common])
    vrm.add_argument("name")

    listing = sub.add_parser("templates", help="outreach templates: list, add, edit, rm", parents=[common])
    listing.set_defaults(handler=cmd_templates)
    tsub = listing.add_subparsers(dest="action", metavar="ACTION")
    tadd = tsub.add_parser("add", help="add a template", parents=[common])
    tadd.add_argument("name")
    tadd.add_argument("--body", required=True, help="the text, with {first_name} and other placeholders")
    tadd.add_argument("--subject", default="")
    tadd.add_argument("--channel", default="email", help="email or call")
    tedit = tsub.add_parser("edit", help="change a template's name, body, subject or channel", parents=[common])
    tedit.add_argument("template", help="template name or id")
    for option in ("--name", "--body", "--subject", "--channel"):
        tedit.add_argument(option, default=None)
    trm = tsub.add_parser("rm", help="delete a template", parents=[common])
    trm.add_argument("template", help="template name or id")
    template = sub.add_parser("template", help="a template filled in for a lead", parents=[common])
    template.add_argument("name", help="template name or id")
    template.add_argument("id", metavar="LEAD_ID")
    template.add_argument("--use", action="store_true", help="also log it (e-mail or call) on the lead")
    template.set_defaults(handler=cmd_template)


def cmd_views(ctx: Context, args: argparse.Namespace):
    action = getattr(args, "action", None)
    if action == "save":
        view = views.save_view(args.name, args.query, ctx, replace=args.force)
        return view.as_json(), lambda: print(f"saved view {view.name!r}: {view.query}")
    if action == "rename":
        view = views.rename_view(args.name, args.new_name, ctx)
        return view.as_json(), lambda: print(f"renamed view to {view.name!r}")
    if action == "rm":
        views.delete_view(args.name, ctx)
        return {"deleted": args.name}, lambda: print(f"deleted view {args.name!r}")
    items = views.list_views()
    return ([v.as_json() for v in items],
            lambda: print(render(["name", "query"], [[v.name, v.query] for v in items])))


def cmd_templates(ctx: Context, args: argparse.Namespace):
    action = getattr(args, "action", None)
    if action == "add":
        item = templates.add_template(args.name, args.body, args.subject, args.channel, ctx=ctx)
        return item.as_json(), lambda: print(f"added template [{item.id}] {item.name!r}")
    if action == "edit":
        item = templates.update_template(args.template, name=args.name, body=args.body, subject=args.subject,
                                         channel=args.channel, ctx=ctx)
        return item.as_json(), lambda: print(f"saved template [{item.id}] {item.name!r}")
    if action == "rm":
        templates.delete_template(args.template, ctx=ctx)
        return {"deleted": args.template}, lambda: print(f"deleted template {args.template!r}")
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

"""No Peewee object reaches a screen or the CLI: what they call returns plain read models.

Two checks. Statically, every service function the screens and the CLI name is found in their
source, and its return annotation (dataclass fields followed, recursively) holds no model class.
At run time, the write services return values with no model instance anywhere inside.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import types
import typing
from datetime import timedelta

import pytest
from peewee import Model

from leadtui.db.models import FollowUp, Lead
from leadtui.errors import DuplicateLead
from leadtui.leads import followups, templates
from leadtui.leads import writes as leads
from leadtui.leads.writes import NewLead

FRONT_ENDS = ("leadtui.screens", "leadtui.cli")


def _front_end_modules() -> dict[str, types.ModuleType]:
    found = {}
    for root in FRONT_ENDS:
        package = importlib.import_module(root)
        found[root] = package
        for info in pkgutil.walk_packages(package.__path__, root + "."):
            if not info.name.endswith(".__main__"):  # a script: importing it runs the program
                found[info.name] = importlib.import_module(info.name)
    return found


def _is_service(module: str) -> bool:
    return module.startswith("leadtui") and not module.startswith((*FRONT_ENDS, "leadtui.tui.app"))


def _imported_names(tree: ast.AST) -> dict[str, object]:
    """Every service module or object the source imports (anywhere), by the name it goes by."""
    names: dict[str, object] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if not (node.module == "leadtui" or _is_service(node.module)):
            continue
        module = importlib.import_module(node.module)
        for alias in node.names:
            value = getattr(module, alias.name, None)
            if value is None:  # a submodule not imported yet
                value = importlib.import_module(f"{node.module}.{alias.name}")
            names[alias.asname or alias.name] = value
    return names


def called_services(module: types.ModuleType) -> dict[str, types.FunctionType]:
    """The service functions a front-end module names: `leads.add_lead`, or `add_lead` imported."""
    tree = ast.parse(inspect.getsource(module))
    names = _imported_names(tree)
    found = {}
    for node in ast.walk(tree):
        value = None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            owner = names.get(node.value.id)
            if isinstance(owner, types.ModuleType):
                value = getattr(owner, node.attr, None)
        elif isinstance(node, ast.Name):
            value = names.get(node.id)
        if inspect.isfunction(value) and _is_service(value.__module__):
            found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def model_classes_in(annotation, seen: set | None = None) -> list[str]:
    """Model classes a type can hold: unions, containers and dataclass fields are followed."""
    seen = set() if seen is None else seen
    if annotation in seen:
        return []
    seen.add(annotation)
    if isinstance(annotation, type):
        if issubclass(annotation, Model):
            return [annotation.__name__]
        if dataclasses.is_dataclass(annotation):
            return [name for hint in typing.get_type_hints(annotation).values()
                    for name in model_classes_in(hint, seen)]
        return []
    return [name for arg in typing.get_args(annotation) for name in model_classes_in(arg, seen)]


def problems_of(functions: dict[str, types.FunctionType]) -> list[str]:
    out = []
    for name, func in sorted(functions.items()):
        hints = typing.get_type_hints(func)
        if "return" not in hints:
            out.append(f"{name}: no return annotation (say what it hands back)")
        elif models := model_classes_in(hints["return"]):
            out.append(f"{name} returns {', '.join(models)}")
    return out


def test_what_screens_and_the_cli_call_returns_no_model_class():
    functions = {}
    for module in _front_end_modules().values():
        functions.update(called_services(module))
    assert "leadtui.leads.writes.add_lead" in functions and "leadtui.leads.followups.reschedule" in functions
    assert problems_of(functions) == []


@dataclasses.dataclass(frozen=True)
class Wrapped:
    follow_up: FollowUp | None


def test_the_annotation_check_can_fail():
    def returns_a_lead() -> list[Lead]: ...

    def returns_a_wrapped_model() -> Wrapped: ...

    def says_nothing(): ...

    assert problems_of({"a": returns_a_lead, "b": returns_a_wrapped_model, "c": says_nothing}) == [
        "a returns Lead", "b returns FollowUp", "c: no return annotation (say what it hands back)"]


def models_inside(value, seen: set | None = None) -> list[str]:
    """Model instances anywhere inside a value (dataclass fields, containers)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return []
    seen.add(id(value))
    if isinstance(value, Model):
        return [type(value).__name__]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = [getattr(value, f.name) for f in dataclasses.fields(value)]
    elif isinstance(value, list | tuple | set | frozenset):
        parts = list(value)
    elif isinstance(value, dict):
        parts = [*value.keys(), *value.values()]
    else:
        return []
    return [name for part in parts for name in models_inside(part, seen)]


def test_the_write_services_return_plain_values(ctx):
    tomorrow = ctx.now() + timedelta(days=1)
    lead = leads.add_lead(ctx, NewLead("Aino Virtanen", email="aino@example.com", next_at=tomorrow))
    results = [
        lead,
        leads.update_lead(ctx, lead.id, title="CTO"),
        leads.pin_temperature(ctx, lead.id, "hot"),
        leads.pin_temperature(ctx, lead.id, None),
        leads.set_archived(ctx, lead.id, True),
        leads.set_archived(ctx, lead.id, False),
        leads.change_stage(ctx, lead.id, "offer"),
        leads.set_qualification(ctx, lead.id, "mql"),
        leads.log_activity(ctx, lead.id, "call", "talked"),
        leads.record_activity(ctx, lead.id, "email_sent", "sent", next_at=tomorrow),
    ]
    follow_up = leads.schedule_follow_up(ctx, lead.id, tomorrow, "call back")
    results += [
        follow_up,
        leads.snooze_follow_up(ctx, follow_up.id, timedelta(days=1)),
        followups.reschedule(ctx, follow_up.id, tomorrow + timedelta(days=2)),
        followups.set_what(ctx, follow_up.id, "send the offer"),
        followups.cancel(ctx, follow_up.id),
        followups.snooze_lead(ctx, lead.id, 2),
        leads.complete_follow_up(ctx, leads.schedule_follow_up(ctx, lead.id, tomorrow).id),
        leads.find_duplicates("aino@example.com"),
        leads.likely_twins(ctx, "aino@example.com", ""),
    ]
    template = templates.list_templates()[0]
    results.append(templates.use_template(ctx, template.id, lead.id))
    with pytest.raises(DuplicateLead) as twin:
        leads.add_lead(ctx, NewLead("Aino V", email="aino@example.com"))
    results.append(twin.value.matches)
    assert [models_inside(value) for value in results] == [[] for _ in results]
    assert models_inside([lead, {"x": (leads.get_lead(lead.id),)}]) == ["Lead"]  # the check sees one

"""The one way screens call services: (ok, result), and a None result is a success."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from leadtui.errors import InvalidInput
from leadtui.screens.guard import attempt

SCREENS = Path(__file__).resolve().parents[2] / "leadtui" / "screens"


class Node:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def notify(self, message: str, **_kwargs) -> None:
        self.notes.append(message)


def test_a_service_returning_none_has_succeeded():
    node = Node()
    assert attempt(node, lambda: None) == (True, None)
    assert node.notes == []


def test_a_user_error_is_shown_once_and_is_a_failure():
    node, reported = Node(), []

    def refuse():
        raise InvalidInput("no such lead")

    assert attempt(node, refuse) == (False, None)
    assert node.notes == ["no such lead"]
    assert attempt(node, refuse, report=reported.append) == (False, None)
    assert reported == ["no such lead"] and node.notes == ["no such lead"]


def test_a_bug_propagates():
    with pytest.raises(ZeroDivisionError):
        attempt(Node(), lambda: 1 / 0)


def test_no_screen_defines_another_way_to_call_a_service():
    wrappers = {"run_service", "attempt", "call_service"}
    for path in SCREENS.rglob("*.py"):
        if path.name == "guard.py":
            continue
        defined = {node.name for node in ast.walk(ast.parse(path.read_text()))
                   if isinstance(node, ast.FunctionDef)}
        assert not defined & wrappers, f"{path.name} defines {sorted(defined & wrappers)}: use guard.attempt"

"""The layers hold: no import cycles anywhere, and nothing but the App and the screens imports textual.

Modules are discovered, not listed, so a new module is checked the day it lands.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

# leadtui.screens and leadtui.db live in their own folders (package-dir), so each is walked.
ROOTS = ("leadtui", "leadtui.screens", "leadtui.db")
UI_MODULES = ("leadtui.tui.app", "leadtui.screens")


def discover() -> dict[str, Path]:
    """Every module of the distribution, by dotted name, with its source file."""
    found: dict[str, Path] = {}
    for root in ROOTS:
        package = importlib.import_module(root)
        found[root] = Path(package.__file__)
        for info in pkgutil.walk_packages(package.__path__, root + "."):
            if info.name.endswith(".__main__"):  # a script: importing it runs the program
                continue
            spec = importlib.util.find_spec(info.name)
            if spec is not None and spec.origin and spec.origin.endswith(".py"):
                found[info.name] = Path(spec.origin)
    return found


def imports_of(name: str, source: str, is_package: bool, known: set[str]) -> set[str]:
    """The known modules `name` imports anywhere in its source, function bodies included."""
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            out.update(t for t in import_targets(node, package, known) if t in known and t != name)
    return out


def import_targets(node: ast.Import | ast.ImportFrom, package: str, known: set[str]) -> list[str]:
    """The modules one import statement names, relative ones resolved against `package`."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        anchor = ".".join(parts[: len(parts) - node.level + 1])
        base = f"{anchor}.{base}" if base else anchor
    # `from pkg import mod` imports the module pkg.mod; `from mod import name` imports mod.
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {name: imports_of(name, path.read_text(encoding="utf-8"), path.name == "__init__.py", known)
            for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    graph = import_graph(discover())
    assert cycles(graph) == []


def test_the_cycle_check_sees_function_local_imports():
    known = {"leadtui.a", "leadtui.b", "leadtui.c"}
    graph = {
        "leadtui.a": imports_of("leadtui.a", "from leadtui import b\n", False, known),
        "leadtui.b": imports_of("leadtui.b", "def f():\n    from leadtui.c import x\n", False, known),
        "leadtui.c": imports_of("leadtui.c", "def g():\n    from . import a\n", False, known),
    }
    assert cycles(graph) == [["leadtui.a", "leadtui.b", "leadtui.c"]]


def test_discovery_finds_the_mapped_packages():
    modules = discover()
    assert {"leadtui.leads", "leadtui.db.models", "leadtui.screens.detail",
            "leadtui.screens.widgets.cells", "leadtui.db.migrations"} <= set(modules)


def headless_modules() -> list[str]:
    return sorted(name for name in discover()
                  if not any(name == ui or name.startswith(ui + ".") for ui in UI_MODULES))


def _textual_after_import(modules: list[str]) -> list[str]:
    code = ("import importlib, sys\n"
            f"for name in {modules!r}:\n    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')[:3])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return ast.literal_eval(out.stdout.strip().splitlines()[-1])


def test_no_headless_module_imports_textual():
    modules = headless_modules()
    assert "leadtui.finding.querylang" in modules and "leadtui.tui.app" not in modules
    if _textual_after_import(modules):  # one process for all; name the culprits on failure
        culprits = [name for name in modules if _textual_after_import([name])]
        raise AssertionError(f"these modules import textual: {culprits}")


def test_the_textual_check_can_fail():
    assert _textual_after_import(["leadtui.screens.base"])


def test_cli_add_runs_without_textual(tmp_path):
    code = (
        "import sys; from leadtui.cli import main; rc = main(['--db', sys.argv[1], 'add', 'Jane', "
        "'--email', 'jane@example.com', '--next', 'tomorrow 9am']); "
        "assert rc == 0; print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "x.db")], capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _database_imports(prefix: str, forbidden) -> list[str]:
    offenders = []
    for name, path in discover().items():
        if not name.startswith(prefix):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                targets = [node.module or ""]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            offenders += [f"{name}: {t}" for t in targets if forbidden(t)]
    return offenders


def test_screens_never_import_the_database_layer():
    """Screens get plain read models from the services; no model class, no SQL builder."""
    assert _database_imports("leadtui.screens", lambda t: t == "peewee" or t.startswith(
        ("leadtui.db", "playhouse"))) == []


def test_the_cli_never_imports_the_models():
    """The CLI opens the database (leadtui.db.connection) but reads and writes through services."""
    assert _database_imports("leadtui.cli", lambda t: t in ("peewee", "leadtui.db.models") or t.startswith(
        "playhouse")) == []


# Libraries worth keeping off a path that does not use them (each costs tens of milliseconds).
HEAVY = ("textual", "rich", "phonenumbers", "email_validator", "parsedatetime", "icalendar", "vobject",
         "rapidfuzz", "psycopg", "babel", "charset_normalizer")
# peewee is imported once with its PostgreSQL drivers hidden (leadtui/__init__.py says why).
# (importer, imported) kept local on purpose though no measured path shows it:
# the TUI's start-up score check (after the first paint) loads rescore, and scoring only
# when a score is due.
DELIBERATE = {("leadtui", "peewee"), ("leadtui.scoring.rescore", "leadtui.scoring.score")}


def local_imports(name: str, source: str, is_package: bool, known: set[str]) -> set[str]:
    """What `name` imports inside its functions: module names (a `from m import x` counts as m.x
    when that is a module), third-party ones as written."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import | ast.ImportFrom):
                found.update(import_targets(node, package, known))
    return found


QUICK_COMMANDS = (["add", "Jane", "--email", "jane@example.com", "--next", "tomorrow 9am"],
                  ["log", "1", "call", "--next", "in 3 days"], ["today"])


def quick_cli_modules(tmp_path) -> list[set[str]]:
    """The modules each of `leadtui add`, `log` and `today` loads on an existing database
    (bench figure 6 times these)."""
    db = str(tmp_path / "x.db")
    subprocess.run([sys.executable, "-m", "leadtui.cli", "--db", db, "add", "Someone"], check=True,
                   capture_output=True)
    code = ("import sys; from leadtui.cli import main\n"
            "assert main(['--db', sys.argv[1], *sys.argv[2:]]) == 0\n"
            "print(sorted(sys.modules))")
    return [set(ast.literal_eval(subprocess.run([sys.executable, "-c", code, db, *argv], capture_output=True,
                                                text=True, check=True).stdout.strip().splitlines()[-1]))
            for argv in QUICK_COMMANDS]


# The TUI started headless on a database and left after the paint showing its first screen's data.
FIRST_PAINT = """
import sys
from pathlib import Path
from leadtui.tui.app import build_app
from leadtui.config import Config
from leadtui.context import open_context

app = build_app(sys.argv[1], open_context(Path(sys.argv[1]), Config()), start_screen=sys.argv[2])

def first_paint_done():
    # The app starts its post-paint work here (after the first read and its paint): what is
    # loaded now is the first paint's, whichever thread or timer would have come next.
    app.exit(sorted(sys.modules))

app._catch_up_scores = first_paint_done
modules = app.run(headless=True, size=(120, 40))
print(modules)
"""
START_PATHS = ("today", "leads")  # bench figure 1 times the lead list; Today is the default


def first_paint_modules(tmp_path, screen: str) -> set[str]:
    """The modules the TUI loads up to its first paint when it opens on `screen`."""
    db = str(tmp_path / f"first-paint-{screen}.db")
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT, db, screen], capture_output=True, text=True,
                         check=True)
    return set(ast.literal_eval(out.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def first_paints(tmp_path_factory) -> dict[str, set[str]]:
    folder = tmp_path_factory.mktemp("first-paint")
    return {screen: first_paint_modules(folder, screen) for screen in START_PATHS}


def _imports_heavy(module: str) -> bool:
    code = f"import sys, {module}; print(any(m.split('.')[0] in {HEAVY!r} for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip().endswith("True")


def unjustified_local_imports(modules: dict[str, Path], paths: list[set[str]]) -> list[str]:
    """A function-local import must keep something off a path: a heavy library (or a module that
    imports one), or a module that a path loading the importing one never loads: the quick CLI
    commands' start-up, the TUI's first paint (opening on Today or on the lead list). Anything
    else belongs at the top of the module."""
    known = set(modules)
    ui = lambda name: any(name == u or name.startswith(u + ".") for u in UI_MODULES)  # noqa: E731
    offenders = []
    for name, path in sorted(modules.items()):
        for target in sorted(local_imports(name, path.read_text(encoding="utf-8"),
                                           path.name == "__init__.py", known)):
            top = target.split(".")[0]
            if (name, target) in DELIBERATE:
                continue
            if any(name in loaded and target not in loaded for loaded in paths):
                continue  # off the start-up of `add`, `log` or `today`, or off the TUI's first paint
            if ui(name):
                if top in HEAVY and top not in ("textual", "rich"):
                    continue
                offenders.append(f"{name}: {target}")
                continue
            if top in HEAVY:
                continue
            if top == "leadtui" and _imports_heavy(target):
                continue
            offenders.append(f"{name}: {target}")
    return offenders


def test_function_local_imports_each_keep_something_off_a_path(tmp_path, first_paints):
    paths = [*quick_cli_modules(tmp_path), *first_paints.values()]
    assert unjustified_local_imports(discover(), paths) == []


def test_the_first_paint_loads_only_the_first_screen(first_paints):
    """Opening on the list loads no other screen, no dialog and no write service; Today likewise."""
    leads, today = first_paints["leads"], first_paints["today"]
    assert "leadtui.screens.leads" in leads and "leadtui.screens.today" in today
    assert not {"leadtui.screens.today", "leadtui.screens.dialogs", "leadtui.screens.palette",
                "leadtui.leads", "leadtui.finding.views", "leadtui.leads.followups"} & leads
    assert not {"leadtui.screens.leads", "leadtui.screens.dialogs", "leadtui.leads"} & today


def test_the_local_import_check_can_fail(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from leadtui.kit.fmt import ago\n    import vobject\n", encoding="utf-8")
    plain = tmp_path / "fmt.py"
    plain.write_text("", encoding="utf-8")
    modules = {"leadtui.interop.fake": source, "leadtui.kit.fmt": plain}
    assert unjustified_local_imports(modules, [{"leadtui.kit.fmt"}]) == ["leadtui.interop.fake: leadtui.kit.fmt"]

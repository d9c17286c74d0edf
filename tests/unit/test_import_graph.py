"""The import graph of `app/` has no cycle, between modules or between packages.

Every import counts: module level and inside functions (a function-level import that closes a
cycle only hides it until the day someone hoists it). Imports under `if TYPE_CHECKING:` are
left out, since they never run. Relative imports are resolved, and `from pkg import name`
is an edge to `pkg.name` when that is a module, else to `pkg`.

The package graph treats each package directly under `app/` and `app/core/` as one unit
(`app.cli`, `app.ui`, `app.core.store`, `app.core.audit`, ...; a plain module such as
`app.core.workspace` is a unit of its own), so `store -> audit -> store` fails even when no
single module pair loops.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"


def module_names() -> dict[str, Path]:
    out = {}
    for path in APP.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for child in node.orelse for n in _imports_in(child))
            continue
        yield from _imports_in(node)


def _imports_in(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
        return
    yield from _imports(node)


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """`name` or its nearest enclosing module that is part of app/ (None: outside app/)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def targets(name: str, path: Path, node: ast.Import | ast.ImportFrom,
            modules: dict[str, Path]) -> Iterable[str]:
    if isinstance(node, ast.Import):
        return [t for a in node.names if (t := _known(a.name, modules))]
    base = node.module or ""
    if node.level:
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    out = []
    for alias in node.names:
        full = f"{base}.{alias.name}"
        t = full if full in modules else _known(base, modules)
        if t:
            out.append(t)
    return out


def module_graph() -> dict[str, set[str]]:
    modules = module_names()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        graph[name]  # every module is a node, importing or not # noqa: B018
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            graph[name].update(t for t in targets(name, path, node, modules) if t != name)
    return graph


def unit(module: str) -> str:
    parts = module.split(".")
    depth = 3 if parts[:2] == ["app", "core"] else 2
    return ".".join(parts[:depth])


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for a, bs in graph.items():
        out[unit(a)]  # noqa: B018
        out[unit(a)].update(unit(b) for b in bs if unit(b) != unit(a))
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _describe(comps: list[list[str]], graph: dict[str, set[str]]) -> str:
    lines = []
    for comp in comps:
        members = set(comp)
        edges = [f"{a} -> {b}" for a in comp for b in sorted(graph[a] & members)]
        lines.append(" <-> ".join(comp) + "\n      " + "\n      ".join(edges))
    return "\n  ".join(lines)


def test_no_module_cycle() -> None:
    graph = module_graph()
    found = cycles(graph)
    assert not found, f"import cycles between modules of app/:\n  {_describe(found, graph)}"


def test_no_package_cycle() -> None:
    graph = package_graph(module_graph())
    found = cycles(graph)
    assert not found, f"import cycles between packages of app/:\n  {_describe(found, graph)}"


# docs/ARCHITECTURE.md's layers: a package imports only from layers below its own. Acyclic is
# not enough to keep the map true: an import back up that closes no cycle yet still makes the
# next one likely (store -> routing, say). A new package or module of app.core gets a layer here.
LAYERS: dict[int, tuple[str, ...]] = {
    0: ("app.__main__",),
    1: ("app.ui", "app.cli"),
    2: ("workspace", "pipeline", "doctor"),
    3: ("review", "exports"),
    4: ("audit", "routing"),
    5: ("store", "extract"),
    6: ("privacy", "llm"),
    7: ("ingest", "settings"),
    8: ("cancel", "childproc", "netguard", "actions", "dates", "documents", "paths",
        "geography"),
    9: ("errors",),
}
LAYER_OF = {(u if u.startswith("app.") else f"app.core.{u}"): n
            for n, units in LAYERS.items() for u in units}


def test_every_package_imports_only_from_the_layers_below() -> None:
    graph = package_graph(module_graph())
    units = {u for u in graph if u not in ("app", "app.core")}
    assert not units - set(LAYER_OF), f"give these a layer: {sorted(units - set(LAYER_OF))}"
    up = sorted(f"{a} (layer {LAYER_OF[a]}) -> {b} (layer {LAYER_OF[b]})"
                for a in units for b in graph[a] if b in LAYER_OF
                and LAYER_OF[b] <= LAYER_OF[a])
    assert not up, "imports across or up the layers of docs/ARCHITECTURE.md:\n  " + \
        "\n  ".join(up)


def test_core_never_imports_a_front_end() -> None:
    bad = sorted(f"{a} -> {b}" for a, bs in module_graph().items() if a.startswith("app.core")
                 for b in bs if b.split(".")[:2] in (["app", "ui"], ["app", "cli"]))
    assert not bad, "app.core imports a front end:\n  " + "\n  ".join(bad)


def test_the_walker_sees_what_it_must() -> None:
    """The graph is only as good as its parser: a function-level import, a relative one and
    a `from pkg import module` are all edges; a TYPE_CHECKING import is not."""
    src = (
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "from ..core import errors\n"
        "if TYPE_CHECKING:\n"
        "    from app.ui import hidden\n"
        "def f():\n"
        "    import app.core.deep.leaf\n"
    )
    modules = {m: Path(f"/x/{m}.py") for m in
               ("app.cli.group", "app.cli.sibling", "app.core.errors", "app.ui.hidden",
                "app.core.deep", "app.core.deep.leaf")}
    path = Path("/x/app/cli/group.py")
    got = {t for node in _imports(ast.parse(src))
           for t in targets("app.cli.group", path, node, modules)}
    assert got == {"app.cli.sibling", "app.core.errors", "app.core.deep.leaf"}
    assert cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_the_cli_helpers_import_no_command_group() -> None:
    """`app/cli/_common.py` is what the groups share; a group imported back would tie them."""
    graph = module_graph()
    assert "app.cli._common" in graph
    back = sorted(b for b in graph["app.cli._common"] if b.startswith("app.cli"))
    assert not back, f"app/cli/_common.py imports {back}"

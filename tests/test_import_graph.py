"""No import cycles in `generator/` or `llm_catalog/` (issue 16, item 2).

The graph is read from the source with `ast`, not from a running interpreter, so
that it holds the design rather than one run's import order:

- every `import` and `from ... import` counts, at the top of a module or inside a
  function or method (a lazy import is still a dependency), and so does
  `importlib.import_module("...")` (or `import_module`) with a constant string;
- imports inside `if TYPE_CHECKING:` are left out: they are read by type checkers
  only and never run;
- relative imports are resolved against the importing module's package;
- an edge goes to the module named, and only to it: `import llm_catalog._x` and
  `from llm_catalog import _x` are edges to `llm_catalog._x`, not to the package
  `llm_catalog/__init__.py` (Python runs a package's `__init__` before its
  submodules, but that is the import machinery, not a dependency of `_x`); an
  import of a name that is not a submodule (`from llm_catalog import get_model`)
  is an edge to the package's `__init__`;
- a module name computed at run time (`import_module(f"llm_catalog.{name}")`, how
  provider modules are loaded by the ids the generated `_providers` and `_index`
  tables list) is data, not an edge: no static reading can tell which module it is.

Modules are found by walking the two directories, subpackages included, so the
test follows files that move.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("generator", "llm_catalog")


def module_names(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Every module of `packages` (under `root`) by dotted name; a package's
    `__init__.py` is named after the package."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _is_import_module(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    return name in ("import_module", "__import__")


class _Imports(ast.NodeVisitor):
    """The dotted names a module imports (`from a import b` gives `a.b` and `a`:
    which one is a module is decided against the modules that exist)."""

    def __init__(self, package: str) -> None:
        self.package = package
        self.imports: list[tuple[str, ...]] = []
        """Candidates per import, most specific first: the first that is a module wins."""

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            for child in node.orelse:  # `else:` runs; the `if TYPE_CHECKING:` body does not
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.imports.append(_prefixes(alias.name))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = self._absolute(node.module, node.level)
        for alias in node.names:
            if alias.name == "*":
                self.imports.append(_prefixes(base))
            else:
                self.imports.append((f"{base}.{alias.name}", *_prefixes(base)))

    def visit_Call(self, node: ast.Call) -> None:
        if _is_import_module(node) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                name = first.value
                if name.startswith("."):
                    anchor = node.args[1] if len(node.args) > 1 else None
                    if isinstance(anchor, ast.Constant) and isinstance(anchor.value, str):
                        level = len(name) - len(name.lstrip("."))
                        name = _resolve(name.lstrip(".") or None, level, anchor.value)
                    else:
                        name = ""
                if name:
                    self.imports.append(_prefixes(name))
        self.generic_visit(node)

    def _absolute(self, module: str | None, level: int) -> str:
        if level == 0:
            return module or ""
        return _resolve(module, level, self.package)


def _resolve(module: str | None, level: int, package: str) -> str:
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, module] if module else base)


def _prefixes(name: str) -> tuple[str, ...]:
    """`a.b.c`, then `a.b`, then `a`: `import a.b.c` depends on the deepest that exists."""
    parts = name.split(".")
    return tuple(".".join(parts[:n]) for n in range(len(parts), 0, -1))


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the modules among `modules` it imports (self-imports left out)."""
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        visitor = _Imports(package)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        targets = set()
        for candidates in visitor.imports:
            target = next((c for c in candidates if c in modules), None)
            if target is not None and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's
    algorithm, iterative), each as one cycle through some of its modules, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(_one_cycle(graph, set(c)) for c in components)


def _one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the component's first module (breadth first)."""
    start = min(component)
    parents: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in sorted(graph.get(node, ())):
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [*reversed(path), start]
                if child in component and child not in parents:
                    parents[child] = node
                    following.append(child)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a component of 2+ always has one


def test_no_import_cycles() -> None:
    graph = import_graph(module_names(ROOT, PACKAGES))
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_walk_sees_the_packages_lazy_imports_and_skips_typing_ones() -> None:
    """The graph above is the real one: every module, lazy imports in it."""
    modules = module_names(ROOT, PACKAGES)
    assert {"generator.render", "generator.sources.overrides", "llm_catalog._model"} <= set(modules)
    assert sum(name.startswith("llm_catalog.") for name in modules) > 100  # provider modules
    graph = import_graph(modules)
    assert "llm_catalog._history" in graph["llm_catalog._model"]  # in `Model.price_at`
    assert "llm_catalog._units" in graph["llm_catalog._model"]  # in `Model.cost_of`
    assert "generator.release" in graph["generator.render"]
    # `_lookup` names `Model` for type checkers only.
    assert "llm_catalog._model" not in graph["llm_catalog._lookup"]


# --- the walker and the cycle finder can fail ---------------------------------------


def test_cycles_names_each_loop_and_nothing_else() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"], ["e", "f", "e"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"a", "c"}}) == []


def test_import_graph_reads_lazy_relative_and_dynamic_imports(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "def __getattr__(name):\n    from pkg import low\n",
        "pkg/low.py": (
            "TYPE_CHECKING: bool = False\n"
            "if TYPE_CHECKING:\n    from pkg.high import Thing\n"
            "else:\n    from pkg.sub import helper\n"
        ),
        "pkg/high.py": "from . import low\nfrom pkg import name_in_init\n",
        "pkg/lazy.py": (
            "import importlib\n\n"
            "def f():\n    import pkg.high\n    return importlib.import_module('pkg.sub.deep')\n"
            "def g(name):\n    return importlib.import_module(f'pkg.{name}')\n"
        ),
        "pkg/sub/__init__.py": "",
        "pkg/sub/helper.py": "from ..lazy import f\n",
        "pkg/sub/deep.py": "from .helper import *\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    graph = import_graph(module_names(tmp_path, ("pkg",)))
    assert graph == {
        "pkg": {"pkg.low"},
        "pkg.low": {"pkg.sub.helper"},  # the TYPE_CHECKING import is not an edge
        "pkg.high": {"pkg.low", "pkg"},
        "pkg.lazy": {"pkg.high", "pkg.sub.deep"},
        "pkg.sub": set(),
        "pkg.sub.helper": {"pkg.lazy"},
        "pkg.sub.deep": {"pkg.sub.helper"},
    }
    # `pkg.high` imports a name of the package's `__init__`, which imports `pkg.low`.
    assert cycles(graph) == [["pkg", "pkg.low", "pkg.sub.helper", "pkg.lazy", "pkg.high", "pkg"]]

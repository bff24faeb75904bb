"""The `ollama_async` package's import graph: which of its modules import which at import time."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Optional, Union

import ollama_async

PACKAGE = Path(ollama_async.__file__).parent

Graph = dict[str, set[str]]


def module_paths() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("ollama_async", *path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


class _ImportTimeImports(ast.NodeVisitor):
    """The import statements that run when a module is imported.

    Not those inside functions (they run when called, as `_transport` reads
    `__version__`); those under `if TYPE_CHECKING:`, `try:` or `with` do
    count, as the type checker or some platform follows them.
    """

    def __init__(self) -> None:
        self.found: list[Union[ast.Import, ast.ImportFrom]] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """A function body runs later."""

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        """A coroutine body runs later."""

    def visit_Import(self, node: ast.Import) -> None:
        """`import x.y`."""
        self.found.append(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        """`from x import y`, relative or absolute."""
        self.found.append(node)


class _EveryImport(_ImportTimeImports):
    """Every import statement, those in function bodies too: what a module depends on."""

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        """A function's imports are dependencies all the same."""
        self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        """So are a coroutine's."""
        self.generic_visit(node)


def _targets(
    module: str, is_package: bool, node: Union[ast.Import, ast.ImportFrom], known: set[str]
) -> set[str]:
    """The package's modules that `node`, in `module`, imports."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names if alias.name in known}
    if node.level:
        base = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        source = f"{base}.{node.module}" if node.module else base
    else:
        source = node.module or ""
    targets = set()
    for alias in node.names:
        submodule = f"{source}.{alias.name}"
        if submodule in known:  # `from . import _x` imports the module `_x`
            targets.add(submodule)
        elif source in known:
            targets.add(source)
    return targets


def module_imports(
    module: str, source: str, *, is_package: bool, known: set[str], at_import_time: bool = True
) -> set[str]:
    """The modules of `known` that `module` (whose code is `source`) imports at import time.

    With `at_import_time=False`, also those its functions import when called.
    """
    visitor = _ImportTimeImports() if at_import_time else _EveryImport()
    visitor.visit(ast.parse(source))
    edges = set().union(*(_targets(module, is_package, node, known) for node in visitor.found))
    return edges - {module}


def import_graph(*, at_import_time: bool = True) -> Graph:
    """Module → the package's modules it imports at import time (`ollama_async.*` only).

    With `at_import_time=False`, every import counts, function bodies' too.
    """
    paths = module_paths()
    known = set(paths)
    return {
        module: module_imports(
            module,
            path.read_text(encoding="utf-8"),
            is_package=path.name == "__init__.py",
            known=known,
            at_import_time=at_import_time,
        )
        for module, path in paths.items()
    }


def find_cycle(graph: Graph) -> Optional[list[str]]:
    """A cycle of `graph` as its modules in import order (the first repeated at the end), or `None`."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> Optional[list[str]]:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, ())):
            if target in on_path:
                return [*path[path.index(target) :], target]
            if target not in done:
                cycle = visit(target)
                if cycle is not None:
                    return cycle
        on_path.discard(path.pop())
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            cycle = visit(start)
            if cycle is not None:
                return cycle
    return None


def test_the_graph_sees_every_kind_of_import() -> None:
    graph = import_graph()
    assert "ollama_async._client" in graph["ollama_async"]  # from ._client import …
    assert "ollama_async" in graph["ollama_async.cli._run"]  # from .. import AsyncClient
    assert "ollama_async._thinktags" in graph["ollama_async._deltas"]
    assert "ollama_async.testing._faults" in graph["ollama_async.testing._models"]
    # A function's import runs when it is called, not when the module is imported.
    assert "ollama_async.testing.__main__" not in graph["ollama_async.cli"]  # serve-fake's


def test_type_checking_blocks_count_and_function_bodies_do_not() -> None:
    known = {"p", "p.a", "p.b", "p.c", "p.d", "p.sub", "p.sub.e"}
    source = """
from typing import TYPE_CHECKING
from . import a
import p.sub.e
if TYPE_CHECKING:
    from .b import Thing
try:
    from .c import fast
except ImportError:
    fast = None
def later():
    from .d import slow
class Kind:
    from .. import outside
"""
    # In p.sub.m: `a` is a name of the package p.sub, `..` is p (a class body runs at import).
    assert module_imports("p.sub.m", source, is_package=False, known=known) == {
        "p.sub",
        "p.sub.e",
        "p",
    }
    assert module_imports("p.m", source, is_package=False, known=known) == {
        "p.a",
        "p.sub.e",
        "p.b",
        "p.c",
    }
    assert module_imports("p", source, is_package=True, known=known) == {
        "p.a",
        "p.sub.e",
        "p.b",
        "p.c",
    }


def test_find_cycle_names_the_modules_in_the_loop() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"b"}}) == ["b", "c", "b"]
    assert find_cycle({"a": {"a"}}) == ["a", "a"]


def test_the_package_imports_without_cycles() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


# The package's layers, lowest first. A module imports only from its own layer
# or below, so the request path runs one way: the client builds a request
# (`_request`) and hands bytes to the transport, which knows nothing above it.
LAYERS: list[set[str]] = [
    {  # facts and types that depend on nothing
        "_version", "_constants", "_exceptions", "_types", "_wire", "_chars", "_thinktags",
        "_abbreviations*",
    },
    {  # I/O-free cores
        "_ndjson", "_retry", "_host", "_proxy", "_responses", "_accumulate", "_tools",
        "_scanner", "_shaper", "_sentences", "_deltas", "_text", "_signatures",
    },
    {"_transport", "_aiohttp_internals"},  # the only modules that know aiohttp
    {"_request", "_content", "_options", "_streaming"},  # checks and bytes; streams on the wire
    {"_client"},
    {""},  # the package's __init__
    {"__main__", "cli*", "sync*", "integrations*", "testing*"},  # built on the package
]  # fmt: skip


def layer_of(module: str) -> int:
    """The index in `LAYERS` of a module of the package (`*` ends a prefix)."""
    name = module.removeprefix("ollama_async").removeprefix(".")
    for index, layer in enumerate(LAYERS):
        for entry in layer:
            if name == entry or (entry.endswith("*") and name.startswith(entry[:-1])):
                return index
    raise AssertionError(f"{module} is in no layer of LAYERS: add it where it belongs")


def upward_imports(graph: Graph) -> list[str]:
    """Every edge of `graph` from a lower layer up to a higher one, as 'a → b'."""
    return [
        f"{module} → {target}"
        for module, targets in sorted(graph.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    """Function bodies count too: the transport once read `__version__` from the package."""
    assert upward_imports(import_graph(at_import_time=False)) == []


def test_an_upward_import_is_caught() -> None:
    graph = {"ollama_async._transport": {"ollama_async._request", "ollama_async._version"}}
    assert upward_imports(graph) == ["ollama_async._transport → ollama_async._request"]
    assert upward_imports({"ollama_async._transport": {"ollama_async"}}) == [
        "ollama_async._transport → ollama_async"
    ]

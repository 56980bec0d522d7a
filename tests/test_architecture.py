"""The shape of the code: imports point one way and never in a circle (lazy imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGES = ("revcycle", "careers", "workbook")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every project module ``module`` imports at run time, at top level or inside a function."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)  # `from pkg import module`
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (names that are not modules are dropped)."""
    files = {_module_name(p): p for pkg in PACKAGES for p in (SRC / pkg).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        targets = _imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py")
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def dfs(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := dfs(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := dfs(start)):
            return cycle
    return None


def test_the_import_graph_has_no_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_relative_and_lazy_imports_are_seen() -> None:
    tree = ast.parse("from .model import Claim\ndef f():\n    from revcycle.codes import icd10cm\n"
                     "if TYPE_CHECKING:\n    import revcycle.ar\n")
    found = _imports(tree, "revcycle.claims.form", False)
    assert {"revcycle.claims.model", "revcycle.codes.icd10cm"} <= found
    assert "revcycle.ar" not in found


@pytest.mark.parametrize(("lower", "upper"), [("revcycle", "workbook"), ("revcycle", "careers")])
def test_imports_point_one_way(lower: str, upper: str) -> None:
    graph = import_graph()
    wrong = sorted(f"{m} -> {t}" for m, targets in graph.items() if m.split(".")[0] == lower
                   for t in targets if t.split(".")[0] == upper)
    assert not wrong, f"{lower} must never import {upper}: " + "; ".join(wrong)


def test_every_layer_keeps_to_its_own_dependencies() -> None:
    """core depends on nothing; code sets only on core; x12 (syntax) never on accounts receivable."""
    allowed = {
        "revcycle.core": {"revcycle.core"},
        "revcycle.codes": {"revcycle.core", "revcycle.codes"},
        "revcycle.x12": {"revcycle.core", "revcycle.codes", "revcycle.x12", "revcycle.claims",
                         "revcycle.payment"},
    }
    graph = import_graph()
    wrong = []
    for module, targets in graph.items():
        for layer, ok in allowed.items():
            if module == layer or module.startswith(layer + "."):
                for t in targets:
                    if t != "revcycle" and not any(t == o or t.startswith(o + ".") for o in ok):
                        wrong.append(f"{module} -> {t}")
    assert not wrong, "; ".join(sorted(wrong))

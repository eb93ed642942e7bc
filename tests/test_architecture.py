"""The package's shape: stages import only the stages below them, no cycles, small modules.

The data's path is text → ingest → store → retrieve → stance → provenance → verdict → report,
with outlet profiles, check, api, the watch, the archive (Spark) jobs, evaluation, server and cli
on top. Records and errors sit below everything, so any stage can name them. These rules are what lets a second store backend or a new stage be
added without touching the ones above; a test keeps them from drifting back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tahqiq"
# Lowest first. A module may import its own layer and any layer to its left.
LAYERS: tuple[str, ...] = (
    "errors",
    "records",
    "text",
    "ingest",
    "store",
    "retrieve",
    "stance",
    "provenance",
    "verdict",
    "report",
    "outlets",
    "check",
    "fixtures",
    "api",
    "watch",
    "archive",
    "evaluation",
    "server",
    "cli",
    "__main__",
)
MAX_LINES = 600  # the house limit for one module: past it a module holds more than one idea


def _modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        yield name, path


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """Every ``tahqiq`` module ``path`` imports (absolute or relative), with its line."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("tahqiq"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("tahqiq"):
                yield target, node.lineno


GRAPH = {name: sorted(set(_imports(name, path))) for name, path in _modules()}


def test_every_module_belongs_to_a_known_layer() -> None:
    unknown = {_layer(m) for m in GRAPH} - {None, *LAYERS}
    assert not unknown, f"add these to LAYERS in their place on the data's path: {sorted(unknown)}"


def test_no_stage_imports_a_later_stage() -> None:
    wrong = []
    for module, imports in GRAPH.items():
        here = _layer(module)
        if here is None:
            continue
        for target, line in imports:
            there = _layer(target)
            if there is not None and there in LAYERS and LAYERS.index(there) > LAYERS.index(here):
                wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, "\n".join(wrong)


def _resolve(target: str) -> str | None:
    """The module an import names (``from tahqiq.x import name`` names ``tahqiq.x``)."""
    while target and target not in GRAPH:
        target = target.rpartition(".")[0]
    return target or None


def test_no_import_cycles_between_modules() -> None:
    edges = {
        m: {r for t, _ in imports if (r := _resolve(t)) is not None and r != m and not m.startswith(r + ".")}
        for m, imports in GRAPH.items()
    }
    # A package importing its own submodules (re-exports in __init__) is not a cycle of ideas.
    edges = {m: {t for t in ts if not t.startswith(m + ".")} for m, ts in edges.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("name,path", list(_modules()), ids=[n for n, _ in _modules()])
def test_no_module_is_over_the_house_limit(name: str, path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines; split it along its seams"

"""The store and the records sit below every stage: they import none of the stages above them."""

from __future__ import annotations

import ast
from pathlib import Path

import tahqiq

PACKAGE = Path(tahqiq.__file__).parent
# What each lower layer may import from tahqiq: itself and the layers below it.
ALLOWED = {
    "records": ("tahqiq.records",),
    "store": ("tahqiq.store", "tahqiq.records", "tahqiq.text", "tahqiq.errors"),
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return [name for name in found if name.split(".")[0] == "tahqiq"]


def test_store_and_records_import_no_later_stage() -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for layer, allowed in ALLOWED.items()
        for path in sorted((PACKAGE / layer).glob("*.py"))
        for name in _imports(path)
        if not name.startswith(allowed)
    ]
    assert not wrong, "\n".join(wrong)

"""Independent origins: articles that copy one another or relay one party count once.

One union-find serves the verdict (:mod:`tahqiq.verdict.aggregate`), its calibration
(:mod:`tahqiq.verdict.calibration`) and the server's graph layout.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from tahqiq.records import CopiedPassage


def components(ids: Sequence[int], links: Iterable[tuple[int, int]]) -> list[list[int]]:
    """Connected components of ``ids`` under ``links`` (pairs outside ``ids`` are ignored), largest first."""
    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for i in ids:
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values(), key=lambda g: (-len(g), g))


def origins(
    ids: Sequence[int],
    copies: Sequence[CopiedPassage],
    sources: Mapping[int, str | None] | None = None,
) -> list[list[int]]:
    """Group article ids into origins: linked by a copied passage, or tracing to the same source."""
    links = [c.articles for c in copies]
    first_with: dict[str, int] = {}
    for i in ids:
        source = (sources or {}).get(i)
        if source:
            links.append((first_with.setdefault(source, i), i))
    return components(ids, links)

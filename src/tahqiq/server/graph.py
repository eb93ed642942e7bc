"""The origin graph of a check, ready to draw: nodes, edges, origins as groups, and a layout.

The check report carries ``graph`` (articles, the parties they cite or quote, copy links) and
``verdict.origins`` (which articles count as one origin). Reports made before those existed
still draw: the graph falls back to the related articles and their copy links, and origins to
the groups those links make on each side, the grouping the verdict itself uses.

The layout is computed here, not in the browser, so it is the same for every reader and can be
tested: origins are boxes stacked in one column with their articles inside, the parties they
trace to sit in a second column next to the articles that name them, and copy links are arcs
on the outer side of the article column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tahqiq.verdict.origins import components

SIDE_ORDER = {"agree": 0, "disagree": 1, "discuss": 2}
LABEL_CHARS = {"article": 44, "source": 30}

WIDTH = 760
ARTICLE_W = 330
SOURCE_W = 230
NODE_H = 28
NODE_GAP = 8
GROUP_PAD = 12
GROUP_HEAD = 24
GROUP_GAP = 18
ARC_MARGIN = 60  # room left of the articles for copy arcs
TOP = 12


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def to_dict(self) -> dict[str, float]:
        return {"x": self.x, "y": self.y, "w": self.w, "h": self.h}


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _article_key(article_id: int) -> str:
    return f"article:{article_id}"


def _fallback_graph(report: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Related articles and their copy links, for a report without a ``graph``."""
    nodes = [
        {
            "id": _article_key(int(e["article_id"])),
            "kind": "article",
            "label": e.get("title") or f"#{e['article_id']}",
            "stance": e.get("stance", ""),
        }
        for e in report.get("evidence", [])
        if e.get("stance") != "unrelated"
    ]
    known = {n["id"] for n in nodes}
    edges = []
    for c in report.get("copies", []):
        a, b = (_article_key(int(i)) for i in c["articles"])
        if a in known and b in known:
            edges.append({"source": a, "target": b, "kind": "copies", "detail": f"{c.get('words', 0)} words"})
    return nodes, edges


def _origins(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The report's origins, or (for an older report) copy-linked groups per side."""
    given = report.get("verdict", {}).get("origins")
    if given:
        return [
            {
                "side": o.get("side", ""),
                "articles": [int(i) for i in o.get("articles", [])],
                "source": o.get("source"),
                "speakers": list(o.get("speakers", [])),
            }
            for o in given
        ]
    links = [(int(c["articles"][0]), int(c["articles"][1])) for c in report.get("copies", [])]
    out = []
    for side in ("agree", "disagree"):
        ids = [int(e["article_id"]) for e in report.get("evidence", []) if e.get("stance") == side]
        for group in components(ids, links):
            out.append({"side": side, "articles": group, "source": None, "speakers": []})
    return out


def origin_graph(report: Mapping[str, Any]) -> dict[str, Any]:
    """The drawable origin graph of a check report (a ``report_dict``)."""
    graph = report.get("graph") or {}
    if graph.get("nodes"):
        nodes = [dict(n) for n in graph["nodes"]]
        edges = [dict(e) for e in graph.get("edges", [])]
    else:
        nodes, edges = _fallback_graph(report)
    by_id = {n["id"]: n for n in nodes}
    for n in nodes:
        n["short"] = _short(str(n.get("label", "")), LABEL_CHARS.get(str(n.get("kind")), 30))
    groups: list[dict[str, Any]] = []
    grouped: set[str] = set()
    for o in sorted(_origins(report), key=lambda o: SIDE_ORDER.get(o["side"], 3)):
        members = [_article_key(i) for i in o["articles"] if _article_key(i) in by_id]
        members = [m for m in members if m not in grouped]
        if not members:
            continue
        gid = f"origin:{len(groups) + 1}"
        grouped.update(members)
        for m in members:
            by_id[m]["group"] = gid
        groups.append({"id": gid, **o, "members": members})
    loose = [n["id"] for n in nodes if n.get("kind") == "article" and n["id"] not in grouped]
    if loose:
        gid = "others"
        for m in loose:
            by_id[m]["group"] = gid
        groups.append(
            {"id": gid, "side": "discuss", "articles": [], "source": None, "speakers": [], "members": loose}
        )
    return {"nodes": nodes, "edges": edges, "groups": groups, "layout": layout(nodes, edges, groups)}


def layout(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    groups: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """Positions for every node and group box in a ``WIDTH``-wide drawing (right-to-left reading).

    Parties sit in the right column, where an Arabic reader starts; origins and their articles
    in the left one. Each party is placed at the mean height of the articles linked to it, then
    pushed down just enough not to overlap the one above, which keeps most edges short and flat.
    """
    boxes: dict[str, Box] = {}
    group_boxes: dict[str, Box] = {}
    x_group = ARC_MARGIN
    x_article = x_group + GROUP_PAD
    y: float = TOP
    for g in groups:
        members = list(g["members"])
        height = GROUP_HEAD + len(members) * (NODE_H + NODE_GAP) - NODE_GAP + GROUP_PAD
        group_boxes[g["id"]] = Box(x_group, y, ARTICLE_W + 2 * GROUP_PAD, height)
        ny = y + GROUP_HEAD
        for m in members:
            boxes[m] = Box(x_article, ny, ARTICLE_W, NODE_H)
            ny += NODE_H + NODE_GAP
        y += height + GROUP_GAP
    articles_bottom = y - GROUP_GAP if groups else TOP
    x_source = WIDTH - SOURCE_W - 8
    wanted: dict[str, list[float]] = {}
    for e in edges:
        for a, b in ((e["source"], e["target"]), (e["target"], e["source"])):
            if a in boxes and b not in boxes:
                wanted.setdefault(b, []).append(boxes[a].y)
    sources = [n["id"] for n in nodes if n["id"] not in boxes]
    order = sorted(sources, key=lambda s: (sum(wanted.get(s, [0.0])) / len(wanted.get(s, [0.0])), s))
    sy: float = TOP
    for s in order:
        want = wanted.get(s)
        target = sum(want) / len(want) if want else sy
        sy = max(sy, target)
        boxes[s] = Box(x_source, sy, SOURCE_W, NODE_H)
        sy += NODE_H + NODE_GAP
    total_height: float = max(articles_bottom, sy - NODE_GAP if order else TOP) + TOP
    return {
        "width": WIDTH,
        "height": total_height,
        "nodes": {k: b.to_dict() for k, b in boxes.items()},
        "groups": {k: b.to_dict() for k, b in group_boxes.items()},
    }


def edge_paths(graph: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The SVG path of each edge of a laid-out :func:`origin_graph`, for the page's graph macro.

    Links to a party run from an article's right side to the party's left side as a flat S
    curve; copy links are arcs on the outer (left) side of the article column, each a little
    further out than the last, so several arcs between neighbours stay apart.
    """
    boxes = graph["layout"]["nodes"]
    out = []
    arc = 0
    for e in graph["edges"]:
        a, b = boxes.get(e["source"]), boxes.get(e["target"])
        if a is None or b is None:
            continue
        ay, by = a["y"] + a["h"] / 2, b["y"] + b["h"] / 2
        if e["kind"] == "copies":
            arc += 1
            bend = max(8.0, a["x"] - 14 - (arc % 4) * 9)
            d = f"M {a['x']:g} {ay:g} C {bend:g} {ay:g}, {bend:g} {by:g}, {b['x']:g} {by:g}"
        else:
            x1, x2 = a["x"] + a["w"], b["x"]
            mid = (x1 + x2) / 2
            d = f"M {x1:g} {ay:g} C {mid:g} {ay:g}, {mid:g} {by:g}, {x2:g} {by:g}"
        out.append(
            {"d": d, "kind": e["kind"], "detail": e.get("detail") or "", "arrow": e["kind"] != "copies"}
        )
    return out


TIMELINE_WIDTH = 760
TIMELINE_ROW = 34
TIMELINE_LABEL = 190
TIMELINE_LEFT = 20


def _day(iso: str) -> int | None:
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def timeline_layout(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Positions for a story's timeline: one track per outlet, a dot per dated article.

    Right to left like the page: the outlet names sit at the right end, and the earliest date at
    the right end of the track next to them, so time runs the way an Arabic reader reads.
    """
    track = TIMELINE_WIDTH - TIMELINE_LABEL - TIMELINE_LEFT - 30
    days = [d for r in rows for s in r.get("dates", []) if (d := _day(s)) is not None]
    first, last = (min(days), max(days)) if days else (0, 0)
    span = max(last - first, 1)

    def x_of(day: int) -> float:
        return round(TIMELINE_LEFT + track - (day - first) / span * track, 1)

    laid = []
    for i, r in enumerate(rows):
        y = 20 + i * TIMELINE_ROW
        dots = [{"x": x_of(d), "date": s} for s in r.get("dates", []) if (d := _day(s)) is not None]
        laid.append({**r, "y": y, "dots": dots})
    height = len(rows) * TIMELINE_ROW + 40
    axis = []
    if days:
        axis.append({"x": TIMELINE_LEFT + track, "date": date.fromordinal(first).isoformat()})
        if last > first:
            axis.append({"x": TIMELINE_LEFT, "date": date.fromordinal(last).isoformat()})
    return {
        "width": TIMELINE_WIDTH,
        "height": height,
        "track": {"x1": TIMELINE_LEFT, "x2": TIMELINE_LEFT + track},
        "label_x": TIMELINE_WIDTH - 10,
        "rows": laid,
        "axis": axis,
        "axis_y": height - 8,
    }

"""The origin graph as drawn: origins as groups, a layout without overlaps, older reports still drawable."""

from __future__ import annotations

import itertools
from typing import Any

from tahqiq.api import Tahqiq
from tahqiq.report.json_report import report_dict
from tahqiq.server.graph import WIDTH, origin_graph

from ..conftest import SAMPLE_CLAIM, article_id_for


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        outer["x"] <= inner["x"]
        and inner["x"] + inner["w"] <= outer["x"] + outer["w"]
        and outer["y"] <= inner["y"]
        and inner["y"] + inner["h"] <= outer["y"] + outer["h"]
    )


def check_layout(graph: dict[str, Any]) -> None:
    layout = graph["layout"]
    boxes = layout["nodes"]
    assert set(boxes) == {n["id"] for n in graph["nodes"]}
    for a, b in itertools.combinations(boxes.values(), 2):
        assert not overlaps(a, b)
    for box in [*boxes.values(), *layout["groups"].values()]:
        assert box["x"] >= 0 and box["x"] + box["w"] <= WIDTH
        assert box["y"] >= 0 and box["y"] + box["h"] <= layout["height"]
    for g in graph["groups"]:
        for member in g["members"]:
            assert inside(boxes[member], layout["groups"][g["id"]])
    for g1, g2 in itertools.combinations(layout["groups"].values(), 2):
        assert not overlaps(g1, g2)


def test_sample_check_graph_groups_the_echoes_into_one_origin(sample_store: Tahqiq) -> None:
    report = report_dict(sample_store.check(SAMPLE_CLAIM))
    graph = origin_graph(report)
    check_layout(graph)
    by_side: dict[str, list[dict[str, Any]]] = {}
    for g in graph["groups"]:
        by_side.setdefault(g["side"], []).append(g)
    agreeing = {e["article_id"] for e in report["evidence"] if e["stance"] == "agree"}
    [agree_group] = by_side["agree"]
    assert {int(m.split(":")[1]) for m in agree_group["members"]} == agreeing
    opposition = f"article:{article_id_for(sample_store, '004_9a22f17ed7bf8f62.txt')}"
    [disagree_group] = by_side["disagree"]
    assert disagree_group["members"] == [opposition]
    kinds = {e["kind"] for e in graph["edges"]}
    assert "copies" in kinds
    # Every article node belongs to exactly one group; sources to none.
    for n in graph["nodes"]:
        assert ("group" in n) == (n["kind"] == "article")
    assert all(len(n["short"]) <= 44 for n in graph["nodes"])


def test_a_report_without_graph_or_origins_still_draws() -> None:
    def entry(aid: int, stance: str) -> dict[str, Any]:
        return {"article_id": aid, "title": f"تقرير {aid} " + "كلمة " * 20, "stance": stance}

    report = {
        "claim": "ادعاء",
        "verdict": {"label": "disputed", "counts": {}},
        "evidence": [
            entry(1, "agree"),
            entry(2, "agree"),
            entry(3, "agree"),
            entry(4, "disagree"),
            entry(5, "discuss"),
            entry(6, "unrelated"),
        ],
        "copies": [{"articles": [1, 2], "words": 14}, {"articles": [2, 6], "words": 30}],
    }
    graph = origin_graph(report)
    check_layout(graph)
    groups = [(g["side"], g["members"]) for g in graph["groups"]]
    assert groups == [
        ("agree", ["article:1", "article:2"]),
        ("agree", ["article:3"]),
        ("disagree", ["article:4"]),
        ("discuss", ["article:5"]),
    ]
    assert "article:6" not in {n["id"] for n in graph["nodes"]}  # unrelated articles are left out
    assert graph["edges"] == [
        {"source": "article:1", "target": "article:2", "kind": "copies", "detail": "14 words"}
    ]
    assert graph["nodes"][0]["short"].endswith("…")


def test_sources_sit_beside_the_articles_that_name_them() -> None:
    report = {
        "claim": "ادعاء",
        "verdict": {
            "origins": [
                {"side": "agree", "articles": [1], "source": "س"},
                {"side": "disagree", "articles": [2, 3], "source": "ص"},
            ]
        },
        "graph": {
            "nodes": [
                {"id": "article:1", "kind": "article", "label": "أ", "stance": "agree"},
                {"id": "article:2", "kind": "article", "label": "ب", "stance": "disagree"},
                {"id": "article:3", "kind": "article", "label": "ج", "stance": "disagree"},
                {"id": "source:ص", "kind": "source", "label": "ص", "stance": ""},
                {"id": "source:س", "kind": "source", "label": "س", "stance": ""},
            ],
            "edges": [
                {"source": "article:3", "target": "source:ص", "kind": "quotes", "detail": "denies"},
                {"source": "article:1", "target": "source:س", "kind": "traces_to", "detail": ""},
            ],
        },
    }
    graph = origin_graph(report)
    check_layout(graph)
    boxes = graph["layout"]["nodes"]
    assert boxes["source:س"]["y"] == boxes["article:1"]["y"]
    assert boxes["source:ص"]["y"] == boxes["article:3"]["y"]
    assert boxes["source:س"]["x"] > boxes["article:1"]["x"] + boxes["article:1"]["w"]
    assert [g["source"] for g in graph["groups"]] == ["س", "ص"]

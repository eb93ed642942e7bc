"""The check report shows each evidence article's loaded-language share and top techniques, in every format."""

from __future__ import annotations

import json

from rich.console import Console

import tahqiq
from tahqiq.fixtures import SAMPLE_CLAIM
from tahqiq.records.serialize import to_dict
from tahqiq.report.markdown import to_markdown
from tahqiq.report.terminal import render_check, render_claims, render_persuasion


def _printed(renderable: object) -> str:
    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


def test_every_format_carries_the_persuasion_of_the_evidence(sample_store: tahqiq.Tahqiq) -> None:
    report = sample_store.check(SAMPLE_CLAIM)
    data = json.loads(json.dumps(to_dict(report), ensure_ascii=False))
    ids = {str(e["article_id"]) for e in data["evidence"]}
    assert set(data["persuasion"]) == ids
    for entry in data["persuasion"].values():
        assert 0 <= entry["loaded_share"] <= 1
        assert entry["loaded_sentences"] <= entry["sentences"]
    baladi = max(data["persuasion"].values(), key=lambda e: e["loaded_share"])
    assert baladi["top_techniques"][0]["technique"] == "Name_Calling,Labeling"
    markdown = to_markdown(report)
    assert "## Loaded language" in markdown and "الوصم والتسمية" in markdown
    assert "Loaded language" in _printed(render_check(report))


def test_show_and_claims_print(sample_store: tahqiq.Tahqiq) -> None:
    shown = sample_store.show(5)
    text = _printed(render_persuasion(shown.article.text, shown.persuasion))
    assert "Name_Calling,Labeling" in text and "sentences" in text
    assert "not analysed yet" in _printed(render_persuasion(shown.article.text, None))
    assert "Check-worthy claims" in _printed(render_claims(sample_store.claims(limit=2)))

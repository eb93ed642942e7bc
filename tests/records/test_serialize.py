"""One JSON shape per record: to_dict writes it, from_dict reads it back, and both agree."""

from __future__ import annotations

import json

from tahqiq.api import Tahqiq
from tahqiq.records import CheckReport
from tahqiq.records.provenance import Quote
from tahqiq.records.serialize import SCHEMA_VERSION, from_dict, to_dict

from ..conftest import SAMPLE_CLAIM, article_id_for

OPPOSITION = "004_9a22f17ed7bf8f62.txt"


def _through_json(data: object) -> object:
    return json.loads(json.dumps(data, ensure_ascii=False))


def test_a_check_report_reads_back_into_the_same_json(sample_store: Tahqiq) -> None:
    data = _through_json(to_dict(sample_store.check(SAMPLE_CLAIM)))
    assert isinstance(data, dict) and data["schema_version"] == SCHEMA_VERSION
    report = from_dict(CheckReport, data)
    assert isinstance(report, CheckReport)
    assert to_dict(report) == data
    assert report.extra == {"stance_model": data["stance_model"], "persuasion": data["persuasion"]}


def test_spans_are_start_end_pairs_everywhere(sample_store: Tahqiq) -> None:
    speech = sample_store.quotes(article_id_for(sample_store, OPPOSITION))
    data = _through_json(to_dict(speech))
    assert isinstance(data, dict) and data["quotes"]
    for q in data["quotes"]:
        assert isinstance(q["verb_span"], list) and len(q["verb_span"]) == 2
        assert from_dict(Quote, q) in speech.quotes
    for a in data["attributions"]:
        assert isinstance(a["cue_span"], list) and len(a["cue_span"]) == 2


def test_a_saved_check_is_a_check_report_again(sample_store: Tahqiq) -> None:
    report = sample_store.check(SAMPLE_CLAIM)
    check_id = sample_store.save_check(report)
    saved = sample_store.saved_check(check_id)
    assert isinstance(saved.report, CheckReport)
    assert saved.report.verdict == report.verdict
    assert to_dict(saved.report) == _through_json(to_dict(report))

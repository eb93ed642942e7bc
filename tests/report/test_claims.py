"""``tahqiq claims`` on the sample store: the Hmeimim accusation first, linked to its saved check."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import tahqiq
from tahqiq.cli import app
from tahqiq.errors import ArticleNotFound, InputError
from tahqiq.fixtures import SAMPLE_CLAIM


def _is_hmeimim(text: str) -> bool:
    return "حميميم" in text and "الحسكة" in text and "منشقة" in text


def test_the_hmeimim_accusation_ranks_first(sample_store: tahqiq.Tahqiq) -> None:
    claims = sample_store.claims(limit=5)
    assert _is_hmeimim(claims[0].text), claims[0].text
    first = claims[0]
    assert "مركز المصالحة الروسي في حميميم" in first.asserted_by
    # Three sample reports carry it; two of them copy the same words: two independent origins.
    assert len(first.carriers) == 2 and first.origins == 2
    assert first.check_id is None
    assert [c.score for c in claims] == sorted((c.score for c in claims), reverse=True)


def test_it_links_to_the_saved_check_of_the_sample_claim(sample_store: tahqiq.Tahqiq) -> None:
    check_id = sample_store.save_check(sample_store.check(SAMPLE_CLAIM))
    first = sample_store.claims(limit=3)[0]
    assert _is_hmeimim(first.text)
    assert first.check_id == check_id


def test_a_copied_sentence_is_listed_once(sample_store: tahqiq.Tahqiq) -> None:
    claims = sample_store.claims(limit=50)
    keys = [(c.article_id, c.sentence) for c in claims]
    assert len(keys) == len(set(keys))
    assert sum(1 for c in claims if _is_hmeimim(c.text)) == 1


def test_claims_of_one_article_and_since_a_date(sample_store: tahqiq.Tahqiq) -> None:
    assert {c.article_id for c in sample_store.claims(2, limit=50)} == {2}
    assert sample_store.claims(since="2030-01-01") == []
    with pytest.raises(InputError):
        sample_store.claims(since="yesterday")
    with pytest.raises(ArticleNotFound):
        sample_store.claims(999)
    with pytest.raises(InputError):
        sample_store.claims(story=999)


def test_claims_of_a_story(sample_store: tahqiq.Tahqiq) -> None:
    stories = sample_store.stories()
    if not stories:
        pytest.skip("the sample forms no story")
    members = {a.id for a in stories[0].articles}
    assert {c.article_id for c in sample_store.claims(story=stories[0].id, limit=50)} <= members


def test_the_command_lists_and_checks_the_kth_claim(sample_store: tahqiq.Tahqiq) -> None:
    runner = CliRunner()
    db = sample_store.store.path
    listed = runner.invoke(app, ["claims", "--db", db, "--limit", "3", "--json"])
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.output)
    assert _is_hmeimim(data[0]["text"]) and data[0]["check_id"] is None
    assert data[0]["span"] == [data[0]["span"][0], data[0]["span"][0] + len(data[0]["text"])]
    checked = runner.invoke(app, ["claims", "--db", db, "--limit", "3", "--check", "1", "--json"])
    assert checked.exit_code == 0, checked.output
    saved = json.loads(checked.output)
    assert saved["report"]["claim"] == data[0]["text"]
    again = json.loads(runner.invoke(app, ["claims", "--db", db, "--limit", "1", "--json"]).output)
    assert again[0]["check_id"] == saved["check_id"]
    text = runner.invoke(app, ["claims", "--db", db, "--limit", "2"])
    assert text.exit_code == 0 and "check-worthy" in text.output.lower()
    too_far = runner.invoke(app, ["claims", "--db", db, "--limit", "2", "--check", "3"])
    assert too_far.exit_code == 1


def test_the_same_speaker_is_not_the_same_claim() -> None:
    from tahqiq.report.claims import _same

    a = "أكد وزير الخارجية الروسي سيرغي لافروف أن الإرهابيين المدعومين من الولايات المتحدة يشكلون خطرا في سورية"
    b = "أعلن وزير الخارجية الروسي سيرغي لافروف أن الوضع في سورية يتحسن وأن الإرهاب سيهزم قريبا"
    assert not _same(a, b)
    c = (
        "قال مركز المصالحة إن المدربين العسكريين الأمريكيين يقومون بإنشاء وحدات عسكرية جديدة تحت مسمى "
        "الجيش السوري الجديد بالقرب من مخيم للاجئين في محافظة الحسكة من مجموعات منشقة عن الإرهابيين"
    )
    d = (
        "المدربون العسكريون الأمريكيون ينشئون وحدات عسكرية جديدة باسم الجيش السوري الجديد قرب مخيم "
        "اللاجئين في الحسكة من مجموعات منشقة عن الإرهابيين بحسب مركز المصالحة"
    )
    assert _same(c, d)

"""Every ingest matches its new articles against the saved checks and stores an alert per match."""

from __future__ import annotations

import json
from pathlib import Path

from tahqiq.api import Tahqiq
from tahqiq.records import STANCES, ArticleInput
from tahqiq.records.alerts import Alert
from tahqiq.records.serialize import from_dict, to_dict

from ..conftest import SAMPLE_CLAIM, article_id_for

REWORDED = "وقالت مصادر محلية إن القوات الأمريكية تدرب عناصر منشقة عن تنظيم داعش في محافظة الحسكة."
OFF_TOPIC = "ارتفعت أسعار الذهب في الأسواق المحلية اليوم بشكل كبير. وقال تجار إن الطلب على الذهب زاد كثيرا."


def _drop(path: Path, records: list[dict[str, str]]) -> str:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return str(path)


def _checked(tq: Tahqiq) -> int:
    return tq.save_check(tq.check(SAMPLE_CLAIM))


def test_a_reworded_claim_in_a_new_article_raises_one_alert(sample_store: Tahqiq, tmp_path: Path) -> None:
    check_id = _checked(sample_store)
    text = f"أفادت تقارير جديدة من شمال شرق سوريا بتطورات ميدانية.\n{REWORDED}\nولم يصدر تعليق رسمي."
    path = _drop(tmp_path / "new.jsonl", [{"title": "تقرير", "text": text, "outlet": "وكالة جديدة"}])
    added = sample_store.ingest([path]).added
    (alert,) = sample_store.alerts()
    assert (alert.check_id, alert.article_id, alert.claim) == (check_id, added[0], SAMPLE_CLAIM)
    article = sample_store.article(added[0])
    assert article.text[alert.start : alert.end] == alert.sentence
    assert "منشقة" in alert.sentence
    assert alert.stance in STANCES
    assert alert.new_outlet  # the check's reports never named this outlet
    assert alert.copy_of == ()
    assert sample_store.alert_count() == 1
    # The same file again adds nothing, so nothing is alerted twice.
    assert sample_store.ingest([path]).added == ()
    assert sample_store.alert_count() == 1


def test_an_article_copying_a_checked_report_is_marked_a_copy(sample_store: Tahqiq, tmp_path: Path) -> None:
    _checked(sample_store)
    original = article_id_for(sample_store, "000_d620f0c0ea8628c3.txt")
    copied = "\n".join(s.text for s in sample_store.sentences(sample_store.article(original))[:8])
    path = _drop(
        tmp_path / "copy.jsonl", [{"title": "منقول", "text": f"{REWORDED}\n{copied}", "outlet": "ناقل"}]
    )
    sample_store.ingest([path])
    (alert,) = sample_store.alerts()
    assert original in alert.copy_of


def test_unrelated_articles_and_stores_without_checks_raise_nothing(
    sample_store: Tahqiq, tmp_path: Path
) -> None:
    path = _drop(tmp_path / "a.jsonl", [{"title": "خبر", "text": REWORDED}])
    assert sample_store.ingest([path]).added
    assert sample_store.alerts() == []  # no saved check yet
    _checked(sample_store)
    sample_store.ingest([_drop(tmp_path / "b.jsonl", [{"title": "ذهب", "text": OFF_TOPIC}])])
    assert sample_store.alerts() == []


def test_uploads_raise_alerts_too_and_alerts_read_back_from_json(sample_store: Tahqiq) -> None:
    _checked(sample_store)
    sample_store.add_articles(
        [ArticleInput(text=f"{REWORDED}\nوأضافت المصادر أن التدريب مستمر.", title="رفع")]
    )
    (alert,) = sample_store.alerts(since="2000-01-01")
    assert from_dict(Alert, to_dict(alert)) == alert
    assert sample_store.alerts(since="2999-01-01") == []


def test_tahqiq_alerts_lists_them_as_a_table_and_as_json(sample_store: Tahqiq) -> None:
    from typer.testing import CliRunner

    from tahqiq.cli import app

    _checked(sample_store)
    sample_store.add_articles(
        [ArticleInput(text=f"{REWORDED}\nوأضافت المصادر أن التدريب مستمر.", title="رفع")]
    )
    db = sample_store.store.path
    runner = CliRunner()
    table = runner.invoke(app, ["alerts", "--db", db])
    (alert,) = sample_store.alerts()
    assert table.exit_code == 0 and alert.stance in table.output and "وقالت" in table.output
    listed = json.loads(runner.invoke(app, ["alerts", "--db", db, "--json"]).output)
    assert [a["claim"] for a in listed] == [SAMPLE_CLAIM]
    assert (
        json.loads(runner.invoke(app, ["alerts", "--db", db, "--json", "--since", "2999-01-01"]).output) == []
    )
    bad = runner.invoke(app, ["alerts", "--db", db, "--since", "yesterday"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_alerts_and_watched_files_on_each_backend(any_sample_store: Tahqiq, tmp_path: Path) -> None:
    from tahqiq.watch import Watch

    tq = any_sample_store
    _checked(tq)
    folder = tmp_path / "drop"
    folder.mkdir()
    _drop(
        folder / "new.jsonl", [{"title": "تقرير", "text": f"{REWORDED}\nولم يصدر تعليق.", "outlet": "جديد"}]
    )
    done = Watch(tq, [str(folder)], settle=0).round()
    assert done.added == 1 and [a.outlet for a in done.alerts] == ["جديد"]
    assert Watch(tq, [str(folder)], settle=0).round().ingested == ()  # remembered in this backend too
    assert tq.alert_count() == 1 and tq.alerts(check_id=done.alerts[0].check_id) == list(done.alerts)
    tq.store.mark_posted([done.alerts[0].id])
    assert tq.store.unposted_alerts(10) == []

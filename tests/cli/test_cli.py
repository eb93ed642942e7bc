"""The command line, driven as a user would, against a real store file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tahqiq.cli import app

from ..conftest import EXAMPLES, SAMPLE_CLAIM

runner = CliRunner()


def _ingest(db: Path) -> None:
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "5 added" in result.output


def test_ingest_twice_changes_nothing(db_path: Path) -> None:
    _ingest(db_path)
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db_path), "--quiet"])
    assert again.exit_code == 0
    assert "0 added" in again.output and "5 already stored" in again.output


def test_check_json_follows_schema(db_path: Path) -> None:
    _ingest(db_path)
    result = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] and data["claim"] == SAMPLE_CLAIM
    assert data["verdict"]["label"] in {"supported", "refuted", "disputed", "unverified"}
    assert len(data["evidence"]) == 5


def test_check_terminal_and_markdown(db_path: Path) -> None:
    _ingest(db_path)
    terminal = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db_path)])
    assert terminal.exit_code == 0 and "tahqiq check" in terminal.output
    markdown = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db_path), "--markdown"])
    assert markdown.exit_code == 0 and markdown.output.startswith("# تحقيق")


def test_search_and_show(db_path: Path) -> None:
    _ingest(db_path)
    found = runner.invoke(app, ["search", "الحسكة الجيش السوري الجديد", "--db", str(db_path), "--json"])
    assert found.exit_code == 0, found.output
    hits = json.loads(found.stdout)
    assert hits and "الحسكة" in " ".join(s["text"] for s in hits[0]["sentences"])
    shown = runner.invoke(app, ["show", str(hits[0]["article_id"]), "--db", str(db_path), "--json"])
    assert shown.exit_code == 0
    assert json.loads(shown.stdout)["sentences"]


def test_env_var_selects_store(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--quiet"], env={"TAHQIQ_DB": str(db)})
    assert result.exit_code == 0 and db.exists()


def test_bad_claims_get_one_clear_line(db_path: Path) -> None:
    _ingest(db_path)
    for claim, reason in (("", "empty"), ("the army is in Hasakah", "no Arabic words")):
        result = runner.invoke(app, ["check", claim, "--db", str(db_path)])
        assert result.exit_code == 1
        assert reason in result.output and "Traceback" not in result.output


def test_foreign_file_as_store_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "photo.db"
    db.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    before = db.read_bytes()
    result = runner.invoke(app, ["check", SAMPLE_CLAIM, "--db", str(db)])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    assert db.read_bytes() == before


def test_unknown_article_id(db_path: Path) -> None:
    _ingest(db_path)
    result = runner.invoke(app, ["show", "999", "--db", str(db_path)])
    assert result.exit_code == 1 and "no article with id 999" in result.output


FIXTURES = Path(__file__).parents[1] / "fixtures" / "eval"


def test_eval_every_format_from_the_command_line() -> None:
    for path, fmt in (
        (FIXTURES / "ans_stance.csv", "ans-stance"),
        (FIXTURES / "arastance.jsonl", "arastance"),
        (FIXTURES / "baly", "baly"),
        (FIXTURES / "fnc" / "train_stances.csv", "fnc"),
    ):
        result = runner.invoke(app, ["eval", str(path), "--format", fmt, "--json", "--model", "rules"])
        assert result.exit_code == 0, (fmt, result.output)
        data = json.loads(result.stdout)
        stance = data["stance"]
        assert stance["n"] > 0 and 0.0 <= stance["macro_f1"] <= 1.0
        assert {"accuracy", "per_class", "confusion", "pairs_per_second"} <= stance.keys()
    baly = json.loads(runner.invoke(app, ["eval", str(FIXTURES / "baly"), "-f", "baly", "--json"]).stdout)
    assert "ece" in baly["factuality"] and baly["rationale"]["n"] > 0


def test_eval_malformed_dataset_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.jsonl"
    bad.write_text(
        '{"id": 1, "claim": "ادعاء", "article": "نص", "stance": "Agree"}\n{not json\n', encoding="utf-8"
    )
    result = runner.invoke(app, ["eval", str(bad), "--format", "arastance"])
    assert result.exit_code == 1
    assert "broken.jsonl" in result.output and "2" in result.output and "Traceback" not in result.output


def test_quotes_shows_the_denial_and_its_speaker(db_path: Path) -> None:
    _ingest(db_path)
    import tahqiq

    with tahqiq.open(db_path) as tq:
        [opposition] = [
            a.id for a in tq.store.iter_articles() if a.source.endswith("004_9a22f17ed7bf8f62.txt")
        ]
    result = runner.invoke(app, ["quotes", str(opposition), "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    denials = [q for q in data["quotes"] if q["verb_class"] == "denies"]
    assert denials and denials[0]["speaker_canonical"] == "مضر حماد الأسعد"
    assert "حميميم" in data["primary_source"]
    assert any(q["verb_class"] == "accuses" and q["distanced"] for q in data["quotes"])
    table = runner.invoke(app, ["quotes", str(opposition), "--db", str(db_path)])
    assert table.exit_code == 0 and "denies" in table.output


def test_reuse_lists_the_reports_copying_the_hub(db_path: Path) -> None:
    _ingest(db_path)
    import tahqiq

    with tahqiq.open(db_path) as tq:
        ids = {Path(a.source).name[:3]: a.id for a in tq.store.iter_articles()}
    result = runner.invoke(app, ["reuse", str(ids["000"]), "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {link["other"]["article_id"] for link in data["links"]} == {ids["002"], ids["004"]}
    assert all(0 < link["share"] < 1 and link["passages"] for link in data["links"])
    table = runner.invoke(app, ["reuse", str(ids["000"]), "--db", str(db_path)])
    assert table.exit_code == 0 and "وحدات عسكرية جديدة" in table.output
    missing = runner.invoke(app, ["reuse", "999", "--db", str(db_path)])
    assert missing.exit_code == 1 and "999" in missing.output


def test_stories_gather_the_hasakah_reports(db_path: Path) -> None:
    _ingest(db_path)
    import tahqiq

    with tahqiq.open(db_path) as tq:
        ids = {Path(a.source).name[:3]: a.id for a in tq.store.iter_articles()}
    result = runner.invoke(app, ["stories", "--db", str(db_path), "--json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    hasakah = [s for s in found if ids["000"] in {a["article_id"] for a in s["articles"]}]
    assert hasakah and {ids["000"], ids["002"], ids["004"]} <= {
        a["article_id"] for a in hasakah[0]["articles"]
    }
    voices = [v for c in hasakah[0]["claims"] for v in c["voices"]]
    assert any(v["verb_class"] == "denies" and v["speaker"] == "مضر حماد الأسعد" for v in voices)
    table = runner.invoke(app, ["stories", "--db", str(db_path)])
    assert table.exit_code == 0 and "story" in table.output

"""Event claims and speech claims: «قال X إن …» is judged as whether X said it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tahqiq.verdict.claim_kind import claim_shape

from ..conftest import SAMPLE_CLAIM


@pytest.mark.parametrize(
    ("claim", "speaker"),
    [
        ("قال وزير الدفاع سيرجي شويجو يوم الاثنين إن عناصر من القوة الروسية بدأوا العودة إلى روسيا", "شويجو"),
        (
            "نقلت وكالة الإعلام الروسية عن المتحدث باسم الكرملين قوله إن الزيارة استغرقت أربع ساعات",
            "الكرملين",
        ),
        ("نفى وزير المالية أن تكون استقالته مرتبطة بالخلاف مع رئيس الحكومة", "وزير المالية"),
        ("قالت الأمم المتحدة إن قافلة مساعدات دخلت بلدتين في الغوطة الشرقية", "الأمم المتحدة"),
    ],
)
def test_speech_claims_name_their_speaker_and_statement(claim: str, speaker: str) -> None:
    shape = claim_shape(claim)
    assert shape.kind == "speech"
    assert shape.speaker is not None and speaker in shape.speaker
    assert shape.statement and len(shape.statement) < len(claim)


@pytest.mark.parametrize(
    "claim",
    [
        SAMPLE_CLAIM,
        "أطلقت إسرائيل عدة صواريخ على منشأة عسكرية في ريف دمشق",
        "أقر مجلس النواب الأمريكي عقوبات جديدة على حزب الله",
        "أنباء تفيد بأن حريقا نشب في مبنى المحكمة في مدينة منبج",
        "القوات الأمريكية تدرب منشقين عن داعش في الحسكة بحسب ما قال مركز المصالحة",
        "",
    ],
)
def test_event_claims_stay_events(claim: str) -> None:
    assert claim_shape(claim).kind == "event"


def test_reports_show_a_speech_claim_as_such(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from tahqiq.cli import app

    records = tmp_path / "relays.jsonl"
    outlets = ("وكالة أ", "صحيفة ب", "موقع ج")
    records.write_text(
        "\n".join(
            json.dumps(
                {
                    "title": f"بيسكوف: الزيارة استغرقت أربع ساعات ({o})",
                    "text": f"قال المتحدث باسم الكرملين ديمتري بيسكوف إن زيارة الرئيس استغرقت أربع ساعات. "
                    f"وأضاف في تصريح نقله {o} أن المحادثات تناولت الوضع في سوريا.",
                    "outlet": o,
                },
                ensure_ascii=False,
            )
            for o in outlets
        ),
        encoding="utf-8",
    )
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(records), "--db", db, "--quiet"]).exit_code == 0
    claim = "قال المتحدث باسم الكرملين ديمتري بيسكوف إن زيارة الرئيس استغرقت أربع ساعات"
    data = json.loads(runner.invoke(app, ["check", claim, "--db", db, "--json"]).stdout)
    assert data["verdict"]["claim_kind"] == "speech" and "الكرملين" in data["verdict"]["speaker"]
    assert "أربع ساعات" in data["verdict"]["statement"]
    markdown = runner.invoke(app, ["check", claim, "--db", db, "--markdown"]).stdout
    assert "Claim of speech" in markdown
    text = runner.invoke(app, ["check", claim, "--db", db]).stdout
    assert "claim of speech" in text

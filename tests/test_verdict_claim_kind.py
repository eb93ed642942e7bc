"""Event claims and speech claims: «قال X إن …» is judged as whether X said it."""

from __future__ import annotations

import pytest

from tahqiq.verdict.claim_kind import claim_shape

from .conftest import SAMPLE_CLAIM


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

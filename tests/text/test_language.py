"""Language identification by script and function words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tahqiq.text import detect_language

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.txt"))
FIXTURES = Path(__file__).parents[1] / "fixtures" / "text"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:3])
def test_seed_reports_are_arabic(path: Path) -> None:
    assert detect_language(path.read_text(encoding="utf-8")) == "ar"


@pytest.mark.parametrize(
    ("name", "code"), [("english.txt", "en"), ("french.txt", "fr"), ("persian.txt", "fa")]
)
def test_fixture_articles(name: str, code: str) -> None:
    assert detect_language((FIXTURES / name).read_text(encoding="utf-8")) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("القوات الأمريكية تدرب منشقين عن داعش في الحسكة", "ar"),
        # Arabic typed on a Persian keyboard (ی, ک) is still Arabic.
        ("قال وزیر الخارجیة إن الولایات المتحدة لا تزال فی سوریة وإنها تدعم الإرهابیین هناک", "ar"),
        (
            "El ministerio de Defensa ruso dijo el domingo que la coalición entrenaba a los combatientes.",
            "es",
        ),
        (
            "Das russische Verteidigungsministerium sagte, die Koalition bilde ehemalige Kämpfer aus und das ist neu.",
            "de",
        ),
        ("Министерство обороны России заявило, что коалиция обучает бывших боевиков.", "ru"),
        (
            "Міністерство оборони Росії заявило, що коаліція навчає колишніх бойовиків і їхніх командирів.",
            "uk",
        ),
        ("ΤΟ ΥΠΟΥΡΓΕΙΟ ΑΜΥΝΑΣ ΤΗΣ ΡΩΣΙΑΣ ΔΗΛΩΣΕ", "el"),
        ("משרד ההגנה הרוסי הודיע כי הקואליציה מאמנת לוחמים", "he"),
    ],
)
def test_languages_by_script_and_words(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "   ", "OK", "داعش", "2017-12-17 14:30", "Hasakah, Raqqa, Deir ez-Zor"])
def test_too_little_to_tell(text: str) -> None:
    assert detect_language(text) == "und"


@settings(deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéèàçABCXYZ  .,'")), min_size=1, max_size=300
    )
)
def test_latin_script_text_is_never_arabic(text: str) -> None:
    assert detect_language(text) != "ar"


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي  ،.")), min_size=12, max_size=300))
def test_arabic_letters_are_arabic(text: str) -> None:
    letters = sum(1 for c in text if c.isalpha())
    assert detect_language(text) == ("ar" if letters >= 12 else "und")

"""Sentence splitting: offsets, quotations, «،», headings; properties and the five seed reports."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tahqiq.records import Sentence
from tahqiq.text import split_sentences
from tahqiq.text.quotation import UNCLOSED_QUOTE_CHARS

EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.txt"))
LINE_BREAKS = "\n\r\v\f\x85\u2028\u2029"
DOUBLE_QUOTES = '"“”„‟'

texts = st.text(
    alphabet=st.sampled_from(list("ابتسلمنوي") + list("   \n") + list('«»“”"،.!؟…:') + list("0123")),
    max_size=300,
)


def _same_line_pairs(text: str, sentences: list[Sentence]) -> list[tuple[Sentence, Sentence]]:
    """Consecutive sentences with no line break between them: the splitter chose that boundary."""
    return [
        (a, b) for a, b in pairwise(sentences) if not any(c in LINE_BREAKS for c in text[a.end : b.start])
    ]


def _guillemet_pairs(text: str) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    for line_start, line in _lines(text):
        stack: list[int] = []
        for i, c in enumerate(line, line_start):
            if c == "«":
                stack.append(i)
            elif c == "»" and stack:
                pairs.append((stack.pop(), i))
    return pairs


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    start = 0
    for i, c in enumerate(text):
        if c in LINE_BREAKS:
            out.append((start, text[start:i]))
            start = i + 1
    out.append((start, text[start:]))
    return out


@settings(deadline=None)
@given(texts)
def test_sentences_are_the_text_at_their_offsets_in_order(text: str) -> None:
    sentences = split_sentences(text)
    assert [s.index for s in sentences] == list(range(len(sentences)))
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text
    for a, b in pairwise(sentences):
        assert a.end <= b.start
        # Between sentences: spaces, or a line of bare punctuation (":", "***") that is no sentence.
        assert not any(c.isalnum() for c in text[a.end : b.start])


@settings(deadline=None)
@given(texts)
def test_no_word_is_lost(text: str) -> None:
    sentences = split_sentences(text)
    for i, c in enumerate(text):
        if c.isalnum():
            assert any(s.start <= i < s.end for s in sentences), (i, c)


@settings(deadline=None)
@given(texts)
def test_never_split_after_arabic_comma(text: str) -> None:
    sentences = split_sentences(text)
    for a, _ in _same_line_pairs(text, sentences):
        assert not a.text.endswith("،")
        assert a.text[-1] in ".!?؟…\"'»”’›)]"


@settings(deadline=None)
@given(texts)
def test_never_split_inside_guillemets(text: str) -> None:
    sentences = split_sentences(text)
    for a, _ in _same_line_pairs(text, sentences):
        for opened, closed in _guillemet_pairs(text):
            assert not opened < a.end <= closed, (a, opened, closed)


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ابتسلمنوي «»،:")), min_size=1, max_size=200))
def test_a_line_without_terminators_is_one_sentence(text: str) -> None:
    assert len(split_sentences(text)) <= 1


def test_full_stop_inside_quotes_does_not_split() -> None:
    text = "قال الوزير: «انتهت المعركة. بدأ الإعمار». ثم غادر القاعة."
    assert [s.text for s in split_sentences(text)] == [
        "قال الوزير: «انتهت المعركة. بدأ الإعمار».",
        "ثم غادر القاعة.",
    ]
    text = 'وأضاف "لن ننسحب. سنبقى هنا" مؤكداً موقفه. وانتهى اللقاء.'
    assert [s.text for s in split_sentences(text)] == [
        'وأضاف "لن ننسحب. سنبقى هنا" مؤكداً موقفه.',
        "وانتهى اللقاء.",
    ]


def test_marks_used_either_way_round_still_pair() -> None:
    # SANA writes ” to open as well as to close; a stray closer does not start a quotation.
    text = "قال ريابكوف للصحفيين” إننا نريد عملاً. لا أقوالاً”. وانتهى المؤتمر. ثم عاد الوفد."
    assert [s.text for s in split_sentences(text)] == [
        "قال ريابكوف للصحفيين” إننا نريد عملاً.",
        "لا أقوالاً”.",
        "وانتهى المؤتمر.",
        "ثم عاد الوفد.",
    ]
    glued = "وأكد أن “التحالف” و”قسد” لا يقاتلان. وأن بـ”الجيش الجديد. مهمة أخرى” هدفاً. ثم سكت."
    assert [s.text for s in split_sentences(glued)] == [
        "وأكد أن “التحالف” و”قسد” لا يقاتلان.",
        "وأن بـ”الجيش الجديد. مهمة أخرى” هدفاً.",
        "ثم سكت.",
    ]


def test_abbreviations_decimals_and_ellipses() -> None:
    text = "قال د. محمد إن النمو بلغ 3.5 بالمئة في ج.م.ع. هذا العام. وأشار إلى U.S. forces… ثم صمت.. وانصرف."
    assert [s.text for s in split_sentences(text)] == [
        "قال د. محمد إن النمو بلغ 3.5 بالمئة في ج.م.ع. هذا العام.",
        "وأشار إلى U.S. forces…",
        "ثم صمت..",
        "وانصرف.",
    ]
    assert [s.text for s in split_sentences("ولد عام 1950 م. وتوفي عام 2017 م. ودفن في دمشق.")] == [
        "ولد عام 1950 م.",
        "وتوفي عام 2017 م.",
        "ودفن في دمشق.",
    ]
    assert len(split_sentences("النسبة ٣٫٥ بالمئة والعنوان www.sana.sy اليوم.")) == 1


def test_an_unclosed_quote_does_not_swallow_the_paragraph() -> None:
    body = "هذه جملة قصيرة في الخبر. " * 40
    sentences = split_sentences("قال المصدر «" + body)
    assert len(sentences) > 20
    assert sentences[0].end <= len("قال المصدر «") + UNCLOSED_QUOTE_CHARS + len("هذه جملة قصيرة في الخبر. ")
    # The same text with its closing mark is one quotation, hence one sentence.
    assert len(split_sentences("قال المصدر «" + body.strip() + "»")) == 1


def test_line_breaks_end_sentences_and_short_lines_stay_whole() -> None:
    text = 'الحسكة.. "قسد" تعلن نهاية حملتها\n\nأخبار سورية\r\nوقال المصدر إن الحملة انتهت. وبدأت أخرى.'
    assert [s.text for s in split_sentences(text)] == [
        'الحسكة.. "قسد" تعلن نهاية حملتها',
        "أخبار سورية",
        "وقال المصدر إن الحملة انتهت.",
        "وبدأت أخرى.",
    ]


def _seed(name: str) -> str:
    return next(p for p in EXAMPLES if p.name.startswith(name)).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name[:3])
def test_seed_sentences_never_cut_a_quotation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert sentences
    for a, _ in _same_line_pairs(text, sentences):
        line_start = text.rfind("\n", 0, a.end) + 1
        before = text[line_start : a.end]
        assert before.count("«") == before.count("»"), a.text
        assert sum(before.count(q) for q in DOUBLE_QUOTES) % 2 == 0, a.text
        assert not a.text.endswith("،")
    for s in sentences:
        assert text[s.start : s.end] == s.text
    # Every line is one or more whole sentences: no sentence runs across a line break.
    assert all("\n" not in s.text for s in sentences)


def test_seed_000_headings_and_quotes() -> None:
    text = _seed("000")
    sentences = [s.text for s in split_sentences(text)]
    assert sentences[0] == text.splitlines()[0]  # the headline keeps its « … » separator
    assert sentences[2:4] == ["أخبار سورية", "الأحد، ١٧ ديسمبر ٢٠١٧"]
    # Line 17 holds two sentences; the second keeps both of its «…» quotations.
    assert sentences[12].endswith("وطالبهما بجمع أغراضهما والرحيل.")
    assert sentences[13].startswith("كما قال المتحدث باسم الوزارة")
    assert sentences[13].endswith("في هذا الشأن».")
    assert len(sentences) == 17


def test_seed_004_straight_quotes() -> None:
    sentences = [s.text for s in split_sentences(_seed("004"))]
    assert 'وأضافت "وهم عبارة عن مجموعات منشقة عن المسلحين' in sentences[5]
    assert sentences[5].endswith('القوات الحكومية".')
    assert sentences[6].startswith('ووفقا للمصدر فإنه "يتم العمل')
    assert sentences[6].endswith('بدعم من الولايات المتحدة".')
    assert sentences[-1] == 'الحسكة.. "قسد" تعلن نهاية حملتها الأمنية في الهول'


def test_seed_002_double_dot_ends_a_sentence_but_glued_quotes_do_not() -> None:
    sentences = [s.text for s in split_sentences(_seed("002"))]
    assert sentences[0] == "تحالف واشنطن و”قسد”محاولة مفضوحة لإنقاذ “داعش”من الفناء"
    assert sentences[6].endswith("أقامها التنظيم التكفيري ..")
    assert sentences[7].startswith("وقبل ذلك كان البرهان الأبرز")

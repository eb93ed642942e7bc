"""Dates in Arabic news text: Gregorian, Levantine, Hijri, numeric and relative expressions.

A claim check needs to know when something was said ("في بيان له أمس") and when an article
appeared ("الأحد، ١٧ ديسمبر ٢٠١٧"). The month names are listed in ``data/lexicon/dates.tsv``
(:mod:`tahqiq.text.datenames`) rather than left to a general library: Levantine names
(كانون الأول, تشرين الثاني) and Maghrebi ones (جانفي, أوت) are common in the region's press and
general parsers miss them, and regular expressions are fast enough to run on every article at
ingest. ``dateparser`` is only a lazy fallback of :func:`parse_date` for short strings none of
the patterns below understand.

Matching runs on a same-script view of the text (no marks or tatweel, folded hamza and ta
marbuta, ASCII digits) whose characters map back to the original, so every
:class:`FoundDate` carries offsets and the original wording.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any, Literal

import regex

from tahqiq.text.clitics import ONE_CONJUNCTION, ONE_PROCLITIC
from tahqiq.text.datenames import (
    AMBIGUOUS_MONTHS,
    TRAILING_MARKS,
    DateKind,
    alternation,
    date_view,
    name_key,
    names,
)
from tahqiq.text.normalize import normalize_digits, strip_diacritics

Precision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class FoundDate:
    """A date expression found in a text: its span, wording, resolved date and form.

    ``date`` is the first day of the period when ``precision`` is coarser than a day
    ("ديسمبر 2017" → 2017-12-01, precision "month"); "الأسبوع الماضي" points seven days back.
    """

    start: int
    end: int
    text: str
    date: dt.date
    kind: DateKind
    precision: Precision = "day"


_B = r"(?<![\p{L}\p{N}])"  # word start
_E = r"(?![\p{L}\p{N}])"  # word end
_DAY = r"(?<!\d)(?P<day>[0-3]?\d)(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<year>(?:1[3-9]|20|21)\d\d)(?!\d)"
_ERA = r"(?:\s*(?:م|ميلادي|ميلاديه|ad)" + _E + ")?"
_HIJRI_ERA = r"\s*(?:ه|هجري|هجريه|للهجره)" + _E
_TO_YEAR = r"\s*,?\s*(?:(?:من\s+)?(?:عام|العام|سنه)\s+)?"
_CURRENT = r"الجاري|الحالي|الجاريه|الحاليه"
# Numeric dates: 17/12/2017, 17-12-2017, 17.12.2017, 2017-12-17, "2016 / 10 / 12" (spaced slashes).
_SEP = r"(?P<sep>\s?/\s?|[.\-])"
_NUMERIC_DMY = (
    rf"(?<![\d/.\-])(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}})(?P=sep)(?P<year>\d{{4}})(?![\d/\-]|\.\d)"
)
_NUMERIC_YMD = (
    rf"(?<![\d/.\-])(?P<year>\d{{4}}){_SEP}(?P<b>\d{{1,2}})(?P=sep)(?P<a>\d{{1,2}})(?![\d/\-]|\.\d)"
    rf"(?:{_HIJRI_ERA})?"
)
_YEAR_ALONE = rf"{_B}(?:{ONE_PROCLITIC}(?:عام|العام|سنه|السنه)|للعام|للسنه)\s+{_YEAR}{_ERA}"

_YESTERDAY = rf"{_B}[وفب]?(?:ال)?(?:امس|البارحه){_E}(?!\s+(?:الاول){_E})"
_DAY_BEFORE = rf"{_B}{ONE_CONJUNCTION}(?:اول\s+(?:من\s+)?امس|امس\s+الاول){_E}"
_TOMORROW = rf"{_B}{ONE_CONJUNCTION}(?:(?P<after>بعد\s+)?(?:يوم\s+)?(?:غدا|الغد|غد)){_E}"
# A bare العام or الشهر is no date (الرأي العام, الأمين العام): a direction or هذا/هذه is required.
_UNIT = r"(?P<unit>الاسبوع|الشهر|العام|السنه)"


_Resolved = tuple[dt.date, DateKind, Precision] | None
_Handler = Callable[["regex.Match[str]", dt.date | None], _Resolved]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_of(m: regex.Match[str]) -> tuple[int, DateKind]:
    return names().months[name_key(m.group("month"))]


def _is_past(direction: str | None) -> bool:
    return direction in names().past


def _is_next(direction: str | None) -> bool:
    return direction in names().next


def _year_for_month(month: int, reference: dt.date, direction: str | None) -> int:
    """The year of the nearest such month: not after the reference, strictly before or strictly after."""
    if _is_next(direction):
        return reference.year if month > reference.month else reference.year + 1
    if _is_past(direction):
        return reference.year if month < reference.month else reference.year - 1
    return reference.year if month <= reference.month else reference.year - 1


def _full(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    month, kind = _month_of(m)
    found = _safe_date(int(m.group("year")), month, int(m.group("day")))
    return (found, kind, "day") if found else None


def _ordinal_full(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    month, kind = _month_of(m)
    day = names().ordinal_days[name_key(m.group("ordinal"))]
    if m.group("year"):
        year = int(m.group("year"))
    elif reference is None:
        return None
    else:
        year = _year_for_day_month(month, day, reference, m.group("dir"))
    found = _safe_date(year, month, day)
    return (found, kind, "day") if found else None


def _year_for_day_month(month: int, day: int, reference: dt.date, direction: str | None) -> int:
    """A day and month without a year: the latest such date at most a month after the reference."""
    if direction:
        return _year_for_month(month, reference, direction)
    horizon = reference + dt.timedelta(days=31)
    for year in (reference.year + 1, reference.year, reference.year - 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= horizon:
            return year
    return reference.year


def _day_month(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    month, kind = _month_of(m)
    day = int(m.group("day"))
    found = _safe_date(_year_for_day_month(month, day, reference, m.group("dir")), month, day)
    return (found, kind, "day") if found else None


def _month_year(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    month, kind = _month_of(m)
    return dt.date(int(m.group("year")), month, 1), kind, "month"


def _month_alone(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    month, _ = _month_of(m)
    return dt.date(_year_for_month(month, reference, m.group("dir")), month, 1), "relative", "month"


def _hijri(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    month = names().hijri[name_key(m.group("hmonth"))]
    day = int(m.group("day")) if m.group("day") else 1
    return _from_hijri(int(m.group("year")), month, day, "day" if m.group("day") else "month")


def _from_hijri(year: int, month: int, day: int, precision: Precision) -> _Resolved:
    """Convert with the Umm al-Qura calendar (hijridate); dates outside its range give None."""
    from hijridate import Hijri  # only paid for when a Hijri date is present

    try:
        found = Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(found.year, found.month, found.day), "hijri", precision


def _numeric(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    # Arab usage is day first; a first number over 12 settles it, a second over 12 means month first.
    year_first = m.start("year") == m.start()
    day, month = (b, a) if b > 12 >= a and not year_first else (a, b)
    if 1300 <= year <= 1500:  # no news date is Gregorian 14xx: these are Hijri (1438/1/11 هـ)
        return _from_hijri(year, month, day, "day")
    if not 1900 <= year <= 2100:
        return None
    found = _safe_date(year, month, day)
    return (found, "numeric", "day") if found else None


def _year_alone(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    return dt.date(int(m.group("year")), 1, 1), "gregorian", "year"


def _shift(days: int) -> _Handler:
    def handler(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
        if reference is None:
            return None
        return reference + dt.timedelta(days=days), "relative", "day"

    return handler


def _tomorrow(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    return reference + dt.timedelta(days=2 if m.group("after") else 1), "relative", "day"


def _period(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    unit = m.group("unit")
    direction = m.group("dir")
    step = -1 if _is_past(direction) else 1 if _is_next(direction) else 0
    if unit == "الاسبوع":
        return reference + dt.timedelta(days=7 * step), "relative", "week"
    if unit == "الشهر":
        month_index = reference.year * 12 + reference.month - 1 + step
        return dt.date(month_index // 12, month_index % 12 + 1, 1), "relative", "month"
    return dt.date(reference.year + step, 1, 1), "relative", "year"


def _ordinal_month_of_year(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    year = reference.year - 1 if _is_past(m.group("dir")) else reference.year
    return dt.date(year, names().ordinal_months[name_key(m.group("ordinal"))], 1), "relative", "month"


def _day_of_month(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    ordinal = m.group("ordinal")
    day = names().ordinal_days[name_key(ordinal)] if ordinal else int(m.group("day"))
    month_index = reference.year * 12 + reference.month - 1 - (1 if _is_past(m.group("dir")) else 0)
    found = _safe_date(month_index // 12, month_index % 12 + 1, day)
    return (found, "relative", "day") if found else None


def _weekday(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    target = names().weekdays[name_key(m.group("weekday"))]
    direction = m.group("dir")
    if _is_next(direction):
        delta = (target - reference.weekday()) % 7 or 7
    else:
        # A bare weekday in news is the latest one on or before the day of writing.
        delta = -((reference.weekday() - target) % 7)
        if delta == 0 and _is_past(direction):
            delta = -7
    return reference + dt.timedelta(days=delta), "relative", "day"


@cache
def _sources() -> tuple[tuple[str, _Handler, bool, bool], ...]:
    """(pattern, handler, needs no reference date, scans the whole text), built from the names.

    Built and compiled on first use: the month alternations take a noticeable moment, which
    importing tahqiq.text should not pay.
    """
    n = names()
    month = alternation(n.months)
    month_plain = alternation(m for m in n.months if m not in AMBIGUOUS_MONTHS)
    hijri_month = alternation(n.hijri)
    weekday = alternation(n.weekdays)
    ordinal = alternation(n.ordinal_days)
    ordinal_month = alternation(n.ordinal_months)
    weekday_prefix = rf"(?:{_B}{ONE_CONJUNCTION}(?:يوم\s+)?(?:{weekday}){_E}\s*[,-]?\s*)?"
    second_month = rf"(?:\s*(?:/|\(|-)\s*(?:{month}){_E}\s*\)?)?"
    past = alternation(n.past)
    next = alternation(n.next)
    direction = rf"(?:\s+(?P<dir>{past}|{next}){_E})?"

    full = (
        rf"{weekday_prefix}{_DAY}\s*(?:من\s+)?(?:شهر\s+)?{_B}(?P<month>{month}){_E}{second_month}"
        rf"{_TO_YEAR}{_YEAR}{_ERA}"
    )
    full_month_first = rf"{weekday_prefix}{_B}(?P<month>{month})\.?\s+{_DAY}\s*,?\s*{_YEAR}"
    ordinal_full = (
        rf"{_B}(?:في\s+)?(?P<ordinal>{ordinal})\s+من\s+(?:شهر\s+)?(?P<month>{month}){_E}"
        rf"(?:{_TO_YEAR}{_YEAR}{_ERA}|{direction})"
    )
    day_month = rf"{weekday_prefix}{_DAY}\s*(?:من\s+)?(?:شهر\s+)?{_B}(?P<month>{month}){_E}{direction}"
    month_year = rf"{_B}(?:شهر\s+)?(?P<month>{month}){_E}{second_month}{_TO_YEAR}{_YEAR}{_ERA}"
    month_alone = (
        rf"{_B}(?:{ONE_CONJUNCTION}(?:في|خلال|منذ|مطلع|اوايل|اواخر|اواسط|منتصف|نهايه|بدايه|حتي)\s+(?:شهر\s+)?"
        rf"|{ONE_PROCLITIC}شهر\s+)(?P<month>{month_plain}){_E}{direction}"
        rf"|{_B}(?P<month>{month_plain})\s+(?P<dir>{past}|{next}){_E}"
    )
    hijri_full = (
        rf"{weekday_prefix}(?:{_DAY}\s*(?:من\s+)?)?{_B}(?P<hmonth>{hijri_month}){_E}{_TO_YEAR}"
        rf"(?P<year>1[3-5]\d\d)(?!\d)(?:{_HIJRI_ERA})?"
    )
    # Relative expressions; "اليوم" only where it means today (not روسيا اليوم, بنفس اليوم, اليوم التالي).
    today = (
        rf"(?<!روسيا\s)(?<!نفس\s)(?<!ذات\s)(?<!ذلك\s){_B}{ONE_CONJUNCTION}(?:حتي\s+)?اليوم{_E}"
        rf"(?!\s+(?!{weekday}{_E})ال\p{{L}}+)(?!\s+(?:نفسه|ذاته))"
    )
    period = (
        rf"{_B}{ONE_PROCLITIC}(?:(?:هذا|هذه)\s+{_UNIT}{_E}|{_UNIT}\s+(?P<dir>{past}|{next}|{_CURRENT}){_E})"
    )
    ordinal_month_of_year = (
        rf"{_B}{ONE_PROCLITIC}(?:في\s+)?الشهر\s+(?P<ordinal>{ordinal_month})\s+من\s+(?:العام|السنه)"
        rf"\s+(?P<dir>{past}|{_CURRENT})"
    )
    day_of_month = (
        rf"{_B}(?:(?:في\s+)?(?P<ordinal>{ordinal})|(?:ال\s*)?{_DAY})\s+من\s+(?:هذا\s+)?الشهر"
        rf"(?:\s+(?P<dir>{past}|{_CURRENT}))?{_E}"
    )
    weekday_alone = (
        rf"{_B}(?:{ONE_CONJUNCTION}يوم\s+(?P<weekday>{weekday}){_E}(?:\s+(?P<dir>{past}|{next}){_E})?"
        rf"|{ONE_CONJUNCTION}(?P<weekday>{weekday})(?:\s+(?P<dir>{past}|{next}){_E}|(?=\s*,)))"
    )
    return (
        (full, _full, True, False),
        (full_month_first, _full, True, False),
        (ordinal_full, _ordinal_full, False, False),
        (hijri_full, _hijri, True, False),
        (_NUMERIC_DMY, _numeric, True, True),
        (_NUMERIC_YMD, _numeric, True, True),
        (month_year, _month_year, False, False),
        (day_month, _day_month, False, False),
        (month_alone, _month_alone, False, False),
        (_YEAR_ALONE, _year_alone, False, False),
        (_DAY_BEFORE, _shift(-2), False, False),
        (_YESTERDAY, _shift(-1), False, False),
        (today, _shift(0), False, False),
        (_TOMORROW, _tomorrow, False, False),
        (ordinal_month_of_year, _ordinal_month_of_year, False, False),
        (day_of_month, _day_of_month, False, False),
        (period, _period, False, False),
        (weekday_alone, _weekday, False, False),
    )


@dataclass(frozen=True)
class _Rule:
    pattern: regex.Pattern[str]
    handler: _Handler
    whole_text: bool  # numeric patterns scan the whole text; the others only anchor windows


@cache
def _rules(absolute_only: bool) -> tuple[_Rule, ...]:
    return tuple(
        _Rule(regex.compile(source), handler, whole_text)
        for source, handler, absolute, whole_text in _sources()
        if absolute or not absolute_only
    )


# Numeric dates are found by one cheap scan of the whole text. Every other expression holds one
# of these words; finding them with str.find and running the patterns only in a window around
# each is several times faster than running every pattern over a whole article.
@cache
def _anchor_words() -> list[str]:
    n = names()
    return sorted(
        {word for name in (*n.months, *n.hijri, *n.weekdays) for word in name.split()}
        | {"آذار", "امس", "البارحه", "اليوم", "غد", "غدا", "الغد", "الاسبوع", "الشهر", "العام", "السنه"}
        | {"عام", "سنه"}
    )


_DIGIT_RUN = regex.compile(r"\d+")
# What may stand before an anchor word: nothing, or clitics and the article (والجمعه, بالامس).
_ANCHOR_PREFIX = regex.compile(r"(?:^|[^\p{L}\p{N}])[وفبلك]{0,2}(?:ال)?$")
# How far an expression reaches before its first anchor word (في الحادي والعشرين من تشرين)
# and after it (تشرين الثاني / نوفمبر 2017 م).
_BEFORE_ANCHOR = 32
_AFTER_ANCHOR = 48


def _anchors(view: str) -> list[int]:
    found: list[int] = []
    for word in _anchor_words():
        i = view.find(word)
        while i >= 0:
            end = i + len(word)
            whole_word = end == len(view) or not view[end].isalpha()
            if whole_word and _ANCHOR_PREFIX.search(view, max(0, i - 5), i):
                found.append(i)
            i = view.find(word, end)
    return sorted(found)


def _windows(view: str, anchors: list[int]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a in anchors:
        lo, hi = max(0, a - _BEFORE_ANCHOR), min(len(view), a + _AFTER_ANCHOR)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def find_dates(text: str, reference: dt.date | None = None) -> list[FoundDate]:
    """Every date expression in ``text``, in order, without overlaps (the longest wins).

    Expressions that need a reference date (أمس, الشهر الماضي, "١٧ ديسمبر" without a year)
    are left out when ``reference`` is None.
    """
    return _find(text, reference, _rules(absolute_only=False))


def _find(text: str, reference: dt.date | None, rules: tuple[_Rule, ...]) -> list[FoundDate]:
    view, index = date_view(text)
    candidates: list[tuple[int, int, int, dt.date, DateKind, Precision]] = []
    regions = [(0, len(view), True), *((lo, hi, False) for lo, hi in _windows(view, _anchors(view)))]
    for lo, hi, whole in regions:
        for order, rule in enumerate(rules):
            if rule.whole_text != whole:
                continue
            for m in rule.pattern.finditer(view, lo, hi):
                if m.end() == m.start():
                    continue
                resolved = rule.handler(m, reference)
                if resolved is not None:
                    candidates.append((m.start(), m.end(), order, *resolved))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    for start, end, _, date, kind, precision in candidates:
        if any(start < b and a < end for a, b in taken):
            continue
        taken.append((start, end))
        o_start = index[start] if index else start
        o_end = index[end - 1] + 1 if index else end
        while o_end < len(text) and text[o_end] in TRAILING_MARKS:
            o_end += 1
        found.append(FoundDate(o_start, o_end, text[o_start:o_end], date, kind, precision))
    found.sort(key=lambda f: f.start)
    return found


_FALLBACK_MAX_CHARS = 64


def parse_date(text: str, reference: dt.date | None = None) -> dt.date | None:
    """The date a short expression stands for, or None.

    The longest expression :func:`find_dates` recognizes wins; a string it does not understand
    and that is short enough goes to ``dateparser`` (loaded on first use). Without a
    ``reference`` only absolute dates resolve, so the result never depends on today's date.
    """
    found = find_dates(text, reference)
    if found:
        return max(found, key=lambda f: f.end - f.start).date
    stripped = text.strip()
    if not stripped or len(stripped) > _FALLBACK_MAX_CHARS:
        return None
    if reference is None and not regex.search(r"\d{4}", normalize_digits(stripped)):
        return None
    return _dateparser_fallback(stripped, reference)


def _dateparser_fallback(text: str, reference: dt.date | None) -> dt.date | None:
    import dateparser  # slow to import; kept off the ingest path

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if reference is not None:
        settings["RELATIVE_BASE"] = dt.datetime(reference.year, reference.month, reference.day)
    try:
        parsed = dateparser.parse(text, languages=["ar", "en", "fr"], settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date() if parsed is not None else None


# ---------------------------------------------------------------------------------------------
# Publication date of an article.

_HEADER_LINES = 15
_HEADER_CHARS = 4000
_DATELINE_MAX_CHARS = 100
# Words that announce a publication date inside a longer line: "تم نشره يوم ...", "Published ...".
_PUBLISHED_CUE = regex.compile(
    r"نشره?\s*(?:في|يوم|بتاريخ|:)|تاريخ\s+النشر|تحديث|published|updated|posted|publié|mis à jour",
    regex.IGNORECASE,
)
_CUE_WINDOW = 40


def article_date(text: str, title: str = "") -> dt.date | None:
    """The publication date of an article, read from its first lines (a dateline), or None.

    Only complete dates count (day, month and year). A line counts when it is short, as a
    dateline is ("الأحد، ١٧ ديسمبر ٢٠١٧"), or when the date follows a publication cue
    ("نشر في", "آخر تحديث"); dates of events in the body are not publication dates. Within a
    line a Gregorian date is preferred to its Hijri twin. The title is looked at last.
    """
    lines = [line for line in text[:_HEADER_CHARS].splitlines() if line.strip()][:_HEADER_LINES]
    # Long lines matter only near a publication cue; skipping the rest keeps ingest fast.
    lines = [
        line
        for line in lines
        if len(line.strip()) <= _DATELINE_MAX_CHARS or _PUBLISHED_CUE.search(strip_diacritics(line))
    ]
    return _dateline_date(lines) or _dateline_date([title])


def _dateline_date(lines: list[str]) -> dt.date | None:
    block = "\n".join(lines)
    if not _DIGIT_RUN.search(normalize_digits(block)):
        return None
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    by_line: dict[int, list[FoundDate]] = {}
    for f in _find(block, None, _rules(absolute_only=True)):
        k = bisect_right(starts, f.start) - 1
        line = lines[k]
        short = len(line.strip()) <= _DATELINE_MAX_CHARS
        cue = _PUBLISHED_CUE.search(strip_diacritics(block[max(starts[k], f.start - _CUE_WINDOW) : f.start]))
        if (
            "\n" not in f.text
            and f.precision == "day"
            and 1900 <= f.date.year <= 2100
            and (short or cue is not None)
        ):
            by_line.setdefault(k, []).append(f)
    if not by_line:
        return None
    usable = by_line[min(by_line)]
    preferred = [f for f in usable if f.kind != "hijri"] or usable
    return preferred[0].date

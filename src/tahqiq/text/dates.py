"""Dates in Arabic news text: Gregorian, Levantine, Hijri, numeric and relative expressions.

A claim check needs to know when something was said ("في بيان له أمس") and when an article
appeared ("الأحد، ١٧ ديسمبر ٢٠١٧"). The month names are mapped here rather than left to a
general library: Levantine names (كانون الأول, تشرين الثاني) and Maghrebi ones (جانفي, أوت)
are common in the region's press and general parsers miss them, and regular expressions are
fast enough to run on every article at ingest. ``dateparser`` is only a lazy fallback of
:func:`parse_date` for short strings none of the patterns below understand.

Matching runs on a same-script view of the text (no marks or tatweel, folded hamza and ta
marbuta, ASCII digits) whose characters map back to the original, so every
:class:`FoundDate` carries offsets and the original wording.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any, Literal

import regex

from tahqiq.text.normalize import normalize_digits, strip_diacritics

DateKind = Literal["gregorian", "levantine", "hijri", "relative", "numeric"]
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


# ---------------------------------------------------------------------------------------------
# A view of the text for matching, with a map back to the original offsets.

_DROP = frozenset(
    chr(c)
    for c in (
        *range(0x0610, 0x061B),
        *range(0x064B, 0x0660),
        0x0670,
        *range(0x06D6, 0x06EE),
        0x0640,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0x061C,
        0x180E,
        0xFEFF,
        0x00AD,
    )
)
_DROP_RE = regex.compile("[" + regex.escape("".join(sorted(_DROP))) + "]")
_KEEP_RUN = regex.compile("[^" + regex.escape("".join(sorted(_DROP))) + "]+")
# Marks that belong to the letter before them: a span ending on that letter takes them along.
_TRAILING_MARKS = frozenset(c for c in _DROP if "\u0610" <= c <= "\u06ed")
_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "،": ",",
        "؛": ";",
        "\u00a0": " ",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }
)


def _view(text: str) -> tuple[str, list[int] | None]:
    """The matching view of ``text`` and, when characters were dropped, each one's original index."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # "İ" and a few others grow when lower-cased
        lowered = "".join(c if len(lc := c.lower()) != 1 else lc for c in folded)
    if _DROP_RE.search(lowered) is None:
        return lowered, None
    index: list[int] = []
    parts: list[str] = []
    for run in _KEEP_RUN.finditer(lowered):
        index.extend(range(run.start(), run.end()))
        parts.append(run.group())
    return "".join(parts), index


# ---------------------------------------------------------------------------------------------
# Names, in view spelling.

_GREGORIAN_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("يناير", "جانفي", "january", "janvier", "jan"),
    2: ("فبراير", "فيفري", "february", "février", "fevrier", "feb"),
    3: ("مارس", "march", "mars", "mar"),
    4: ("ابريل", "افريل", "april", "avril", "apr"),
    5: ("مايو", "ماي", "may", "mai"),
    6: ("يونيو", "يونيه", "جوان", "june", "juin", "jun"),
    7: ("يوليو", "يوليه", "جويليه", "july", "juillet", "jul"),
    8: ("اغسطس", "اغشت", "اوت", "august", "août", "aout", "aug"),
    9: ("سبتمبر", "شتنبر", "september", "septembre", "sept", "sep"),
    10: ("اكتوبر", "october", "octobre", "oct"),
    11: ("نوفمبر", "نونبر", "november", "novembre", "nov"),
    12: ("ديسمبر", "دجنبر", "december", "décembre", "decembre", "dec"),
}
_LEVANTINE_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("كانون الثاني", "كانون ثاني"),
    2: ("شباط",),
    3: ("اذار",),
    4: ("نيسان",),
    5: ("ايار",),
    6: ("حزيران",),
    7: ("تموز",),
    8: ("آب",),
    9: ("ايلول",),
    10: ("تشرين الاول", "تشرين اول"),
    11: ("تشرين الثاني", "تشرين ثاني"),
    12: ("كانون الاول", "كانون اول"),
}
_HIJRI_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("محرم",),
    2: ("صفر",),
    3: ("ربيع الاول", "ربيع اول"),
    4: ("ربيع الثاني", "ربيع الاخر", "ربيع ثاني"),
    5: ("جمادي الاولي", "جمادي الاول"),
    6: ("جمادي الثانيه", "جمادي الاخره", "جمادي الثاني", "جمادي الاخر"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعده", "ذي القعده"),
    12: ("ذو الحجه", "ذي الحجه"),
}
# Short Latin names that are also words ("may", "mar"): they count only next to a day or a year.
# آ is not folded in the view, so آب (August) never matches أب or اب ("father").
_AMBIGUOUS_MONTHS = frozenset({"may", "mai", "mar", "jan", "dec", "sep"})

_MONTH_TABLES: tuple[tuple[DateKind, dict[int, tuple[str, ...]]], ...] = (
    ("gregorian", _GREGORIAN_MONTHS),
    ("levantine", _LEVANTINE_MONTHS),
)
_MONTHS: dict[str, tuple[int, DateKind]] = {
    name: (number, kind) for kind, table in _MONTH_TABLES for number, names in table.items() for name in names
}
_HIJRI: dict[str, int] = {name: n for n, names in _HIJRI_MONTHS.items() for name in names}

_WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4, "السبت": 5, "الاحد": 6}

# Ordinal days, as in "في السادس عشر من تشرين الثاني".
_ORDINAL_UNITS = ("الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع")
_ORDINAL_DAYS: dict[str, int] = {name: i + 1 for i, name in enumerate(_ORDINAL_UNITS)}
_ORDINAL_DAYS["العاشر"] = 10
for _i, _unit in enumerate(("الحادي", *_ORDINAL_UNITS[1:])):
    _ORDINAL_DAYS[f"{_unit} عشر"] = 11 + _i
    _ORDINAL_DAYS[f"{_unit} والعشرين"] = 21 + _i
_ORDINAL_DAYS["العشرين"] = 20
_ORDINAL_DAYS["الثلاثين"] = 30
_ORDINAL_DAYS["الحادي والثلاثين"] = 31
_ORDINAL_MONTHS = {k: v for k, v in _ORDINAL_DAYS.items() if v <= 12}


def _alternation(names: Iterable[str]) -> str:
    """A regex alternation of ``names``, longest first, with flexible inner spaces."""
    ordered = sorted(set(names), key=len, reverse=True)
    # The view keeps آ (for آب); any other bare alef in a name may also be written آ (آذار).
    return "|".join(
        regex.escape(n).replace(r"\ ", r"\s+").replace("ا", "[اآ]") if n != "آب" else n for n in ordered
    )


_B = r"(?<![\p{L}\p{N}])"  # word start
_E = r"(?![\p{L}\p{N}])"  # word end
_MONTH = _alternation(_MONTHS)
_MONTH_PLAIN = _alternation(n for n in _MONTHS if n not in _AMBIGUOUS_MONTHS)
_HIJRI_MONTH = _alternation(_HIJRI)
_WEEKDAY = _alternation(_WEEKDAYS)
_ORDINAL = _alternation(_ORDINAL_DAYS)
_ORDINAL_MONTH = _alternation(_ORDINAL_MONTHS)
_DAY = r"(?<!\d)(?P<day>[0-3]?\d)(?:st|nd|rd|th|er)?"
_YEAR = r"(?P<year>(?:1[3-9]|20|21)\d\d)(?!\d)"
_ERA = r"(?:\s*(?:م|ميلادي|ميلاديه|ad)" + _E + ")?"
_HIJRI_ERA = r"\s*(?:ه|هجري|هجريه|للهجره)" + _E
_WEEKDAY_PREFIX = rf"(?:{_B}[وف]?(?:يوم\s+)?(?:{_WEEKDAY}){_E}\s*[,-]?\s*)?"
_SECOND_MONTH = rf"(?:\s*(?:/|\(|-)\s*(?:{_MONTH}){_E}\s*\)?)?"
_TO_YEAR = r"\s*,?\s*(?:(?:من\s+)?(?:عام|العام|سنه)\s+)?"
_PAST_WORDS = frozenset({"الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفايت", "الفايته", "السابق"})
_NEXT_WORDS = frozenset({"المقبل", "المقبله", "القادم", "القادمه"})
_PAST = _alternation(_PAST_WORDS)
_NEXT = _alternation(_NEXT_WORDS)
_CURRENT = r"الجاري|الحالي|الجاريه|الحاليه"
_DIRECTION = rf"(?:\s+(?P<dir>{_PAST}|{_NEXT}){_E})?"


_FULL = (
    rf"{_WEEKDAY_PREFIX}{_DAY}\s*(?:من\s+)?(?:شهر\s+)?{_B}(?P<month>{_MONTH}){_E}{_SECOND_MONTH}"
    rf"{_TO_YEAR}{_YEAR}{_ERA}"
)
_FULL_MONTH_FIRST = rf"{_WEEKDAY_PREFIX}{_B}(?P<month>{_MONTH})\.?\s+{_DAY}\s*,?\s*{_YEAR}"
_ORDINAL_FULL = (
    rf"{_B}(?:في\s+)?(?P<ordinal>{_ORDINAL})\s+من\s+(?:شهر\s+)?(?P<month>{_MONTH}){_E}"
    rf"(?:{_TO_YEAR}{_YEAR}{_ERA}|{_DIRECTION})"
)
_DAY_MONTH = rf"{_WEEKDAY_PREFIX}{_DAY}\s*(?:من\s+)?(?:شهر\s+)?{_B}(?P<month>{_MONTH}){_E}{_DIRECTION}"
_MONTH_YEAR = rf"{_B}(?:شهر\s+)?(?P<month>{_MONTH}){_E}{_SECOND_MONTH}{_TO_YEAR}{_YEAR}{_ERA}"
_MONTH_ALONE = (
    rf"{_B}(?:[وف]?(?:في|خلال|منذ|مطلع|اوايل|اواخر|اواسط|منتصف|نهايه|بدايه|حتي)\s+(?:شهر\s+)?"
    rf"|[وفبل]?شهر\s+)(?P<month>{_MONTH_PLAIN}){_E}{_DIRECTION}"
    rf"|{_B}(?P<month>{_MONTH_PLAIN})\s+(?P<dir>{_PAST}|{_NEXT}){_E}"
)
_HIJRI_FULL = (
    rf"{_WEEKDAY_PREFIX}(?:{_DAY}\s*(?:من\s+)?)?{_B}(?P<hmonth>{_HIJRI_MONTH}){_E}{_TO_YEAR}"
    rf"(?P<year>1[3-5]\d\d)(?!\d)(?:{_HIJRI_ERA})?"
)
# Numeric dates: 17/12/2017, 17-12-2017, 17.12.2017, 2017-12-17, "2016 / 10 / 12" (spaced slashes).
_SEP = r"(?P<sep>\s?/\s?|[.\-])"
_NUMERIC_DMY = (
    rf"(?<![\d/.\-])(?P<a>\d{{1,2}}){_SEP}(?P<b>\d{{1,2}})(?P=sep)(?P<year>\d{{4}})(?![\d/\-]|\.\d)"
)
_NUMERIC_YMD = (
    rf"(?<![\d/.\-])(?P<year>\d{{4}}){_SEP}(?P<b>\d{{1,2}})(?P=sep)(?P<a>\d{{1,2}})(?![\d/\-]|\.\d)"
    rf"(?:{_HIJRI_ERA})?"
)
_YEAR_ALONE = rf"{_B}(?:[وفبل]?(?:عام|العام|سنه|السنه)|للعام|للسنه)\s+{_YEAR}{_ERA}"

# Relative expressions; "اليوم" only where it means today (not روسيا اليوم, بنفس اليوم, اليوم التالي).
_TODAY = (
    rf"(?<!روسيا\s)(?<!نفس\s)(?<!ذات\s)(?<!ذلك\s){_B}[وف]?(?:حتي\s+)?اليوم{_E}"
    rf"(?!\s+(?!{_WEEKDAY}{_E})ال\p{{L}}+)(?!\s+(?:نفسه|ذاته))"
)
_YESTERDAY = rf"{_B}[وفب]?(?:ال)?(?:امس|البارحه){_E}(?!\s+(?:الاول){_E})"
_DAY_BEFORE = rf"{_B}[وف]?(?:اول\s+(?:من\s+)?امس|امس\s+الاول){_E}"
_TOMORROW = rf"{_B}[وف]?(?:(?P<after>بعد\s+)?(?:يوم\s+)?(?:غدا|الغد|غد)){_E}"
# A bare العام or الشهر is no date (الرأي العام, الأمين العام): a direction or هذا/هذه is required.
_UNIT = r"(?P<unit>الاسبوع|الشهر|العام|السنه)"
_PERIOD = rf"{_B}[وفبل]?(?:(?:هذا|هذه)\s+{_UNIT}{_E}|{_UNIT}\s+(?P<dir>{_PAST}|{_NEXT}|{_CURRENT}){_E})"
_ORDINAL_MONTH_OF_YEAR = (
    rf"{_B}[وفبل]?(?:في\s+)?الشهر\s+(?P<ordinal>{_ORDINAL_MONTH})\s+من\s+(?:العام|السنه)"
    rf"\s+(?P<dir>{_PAST}|{_CURRENT})"
)
_DAY_OF_MONTH = (
    rf"{_B}(?:(?:في\s+)?(?P<ordinal>{_ORDINAL})|(?:ال\s*)?{_DAY})\s+من\s+(?:هذا\s+)?الشهر"
    rf"(?:\s+(?P<dir>{_PAST}|{_CURRENT}))?{_E}"
)
_WEEKDAY_ALONE = (
    rf"{_B}(?:[وف]?يوم\s+(?P<weekday>{_WEEKDAY}){_E}(?:\s+(?P<dir>{_PAST}|{_NEXT}){_E})?"
    rf"|[وف]?(?P<weekday>{_WEEKDAY})(?:\s+(?P<dir>{_PAST}|{_NEXT}){_E}|(?=\s*,)))"
)

_Resolved = tuple[dt.date, DateKind, Precision] | None
_Handler = Callable[["regex.Match[str]", dt.date | None], _Resolved]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _name_key(name: str) -> str:
    """A matched name as spelled in the tables: single spaces, آ folded except in آب."""
    key = " ".join(name.lower().split())
    return key if key == "آب" else key.replace("آ", "ا")


def _month_of(m: regex.Match[str]) -> tuple[int, DateKind]:
    return _MONTHS[_name_key(m.group("month"))]


def _is_past(direction: str | None) -> bool:
    return direction in _PAST_WORDS


def _is_next(direction: str | None) -> bool:
    return direction in _NEXT_WORDS


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
    day = _ORDINAL_DAYS[" ".join(m.group("ordinal").split())]
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
    month = _HIJRI[_name_key(m.group("hmonth"))]
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
    return dt.date(year, _ORDINAL_MONTHS[" ".join(m.group("ordinal").split())], 1), "relative", "month"


def _day_of_month(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    ordinal = m.group("ordinal")
    day = _ORDINAL_DAYS[" ".join(ordinal.split())] if ordinal else int(m.group("day"))
    month_index = reference.year * 12 + reference.month - 1 - (1 if _is_past(m.group("dir")) else 0)
    found = _safe_date(month_index // 12, month_index % 12 + 1, day)
    return (found, "relative", "day") if found else None


def _weekday(m: regex.Match[str], reference: dt.date | None) -> _Resolved:
    if reference is None:
        return None
    target = _WEEKDAYS[m.group("weekday")]
    direction = m.group("dir")
    if _is_next(direction):
        delta = (target - reference.weekday()) % 7 or 7
    else:
        # A bare weekday in news is the latest one on or before the day of writing.
        delta = -((reference.weekday() - target) % 7)
        if delta == 0 and _is_past(direction):
            delta = -7
    return reference + dt.timedelta(days=delta), "relative", "day"


# (pattern, handler, whether it needs no reference date). Patterns compile on first use: the
# month alternations take a noticeable moment, which importing tahqiq.text should not pay.
_SOURCES: tuple[tuple[str, _Handler, bool], ...] = (
    (_FULL, _full, True),
    (_FULL_MONTH_FIRST, _full, True),
    (_ORDINAL_FULL, _ordinal_full, False),
    (_HIJRI_FULL, _hijri, True),
    (_NUMERIC_DMY, _numeric, True),
    (_NUMERIC_YMD, _numeric, True),
    (_MONTH_YEAR, _month_year, False),
    (_DAY_MONTH, _day_month, False),
    (_MONTH_ALONE, _month_alone, False),
    (_YEAR_ALONE, _year_alone, False),
    (_DAY_BEFORE, _shift(-2), False),
    (_YESTERDAY, _shift(-1), False),
    (_TODAY, _shift(0), False),
    (_TOMORROW, _tomorrow, False),
    (_ORDINAL_MONTH_OF_YEAR, _ordinal_month_of_year, False),
    (_DAY_OF_MONTH, _day_of_month, False),
    (_PERIOD, _period, False),
    (_WEEKDAY_ALONE, _weekday, False),
)
_NUMERIC_SOURCES = frozenset({_NUMERIC_DMY, _NUMERIC_YMD})


@dataclass(frozen=True)
class _Rule:
    pattern: regex.Pattern[str]
    handler: _Handler
    whole_text: bool  # numeric patterns scan the whole text; the others only anchor windows


@cache
def _rules(absolute_only: bool) -> tuple[_Rule, ...]:
    return tuple(
        _Rule(regex.compile(source), handler, source in _NUMERIC_SOURCES)
        for source, handler, absolute in _SOURCES
        if absolute or not absolute_only
    )


# Numeric dates are found by one cheap scan of the whole text. Every other expression holds one
# of these words; finding them with str.find and running the patterns only in a window around
# each is several times faster than running every pattern over a whole article.
_ANCHOR_WORDS = sorted(
    {word for name in (*_MONTHS, *_HIJRI, *_WEEKDAYS) for word in name.split()}
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
    for word in _ANCHOR_WORDS:
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
    view, index = _view(text)
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
        while o_end < len(text) and text[o_end] in _TRAILING_MARKS:
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

"""The text the date matcher reads, and the names it looks for, loaded from data/lexicon/dates.tsv.

Dates are matched on a same-script view of a text (no marks or tatweel, folded hamza and ta
marbuta, ASCII digits) whose characters map back to the original, so every date found carries
offsets and the original wording; the view folds with the tables of :mod:`tahqiq.text.normalize`.
Month, weekday and ordinal names and the words that point back or forward (الماضي، المقبل) are
``data/lexicon/dates.tsv``, keyed here the way the view spells them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from tahqiq.text.lexicon import Table, load_table, skip_row
from tahqiq.text.normalize import DIACRITIC_CODES, DIGITS, INVISIBLE_CODES, LETTERS

DateKind = Literal["gregorian", "levantine", "hijri", "relative", "numeric"]


_DROP = frozenset(chr(c) for c in (*DIACRITIC_CODES, *INVISIBLE_CODES))
_DROP_RE = regex.compile("[" + regex.escape("".join(sorted(_DROP))) + "]")
_KEEP_RUN = regex.compile("[^" + regex.escape("".join(sorted(_DROP))) + "]+")
# Marks that belong to the letter before them: a span ending on that letter takes them along.
TRAILING_MARKS = frozenset(c for c in _DROP if "\u0610" <= c <= "\u06ed")
# The hamza, alef maqsura, teh marbuta and Arabic comma folds of normalize, but not آ (آب is
# August, اب is "father") nor the rarer letters it also folds; and no-break spaces, which
# datelines are full of.
_FOLD = str.maketrans({**{c: LETTERS[c] for c in "أإٱىةؤئ،؛"}, "\u00a0": " ", **DIGITS})


def date_view(text: str) -> tuple[str, list[int] | None]:
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


# Short Latin names that are also words ("may", "mar"): they count only next to a day or a year.
AMBIGUOUS_MONTHS = frozenset({"may", "mai", "mar", "jan", "dec", "sep"})
_GROUPS = frozenset({"gregorian", "levantine", "hijri", "weekday", "ordinal", "direction"})
DATE_COLUMNS = ("group", "number", "name")


@dataclass(frozen=True)
class Names:
    """Each name (a :func:`name_key`) with its number: month, weekday, ordinal day."""

    months: dict[str, tuple[int, DateKind]]
    hijri: dict[str, int]
    weekdays: dict[str, int]
    ordinal_days: dict[str, int]
    past: frozenset[str]
    next: frozenset[str]

    @property
    def ordinal_months(self) -> dict[str, int]:
        return {k: v for k, v in self.ordinal_days.items() if v <= 12}


@cache
def names() -> Names:
    """The names of ``data/lexicon/dates.tsv``, loaded once; a bad row is warned about and skipped."""
    return names_from(load_table("dates", DATE_COLUMNS))


def names_from(table: Table) -> Names:
    """The :class:`Names` of a ``dates`` table (see :func:`names`)."""
    groups: dict[str, dict[str, int]] = {}
    for row in table.rows:
        if row["group"] not in _GROUPS or not row["number"].lstrip("-").isdigit():
            skip_row(table, row, f"expected one of {', '.join(sorted(_GROUPS))} and a number")
            continue
        groups.setdefault(row["group"], {})[name_key(date_view(row["name"])[0])] = int(row["number"])
    months: dict[str, tuple[int, DateKind]] = {
        **{name: (n, "gregorian") for name, n in groups.get("gregorian", {}).items()},
        **{name: (n, "levantine") for name, n in groups.get("levantine", {}).items()},
    }
    direction = groups.get("direction", {})
    return Names(
        months=months,
        hijri=groups.get("hijri", {}),
        weekdays=groups.get("weekday", {}),
        ordinal_days=groups.get("ordinal", {}),
        past=frozenset(w for w, n in direction.items() if n < 0),
        next=frozenset(w for w, n in direction.items() if n > 0),
    )


def alternation(names: Iterable[str]) -> str:
    """A regex alternation of ``names``, longest first, with flexible inner spaces."""
    ordered = sorted(set(names), key=len, reverse=True)
    # The view keeps آ (for آب); any other bare alef in a name may also be written آ (آذار).
    return "|".join(
        regex.escape(n).replace(r"\ ", r"\s+").replace("ا", "[اآ]") if n != "آب" else n for n in ordered
    )


def name_key(name: str) -> str:
    """A matched name as spelled in the tables: single spaces, آ folded except in آب."""
    key = " ".join(name.lower().split())
    return key if key == "آب" else key.replace("آ", "ا")

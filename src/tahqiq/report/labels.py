"""The workbench's words in Arabic and English, from one data file, and the numbers and dates in them.

Every label the pages show lives in ``tahqiq/data/labels/ui.tsv`` (``key<TAB>ar<TAB>en``), so a
wording is changed in one place and the two languages cannot drift apart. A line that cannot be
read is reported as ``file:line: reason`` (the way the word lists report theirs) and skipped.

Numbers follow the page's language: Arabic-Indic digits and the Arabic percent sign in Arabic,
Western digits in English. Counted nouns agree with their number by the Unicode CLDR plural
rules (Arabic has six forms: «مقال واحد», «مقالان», «٣ مقالات», «١١ مقالاً», «١٠٠ مقال»), whose
forms are rows of the label file. Ids are written without thousands separators: «#١٢٣٤» is a
name, not a quantity. Dates are written with month names from the file, never as ISO strings.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Literal

from tahqiq.text.lexicon import DataFileProblem, DataFileWarning

Lang = Literal["ar", "en"]
LANGS: tuple[Lang, ...] = ("ar", "en")
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
UNUSED = "-"  # a plural form the language does not use (English has only "one" and "other")

_ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def plural_category(n: int, lang: Lang) -> str:
    """The CLDR plural category of the whole number ``n`` in ``lang``.

    Arabic: 0 zero, 1 one, 2 two, 3-10 few (plural), 11-99 many (singular accusative), and the
    hundreds (100, 101, 102, 200 ...) other (singular genitive); what follows a hundred takes the
    form its last two digits take («١٠٣ مقالات»).
    """
    n = abs(n)
    if lang == "en":
        return "one" if n == 1 else "other"
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    rest = n % 100
    if 3 <= rest <= 10:
        return "few"
    if 11 <= rest <= 99:
        return "many"
    return "other"


@dataclass(frozen=True)
class LabelTable:
    """Every label in both languages, as loaded, with the lines that were skipped."""

    labels: dict[Lang, dict[str, str]]
    problems: tuple[DataFileProblem, ...] = field(default=())


def parse_labels(text: str, path: str) -> LabelTable:
    """Read a label file: a header line, then ``key<TAB>ar<TAB>en`` lines; ``#`` lines are comments.

    Cells are kept as written (trailing spaces too: a list separator is «، »). A line with the
    wrong number of cells, an empty cell or a key given twice is a problem, reported and skipped.
    """
    labels: dict[Lang, dict[str, str]] = {"ar": {}, "en": {}}
    problems: list[DataFileProblem] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            header_seen = True
            if cells[:1] == ["key"]:
                continue
        if len(cells) != 3:
            problems.append(
                DataFileProblem(path, number, f"expected 3 tab-separated cells, found {len(cells)}")
            )
            continue
        key, ar, en = cells
        if not key or not ar or not en:
            problems.append(DataFileProblem(path, number, "empty cell"))
            continue
        if key in labels["ar"]:
            problems.append(DataFileProblem(path, number, f"{key} is given twice"))
            continue
        labels["ar"][key] = ar
        if en != UNUSED:
            labels["en"][key] = en
    return LabelTable(labels, tuple(problems))


@cache
def load_labels(name: str = "ui") -> LabelTable:
    """The label file ``tahqiq/data/labels/NAME.tsv``; a skipped line warns once (DataFileWarning)."""
    resource = resources.files("tahqiq") / "data" / "labels" / f"{name}.tsv"
    if not resource.is_file():
        raise FileNotFoundError(f"no label file named {name!r} (looked for data/labels/{name}.tsv)")
    table = parse_labels(resource.read_text(encoding="utf-8"), f"data/labels/{name}.tsv")
    for problem in table.problems:
        warnings.warn(str(problem), DataFileWarning, stacklevel=2)
    return table


class Labels:
    """The words and number forms of one language, handed to every template as ``L``."""

    def __init__(self, lang: Lang, table: LabelTable | None = None) -> None:
        self.lang: Lang = lang
        self.dir = "rtl" if lang == "ar" else "ltr"
        loaded = table or load_labels()
        self._own = loaded.labels[lang]
        self._fallback = loaded.labels["ar"]

    def __call__(self, key: str, **values: object) -> str:
        """The label ``key`` with ``{name}`` filled from ``values`` (numbers already formatted)."""
        text = self._own.get(key) or self._fallback.get(key) or key
        if not values:
            return text
        return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

    def has(self, key: str) -> bool:
        return key in self._own or key in self._fallback

    def digits(self, text: str) -> str:
        return text.translate(_ARABIC_DIGITS) if self.lang == "ar" else text

    def num(self, n: int | float) -> str:
        """A quantity: thousands grouped (Arabic ``٬``), in the page's digits."""
        grouped = f"{n:,}"
        return self.digits(grouped.replace(",", "٬") if self.lang == "ar" else grouped)

    def id(self, n: int | str) -> str:
        """An id (an article's, a check's): never grouped, in the page's digits."""
        return self.digits(str(n))

    def pct(self, x: float) -> str:
        value = round(float(x) * 100)
        return self.digits(f"{value}٪") if self.lang == "ar" else f"{value}%"

    def count(self, n: int, noun: str) -> str:
        """``n`` of ``noun`` with the form agreeing with the number («١٠ كلمات», «١١ كلمةً»)."""
        category = plural_category(n, self.lang)
        key = f"n.{noun}.{category}"
        if key not in self._own:
            key = f"n.{noun}.other"
        return self(key, n=self.num(n))

    def date(self, iso: str | None) -> str:
        """``2017-12-17`` as «١٧ ديسمبر ٢٠١٧» (or "17 December 2017"); undated says so."""
        if not iso:
            return self("date.unknown")
        m = _ISO_DATE.match(iso)
        if not m:
            return iso
        year, month, day = (int(g) for g in m.groups())
        if not 1 <= month <= 12:
            return iso
        return self("date.format", day=self.id(day), month=self(f"month.{month}"), year=self.id(year))

    def datetime(self, iso: str | None) -> str:
        """A stored UTC timestamp as a date and an hour: «٢٩ نوفمبر ٢٠٢٦، الساعة ١٦:٠٥ (ت.ع.م)»."""
        if not iso:
            return ""
        try:
            when = datetime.fromisoformat(iso)
        except ValueError:
            return self.date(iso)
        return self("datetime.format", date=self.date(iso[:10]), time=self.digits(when.strftime("%H:%M")))

    def join(self, items: list[str], sep: str = "list.sep") -> str:
        return self(sep).join(items)


def technique_key(technique: str) -> str:
    """The label key of a PTC technique: ``Name_Calling,Labeling`` → ``technique.name_calling_labeling``."""
    return "technique." + "_".join(w for w in re.split(r"[^a-z]+", technique.lower()) if w)


def labels_for(lang: str | None) -> Labels:
    """The labels of ``lang``; anything but ``en`` is Arabic, the workbench's first language."""
    return Labels("en" if lang == "en" else "ar")

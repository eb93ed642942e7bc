"""Trimming rules for page furniture left in scraped Arabic news text.

Copy-pasted and scraped articles carry their site's chrome: the title repeated under itself,
a " - Site Name" title suffix, a "بلدي نيوز - (كاتب)" byline, a trailing "مقالات ذات صلة" list
of other headlines, comment and share prompts. Left in, they leak other stories' words into
retrieval and stance, and make two copies of one report look different. Each rule is a small
function over lines that only looks at the top or bottom few lines, so a rule can never eat
the middle of an article, and trimming stays cheap. What a rule removes that is worth keeping
(site name, byline, credited source) is returned so readers can store it as metadata. The
headings, prompts and site words the rules look for are ``data/lexicon/boilerplate.tsv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from tahqiq.text import arabic_ratio, normalize
from tahqiq.text.lexicon import load_table

_PUNCT_SPACE = regex.compile(r"[\p{P}\p{S}\s]+")
_LATIN_LETTER = regex.compile(r"[A-Za-z]")
_LETTER = regex.compile(r"\p{L}")
_TITLE_SEPARATOR = regex.compile(r"\s+(?:[-–—|]|::)\s+")
_DOMAIN = regex.compile(
    r"\b[\w-]+\.(?:com|net|org|info|news|tv|me|co|sy|sa|ae|eg|lb|jo|iq|qa|ps|ma|tn|dz)\b", regex.I
)
_BYLINE_OUTLET = regex.compile(
    r"^(?P<outlet>[^()\[\]\-–—|:]{2,40}?)\s*[-–—|]\s*[(\[](?P<name>[^()\[\]]{2,40})[)\]]$"
)
_QUOTES = frozenset('«»"“”„')


_HEAD_LINES = 4  # non-empty lines at the top where a repeated title or byline may stand
_TAIL_LINES = 8  # non-empty lines at the bottom searched for a credited source
_SHORT_LINE_WORDS = 25  # a related-stories list holds headlines, never paragraphs
_RELATED_SCAN = 30  # non-empty lines at the bottom searched for a related-stories heading
_MAX_KEY_CHARS = 200  # only short lines are normalized for comparison


@dataclass(frozen=True)
class Byline:
    """A byline line at the top of a body: the author's name and, when given, the outlet."""

    line: str
    name: str
    outlet: str | None = None


@dataclass(frozen=True)
class Cleaned:
    """A title and body after trimming, with what the rules found and the names of those that fired."""

    title: str
    body: str
    site_name: str | None = None
    byline: Byline | None = None
    credited_source: str | None = None
    removed: tuple[str, ...] = ()


def _key(line: str) -> str:
    """Comparison form of a short line: normalized, punctuation and spacing folded to single spaces."""
    return str(_PUNCT_SPACE.sub(" ", normalize(line[:_MAX_KEY_CHARS]))).strip()


@dataclass(frozen=True)
class _Furniture:
    """What the rules look for, from ``data/lexicon/boilerplate.tsv``: the patterns of a byline
    and a credit line (their words as written), and the keys (see :func:`_key`) of the rest."""

    byline_author: regex.Pattern[str]
    credit: regex.Pattern[str]
    related_headings: frozenset[str]
    chrome_lines: frozenset[str]
    chrome_prefixes: tuple[str, ...]
    site_words: frozenset[str]


@cache
def _furniture() -> _Furniture:
    table = load_table("boilerplate")
    bylines = "|".join(regex.escape(w) for w in table.group("byline_word"))
    credits = "|".join(regex.escape(w) for w in table.group("credit_word"))
    return _Furniture(
        byline_author=regex.compile(rf"^(?:{bylines})\s*[:：]?\s*(?P<name>[^\d:：]{{2,40}})$"),
        credit=regex.compile(
            rf"^[(\[]?\s*(?:{credits})\s*[:：\-–]\s*(?P<name>[^()\[\]]{{1,80}}?)\s*[)\]]?\s*[.。]?$", regex.I
        ),
        related_headings=frozenset(_key(e) for e in table.group("related_heading")),
        chrome_lines=frozenset(_key(e) for e in table.group("chrome_line")),
        chrome_prefixes=tuple(_key(e) for e in table.group("chrome_prefix")),
        site_words=frozenset(_key(e) for e in table.group("site_word")),
    )


def _nonempty_indices(lines: Sequence[str], limit: int, *, from_end: bool = False) -> list[int]:
    order = range(len(lines) - 1, -1, -1) if from_end else range(len(lines))
    found: list[int] = []
    for i in order:
        if lines[i].strip():
            found.append(i)
            if len(found) == limit:
                break
    return found


def split_title(text: str) -> tuple[str, list[str]]:
    """Split plain text into its first non-empty line (the title) and the lines after it."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.strip():
            return line.strip(), lines[i + 1 :]
    return "", []


def strip_site_suffix(
    title: str, body_lines: Sequence[str] = (), *, known_site: str | None = None
) -> tuple[str, str | None]:
    """Split "headline - Site Name" into ``(headline, site)``; ``(title, None)`` when there is no site suffix.

    Only an Arabic headline loses a suffix, and only when the suffix is short and looks like a
    site: the ``known_site`` name, mostly Latin letters, a domain or a word such as نيوز or موقع, or
    the body repeating the headline without it. This keeps "الحسكة - سوريا" style headlines whole.
    """
    matches = list(_TITLE_SEPARATOR.finditer(title))
    if not matches:
        return title, None
    last = matches[-1]
    head, suffix = title[: last.start()].strip(), title[last.end() :].strip()
    if not head or not suffix or arabic_ratio(head) < 0.5:
        return title, None
    words = suffix.split()
    if len(words) > 5 or len(suffix) > 40 or suffix[-1] in "?؟" or any(c in _QUOTES for c in suffix):
        return title, None
    suffix_key = _key(suffix)
    if known_site is not None and suffix_key == _key(known_site):
        return head, suffix
    letters = _LETTER.findall(suffix)
    latin = sum(1 for c in letters if _LATIN_LETTER.match(c))
    site_like = (
        (bool(letters) and latin > len(letters) / 2)
        or _DOMAIN.search(suffix) is not None
        or any(word in _furniture().site_words for word in suffix_key.split())
        or any(w in suffix_key for w in _furniture().site_words if " " in w)
    )
    if not site_like:
        head_key = _key(head)
        site_like = any(
            len(body_lines[i].strip()) <= 2 * len(head) and _key(body_lines[i]) == head_key
            for i in _nonempty_indices(body_lines, _HEAD_LINES)
        )
    return (head, suffix) if site_like else (title, None)


def drop_repeated_title(lines: list[str], *titles: str) -> list[str]:
    """Remove lines among the first few of a body that repeat the title (or a variant of it)."""
    keys = {_key(t) for t in titles if t.strip()}
    keys.discard("")
    if not keys:
        return lines
    longest = max(len(t) for t in titles)
    drop = {
        i
        for i in _nonempty_indices(lines, _HEAD_LINES)
        if len(lines[i].strip()) <= 2 * longest and _key(lines[i]) in keys
    }
    if not drop:
        return lines
    return [line for i, line in enumerate(lines) if i not in drop]


def find_byline(lines: list[str]) -> tuple[list[str], Byline | None]:
    """Find a byline among the first lines of a body; return the body without it and the byline."""
    for i in _nonempty_indices(lines, _HEAD_LINES - 1):
        line = lines[i].strip()
        if len(line) > 80:
            continue
        match = _BYLINE_OUTLET.match(line)
        if match and len(match["outlet"].split()) <= 4 and len(match["name"].split()) <= 4:
            byline = Byline(line, match["name"].strip(), match["outlet"].strip())
            return lines[:i] + lines[i + 1 :], byline
        match = _furniture().byline_author.match(line)
        if match and len(match["name"].split()) <= 4:
            return lines[:i] + lines[i + 1 :], Byline(line, match["name"].strip())
    return lines, None


def _is_paragraph(line: str) -> bool:
    """A line of article prose: long, or a full sentence ending in a stop (headlines have none)."""
    words = len(line.split())
    return words > _SHORT_LINE_WORDS or (words >= 8 and line.rstrip().endswith((".", "…")))


def cut_related_block(lines: list[str]) -> list[str]:
    """Cut a trailing "مقالات ذات صلة" heading and the list of headlines after it.

    Only the last few lines are searched, upwards, and the search stops at the first paragraph,
    so the heading must be followed by nothing but headlines; an "اقرأ أيضا" pointer in
    the middle of an article leaves the rest of the article alone.
    """
    for i in _nonempty_indices(lines, _RELATED_SCAN, from_end=True):
        line = lines[i]
        if _is_paragraph(line):
            return lines
        if (
            len(line) <= 60
            and _key(line) in _furniture().related_headings
            and any(prev.strip() for prev in lines[:i])
        ):
            return lines[:i]
    return lines


def _is_chrome(line: str) -> bool:
    if len(line) > 120 or len(line.split()) > 20:
        return False
    stripped = line.strip()
    if stripped.startswith("©"):
        return True
    key = _key(stripped)
    furniture = _furniture()
    return key in furniture.chrome_lines or key.startswith(furniture.chrome_prefixes)


def drop_trailing_chrome(lines: list[str]) -> list[str]:
    """Remove comment prompts, share buttons, tag lists and copyright lines from the end of a body."""
    end = len(lines)
    dropped = False
    while end > 0:
        line = lines[end - 1]
        if line.strip() and not _is_chrome(line):
            break
        dropped = dropped or bool(line.strip())
        end -= 1
    return lines[:end] if dropped else lines


def find_credited_source(lines: Sequence[str]) -> str | None:
    """The X of an "المصدر: X" line near the end of a body (the line itself stays in the text)."""
    for i in _nonempty_indices(lines, _TAIL_LINES, from_end=True):
        line = lines[i].strip()
        if len(line) <= 100:
            match = _furniture().credit.match(line)
            if match:
                return str(match["name"]).strip()
    return None


def tidy(lines: Sequence[str]) -> str:
    """Join lines with trailing spaces removed, blank runs folded to one blank line, ends trimmed."""
    out: list[str] = []
    blank = False
    for line in lines:
        line = line.rstrip()
        if not line.strip():
            blank = bool(out)
            continue
        if blank:
            out.append("")
            blank = False
        out.append(line)
    return "\n".join(out)


def clean_body(body: str, title: str = "", *, known_site: str | None = None) -> Cleaned:
    """Apply every body rule to ``body`` whose title is already known (HTML, JSON, feeds).

    ``title`` loses a site suffix too when it has one; repeats of either form are dropped from the body.
    """
    clean_title, site = (
        strip_site_suffix(title, body.split("\n"), known_site=known_site) if title else (title, None)
    )
    return _clean_lines(body.split("\n"), clean_title, title, site)


def clean_plain_text(text: str) -> Cleaned:
    """Apply every rule to a plain-text article whose first non-empty line is its title."""
    title, lines = split_title(text)
    clean_title, site = strip_site_suffix(title, lines)
    return _clean_lines(lines, clean_title, title, site)


def _clean_lines(lines: list[str], title: str, raw_title: str, site: str | None) -> Cleaned:
    removed: list[str] = ["site_suffix"] if site else []
    steps: list[tuple[str, list[str]]] = []
    after = drop_repeated_title(lines, title, raw_title)
    steps.append(("repeated_title", after))
    after, byline = find_byline(after)
    steps.append(("byline", after))
    after = cut_related_block(after)
    steps.append(("related_block", after))
    after = drop_trailing_chrome(after)
    steps.append(("trailing_chrome", after))
    previous = lines
    for name, result in steps:
        if result is not previous:
            removed.append(name)
        previous = result
    return Cleaned(
        title=title,
        body=tidy(after),
        site_name=site,
        byline=byline,
        credited_source=find_credited_source(after),
        removed=tuple(removed),
    )

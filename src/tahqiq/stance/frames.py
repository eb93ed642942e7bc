"""Event frames: who did what, where, when, how many, and whether it is done, under way, planned or denied.

A report can share nearly every word of a claim and still contradict it in one detail: the claim
says the siege was broken («تمكنت من فك الحصار») and the report that the army is still advancing
to break it («تتقدم باتجاه دير الزور لفك الحصار»); the claim says 28th place and the report
«المركز 528»; the claim names one group's fighters and the report another's. Word overlap cannot
see these, so each text is read into a :class:`Frame` from the text layer alone:

* **actors** — the group an actor noun names (مقاتلو التنظيم، قوات النظام: the ``actor_head``
  list of ``data/lexicon/frame_cues.tsv``), else the first person or organisation
  :func:`tahqiq.text.names.find_names` finds; folded through the party aliases;
* **act** — the content words left once names, numbers and cue words are taken out;
* **places** — the place names the name model finds;
* **dates** — what :func:`tahqiq.text.find_dates` resolves;
* **quantities** — each number with the words beside it (its unit: المركز 28, 5 جنود);
* **aspect** — the group of the first aspect cue in the text (done / ongoing / planned / denied).

:func:`align` compares a claim's frame with a sentence's: when they share the act, a different
aspect, number, place, actor or date is a contradiction in the details. The pair model reads the
alignment as features (:data:`FRAME_NAMES`) and a disagreeing rationale shows it as a note.
Everything is deterministic and cached per text, since claims and sentences recur.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from tahqiq.errors import ModelError
from tahqiq.stance.cues import FRAME_TABLE
from tahqiq.stance.weights import idf, keys
from tahqiq.text import find_dates, normalize, stopwords, words
from tahqiq.text.clitics import CONJUNCTION_PREPOSITION
from tahqiq.text.lexicon import load_aliases, load_table
from tahqiq.text.names import Name, NameKind, find_names

Aspect = Literal["done", "ongoing", "planned", "denied"]
ASPECTS: tuple[Aspect, ...] = ("done", "ongoing", "planned", "denied")
MAX_ACTOR_WORDS = 2  # «الجبهة الشامية», «النظام السوري»: a group is named in one or two words
SAME_ACT = 0.5  # share of the claim's act words a sentence must hold to be about the same act;
# set by hand on the three examples, where the shared act words weigh 0.5–0.8 of the claim's
CACHE_SIZE = 50_000  # frames kept: the claims and candidate sentences of a few thousand articles
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)?")
_JOIN = "\n\n"  # between texts read in one call of the name model; no name spans a blank line


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a text with the content words next to it (its unit: مركز for «المركز 528»)."""

    value: str
    units: frozenset[str]


@dataclass(frozen=True, slots=True)
class Frame:
    """What one text says happened: who, what (as loose word keys), where, when, how many, aspect."""

    actors: tuple[str, ...]
    act: frozenset[str]
    places: tuple[str, ...]
    dates: tuple[tuple[dt.date, str], ...]
    quantities: tuple[Quantity, ...]
    aspect: Aspect | None


@dataclass(frozen=True, slots=True)
class Conflict:
    """One detail on which a sentence's frame contradicts the claim's: the kind and both sides."""

    kind: Literal["aspect", "number", "place", "actor", "date"]
    claim: str
    sentence: str


@dataclass(frozen=True, slots=True)
class Alignment:
    """A claim frame against a sentence frame.

    ``act`` is the idf-weighted share of the claim's act words the sentence holds; conflicts are
    listed only when both sides state the detail, so a sentence that omits a number does not
    contradict it. ``same_actor`` is whether they name a common actor.
    """

    act: float
    conflicts: tuple[Conflict, ...]
    same_actor: bool

    def conflict(self, kind: str) -> Conflict | None:
        return next((c for c in self.conflicts if c.kind == kind), None)

    def note(self) -> str | None:
        """ "the claim says done; this report says ongoing" for the first conflict on the same act."""
        if self.act < SAME_ACT or not self.conflicts:
            return None
        c = self.conflicts[0]
        what = "" if c.kind == "aspect" else f"{c.kind} "
        return f"the claim says {what}{c.claim}; this report says {what}{c.sentence}"


FRAME_NAMES: tuple[str, ...] = (
    "frame_act",  # share of the claim's act words the sentence holds
    "frame_aspect_conflict",  # both state an aspect and they differ (× act share)
    "frame_denied",  # the sentence denies an act the claim does not (× act share)
    "frame_number_conflict",  # a number with the same unit differs (× act share)
    "frame_place_conflict",  # both name places, none in common (× act share)
    "frame_actor_conflict",  # both name actors, none in common (× act share)
    "frame_date_conflict",  # both give dates of one precision, none in common (× act share)
    "frame_same_actor",  # a common actor and the same act (× act share)
)


# --- cue lists ---------------------------------------------------------------------------------


@cache
def _cue_pattern(group: str) -> regex.Pattern[str]:
    entries = {normalize(e) for e in load_table(FRAME_TABLE).group(group)}
    alternatives = "|".join(regex.escape(e) for e in sorted(entries, key=len, reverse=True))
    return regex.compile(
        rf"(?<![\p{{L}}\p{{M}}])(?:{CONJUNCTION_PREPOSITION})(?P<cue>{alternatives})(?![\p{{L}}\p{{M}}])"
    )


@cache
def _cue_words() -> frozenset[str]:
    """Every word of every cue list, left out of the act."""
    table = load_table(FRAME_TABLE)
    return frozenset(k for group in (*ASPECTS, "actor_head") for e in table.group(group) for k in keys(e))


def aspect_of(norm: str) -> Aspect | None:
    """The aspect of normalized text: the group of its first cue (ties to the longer cue), or None."""
    best: tuple[int, int, Aspect] | None = None
    for aspect in ASPECTS:
        m = _cue_pattern(aspect).search(norm)
        if m is not None:
            here = (m.start("cue"), -len(m.group("cue")), aspect)
            best = here if best is None or here[:2] < best[:2] else best
    return best[2] if best else None


def _fold(text: str) -> str:
    return load_aliases("aliases").fold(normalize(text))


def _group_actors(norm: str) -> list[str]:
    """The groups named by an actor noun: the one or two words after it (مقاتلو الجبهه الشاميه),
    or the noun itself when it is definite and nothing names it further (الجيش)."""
    stop = stopwords()
    found = []
    for m in _cue_pattern("actor_head").finditer(norm):
        after = norm[m.end() :].split()
        picked: list[str] = []
        for w in after[:MAX_ACTOR_WORDS]:
            w = w.strip("«»\"'()،,.:؛")
            if not w or w in stop or _NUMBER.fullmatch(w):
                break
            if picked and not w.startswith("ال"):
                break
            picked.append(w)
        if picked:
            found.append(" ".join(picked))
        elif m.group("cue").startswith("ال"):
            found.append(m.group("cue"))  # «نفى الجيش أن …»: a definite head names the actor itself
    return found


# --- frames ------------------------------------------------------------------------------------

_cache: dict[str, Frame] = {}


def frames(texts: Sequence[str]) -> list[Frame]:
    """The :class:`Frame` of each text; texts not yet cached go to the name model in one call."""
    todo = [t for t in dict.fromkeys(texts) if t not in _cache]
    if todo:
        if len(_cache) + len(todo) > CACHE_SIZE:
            _cache.clear()
        for text, names in zip(todo, _names_each(todo), strict=True):
            _cache[text] = _read(text, names)
    return [_cache[t] for t in texts]


def frame(text: str) -> Frame:
    """The :class:`Frame` of one text (see :func:`frames`)."""
    return frames([text])[0]


def _names_each(texts: Sequence[str]) -> list[list[Name]]:
    """Names per text, read in one call: a call of the name model costs about the same whatever its
    length, and candidate sentences come a dozen at a time."""
    joined = _JOIN.join(t.replace("\n", " ") for t in texts)
    bounds = []
    start = 0
    for t in texts:
        bounds.append((start, start + len(t)))
        start += len(t) + len(_JOIN)
    out: list[list[Name]] = [[] for _ in texts]
    try:
        found = find_names(joined)
    except ModelError:  # a frame without names is still a frame; stance goes on without the name model
        return out
    i = 0
    for name in found:
        while i < len(bounds) and name.start >= bounds[i][1]:
            i += 1
        if i < len(bounds) and name.start >= bounds[i][0] and name.end <= bounds[i][1]:
            out[i].append(name)
    return out


def _read(text: str, names: Iterable[Name]) -> Frame:
    norm = normalize(text)
    names = list(names)
    people = [_fold(n.text) for n in names if n.kind in (NameKind.PER, NameKind.ORG)]
    places = tuple(dict.fromkeys(_fold(n.text) for n in names if n.kind == NameKind.LOC))
    groups = [load_aliases("aliases").fold(g) for g in _group_actors(norm)]
    actors = tuple(dict.fromkeys(groups or people[:1]))
    dates = find_dates(text)
    date_spans = [(d.start, d.end) for d in dates]
    held = {k for part in (*actors, *people, *places) for k in keys(part)}
    held |= _cue_words()
    act = frozenset(k for k in keys(norm) if k not in held and not _NUMBER.fullmatch(k))
    return Frame(
        actors=actors,
        act=act,
        places=places,
        dates=tuple(dict.fromkeys((d.date, d.precision) for d in dates)),
        quantities=_quantities(text, date_spans),
        aspect=aspect_of(norm),
    )


def _quantities(text: str, date_spans: list[tuple[int, int]]) -> tuple[Quantity, ...]:
    """Numbers outside dates, each with the content words just before and after it as its unit."""
    out = []
    stop = stopwords()
    for m in _NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in date_spans):
            continue
        before = [w for w in words(text[max(0, m.start() - 40) : m.start()]) if w not in stop][-1:]
        after = [w for w in words(text[m.end() : m.end() + 40]) if w not in stop][:1]
        units = frozenset(k for w in before + after for k in keys(w) if not _NUMBER.fullmatch(k))
        out.append(Quantity(m.group().replace(",", ""), units))
    return tuple(out)


# --- alignment ---------------------------------------------------------------------------------


def _loose(key: str) -> str:
    """A key without one leading proclitic letter, so لفك meets فك."""
    return key[1:] if len(key) > 2 and key[0] in "لبوف" else key


def _meets(key: str, other: frozenset[str]) -> bool:
    return key in other or _loose(key) in other or any(_loose(o) == key for o in other)


def act_share(claim: Frame, sentence: Frame) -> float:
    """Idf-weighted share of the claim's act words the sentence's words hold."""
    total = sum(idf(k) for k in claim.act)
    if not total:
        return 0.0
    return sum(idf(k) for k in claim.act if _meets(k, sentence.act)) / total


def _keys_of(parts: Iterable[str]) -> set[str]:
    return {k for p in parts for k in keys(p)}


def align(claim: Frame, sentence: Frame) -> Alignment:
    """Compare two frames; a detail conflicts only when both sides state it and they differ."""
    conflicts: list[Conflict] = []
    if claim.aspect and sentence.aspect and claim.aspect != sentence.aspect:
        conflicts.append(Conflict("aspect", claim.aspect, sentence.aspect))
    number = _number_conflict(claim, sentence)
    if number:
        conflicts.append(number)
    if claim.places and sentence.places and not _keys_of(claim.places) & _keys_of(sentence.places):
        conflicts.append(Conflict("place", claim.places[0], sentence.places[0]))
    same_actor = bool(_keys_of(claim.actors) & _keys_of(sentence.actors))
    if claim.actors and sentence.actors and not same_actor:
        conflicts.append(Conflict("actor", claim.actors[0], sentence.actors[0]))
    date = _date_conflict(claim, sentence)
    if date:
        conflicts.append(date)
    return Alignment(act_share(claim, sentence), tuple(conflicts), same_actor)


def _number_conflict(claim: Frame, sentence: Frame) -> Conflict | None:
    """A claim number whose unit the sentence counts too, with other numbers only."""
    for q in claim.quantities:
        same_unit = [s for s in sentence.quantities if q.units & s.units]
        if same_unit and all(s.value != q.value for s in same_unit):
            return Conflict("number", q.value, same_unit[0].value)
    return None


def _date_conflict(claim: Frame, sentence: Frame) -> Conflict | None:
    for date, precision in claim.dates:
        other = [d for d, p in sentence.dates if p == precision]
        if other and date not in other:
            return Conflict("date", date.isoformat(), other[0].isoformat())
    return None


def frame_features(alignment: Alignment, claim: Frame, sentence: Frame) -> list[float]:
    """The :data:`FRAME_NAMES` values of an alignment, each conflict weighted by the act share."""
    act = alignment.act
    kinds = {c.kind for c in alignment.conflicts}
    denied = sentence.aspect == "denied" and claim.aspect != "denied"
    return [
        act,
        act * ("aspect" in kinds),
        act * denied,
        act * ("number" in kinds),
        act * ("place" in kinds),
        act * ("actor" in kinds),
        act * ("date" in kinds),
        act * alignment.same_actor,
    ]


def pair_frame_features(claim: str, sentences: Sequence[str]) -> list[list[float]]:
    """:func:`frame_features` of the claim against each sentence (frames read in one batch)."""
    read = frames([claim, *sentences])
    c = read[0]
    return [frame_features(align(c, s), c, s) for s in read[1:]]

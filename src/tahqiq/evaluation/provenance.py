"""Score who-said-what, primary sources, outlets and dates against hand labels (``--format provenance``).

Why: provenance is what no peer offers, and it was measured only on the five samples and on
planted copies. A desk's real pages break it in ways a synthetic corpus never shows, so the
labels are read by hand from real pages and every change is measured against them.

Labels are JSON Lines, one page per line, keyed by URL and by short verbatim excerpts (never the
article text; see ``eval/provenance/README.md``)::

    {"url": "...", "outlet": "روسيا اليوم", "outlet_domain": "rt.com", "date": "2017-12-17",
     "primary_source": "وزارة الدفاع الروسية",
     "quotes": [{"sentence": "<8+ words verbatim>", "verb": "قال", "speaker": "سيرغي لافروف"}]}

The articles are ingested as a desk would (every page of ``--articles`` in one store, so the
per-outlet furniture is learned), and each labelled page is found by its URL. Scoring:

* **outlet** — right when the detected outlet names the labelled outlet or is its domain (the
  issue allows the domain where no name is known); pages without a URL are not scored;
* **date** — the claim is "right or absent, never wrong": a page counts as right when the
  detected date is within :data:`DATE_TOLERANCE_DAYS` of the label or no date was detected (a
  label of null with a detected date is wrong); coverage (share with a date) is reported beside it;
* **primary source** — right when the words of one name are all in the other and the shorter
  holds at least half of the longer's words (titles make exact equality too strict; a bare
  head noun is not a name), or both are empty;
* **speaker** — per labelled quote: the detected quote whose sentence holds the excerpt and
  whose verb matches; right when its speaker (or canonical name) and the label's name the same
  one, as for primary sources. A labelled quote with no detected quote counts as wrong.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tahqiq.api import Tahqiq
from tahqiq.errors import EvaluationError
from tahqiq.evaluation.datasets import iter_claims
from tahqiq.evaluation.end_to_end import write_corpus
from tahqiq.evaluation.runner import EvalResult
from tahqiq.records import Article
from tahqiq.records.provenance import ArticleSpeech, Quote
from tahqiq.stance.base import StanceModel
from tahqiq.store import Store
from tahqiq.text import normalize

FIELDS = ("outlet", "date", "primary_source", "speaker")
# A page's URL and its text can differ by a day (the CMS's time zone against the dateline's),
# which the hand labels record as one date; a day apart is not a wrong date.
DATE_TOLERANCE_DAYS = 1
NAME_SHARE = 2  # the shorter name must hold at least 1/NAME_SHARE of the longer one's words


@dataclass(frozen=True)
class PageLabel:
    """One hand-labelled page."""

    url: str
    outlet: str | None
    outlet_domain: str | None
    date: str | None
    primary_source: str | None
    quotes: tuple[tuple[str, str, str], ...]  # (verbatim sentence excerpt, verb, speaker)


def read_labels(path: str | Path) -> list[PageLabel]:
    """The labels of ``path`` (JSON Lines); a malformed line is an error naming ``file:line``."""
    out: list[PageLabel] = []
    with Path(path).open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                quotes = tuple(
                    (str(q["sentence"]), str(q.get("verb") or ""), str(q["speaker"]))
                    for q in row.get("quotes") or ()
                    if q.get("speaker")
                )
                out.append(
                    PageLabel(
                        url=str(row["url"]),
                        outlet=row.get("outlet") or None,
                        outlet_domain=row.get("outlet_domain") or None,
                        date=row.get("date") or None,
                        primary_source=row.get("primary_source") or None,
                        quotes=quotes,
                    )
                )
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise EvaluationError(f"{path}:{n}: not a provenance label ({exc})") from exc
    if not out:
        raise EvaluationError(f"{path}: no labelled pages")
    return out


def _norm(text: str | None) -> str:
    return " ".join(normalize(text or "").split())


def _names_match(found: Iterable[str | None], label: str | None) -> bool:
    """Whether any found name and the label name the same one, after normalization.

    The words of one must all be in the other, and the shorter must hold at least half of the
    longer's words: «لافروف» names «سيرغي لافروف», but «مجلس» does not name «مجلس الأمن الدولي»
    (a bare head noun would otherwise score as right against any body it heads).
    """
    want = _norm(label)
    if not want:
        return not any(_norm(f) for f in found)
    return any(_same_name(_norm(f), want) for f in found)


def _same_name(a: str, b: str) -> bool:
    if not a:
        return False
    short, long = sorted((a.split(), b.split()), key=len)
    return set(short) <= set(long) and len(short) * NAME_SHARE >= len(long)


def _outlet_right(article: Article, label: PageLabel) -> bool:
    return _names_match([article.outlet], label.outlet) or (
        bool(label.outlet_domain) and _norm(article.outlet) == _norm(label.outlet_domain)
    )


def _date_right(article: Article, label: PageLabel) -> bool:
    found = article.published[:10] if article.published else None
    if found is None:
        return True
    if label.date is None:
        return False
    try:
        gap = abs((date.fromisoformat(found) - date.fromisoformat(label.date)).days)
    except ValueError:
        return False
    return gap <= DATE_TOLERANCE_DAYS


def _quote_for(speech: ArticleSpeech, sentences: Sequence[str], excerpt: str, verb: str) -> Quote | None:
    """The detected quote in the sentence that holds ``excerpt``, preferring the labelled verb."""
    want = _norm(excerpt)
    hits = [i for i, s in enumerate(sentences) if want and (want in s or s in want)]
    if not hits:
        return None
    candidates = [q for q in speech.quotes if q.sentence in hits]
    verb_n = _norm(verb)
    for q in candidates:
        if verb_n and (verb_n in _norm(q.verb) or _norm(q.verb) in verb_n):
            return q
    return candidates[0] if candidates else None


def _verdicts(tq: Tahqiq, label: PageLabel, article: Article) -> dict[str, list[bool]]:
    speech = tq.quotes(article.id)
    sentences = [_norm(s.text) for s in tq.sentences(article)]
    speakers = []
    for excerpt, verb, speaker in label.quotes:
        q = _quote_for(speech, sentences, excerpt, verb)
        speakers.append(q is not None and _names_match([q.speaker, q.speaker_canonical], speaker))
    return {
        "outlet": [_outlet_right(article, label)] if label.url.startswith(("http://", "https://")) else [],
        "date": [_date_right(article, label)],
        "primary_source": [_names_match([speech.primary_source], label.primary_source)],
        "speaker": speakers,
    }


def evaluate_provenance(
    labels_path: str | Path,
    articles: str | Path,
    model: StanceModel,
    *,
    workdir: str | Path | None = None,
) -> EvalResult:
    """Ingest ``articles`` (anything ``tahqiq ingest`` reads, or a Baly dataset folder) and score."""
    labels = read_labels(labels_path)
    with tempfile.TemporaryDirectory(dir=workdir, prefix="tahqiq-prov-") as tmp:
        inputs = _inputs(Path(articles), Path(tmp))
        with Tahqiq(Store.open(Path(tmp) / "prov.db"), model) as tq:
            start = time.perf_counter()
            tq.ingest(inputs)
            by_url = {a.url: a for a in tq.store.iter_articles() if a.url}
            found = [(label, by_url.get(label.url)) for label in labels]
            scored: dict[str, list[bool]] = {name: [] for name in (*FIELDS, "date_detected")}
            missing = 0
            for label, article in found:
                if article is None:
                    missing += 1
                    continue
                for name, values in _verdicts(tq, label, article).items():
                    scored[name] += values
                scored["date_detected"].append(article.published is not None)
            seconds = time.perf_counter() - start
    extra: dict[str, Any] = {
        "provenance": {
            name: {"share": round(sum(v) / len(v), 4), "right": sum(v), "scored": len(v)}
            for name, v in scored.items()
            if v
        },
        "pages": {"labelled": len(labels), "not_found": missing, "seconds": round(seconds, 2)},
    }
    return EvalResult(
        path=str(labels_path),
        fmt="provenance",
        split=None,
        model=model.name,
        verdict=None,
        pairs=sum(len(label.quotes) for label in labels),
        claims=len(labels),
        extra=extra,
        notes=(
            "date: right or absent (a detected date within a day of the label); date_detected is coverage",
            "outlet: right when the detected outlet names the labelled outlet or is its domain",
        ),
    )


def _inputs(path: Path, tmp: Path) -> list[str]:
    """What to ingest: a Baly dataset folder is written out as JSON Lines with its URLs."""
    if (path / "dataset").is_dir():
        claims = list(iter_claims(path, "baly"))
        corpus, _ = write_corpus(claims, tmp / "articles.jsonl")
        return [str(corpus)]
    if not path.exists():
        raise EvaluationError(f"{path}: no such file or folder")
    return [str(path)]

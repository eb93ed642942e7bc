"""The sample corpus and generated corpora, shared by the tests, the demo and the benchmarks.

Why one module: the sample claim, the five sample reports and the synthetic corpora the
benchmarks ingest were each defined two or three times (tests, Makefile, every benchmark), and
a benchmark that generates its corpus differently from the test that checks the same path
measures something else. Everything here is deterministic for a given seed.

The sample reports live in the checkout's ``examples/`` folder (they are the user's first
corpus, not package data); :func:`sample_files` finds them beside the source tree and says so
clearly when tahqiq was installed without a checkout.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tahqiq.errors import InputError
from tahqiq.text import split_sentences, tokenize, words

# The claim the five sample reports are about; the Makefile's demo checks the same words.
SAMPLE_CLAIM = "القوات الأمريكية تدرب منشقين عن داعش في الحسكة"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OUTLETS = ("سانا", "الوطن", "روسيا اليوم", "بلدي نيوز", "عنب بلدي", "الجزيرة", "العربية", "الأناضول")
MIN_SENTENCE_CHARS = 40  # shorter sample sentences are datelines and headings, not reporting


def sample_files() -> list[Path]:
    """The five sample reports, in name order."""
    files = sorted(EXAMPLES.glob("*.txt"))
    if not files:
        raise InputError(f"the sample reports are not at {EXAMPLES}: run this from a tahqiq checkout")
    return files


def sample_sentences() -> list[str]:
    """The sample reports' sentences of at least :data:`MIN_SENTENCE_CHARS` characters."""
    out: list[str] = []
    for path in sample_files():
        text = path.read_text(encoding="utf-8")
        out += [s.text for s in split_sentences(text) if len(s.text) > MIN_SENTENCE_CHARS]
    return out


def sample_vocabulary() -> tuple[list[str], list[int]]:
    """Every word of the sample reports as written, with how often it occurs: what generated
    corpora draw their words from, so the text is unique but keeps the sample's word frequencies."""
    counts: Counter[str] = Counter()
    for path in sample_files():
        counts.update(t.text for t in tokenize(path.read_text(encoding="utf-8")))
    vocabulary = sorted(counts)
    return vocabulary, [counts[w] for w in vocabulary]


def synthetic_articles(n: int, seed: int = 2017) -> Iterator[dict[str, Any]]:
    """``n`` JSON article records of 6–18 recombined sample sentences each.

    Every record ends with a serial number, so none is deduplicated away; outlet, date and URL
    vary, so the provenance and date paths see realistic fields.
    """
    rng = random.Random(seed)
    pool = sample_sentences()
    for i in range(n):
        body = rng.sample(pool, rng.randint(6, 18))
        body.append(f"رقم التقرير {i} بتاريخ {rng.randint(1, 28)}/{rng.randint(1, 12)}/2017.")
        yield {
            "title": " ".join(words(rng.choice(pool))[: rng.randint(6, 12)]),
            "text": "\n".join(body),
            "outlet": rng.choice(OUTLETS),
            "date": f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "url": f"https://example.org/{i}",
        }


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> Path:
    """Write ``records`` as JSON Lines (UTF-8, Arabic unescaped) and return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def synthetic_claims(n: int, seed: int = 7) -> list[str]:
    """``n`` claims of 6–9 consecutive words cut from the sample sentences."""
    rng = random.Random(seed)
    pool = sample_sentences()
    out: list[str] = []
    while len(out) < n:
        w = words(rng.choice(pool))
        if len(w) >= 8:
            start = rng.randint(0, len(w) - 8)
            out.append(" ".join(w[start : start + rng.randint(6, 9)]))
    return out

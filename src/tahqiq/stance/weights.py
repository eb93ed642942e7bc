"""Loose word keys and background word weights for claim–sentence matching.

A claim's rare words (منشقين، الحسكة) say more about relevance than its common ones (القوات،
داعش). Weights come from a document-frequency table built from permissively licensed Arabic
news text (``scripts/build_idf.py``), so they do not depend on how large the user's store is.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

from tahqiq.text import stems

IDF_FILE = "data/idf_ar.tsv"


def skeleton(stem: str) -> str:
    """A loose key for a stem: no derivational prefix (م ت ي ن) and no long vowels.

    Lets تدرب / المدربين / تدريب or أمريكية / أمريكي meet, which light stemming keeps apart.
    """
    if len(stem) > 3 and stem[0] in "متين":
        stem = stem[1:]
    core = stem[0] + "".join(c for c in stem[1:] if c not in "اوي") if stem else stem
    return core[:-1] if len(core) > 3 and core.endswith("ه") else core


def keys(text: str) -> list[str]:
    """The loose keys of ``text``'s content words, in order."""
    return [skeleton(s) for s in stems(text)]


@lru_cache(maxsize=1)
def _table() -> tuple[int, dict[str, int]]:
    raw = resources.files("tahqiq").joinpath(IDF_FILE).read_text(encoding="utf-8")
    lines = raw.splitlines()
    total = int(lines[0].split("\t")[1])
    return total, {k: int(v) for k, v in (line.split("\t") for line in lines[1:] if line)}


def idf(key: str) -> float:
    """Smoothed inverse document frequency of a loose key; unseen keys weigh the most."""
    total, df = _table()
    return math.log((total + 1) / (df.get(key, 0) + 0.5))


def weights(text: str) -> dict[str, float]:
    """Each distinct loose key of ``text`` with its background weight."""
    return {k: idf(k) for k in dict.fromkeys(keys(text))}

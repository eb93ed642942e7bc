"""Reader for AraStance-style JSONL: one JSON object a line with ``id, claim, article, stance``.

Keys are matched case-insensitively and stance labels in any case (``Agree`` = ``agree``).
``article`` may be one string, or a list of paragraphs joined with newlines. When ``stance`` is
a list, ``article`` must be a list of the same length: one claim with several articles, each
its own pair. ``id`` falls back to ``filename`` and then to the line number; ``article_title``
or ``title`` is passed to the model as the article title.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tahqiq.evaluation.records import EvalPair
from tahqiq.evaluation.source import dataset_error, read_text
from tahqiq.records import STANCES


def read_arastance(path: str | Path) -> Iterator[EvalPair]:
    """Pairs of a JSONL file; a line that is not a well-formed pair raises DatasetError at that line."""
    stem = Path(path).stem
    for number, raw in enumerate(read_text(path).split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise dataset_error(path, f"not a JSON object ({exc.msg}, column {exc.colno})", number) from exc
        if not isinstance(obj, dict):
            raise dataset_error(path, "expected a JSON object with id, claim, article, stance", number)
        yield from _pairs(path, number, stem, {str(k).strip().lower(): v for k, v in obj.items()})


def _pairs(path: str | Path, line: int, stem: str, obj: dict[str, Any]) -> Iterator[EvalPair]:
    claim = obj.get("claim")
    if not isinstance(claim, str) or not claim.strip():
        raise dataset_error(path, "missing or empty 'claim'", line)
    claim_id = str(obj.get("id", obj.get("filename", f"{stem}:{line}")))
    title = obj.get("article_title", obj.get("title", ""))
    article = obj.get("article")
    stance = obj.get("stance")
    if isinstance(stance, list):
        if not isinstance(article, list) or len(article) != len(stance):
            raise dataset_error(path, "a list of stances needs a list of articles of the same length", line)
        titles = title if isinstance(title, list) and len(title) == len(stance) else [""] * len(stance)
        for i, (text, label, head) in enumerate(zip(article, stance, titles, strict=True)):
            yield _pair(path, line, claim, claim_id, text, label, head, i)
    else:
        if isinstance(article, list) and all(isinstance(p, str) for p in article):
            article = "\n".join(article)
        yield _pair(path, line, claim, claim_id, article, stance, title, None)


def _pair(
    path: str | Path,
    line: int,
    claim: str,
    claim_id: str,
    article: Any,
    stance: Any,
    title: Any,
    i: int | None,
) -> EvalPair:
    where = "" if i is None else f"article[{i}]: "
    if not isinstance(article, str) or not article.strip():
        raise dataset_error(path, f"{where}missing or empty 'article'", line)
    label = stance.strip().lower() if isinstance(stance, str) else None
    if label not in STANCES:
        raise dataset_error(path, f"{where}stance must be one of {', '.join(STANCES)}, got {stance!r}", line)
    return EvalPair(
        claim=claim,
        article=article,
        stance=label,
        rationale=(),
        claim_id=claim_id,
        fact=None,
        title=title if isinstance(title, str) else "",
        article_id=claim_id if i is None else f"{claim_id}#{i}",
        source=f"{path}:{line}",
    )

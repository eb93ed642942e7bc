"""Reader for the Arabic fact-checking and stance corpus of Baly et al. (NAACL 2018).

Layout: ``PATH/dataset/<ID>.json`` (or ``PATH/*.json``, or a single file), one claim a file,
keys ``id, claim, fact, article[], url[], stance[], rationale[]`` in lower or capitalised case.

What the files hold, as checked on the QCRI fold shipped in ``/work/shared/data``:

* each article is one string whose lines are separated by ``"\\n"`` (no blank lines);
* ``rationale[i]`` is a string such as ``"[3]"`` or ``"[0, 3]"`` (``""`` for discuss and
  unrelated) listing **0-based** indices into ``article[i].split("\\n")``. Evidence: index 0
  occurs in 54 of the 109 non-empty rationales, no index ever reaches the line count, and the
  line sharing most words with the claim is a listed line in 92 of 109 cases read 0-based
  against 17 read 1-based.

Files are read in name order so runs are reproducible. ``train_test_splits.txt`` beside the
dataset folder, when present, names the split these claims form (see :func:`split_name`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex

from tahqiq.evaluation.records import EvalClaim, EvalPair
from tahqiq.evaluation.source import dataset_error, read_text
from tahqiq.records import STANCES

SPLITS_FILE = "train_test_splits.txt"
_ID = regex.compile(r"\b[RV]-\d+\b")
_NAMED_LINE = regex.compile(r"([^:\t=]+?)\s*[:\t=]\s*(.*)$")


def claim_files(path: str | Path) -> list[Path]:
    """The claim files under ``path``: its ``dataset/`` folder, the folder itself, or one file."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise dataset_error(p, "no such file or folder")
    folder = p / "dataset" if (p / "dataset").is_dir() else p
    files = sorted(folder.glob("*.json"))
    if not files:
        raise dataset_error(folder, "no *.json claim files")
    return files


def read_baly_claims(path: str | Path) -> Iterator[EvalClaim]:
    """Every claim with its article pairs; a malformed file raises DatasetError naming it."""
    for file in claim_files(path):
        yield _read_claim(file)


def read_baly(path: str | Path) -> Iterator[EvalPair]:
    """Every (claim, article) pair, claim after claim."""
    for claim in read_baly_claims(path):
        yield from claim.pairs


def split_name(path: str | Path, claim_ids: set[str]) -> str | None:
    """The split in ``train_test_splits.txt`` whose IDs best cover ``claim_ids``, if the file exists.

    The file is read leniently because only its idea is documented, not its syntax: a line
    ``NAME: ID ID …`` (or ``NAME<TAB>…``) defines a split, and a line holding a name alone
    starts a split whose IDs follow on the next lines. The chosen split is the one with the
    largest overlap, provided it covers at least half of ``claim_ids``.
    """
    p = Path(path)
    base = p if p.is_dir() else p.parent
    for candidate in (base / SPLITS_FILE, base.parent / SPLITS_FILE):
        if candidate.is_file():
            splits = _parse_splits(read_text(candidate))
            break
    else:
        return None
    best = max(splits.items(), key=lambda kv: len(kv[1] & claim_ids), default=None)
    if best is None or not claim_ids or 2 * len(best[1] & claim_ids) < len(claim_ids):
        return None
    return best[0]


def _parse_splits(text: str) -> dict[str, set[str]]:
    splits: dict[str, set[str]] = {}
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        named = _NAMED_LINE.match(line)
        if named and not _ID.search(named.group(1)):
            current = named.group(1).strip()
            splits.setdefault(current, set()).update(_ID.findall(named.group(2)))
            continue
        ids = _ID.findall(line)
        if line and not ids:
            current = line
            splits.setdefault(current, set())
        elif ids and current is not None:
            splits[current].update(ids)
    return splits


def _read_claim(file: Path) -> EvalClaim:
    try:
        raw = json.loads(read_text(file))
    except json.JSONDecodeError as exc:
        raise dataset_error(file, f"not valid JSON ({exc.msg}, column {exc.colno})", exc.lineno) from exc
    if not isinstance(raw, dict):
        raise dataset_error(file, "expected a JSON object with claim, fact, article, stance, rationale")
    obj: dict[str, Any] = {}
    for key, value in raw.items():
        k = str(key).strip().lower()
        if k in obj:
            raise dataset_error(file, f"key {k!r} appears twice in different cases")
        obj[k] = value
    claim = obj.get("claim")
    if not isinstance(claim, str) or not claim.strip():
        raise dataset_error(file, "missing or empty 'claim'")
    claim_id = str(obj.get("id", file.stem))
    fact = _fact(file, obj.get("fact"))
    articles = _string_list(file, obj, "article")
    stances = _string_list(file, obj, "stance")
    rationales: list[Any] = obj.get("rationale", [""] * len(articles))
    if not isinstance(rationales, list):
        raise dataset_error(file, "'rationale' must be a list")
    urls = obj.get("url", [])
    if not (len(articles) == len(stances) == len(rationales)):
        raise dataset_error(
            file,
            f"article, stance and rationale lists differ in length "
            f"({len(articles)}, {len(stances)}, {len(rationales)})",
        )
    pairs = []
    for i, (article, stance, rationale) in enumerate(zip(articles, stances, rationales, strict=True)):
        label = stance.strip().lower()
        if label not in STANCES:
            raise dataset_error(file, f"stance[{i}] must be one of {', '.join(STANCES)}, got {stance!r}")
        lines = article.count("\n") + 1
        indices = _rationale(file, i, rationale, lines)
        url = urls[i] if isinstance(urls, list) and i < len(urls) and isinstance(urls[i], str) else ""
        pairs.append(
            EvalPair(
                claim=claim,
                article=article,
                stance=label,
                rationale=indices,
                claim_id=claim_id,
                fact=fact,
                article_id=url or f"{claim_id}#{i}",
                source=f"{file}#article[{i}]",
            )
        )
    return EvalClaim(claim_id, claim, fact, tuple(pairs), str(file))


def _fact(file: Path, value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise dataset_error(file, f"'fact' must be true or false, got {value!r}")


def _string_list(file: Path, obj: dict[str, Any], key: str) -> list[str]:
    value = obj.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise dataset_error(file, f"'{key}' must be a list of strings")
    return value


def _rationale(file: Path, i: int, value: Any, lines: int) -> tuple[int, ...]:
    """Gold line indices from ``"[3]"``, ``"[0, 3]"``, ``""``, an int or a list of ints."""
    parsed: Any = value
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = json.loads(text) if text else []
        except json.JSONDecodeError:
            parsed = None
    if isinstance(parsed, int) and not isinstance(parsed, bool):
        parsed = [parsed]
    if not isinstance(parsed, list) or not all(
        isinstance(x, int) and not isinstance(x, bool) for x in parsed
    ):
        raise dataset_error(file, f'rationale[{i}] must list line indices like "[3]", got {value!r}')
    bad = [x for x in parsed if not 0 <= x < lines]
    if bad:
        raise dataset_error(file, f"rationale[{i}] index {bad[0]} is outside the article's {lines} lines")
    return tuple(sorted(set(parsed)))

"""Reader for FNC-1 style data (Fake News Challenge): a stances CSV and a bodies CSV.

The stances file has ``Headline, Body ID, Stance``; the bodies file ``Body ID, articleBody``.
The headline plays the claim. Without ``bodies`` the bodies file is looked for beside the
stances file: the same name with ``stances`` replaced by ``bodies``, else the only
``*bodies*.csv`` there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from tahqiq.evaluation.records import EvalPair
from tahqiq.evaluation.source import csv_records, dataset_error
from tahqiq.records import STANCES


def find_bodies(stances: str | Path) -> Path:
    """The bodies CSV that belongs to ``stances``, or a DatasetError saying why none was chosen."""
    p = Path(stances)
    twin = p.with_name(p.name.replace("stances", "bodies"))
    if twin != p and twin.is_file():
        return twin
    candidates = sorted(c for c in p.parent.glob("*bodies*.csv") if c != p)
    if len(candidates) == 1:
        return candidates[0]
    found = ", ".join(c.name for c in candidates) or "none"
    raise dataset_error(
        p, f"cannot tell which *bodies*.csv belongs to it (found: {found}); pass the bodies file"
    )


def read_bodies(path: str | Path) -> dict[str, str]:
    """Body text by Body ID; a repeated ID is an error because pairs would be ambiguous."""
    bodies: dict[str, str] = {}
    for line, (body_id, text) in csv_records(path, ("Body ID", "articleBody")):
        key = body_id.strip()
        if key in bodies:
            raise dataset_error(path, f"Body ID {key} appears twice", line)
        bodies[key] = text
    return bodies


def read_fnc(path: str | Path, bodies: str | Path | None = None) -> Iterator[EvalPair]:
    """Pairs of an FNC stances CSV joined with their bodies."""
    bodies_path = Path(bodies) if bodies is not None else find_bodies(path)
    texts = read_bodies(bodies_path)
    for line, (headline, body_id, stance) in csv_records(path, ("Headline", "Body ID", "Stance")):
        key = body_id.strip()
        if key not in texts:
            raise dataset_error(path, f"Body ID {key} is not in {bodies_path}", line)
        label = stance.strip().lower()
        if label not in STANCES:
            raise dataset_error(path, f"stance must be one of {', '.join(STANCES)}, got {stance!r}", line)
        yield EvalPair(
            claim=headline,
            article=texts[key],
            stance=label,
            rationale=(),
            claim_id=f"{Path(path).stem}:{line}",
            fact=None,
            article_id=key,
            source=f"{path}:{line}",
        )

"""Rebuild ``src/tahqiq/data/idf_ar.tsv``: document frequencies of loose word keys.

Sources (both permissive): ANS stance and claim sentences (Apache-2.0) and the Arabic PTC
spans (CC0 1.0), train splits only. Usage: ``python scripts/build_idf.py [DATA_DIR]``.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

from tahqiq.stance.weights import keys

OUT = Path(__file__).resolve().parents[1] / "src/tahqiq/data/idf_ar.tsv"


def documents(data: Path) -> list[str]:
    docs: list[str] = []
    with (data / "ans/stance_train.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            docs += [row["s1"], row["s2"]]
    with (data / "ans/claim_train.csv").open(encoding="utf-8") as f:
        docs += [row["claim_s"] for row in csv.DictReader(f)]
    with (data / "ptc_ar/Train.txt").open(encoding="utf-8") as f:
        docs += [row["Arabic"] for row in csv.DictReader(f, delimiter="\t")]
    return sorted(set(docs))


def main() -> None:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared/data")
    docs = documents(data)
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(set(keys(doc)))
    lines = [f"#documents\t{len(docs)}"] + [f"{k}\t{n}" for k, n in sorted(df.items()) if n >= 2]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(docs)} documents, {len(lines) - 1} keys")


if __name__ == "__main__":
    main()

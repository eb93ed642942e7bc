"""JSON Lines files are streamed: bigger than the whole-file limit, read in chunks, bad lines reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tahqiq.ingest import jsonrecords, read_all


def _write(path: Path, n: int, broken: int | None = None) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            if i == broken:
                f.write("{this is not json\n")
            else:
                record = {
                    "title": f"خبر رقم {i}",
                    "text": f"قال المتحدث إن القوات وصلت إلى الحسكة في اليوم {i}.",
                }
                f.write(json.dumps(record, ensure_ascii=False) + "\n")


def test_large_jsonl_is_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsonrecords, "JSONL_CHUNK", 10)
    path = tmp_path / "export.jsonl"
    _write(path, 35, broken=17)
    results = list(read_all([str(path)]))
    assert [len(r.articles) for r in results] == [10, 10, 10, 4]
    skipped = [s for r in results for s in r.skipped]
    assert [s.source for s in skipped] == [f"{path}:18"]
    assert all(r.source == str(path) for r in results)


def test_jsonl_over_the_whole_file_limit_still_streams(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.jsonl"
    _write(path, 50)
    # Lines stay under the per-line limit while the file is far over it.
    monkeypatch.setattr(jsonrecords, "MAX_FILE_BYTES", 400)
    assert path.stat().st_size > 400 * 10
    results = list(read_all([str(path)]))
    assert sum(len(r.articles) for r in results) == 50


def test_one_line_over_the_limit_is_skipped_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mixed.jsonl"
    _write(path, 3)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({"title": "طويل", "text": "كلمة " * 500}, ensure_ascii=False) + "\n")
    monkeypatch.setattr(jsonrecords, "MAX_FILE_BYTES", 1000)
    [result] = list(read_all([str(path)]))
    assert len(result.articles) == 3
    assert result.skipped[0].source.endswith(":4") and "limit" in result.skipped[0].reason


def test_binary_jsonl_is_refused_once(tmp_path: Path) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x00\x01\x02" * 1000)
    [result] = list(read_all([str(path)]))
    assert not result.articles and len(result.skipped) == 1 and "binary" in result.skipped[0].reason

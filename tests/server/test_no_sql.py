"""The server calls the library only: no SQL and no database handle in tahqiq/server."""

from __future__ import annotations

from pathlib import Path

import regex

import tahqiq.server

SERVER = Path(tahqiq.server.__file__).parent
SQL = regex.compile(
    r"\.execute(many)?\(|\bconn\b|sqlite3|\bSELECT\s|\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bCREATE\s+TABLE\b"
)


def test_no_sql_in_the_server() -> None:
    found = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(SERVER.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line)
    ]
    assert not found, "SQL belongs in tahqiq.store; the server calls Tahqiq methods:\n" + "\n".join(found)

"""Embedded store: SQLite (WAL, FTS5) with versioned migrations."""

from tahqiq.store.db import AddResult, Store, default_path
from tahqiq.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "AddResult", "Store", "default_path"]

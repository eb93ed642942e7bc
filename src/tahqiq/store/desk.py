"""Desk models kept in the store: the ``desk_models`` table.

A desk model is only numbers (the gates as JSON) plus the name of the shipped pair model they
sit on, so it is rebuilt on open without any file of its own, and goes wherever the store goes.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager

from tahqiq.errors import ModelError
from tahqiq.records.reviews import DeskModel


class DeskModelTables:
    """The desk-model methods of :class:`~tahqiq.store.Store`."""

    conn: sqlite3.Connection

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def save_desk_model(self, model: DeskModel) -> None:
        """Store a desk model; a model of the same name is replaced (retrained)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM desk_models WHERE name = ?", (model.name,))
            conn.execute(
                "INSERT INTO desk_models(name, created, gates, labels, base) VALUES (?, ?, ?, ?, ?)",
                (
                    model.name,
                    model.created,
                    json.dumps(model.gates, sort_keys=True),
                    model.labels,
                    model.base,
                ),
            )

    def desk_models(self) -> list[DeskModel]:
        """Every desk model, newest first; none in a read-only store from before they existed."""
        try:
            rows = self.conn.execute(
                "SELECT name, created, gates, labels, base FROM desk_models ORDER BY id DESC"
            ).fetchall()
        except sqlite3.OperationalError:
            return []
        return [DeskModel(r[0], r[1], json.loads(r[2]), int(r[3]), r[4]) for r in rows]

    def desk_model(self, name: str) -> DeskModel:
        """The desk model called ``name``.

        Raises:
            ModelError: no desk model has that name.
        """
        for model in self.desk_models():
            if model.name == name:
                return model
        raise ModelError(f"no desk model named {name!r} in this store")

"""User corrections to extracted fields: what changed, by whom, when (kept for learning/QA)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.store.db import Database
from app.core.store.repos._util import dumps, loads, utc_now


@dataclass(frozen=True)
class Correction:
    id: int
    doc_id: str
    field: str
    old_value: Any
    new_value: Any
    actor: str
    created_at: str


class CorrectionRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, doc_id: str, field: str, old_value: Any, new_value: Any, actor: str) -> int:
        with self._db.tx() as c:
            cur = c.execute(
                "INSERT INTO corrections (doc_id, field, old_value, new_value, actor, created_at)"
                " VALUES (?,?,?,?,?,?)",
                (doc_id, field, dumps(old_value), dumps(new_value), actor, utc_now()))
            return int(cur.lastrowid)

    def for_document(self, doc_id: str) -> list[Correction]:
        return [Correction(r[0], r[1], r[2], loads(r[3]), loads(r[4]), r[5], r[6])
                for r in self._db.query(
                    "SELECT id, doc_id, field, old_value, new_value, actor, created_at"
                    " FROM corrections WHERE doc_id = ? ORDER BY id", (doc_id,))]

    def recent_for_profile(self, profile: str, limit: int = 50) -> list[Correction]:
        """The latest corrections made on documents processed with `profile`, oldest first (the
        order the extractor shows them in, the newest last)."""
        rows = self._db.query(
            "SELECT c.id, c.doc_id, c.field, c.old_value, c.new_value, c.actor, c.created_at"
            " FROM corrections c JOIN results r ON r.doc_id = c.doc_id"
            " WHERE r.profile = ? ORDER BY c.id DESC LIMIT ?", (profile, limit))
        return [Correction(r[0], r[1], r[2], loads(r[3]), loads(r[4]), r[5], r[6])
                for r in reversed(rows)]

"""A reviewer's redaction marks per document (boxes, terms, kept phrases), encrypted like the
pages they refer to. The audit log records that a mark was added or removed, never its text."""

from __future__ import annotations

from app.core.privacy.redaction.marks import RedactionMark
from app.core.store.db import Database
from app.core.store.repos._util import dumps, loads, utc_now


class MarkRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, doc_id: str, mark: RedactionMark) -> int:
        with self._db.tx() as c:
            cur = c.execute(
                "INSERT INTO redaction_marks (doc_id, kind, page, rect, text, type, created_at)"
                " VALUES (?,?,?,?,?,?,?)",
                (doc_id, mark.kind, mark.page, dumps(list(mark.rect)) if mark.rect else None,
                 mark.text, mark.type, utc_now()))
            return int(cur.lastrowid)

    def remove(self, doc_id: str, mark_id: int) -> bool:
        with self._db.tx() as c:
            return c.execute("DELETE FROM redaction_marks WHERE doc_id = ? AND id = ?",
                             (doc_id, mark_id)).rowcount > 0

    def for_document(self, doc_id: str) -> list[RedactionMark]:
        return [
            RedactionMark(kind=k, page=p, rect=tuple(loads(r)) if r else None, text=t, type=ty,
                          id=i)
            for i, k, p, r, t, ty in self._db.query(
                "SELECT id, kind, page, rect, text, type FROM redaction_marks WHERE doc_id = ?"
                " ORDER BY id", (doc_id,))
        ]

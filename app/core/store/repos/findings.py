"""Detected identifiers per document (positions and types; the text stays in `pages`)."""

from __future__ import annotations

from app.core.documents import Finding
from app.core.store.db import Database


class FindingRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def replace(self, doc_id: str, findings: list[Finding]) -> int:
        """Replace a document's findings (a re-run supersedes the last); returns the count."""
        with self._db.tx() as c:
            c.execute("DELETE FROM findings WHERE doc_id = ?", (doc_id,))
            c.executemany(
                'INSERT INTO findings (doc_id, type, page, start, "end", score, recognizer)'
                " VALUES (?,?,?,?,?,?,?)",
                [(doc_id, f.type, f.page, f.start, f.end, f.score, f.recognizer) for f in findings],
            )
        return len(findings)

    def for_document(self, doc_id: str) -> list[Finding]:
        return [Finding(*r) for r in self._db.query(
            'SELECT type, page, start, "end", score, recognizer FROM findings WHERE doc_id = ?'
            " ORDER BY page, start, id", (doc_id,))]

    def counts_by_type(self) -> dict[str, int]:
        """Entity types and how often they were found: what the Art. 30 record reports."""
        return {t: n for t, n in self._db.query(
            "SELECT type, count(*) FROM findings GROUP BY type ORDER BY type")}

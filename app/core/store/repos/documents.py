"""Documents and their pages, with the original bytes, keyed by the content-addressed id."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.documents import Document, Page, Word
from app.core.store.db import Database
from app.core.store.repos._util import dumps, loads, utc_now


@dataclass(frozen=True)
class DocumentInfo:
    """A row for lists: everything but the pages and the original bytes."""

    id: str
    sha256: str
    name: str
    kind: str
    size: int
    page_count: int
    created_at: str


class DocumentRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, doc: Document, original: bytes | None = None) -> str:
        """Insert (or refresh) a document and its pages; returns its id. Same bytes, same row."""
        with self._db.tx() as c:
            c.execute(
                "INSERT INTO documents (id, sha256, name, kind, size, page_count, metadata,"
                " original, created_at) VALUES (?,?,?,?,?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET name=excluded.name, kind=excluded.kind,"
                " page_count=excluded.page_count, metadata=excluded.metadata,"
                " original=coalesce(excluded.original, documents.original)",
                (doc.id, doc.sha256, doc.name, doc.kind, doc.size or len(original or b""),
                 len(doc.pages), dumps(doc.metadata), original, utc_now()),
            )
            c.execute("DELETE FROM pages WHERE doc_id = ?", (doc.id,))
            c.executemany(
                "INSERT INTO pages (doc_id, number, text, ocr, ocr_confidence, width, height,"
                " words) VALUES (?,?,?,?,?,?,?,?)",
                [(doc.id, p.number, p.text, int(p.ocr), p.ocr_confidence, p.width, p.height,
                  dumps([_pack(w) for w in p.words])) for p in doc.pages],
            )
        return doc.id

    def get(self, doc_id: str) -> Document | None:
        row = self._db.query_one(
            "SELECT name, kind, sha256, size, metadata FROM documents WHERE id = ?", (doc_id,)
        )
        if row is None:
            return None
        pages = [
            Page(number=n, text=t, ocr=bool(o), ocr_confidence=oc, width=w, height=h,
                 words=[_unpack(x) for x in loads(words)])
            for n, t, o, oc, w, h, words in self._db.query(
                "SELECT number, text, ocr, ocr_confidence, width, height, words FROM pages"
                " WHERE doc_id = ? ORDER BY number", (doc_id,))
        ]
        return Document(name=row[0], kind=row[1], pages=pages, sha256=row[2], size=row[3],
                        metadata=loads(row[4]))

    def original(self, doc_id: str) -> bytes | None:
        row = self._db.query_one("SELECT original FROM documents WHERE id = ?", (doc_id,))
        return None if row is None or row[0] is None else bytes(row[0])

    def info(self, doc_id: str) -> DocumentInfo | None:
        row = self._db.query_one(
            "SELECT id, sha256, name, kind, size, page_count, created_at FROM documents"
            " WHERE id = ?", (doc_id,))
        return DocumentInfo(*row) if row else None

    def list(self) -> list[DocumentInfo]:
        return [DocumentInfo(*r) for r in self._db.query(
            "SELECT id, sha256, name, kind, size, page_count, created_at FROM documents"
            " ORDER BY created_at, id")]

    def exists(self, doc_id: str) -> bool:
        return self._db.query_one("SELECT 1 FROM documents WHERE id = ?", (doc_id,)) is not None

    def count(self) -> int:
        return int(self._db.query_one("SELECT count(*) FROM documents")[0])

    def delete(self, doc_id: str) -> bool:
        """Delete a document; pages, findings, results, corrections and escalations cascade."""
        with self._db.tx() as c:
            return c.execute("DELETE FROM documents WHERE id = ?", (doc_id,)).rowcount > 0


def _pack(w: Word) -> list[float]:
    # A flat row, not a dict: a 500-page PDF has ~200k words, and asdict() on each dominated
    # the cost of storing a document.
    return [w.start, w.end, w.x0, w.y0, w.x1, w.y1]


def _unpack(x: list[float] | dict[str, float]) -> Word:
    if isinstance(x, dict):  # rows written before the packed form
        return Word(**x)
    return Word(int(x[0]), int(x[1]), x[2], x[3], x[4], x[5])

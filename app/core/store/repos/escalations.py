"""Escalations: an offer to send a redacted document to a stronger tier, and its fate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.store.db import Database
from app.core.store.repos._util import dumps, loads, utc_now

STATUSES = ("offered", "consented", "declined", "sent", "failed")


@dataclass(frozen=True)
class Escalation:
    id: int
    doc_id: str
    tier: str
    status: str
    reasons: list[str]
    detail: dict[str, Any]
    created_at: str
    updated_at: str


class EscalationRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def offer(self, doc_id: str, tier: str, reasons: list[str] | None = None) -> int:
        now = utc_now()
        with self._db.tx() as c:
            cur = c.execute(
                "INSERT INTO escalations (doc_id, tier, status, reasons, detail, created_at,"
                " updated_at) VALUES (?,?,?,?,?,?,?)",
                (doc_id, tier, "offered", dumps(reasons or []), "{}", now, now))
            return int(cur.lastrowid)

    def set_status(self, esc_id: int, status: str, **detail: Any) -> None:
        """Move an escalation on; `detail` (ids, counts, digests) is merged into its record."""
        if status not in STATUSES:
            raise ValueError(f"unknown escalation status {status!r}")
        with self._db.tx() as c:
            row = c.execute("SELECT detail FROM escalations WHERE id = ?", (esc_id,)).fetchone()
            if row is None:
                raise KeyError(esc_id)
            merged = {**loads(row[0]), **detail}
            c.execute("UPDATE escalations SET status = ?, detail = ?, updated_at = ? WHERE id = ?",
                      (status, dumps(merged), utc_now(), esc_id))

    def get(self, esc_id: int) -> Escalation | None:
        rows = self._select("WHERE id = ?", (esc_id,))
        return rows[0] if rows else None

    def for_document(self, doc_id: str) -> list[Escalation]:
        return self._select("WHERE doc_id = ? ORDER BY id", (doc_id,))

    def list(self, status: str | None = None) -> list[Escalation]:
        if status is None:
            return self._select("ORDER BY id", ())
        return self._select("WHERE status = ? ORDER BY id", (status,))

    def counts_by_tier(self, status: str = "sent") -> dict[str, int]:
        return dict(self._db.query(
            "SELECT tier, count(*) FROM escalations WHERE status = ? GROUP BY tier", (status,)))

    def _select(self, where: str, params: tuple[Any, ...]) -> list[Escalation]:
        return [Escalation(r[0], r[1], r[2], r[3], loads(r[4]), loads(r[5]), r[6], r[7])
                for r in self._db.query(
                    "SELECT id, doc_id, tier, status, reasons, detail, created_at, updated_at"
                    f" FROM escalations {where}", params)]

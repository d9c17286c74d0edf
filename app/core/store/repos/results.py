"""Per-document results: extracted fields, summary, route decision (one current row each)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.core.documents import FieldValue, RouteDecision, Summary, TextSpan
from app.core.store.db import Database
from app.core.store.repos._util import dumps, loads, utc_now


@dataclass
class StoredResult:
    doc_id: str
    profile: str
    fields: dict[str, FieldValue]
    summary: Summary
    route: RouteDecision
    timings: dict[str, float] = field(default_factory=dict)
    updated_at: str = ""


def _span(d: dict[str, int]) -> TextSpan:
    return TextSpan(page=d["page"], start=d["start"], end=d["end"])


def field_to_json(f: FieldValue) -> dict[str, Any]:
    # Our own encoding rather than FieldValue.to_json(): that one rounds confidence for display.
    spans = [[s.to_json() for s in x] if isinstance(x, list) else x.to_json() for x in f.spans]
    return {"name": f.name, "value": f.value, "confidence": f.confidence, "spans": spans,
            "source": f.source, "normalized": f.normalized, "signals": f.signals}


def field_from_json(d: dict[str, Any]) -> FieldValue:
    spans = [[_span(s) for s in x] if isinstance(x, list) else _span(x) for x in d["spans"]]
    return FieldValue(name=d["name"], value=d["value"], confidence=d["confidence"], spans=spans,
                      source=d["source"], normalized=d["normalized"], signals=d["signals"])


class ResultRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def put(self, doc_id: str, profile: str, fields: dict[str, FieldValue], summary: Summary,
            route: RouteDecision, timings: dict[str, float] | None = None) -> None:
        with self._db.tx() as c:
            c.execute(
                "INSERT INTO results VALUES (?,?,?,?,?,?,?) ON CONFLICT(doc_id) DO UPDATE SET"
                " profile=excluded.profile, fields=excluded.fields, summary=excluded.summary,"
                " route=excluded.route, timings=excluded.timings, updated_at=excluded.updated_at",
                (doc_id, profile, dumps({k: field_to_json(v) for k, v in fields.items()}),
                 dumps(summary.to_json()), dumps(route.to_json()), dumps(timings or {}),
                 utc_now()),
            )

    def get(self, doc_id: str) -> StoredResult | None:
        row = self._db.query_one(
            "SELECT profile, fields, summary, route, timings, updated_at FROM results"
            " WHERE doc_id = ?", (doc_id,))
        if row is None:
            return None
        s, r = loads(row[2]), loads(row[3])
        return StoredResult(
            doc_id=doc_id, profile=row[0],
            fields={k: field_from_json(v) for k, v in loads(row[1]).items()},
            summary=Summary(text=s["text"], source=s["source"], citations=s["citations"]),
            route=RouteDecision(decision=r["decision"], reasons=r["reasons"]),
            timings=loads(row[4]), updated_at=row[5],
        )

    def set_field(self, doc_id: str, f: FieldValue) -> None:
        """Replace one field (after a correction) without rewriting the rest by hand."""
        with self._db.tx() as c:
            row = c.execute("SELECT fields FROM results WHERE doc_id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KeyError(doc_id)
            fields = loads(row[0])
            fields[f.name] = field_to_json(f)
            c.execute("UPDATE results SET fields = ?, updated_at = ? WHERE doc_id = ?",
                      (dumps(fields), utc_now(), doc_id))

    def set_route(self, doc_id: str, route: RouteDecision) -> None:
        """Replace the route decision (after a correction or an escalation changed the fields)."""
        with self._db.tx() as c:
            cur = c.execute("UPDATE results SET route = ?, updated_at = ? WHERE doc_id = ?",
                            (dumps(route.to_json()), utc_now(), doc_id))
            if cur.rowcount == 0:
                raise KeyError(doc_id)

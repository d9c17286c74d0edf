"""The plain data every stage passes on: documents, pages, findings, fields, results.

Everything here is a frozen-ish dataclass of plain values so it can cross a thread or
process boundary (the ingestion sandbox pickles `Document`) and be turned into the stable
JSON of `enclave process` by `ProcessResult.to_json()`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Word:
    """A word box on a page, in PDF points, with the character range it covers in `Page.text`."""

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    """One page of text. Offsets of every span elsewhere index into `text`."""

    number: int  # 1-based, as users count pages
    text: str
    ocr: bool = False
    ocr_confidence: float | None = None
    width: float | None = None
    height: float | None = None
    words: list[Word] = field(default_factory=list)


@dataclass
class Document:
    """A read document: its identity, its kind (format), and its pages."""

    name: str
    kind: str  # "pdf", "text", "image", "docx", "eml", "html"
    pages: list[Page]
    sha256: str
    size: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        # Content-addressed: the same bytes are the same document (dedupe by SHA-256).
        return self.sha256[:16]

    @property
    def text(self) -> str:
        return "\n\f".join(p.text for p in self.pages)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class TextSpan:
    """A character range on one page: `Page.text[start:end]`."""

    page: int
    start: int
    end: int

    def to_json(self) -> dict[str, int]:
        return {"page": self.page, "start": self.start, "end": self.end}


@dataclass
class Finding:
    """One detected identifier (PII/PHI) on a page."""

    type: str  # Presidio entity type, e.g. "PERSON", "US_SSN", "MEDICAL_RECORD_NUMBER"
    page: int
    start: int
    end: int
    score: float
    recognizer: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "page": self.page,
            "start": self.start,
            "end": self.end,
            "score": round(self.score, 3),
        }


@dataclass
class FieldValue:
    """An extracted field. `value` is verbatim document text (or a list for multi-valued fields).

    `spans` has one entry per value for a single-valued field (usually one span), and for a
    multi-valued field one *list* of spans per value. An ungrounded value has no spans.
    """

    name: str
    value: str | list[str] | None
    confidence: float
    spans: list[TextSpan] | list[list[TextSpan]] = field(default_factory=list)
    source: str = "local"
    normalized: str | list[str] | None = None
    signals: dict[str, Any] = field(default_factory=dict)

    @property
    def grounded(self) -> bool:
        return bool(self.spans)

    def to_json(self) -> dict[str, Any]:
        spans: list[Any] = []
        for s in self.spans:
            if isinstance(s, list):
                spans.append([x.to_json() for x in s])
            else:
                spans.append(s.to_json())
        return {
            "value": self.value,
            "normalized": self.normalized,
            "confidence": round(self.confidence, 3),
            "spans": spans,
            "source": self.source,
            "signals": self.signals,
        }


@dataclass
class Summary:
    text: str
    source: str = "local"
    citations: list[int] = field(default_factory=list)  # page numbers the summary draws on

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source, "citations": self.citations}


@dataclass
class RouteDecision:
    decision: str  # "local" | "offer_escalation" | "escalate_onprem"
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.decision, "reasons": self.reasons}


@dataclass
class ProcessResult:
    """What `enclave process` prints for one document."""

    document: Document
    profile: str
    fields: dict[str, FieldValue]
    summary: Summary
    pii: list[Finding]
    route: RouteDecision
    timings: dict[str, float] = field(default_factory=dict)
    # Set when the workspace stores it: it already held these bytes, and how many fields a
    # reviewer had corrected were kept over the fresh values (Workspace.save_result).
    stored_before: bool = False
    kept_reviewed: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "document": {
                "id": self.document.id,
                "sha256": self.document.sha256,
                "name": self.document.name,
                "kind": self.document.kind,
                "pages": len(self.document.pages),
            },
            "profile": self.profile,
            "fields": {k: v.to_json() for k, v in self.fields.items()},
            "summary": self.summary.to_json(),
            "pii": [f.to_json() for f in self.pii],
            "route": self.route.to_json(),
        }

"""True redaction, one path for every front end (the CLI, the GUI's export, case exports).

    from app.core.privacy.redaction.pdf import redact_document   # imports PyMuPDF
    doc = workspace.documents.get(doc_id)                        # ingested text + word boxes
    out = redact_document(original, doc, findings, marks)        # RedactedPdf(data, counts)

`marks` is what a reviewer changed (boxes, terms, kept phrases); `plan` turns findings and
marks into word boxes on the ingested pages; `pdf` applies them with PyMuPDF and scrubs the
file; `verify` reads the output back (text layer, OCR for scans) and refuses it if anything
that should be gone is still there. This package's top level imports no PyMuPDF, so the store
can use the mark type cheaply.
"""

from __future__ import annotations

from .marks import BOX, KEEP, MANUAL, TERM, RedactionMark

__all__ = ["BOX", "KEEP", "MANUAL", "TERM", "RedactionMark"]

"""What a document export contains, as bytes: fields (CSV, JSON), redacted PDF and text, summary.

Qt-free and plain (workspace in, bytes out), so the export flow can run it on a worker thread
and tests can call it directly. Redaction fails closed: any error raises and nothing is written.
The redacted exports mask the identifier types the workspace chose (settings), "always redact"
terms included whatever the choice; redacted text uses realistic surrogates when the workspace
asks for them (settings), a redacted PDF always black boxes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from app.core.privacy.pseudonymize import Pseudonymizer, RedactionError, redact_text
from app.core.privacy.redact_types import for_redaction, load_redact_types
from app.core.privacy.surrogate_setting import DEFAULT_CASE, surrogates_enabled

# kind → (menu label, file suffix, file-dialog filter)
KINDS: dict[str, tuple[str, str, str]] = {
    "fields_csv": ("Fields as &CSV…", "fields.csv", "CSV files (*.csv)"),
    "fields_json": ("Fields as &JSON…", "fields.json", "JSON files (*.json)"),
    "redacted_pdf": ("Redacted &PDF…", "redacted.pdf", "PDF files (*.pdf)"),
    "redacted_text": ("Redacted &text…", "redacted.txt", "Text files (*.txt)"),
    "summary": ("&Summary as text…", "summary.txt", "Text files (*.txt)"),
}


class ExportError(Exception):
    """An export that cannot be made; `str()` is one sentence for the user."""


def _result(workspace: Any, doc_id: str) -> tuple[str, Any]:
    """(document name, stored result)."""
    info = workspace.documents.info(doc_id)
    res = workspace.results.get(doc_id)
    if info is None or res is None:
        raise ExportError("This document has no stored results to export yet.")
    return info.name, res


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


def fields_csv(workspace: Any, doc_id: str) -> bytes:
    _name, res = _result(workspace, doc_id)
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["field", "value", "normalized", "confidence", "source", "grounded"])
    for f in res.fields.values():
        out.writerow([f.name, _cell(f.value), _cell(f.normalized), f"{f.confidence:.3f}",
                      f.source, "yes" if f.grounded else "no"])
    return buf.getvalue().encode("utf-8")


def fields_json(workspace: Any, doc_id: str) -> bytes:
    name, res = _result(workspace, doc_id)
    doc = {"document": name, "id": doc_id, "profile": res.profile,
           "fields": {n: f.to_json() for n, f in res.fields.items()}}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def redacted_text(workspace: Any, doc_id: str) -> bytes:
    doc = workspace.documents.get(doc_id)
    if doc is None:
        raise ExportError("This document is no longer in the workspace.")
    findings = for_redaction(workspace.findings.for_document(doc_id), load_redact_types(workspace))
    if surrogates_enabled(workspace):
        # Realistic fakes, kept in the workspace's vault so every export of the workspace uses
        # the same ones and `enclave redact --reidentify --workspace` can put originals back.
        pseudo = Pseudonymizer(workspace.vault, surrogates=True)  # loads Faker: only here

        def replace(text: str, found: list[Any]) -> str:
            return pseudo.pseudonymize(text, found, DEFAULT_CASE)[0]
    else:
        def replace(text: str, found: list[Any]) -> str:
            return redact_text(text, found)
    pages = [replace(p.text, [f for f in findings if f.page == p.number]) for p in doc.pages]
    return "\n\f".join(pages).encode("utf-8")


def redacted_pdf(workspace: Any, doc_id: str) -> bytes:
    from app.core.privacy.pdf_redact import redact_pdf  # PyMuPDF: imported only when used

    info = workspace.documents.info(doc_id)
    if info is None or info.kind != "pdf":
        raise ExportError("Only PDF documents can be exported as a redacted PDF;"
                          " export the redacted text instead.")
    original = workspace.documents.original(doc_id)
    if not original:
        raise ExportError("The original PDF is not stored in the workspace, so it cannot be"
                          " redacted.")
    findings = workspace.findings.for_document(doc_id)
    return redact_pdf(original, for_redaction(findings, load_redact_types(workspace)))


def summary_text(workspace: Any, doc_id: str) -> bytes:
    name, res = _result(workspace, doc_id)
    s = res.summary
    pages = ", ".join(f"p. {p}" for p in s.citations)
    tier = "this machine" if s.source == "local" else f"the {s.source} tier"
    lines = [f"Summary of {name}", "", s.text or "No summary.", "",
             f"Generated on {tier}" + (f"; cites {pages}." if pages else ".")]
    return ("\n".join(lines) + "\n").encode("utf-8")


BUILDERS: dict[str, Callable[[Any, str], bytes]] = {
    "fields_csv": fields_csv, "fields_json": fields_json, "redacted_pdf": redacted_pdf,
    "redacted_text": redacted_text, "summary": summary_text,
}


def export_sentence(exc: BaseException) -> str:
    """One clear sentence for a failed export."""
    if isinstance(exc, ExportError):
        return str(exc)
    if isinstance(exc, RedactionError):
        return f"The redacted export was not written: {exc}"
    if isinstance(exc, OSError):
        return f"The export could not be written ({exc.strerror or exc})."
    return f"The export failed unexpectedly ({type(exc).__name__}: {exc})."

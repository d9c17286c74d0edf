"""What a document export contains, and the one way it is written and audited.

Qt-free and plain (workspace in, bytes out): the GUI's export flow runs `export_document` on a
worker thread, the CLI calls it directly (and `redact_pdf_bytes` for a file that is not
stored), tests too. `redaction_policy` is the one place the workspace's choice of what to
mask is applied, whichever front end asks. Redaction fails closed: any error raises
and nothing is written. The redacted exports mask the identifier types the workspace chose
(settings), "always redact" terms whatever the choice, and the reviewer's marks (boxes drawn,
terms added, phrases kept); redacted text uses realistic surrogates when the workspace asks
for them (settings); a redacted PDF always black boxes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import actions
from app.core.documents import Finding
from app.core.errors import ExportError, RedactionError
from app.core.privacy.pseudonymize import Pseudonymizer, redact_text
from app.core.privacy.redact_types import for_redaction, load_redact_types
from app.core.privacy.redaction.plan import plan_redaction
from app.core.privacy.redaction.review import plan_findings
from app.core.privacy.surrogate_setting import DEFAULT_CASE, surrogates_enabled
from app.core.store.fsutil import write_atomic

# kind → file suffix: the names every front end offers.
SUFFIXES: dict[str, str] = {
    "fields_csv": "fields.csv", "fields_json": "fields.json", "redacted_pdf": "redacted.pdf",
    "redacted_text": "redacted.txt", "summary": "summary.txt",
}


@dataclass(frozen=True)
class Exported:
    data: bytes
    details: dict[str, Any] = field(default_factory=dict)  # audited beside kind and hash


def _result(workspace: Any, doc_id: str) -> tuple[str, Any]:
    """(document name, stored result)."""
    info = workspace.documents.info(doc_id)
    res = workspace.results.get(doc_id)
    if info is None or res is None:
        raise ExportError("This document has no stored results to export yet.")
    return info.name, res


def redaction_policy(findings: Sequence[Finding], workspace: Any = None) -> list[Finding]:
    """The workspace redaction policy, for every front end: of `findings`, those a redacted
    output masks: the identifier types the workspace chose, "always redact" terms whatever
    the choice; without a workspace, every finding. (The reviewer's kept phrases are the
    plan's to leave out.)"""
    return for_redaction(findings, None if workspace is None else load_redact_types(workspace))


def redaction_findings(workspace: Any, doc_id: str) -> list[Finding]:
    """The stored findings of `doc_id` a redacted export masks (`redaction_policy`)."""
    return redaction_policy(workspace.findings.for_document(doc_id), workspace)


def redact_pdf_bytes(analyzer: Any, data: bytes, name: str,
                     workspace: Any = None) -> tuple[bytes, int]:
    """A PDF or scan that is not stored (`enclave redact FILE`) → (the redacted PDF's bytes,
    identifiers masked). Read by the same ingest as a stored document (sandboxed), analysed,
    masked by `redaction_policy` and redacted by the same `redact_document` as
    `redacted_pdf`, so the same file gives the same bytes from either front end. Raises
    `ExportError` for a file that is neither, `RedactionError` when redaction fails."""
    # deferred: ingestion (pdfminer, the sandbox) and PyMuPDF load only when a PDF is redacted
    from app.core.ingest import read_bytes
    from app.core.privacy.redaction.pdf import redact_document

    doc = read_bytes(data, name)
    if doc.kind not in ("pdf", "image"):
        raise ExportError(f"'{name}' is not a PDF or a scanned image.")
    findings = redaction_policy(analyzer.analyze_pages([p.text for p in doc.pages]), workspace)
    return redact_document(data, doc, findings).data, len(findings)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


def fields_csv(workspace: Any, doc_id: str) -> Exported:
    _name, res = _result(workspace, doc_id)
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(["field", "value", "normalized", "confidence", "source", "grounded"])
    for f in res.fields.values():
        out.writerow([f.name, _cell(f.value), _cell(f.normalized), f"{f.confidence:.3f}",
                      f.source, "yes" if f.grounded else "no"])
    return Exported(buf.getvalue().encode("utf-8"))


def fields_json(workspace: Any, doc_id: str) -> Exported:
    name, res = _result(workspace, doc_id)
    doc = {"document": name, "id": doc_id, "profile": res.profile,
           "fields": {n: f.to_json() for n, f in res.fields.items()}}
    return Exported((json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def redacted_text(workspace: Any, doc_id: str) -> Exported:
    doc = workspace.documents.get(doc_id)
    if doc is None:
        raise ExportError("This document is no longer in the workspace.")
    # The same plan as the PDF's: every occurrence of each identifier and of the reviewer's
    # terms, as character ranges on the pages (drawn boxes have no text to mask).
    plan = plan_redaction(doc, redaction_findings(workspace, doc_id),
                          workspace.marks.for_document(doc_id), boxes=False)
    findings = plan_findings(plan)
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
    return Exported("\n\f".join(pages).encode("utf-8"), {"counts": plan.counts()})


def redacted_pdf(workspace: Any, doc_id: str) -> Exported:
    from app.core.privacy.redaction.pdf import redact_document  # deferred: PyMuPDF, when used

    doc = workspace.documents.get(doc_id)
    if doc is None:
        raise ExportError("This document is no longer in the workspace.")
    if doc.kind not in ("pdf", "image"):
        raise ExportError("Only PDFs and scanned images can be exported as a redacted PDF;"
                          " export the redacted text instead.")
    original = workspace.documents.original(doc_id)
    if not original:
        raise ExportError("The original file is not stored in the workspace, so it cannot be"
                          " redacted.")
    out = redact_document(original, doc, redaction_findings(workspace, doc_id),
                          workspace.marks.for_document(doc_id))
    return Exported(out.data, {"counts": out.counts})


def summary_text(workspace: Any, doc_id: str) -> Exported:
    name, res = _result(workspace, doc_id)
    s = res.summary
    pages = ", ".join(f"p. {p}" for p in s.citations)
    tier = "this machine" if s.source == "local" else f"the {s.source} tier"
    lines = [f"Summary of {name}", "", s.text or "No summary.", "",
             f"Generated on {tier}" + (f"; cites {pages}." if pages else ".")]
    return Exported(("\n".join(lines) + "\n").encode("utf-8"))


BUILDERS: dict[str, Callable[[Any, str], Exported]] = {
    "fields_csv": fields_csv, "fields_json": fields_json, "redacted_pdf": redacted_pdf,
    "redacted_text": redacted_text, "summary": summary_text,
}


def export_document(workspace: Any, doc_id: str, kind: str, out: Path) -> Exported:
    """Build export `kind` of a stored document, write it atomically to `out` and audit it
    (kind, SHA-256 of what was written, counts of what was redacted by type; never content).
    Blocking: the GUI runs it on a worker thread."""
    if kind not in BUILDERS:
        raise ExportError(f"There is no export called {kind!r}.")
    made = BUILDERS[kind](workspace, doc_id)
    write_atomic(Path(out), made.data)
    workspace.audit.record(actions.EXPORT, "document", doc_id, kind=kind,
                           sha256=hashlib.sha256(made.data).hexdigest(), **made.details)
    return made


def export_sentence(exc: BaseException) -> str:
    """One clear sentence for a failed export."""
    if isinstance(exc, ExportError):
        return str(exc)
    if isinstance(exc, RedactionError):
        return f"The redacted export was not written: {exc}"
    if isinstance(exc, OSError):
        return f"The export could not be written ({exc.strerror or exc})."
    return f"The export failed unexpectedly ({type(exc).__name__}: {exc})."

"""True PDF redaction with PyMuPDF: the text under a box is removed, not covered.

Finding offsets index `page.get_text()` of the same page (that is what the analyzer read).
We locate each finding's string with `page.search_for` (every occurrence on the page: the
same name printed twice is redacted twice), apply the redactions, then scrub what else can
carry identifiers: document metadata, XMP metadata, annotations, embedded files, form
fields. Afterwards the output is re-opened and re-extracted; if any redacted string survives
we raise instead of returning a leaky file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pymupdf

from app.core.documents import Finding
from app.core.privacy.pseudonymize import RedactionError


def _strings_by_page(doc: pymupdf.Document, findings: Sequence[Finding]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    for f in findings:
        if not 1 <= f.page <= doc.page_count:
            raise RedactionError(f"A finding points at page {f.page}, which the PDF lacks.")
        text = doc[f.page - 1].get_text()
        value = " ".join(text[f.start:f.end].split())
        if value:
            out.setdefault(f.page, set()).add(value)
    return out


def _scrub(doc: pymupdf.Document) -> None:
    doc.set_metadata({})
    doc.del_xml_metadata()
    for name in list(doc.embfile_names()):
        doc.embfile_del(name)
    for page in doc:
        for widget in list(page.widgets() or []):
            page.delete_widget(widget)
        for annot in list(page.annots() or []):
            page.delete_annot(annot)


def redact_pdf(pdf: bytes | str | Path, findings: Sequence[Finding]) -> bytes:
    """The redacted PDF's bytes. Raises RedactionError if a value cannot be removed."""
    doc = pymupdf.open(stream=pdf, filetype="pdf") if isinstance(pdf, bytes) else pymupdf.open(pdf)
    try:
        strings = _strings_by_page(doc, findings)
        for number, values in strings.items():
            page = doc[number - 1]
            for value in values:
                rects = page.search_for(value)
                if not rects:
                    raise RedactionError(f"Could not locate a finding on page {number}.")
                for rect in rects:
                    page.add_redact_annot(rect, fill=(0, 0, 0))
            # Remove text under the boxes; images under them too (a scanned signature).
            page.apply_redactions(images=pymupdf.PDF_REDACT_IMAGE_PIXELS)
        _scrub(doc)
        out = doc.tobytes(garbage=4, deflate=True, clean=True)
    finally:
        doc.close()
    verify_redacted(out, {v for values in strings.values() for v in values})
    return out


def verify_redacted(pdf: bytes, values: set[str]) -> None:
    """Raise if any of `values` appears in the PDF's text, metadata or annotations."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    try:
        haystack = [page.get_text() for page in doc]
        haystack += [str(v) for v in (doc.metadata or {}).values() if v]
        haystack.append(doc.get_xml_metadata() or "")
        for page in doc:
            haystack += [a.info.get("content", "") for a in page.annots() or []]
        joined = " ".join(" ".join(h.split()) for h in haystack).casefold()
        leaked = [v for v in values if v.casefold() in joined]
        if leaked or doc.embfile_count():
            raise RedactionError(f"{len(leaked)} redacted value(s) survived in the exported PDF.")
    finally:
        doc.close()

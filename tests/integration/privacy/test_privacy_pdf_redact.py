"""True redaction: planted identifiers are gone from text, metadata and annotations."""

from __future__ import annotations

import pymupdf
import pytest

from app.core.documents import Finding
from app.core.privacy.analyzer import PiiAnalyzer
from app.core.privacy.pdf_redact import redact_pdf, verify_redacted
from app.core.privacy.pseudonymize import RedactionError

PLANTED = ["Jonathan Whitaker", "219-09-9999", "MRN: 00123456", "617-555-0134"]


def _make_pdf() -> bytes:
    doc = pymupdf.open()
    for i in range(3):
        page = doc.new_page()
        page.insert_text((72, 72), f"Page {i + 1} of the chart for Jonathan Whitaker.")
        page.insert_text((72, 100), "SSN 219-09-9999, MRN: 00123456, phone 617-555-0134.")
        page.insert_text((72, 128), "Vitals stable, plan unchanged.")
        page.add_text_annot((300, 300), "Note about Jonathan Whitaker")
    doc.set_metadata({"author": "Jonathan Whitaker", "title": "Chart 219-09-9999"})
    doc.set_xml_metadata("<x:xmpmeta xmlns:x='adobe:ns:meta/'>Jonathan Whitaker</x:xmpmeta>")
    doc.embfile_add("notes.txt", b"Jonathan Whitaker 219-09-9999")
    return doc.tobytes()


def _findings(pdf: bytes, values: list[str]) -> list[Finding]:
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    out = []
    for page in doc:
        text = page.get_text()
        for v in values:
            s = text.index(v)
            out.append(Finding("X", page.number + 1, s, s + len(v), 1.0))
    return out


def test_planted_values_do_not_survive() -> None:
    pdf = _make_pdf()
    out = redact_pdf(pdf, _findings(pdf, PLANTED))
    doc = pymupdf.open(stream=out, filetype="pdf")
    text = " ".join(p.get_text() for p in doc)
    meta = " ".join(str(v) for v in doc.metadata.values()) + (doc.get_xml_metadata() or "")
    for v in PLANTED:
        assert v not in text and v not in meta
    assert "Vitals stable" in text  # the rest of the page is untouched
    assert doc.embfile_count() == 0
    assert all(not list(p.annots()) for p in doc)
    assert doc.page_count == 3


def test_with_analyzer_findings(pii_analyzer: PiiAnalyzer) -> None:
    analyzer = pii_analyzer
    pdf = _make_pdf()
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    findings = analyzer.analyze_pages([p.get_text() for p in doc])
    out = redact_pdf(pdf, findings)
    text = " ".join(p.get_text() for p in pymupdf.open(stream=out, filetype="pdf"))
    assert "219-09-9999" not in text and "Whitaker" not in text


def test_verify_raises_on_leak() -> None:
    with pytest.raises(RedactionError):
        verify_redacted(_make_pdf(), {"Jonathan Whitaker"})


def test_bad_page_fails_closed() -> None:
    with pytest.raises(RedactionError):
        redact_pdf(_make_pdf(), [Finding("PERSON", 9, 0, 4, 1.0)])

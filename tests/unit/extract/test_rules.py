"""Deterministic extraction alone (no model): grounded values from rules."""

from __future__ import annotations

from app.core.documents import Document, Page
from app.core.extract.fields import FieldExtractor
from app.core.extract.lines import find_span, span_text
from app.core.extract.profiles import get_profile

RECEIPT = """TAN WOON YANN
INDAH GIFT & HOME DECO
27,JALAN DEDAP 13,
TAMAN JOHOR JAYA,
81100 JOHOR BAHRU,JOHOR.
TEL:07-3507405
RECEIPT
19/10/2018 20:49:59 #01
SUBTOTAL 61.00
TOTAL AMT................. RM
60.31
ROUNDING ADJ............
-0.01
TOTAL ROUNDED RM 60.30
CASH.................... RM
70.30
CHANGE.................. RM
10.00
"""


def _doc(text: str) -> Document:
    return Document("t.txt", "text", [Page(1, text)], Document.digest(text.encode()))


def test_receipt_rules_find_grounded_fields() -> None:
    doc = _doc(RECEIPT)
    fields = FieldExtractor(None).extract(doc, get_profile("receipt"), [])
    assert fields["company"].value == "INDAH GIFT & HOME DECO"
    assert fields["date"].value == "19/10/2018" and fields["date"].normalized == "2018-10-19"
    assert fields["total"].normalized == "60.30"
    assert (
        "JALAN DEDAP 13" in fields["address"].value
        and "81100 JOHOR BAHRU" in fields["address"].value
    )
    for name in ("company", "date", "total"):
        f = fields[name]
        assert f.grounded and span_text(doc, f.spans[0]) == f.value, name


def test_contract_rules() -> None:
    text = (
        "This Agreement is entered into as of January 12, 2026 by and between Bluestem Analytics "
        'Inc., a Delaware corporation ("Provider"), and Corvane Logistics LLC, a Colorado limited '
        "liability company.\n"
        "2. Term. This Agreement continues for a period of two (2) years.\n"
        "5. Governing Law. This Agreement is governed by the laws of the State of Colorado.\n"
    )
    doc = _doc(text)
    fields = FieldExtractor(None).extract(doc, get_profile("nda"), [])
    assert fields["party"].normalized == ["Bluestem Analytics Inc.", "Corvane Logistics LLC"]
    assert len(fields["party"].spans) == 2 and all(
        isinstance(s, list) for s in fields["party"].spans
    )
    assert fields["effective_date"].normalized == "2026-01-12"
    assert fields["jurisdiction"].normalized == "Colorado"
    assert fields["term"].normalized == "2 years"


def test_find_span_grounds_reflowed_text_and_rejects_invented() -> None:
    doc = _doc("Patient: Jane  Roe\nMRN: 123")
    span = find_span(doc, "jane roe")
    assert span is not None and span_text(doc, span) == "Jane  Roe"
    assert find_span(doc, "John Doe") is None


def test_a_date_takes_its_own_label_not_the_one_above_or_before_another_label() -> None:
    text = (
        "DOB: 04/17/1958\nAdmission Date: 02/03/2026\nDischarge Date: 02/08/2026\n"
        "Seen on 02/01/2026   Follow-up: 02/15/2026\n"
    )
    fields = FieldExtractor(None).extract(_doc(text), get_profile("clinical"), [])
    assert fields["dob"].normalized == "1958-04-17"
    assert fields["admission_date"].normalized == "2026-02-03"
    assert fields["discharge_date"].normalized == "2026-02-08"
    assert fields["admission_date"].signals["margin"] > 0.3

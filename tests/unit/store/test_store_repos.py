from __future__ import annotations

import pytest

from app.core.documents import FieldValue
from tests.unit.store.support import make_result, new_ws


@pytest.fixture
def ws(tmp_path):
    w = new_ws(tmp_path / "ws")
    yield w
    w.close()


def test_documents_add_list_delete_cascades(ws) -> None:
    result, original = make_result(1)
    doc_id = ws.save_result(result, original)
    ws.corrections.add(doc_id, "patient", "a", "b", actor="u")
    esc = ws.escalations.offer(doc_id, "onprem", ["low confidence"])
    info = ws.documents.info(doc_id)
    assert info and info.page_count == 2 and info.size == len(original)
    assert [d.id for d in ws.documents.list()] == [doc_id]
    # Same bytes again: same row, not a duplicate.
    ws.documents.add(result.document, original)
    assert ws.documents.count() == 1
    assert ws.documents.delete(doc_id)
    assert ws.documents.get(doc_id) is None and ws.results.get(doc_id) is None
    assert ws.findings.for_document(doc_id) == [] and ws.escalations.get(esc) is None
    assert ws.corrections.for_document(doc_id) == []
    assert not ws.documents.delete(doc_id)


def test_vault_semantics(ws) -> None:
    v = ws.vault
    assert v.get_token("c1", "PERSON", "Jane Roe") is None
    v.put("c1", "PERSON", "Jane Roe", "<PERSON_1>")
    v.put("c1", "PERSON", "Jane Roe", "<PERSON_1>")  # idempotent
    assert v.get_token("c1", "PERSON", "Jane Roe") == "<PERSON_1>"
    assert v.lookup("c1", "<PERSON_1>") == "Jane Roe"
    assert v.lookup("c2", "<PERSON_1>") is None  # cases are isolated
    with pytest.raises(ValueError):
        v.put("c1", "PERSON", "Jane Roe", "<PERSON_2>")
    with pytest.raises(ValueError):
        v.put("c1", "PERSON", "John Doe", "<PERSON_1>")
    v.put("c2", "PERSON", "Jane Roe", "<PERSON_1>")
    assert v.tokens("c1") == {"<PERSON_1>": "Jane Roe"} and v.count() == 2


def test_results_set_field_and_corrections(ws) -> None:
    doc_id = ws.save_result(*make_result(3))
    ws.results.set_field(doc_id, FieldValue("patient", "Corrected", 1.0, source="user"))
    got = ws.results.get(doc_id)
    assert got and got.fields["patient"].value == "Corrected" and "codes" in got.fields
    cid = ws.corrections.add(doc_id, "patient", "x", {"v": 1}, actor="alice/default")
    [c] = ws.corrections.for_document(doc_id)
    assert c.id == cid and c.new_value == {"v": 1}
    with pytest.raises(KeyError):
        ws.results.set_field("nope", FieldValue("a", "b", 1.0))


def test_escalations_lifecycle(ws) -> None:
    doc_id = ws.save_result(*make_result(4))
    e = ws.escalations.offer(doc_id, "cloud", ["ungrounded"])
    ws.escalations.set_status(e, "consented", consent_id="k1")
    ws.escalations.set_status(e, "sent", request_sha256="ab" * 32)
    got = ws.escalations.get(e)
    assert got and got.status == "sent" and got.detail == {"consent_id": "k1",
                                                            "request_sha256": "ab" * 32}
    assert ws.escalations.counts_by_tier() == {"cloud": 1}
    assert [x.id for x in ws.escalations.list("sent")] == [e]
    with pytest.raises(ValueError):
        ws.escalations.set_status(e, "teleported")


def test_settings(ws) -> None:
    s = ws.settings
    assert s.get("x", 5) == 5
    s.set("x", {"a": [1, 2]})
    s.set("x", {"a": [3]})
    assert s.get("x") == {"a": [3]} and s.all() == {"x": {"a": [3]}}
    assert s.delete("x") and s.get("x") is None


def test_findings_counts(ws) -> None:
    ws.save_result(*make_result(1))
    ws.save_result(*make_result(2))
    assert ws.findings.counts_by_type() == {"PERSON": 2, "US_SSN": 2}


def test_word_boxes_round_trip(tmp_path) -> None:  # noqa: ANN001
    """Word boxes are what highlighting and PDF redaction stand on: stored exactly."""
    from app.core.documents import Document, Page, Word
    from app.core.workspace import KdfParams, Workspace

    words = [Word(0, 5, 10.0, 20.5, 40.25, 30.0), Word(6, 11, 45.0, 20.5, 80.0, 30.0)]
    doc = Document("w.pdf", "pdf", [Page(1, "Hello world", words=words)], "ab" * 32)
    with Workspace.create(tmp_path / "ws", "pw for words", kdf=KdfParams.fast()) as ws:
        doc_id = ws.documents.add(doc, b"%PDF-")
        assert ws.documents.get(doc_id).pages[0].words == words

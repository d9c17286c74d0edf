from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from app.core.errors import WorkspaceExists, WorkspaceMissing, WrongPassphrase
from app.core.workspace import Workspace
from tests.unit.store.support import FAST, PASS, make_result, new_ws


def test_create_open_roundtrip(tmp_path) -> None:
    d = tmp_path / "ws"
    assert not Workspace.exists(d)
    with new_ws(d) as ws:
        result, original = make_result(1)
        doc_id = ws.save_result(result, original)
    assert Workspace.exists(d)
    assert stat.S_IMODE(os.stat(d).st_mode) == 0o700
    with Workspace.open(d, PASS) as ws:
        doc = ws.documents.get(doc_id)
        assert doc is not None and doc.text == result.document.text
        assert ws.documents.original(doc_id) == original
        stored = ws.results.get(doc_id)
        assert stored is not None
        assert stored.fields == result.fields  # full precision, nested spans included
        assert stored.summary == result.summary and stored.route == result.route
        assert ws.findings.for_document(doc_id) == result.pii
        assert ws.integrity_check() == []


def test_pragmas(tmp_path) -> None:
    with new_ws(tmp_path / "ws") as ws:
        q = ws._db.query_one
        assert q("PRAGMA cipher_version")[0].startswith("4.")
        assert q("PRAGMA journal_mode")[0] == "wal"
        assert q("PRAGMA synchronous")[0] == 2  # FULL
        assert q("PRAGMA foreign_keys")[0] == 1
        assert q("PRAGMA temp_store")[0] == 2  # MEMORY


def test_file_is_not_plain_sqlite(tmp_path) -> None:
    new_ws(tmp_path / "ws").close()
    raw = (tmp_path / "ws" / "enclave.db").read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(tmp_path / "ws" / "enclave.db").execute("select * from sqlite_master")


def test_create_over_existing_raises(tmp_path) -> None:
    new_ws(tmp_path / "ws").close()
    with pytest.raises(WorkspaceExists, match="already exists"):
        new_ws(tmp_path / "ws")


def test_open_missing_raises(tmp_path) -> None:
    with pytest.raises(WorkspaceMissing, match="No workspace"):
        Workspace.open(tmp_path / "nothing", PASS)
    assert not (tmp_path / "nothing").exists()


def test_wrong_passphrase_touches_nothing(tmp_path) -> None:
    d = tmp_path / "ws"
    new_ws(d).close()
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.iterdir()}
    with pytest.raises(WrongPassphrase) as err:
        Workspace.open(d, "not the passphrase")
    assert str(err.value).count(".") == 1  # one sentence
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.iterdir()}
    # Only the failed-attempt side file is new; the database, header, checkpoint are untouched.
    assert set(after) - set(before) == {"unlock-failures.jsonl"}
    assert all(after[k] == before[k] for k in before)


def test_failed_unlocks_are_folded_into_the_chain(tmp_path) -> None:
    d = tmp_path / "ws"
    new_ws(d).close()
    for _ in range(2):
        with pytest.raises(WrongPassphrase):
            Workspace.open(d, "nope")
    with Workspace.open(d, PASS) as ws:
        failures = [e for e in ws.audit.entries() if e.outcome == "failure"]
        assert len(failures) == 2 and all(e.action == "workspace.unlock" for e in failures)
        assert ws.audit.verify().ok
    assert not (d / "unlock-failures.jsonl").exists()


def test_save_result_is_one_transaction(tmp_path, monkeypatch) -> None:
    with new_ws(tmp_path / "ws") as ws:
        result, original = make_result(2)
        n_audit = ws.audit.count()

        def boom(*a, **k):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(ws.results, "put", boom)
        with pytest.raises(RuntimeError):
            ws.save_result(result, original)
        assert ws.documents.count() == 0 and ws.audit.count() == n_audit
        assert ws.findings.counts_by_type() == {}


def test_backup_is_openable_and_consistent(tmp_path) -> None:
    d = tmp_path / "ws"
    with new_ws(d) as ws:
        ids = [ws.save_result(*make_result(i)) for i in range(5)]
        ws.backup(tmp_path / "backup")
        ws.save_result(*make_result(99))  # after the backup: not in it
    with Workspace.open(tmp_path / "backup", PASS) as b:
        assert [i.id for i in b.documents.list()] == ids
        assert b.integrity_check() == [] and b.audit.verify().ok
    with pytest.raises(WorkspaceExists):
        with Workspace.open(d, PASS) as ws:
            ws.backup(tmp_path / "backup")


def test_record_of_processing(tmp_path) -> None:
    with new_ws(tmp_path / "ws") as ws:
        ws.save_result(*make_result(1, text="Jane Roe SSN 123-45-6789"))
        ws.settings.set("escalation.tiers", [{"name": "onprem", "kind": "openai-compatible",
                                              "location": "EU datacentre"}])
        md = ws.record_of_processing(tmp_path / "ropa.md").read_text()
        pdf = ws.record_of_processing(tmp_path / "ropa.pdf").read_bytes()
    assert "Art. 30" in md and "US_SSN: 1" in md and "onprem" in md and "Argon2id" in md
    assert "Jane" not in md and pdf.startswith(b"%PDF")


def test_fast_kdf_is_recorded_in_header(tmp_path) -> None:
    new_ws(tmp_path / "ws").close()
    assert FAST.memory_kib == 8
    assert '"memory_kib": 8' in (tmp_path / "ws" / "enclave.header").read_text()


def test_processing_again_keeps_what_a_reviewer_corrected(tmp_path) -> None:
    import json

    from app.core.review import correct_field

    with new_ws(tmp_path / "ws") as ws:
        result, original = make_result(1, text="Patient record one")
        doc_id = ws.save_result(result, original)
        assert not result.stored_before and result.kept_reviewed == 0
        correct_field(ws, doc_id, "patient", "Patient record")
        again, _ = make_result(1, text="Patient record one")  # the same file, processed again
        ws.save_result(again, original)
        stored = ws.results.get(doc_id)
        assert stored is not None
        assert stored.fields["patient"].value == "Patient record"
        assert stored.fields["patient"].source == "user"
        assert stored.fields["codes"] == again.fields["codes"]  # the rest is the fresh run
        assert again.fields["patient"].source == "user"  # what the caller shows agrees
        assert again.stored_before and again.kept_reviewed == 1
        last = [e for e in ws.audit.entries() if e.action == "document.extract"][-1]
        assert json.loads(last.details)["kept_reviewed"] == 1

        other, _ = make_result(1, text="Patient record one")
        other.profile = "clinical"  # another profile: its fields are new, nothing to keep
        ws.save_result(other, original)
        assert ws.results.get(doc_id).fields["patient"].source != "user"


def test_processing_again_decides_the_route_on_the_kept_reviewed_values(tmp_path) -> None:
    """A reprocessed document whose doubtful field a reviewer had corrected is not flagged
    for review again because of that field: the route is decided on what is stored."""
    from app.core.documents import FieldValue, RouteDecision
    from app.core.review import correct_field

    with new_ws(tmp_path / "ws") as ws:
        result, original = make_result(1, text="Patient record one")
        doc_id = ws.save_result(result, original)
        correct_field(ws, doc_id, "patient", "Patient record")
        again, _ = make_result(1, text="Patient record one")
        again.fields["patient"] = FieldValue("patient", "Patent recrod", 0.2)  # a poor guess
        again.fields["codes"] = FieldValue("codes", ["A"], 0.95, [[again.fields["codes"].spans[0][0]]])
        again.route = RouteDecision("offer_escalation", ["patient: low confidence"])
        ws.save_result(again, original)
        stored = ws.results.get(doc_id)
        assert stored.fields["patient"].source == "user"
        assert not any("patient" in r for r in stored.route.reasons), stored.route
        assert again.route == stored.route  # what the caller shows agrees

"""Audit entries as an auditor reads them: actions and details in words, names beside ids."""

from __future__ import annotations

from datetime import UTC, timedelta, timezone

import pytest

from app.core import actions
from app.core.audit.chain import AuditEntry, canonical_details
from app.core.audit.rows import GONE, present
from app.core.audit.wording import describe, known_actions
from app.core.privacy.entity_names import count_phrase, counts_sentence, pretty
from tests.unit.store.support import make_result, new_ws


def _entry(action: str, object_type: str = "", object_id: str = "", outcome: str = "success",
           seq: int = 1, ts: str = "2026-05-01T12:03:04.000001+00:00", **details) -> AuditEntry:
    return AuditEntry(seq, ts, "alice/default", action, object_type, object_id, outcome,
                      canonical_details(details), "0" * 64, "1" * 64)


def _vocabulary() -> set[str]:
    return {v for k, v in vars(actions).items() if k.isupper() and isinstance(v, str)}


def test_every_recorded_action_has_its_own_wording() -> None:
    missing = _vocabulary() - known_actions()
    assert not missing, f"actions without a wording: {sorted(missing)}"
    for action in _vocabulary():
        words, _ = describe(_entry(action))
        assert words and action not in words and "." not in words.split()[0], action


@pytest.mark.parametrize(("entry", "action", "details"), [
    (_entry(actions.VIEW, "document", "d1"), "Viewed document", ""),
    (_entry(actions.EXPORT, "document", "d1", kind="redacted_pdf", sha256="ab" * 32,
            counts={"PERSON": 3, "PHONE_NUMBER": 1}),
     "Exported redacted PDF", "3 person names, 1 phone number"),
    (_entry(actions.CORRECT, "document", "d1", field="total", correction_id=4, grounded=True),
     "Corrected field ‘total’", "correction #4"),
    (_entry(actions.UNLOCK, "workspace", outcome="failure", attempt_id="a1",
            attempted_by="bob/default", reason="wrong_passphrase"),
     "Unlock failed", "wrong passphrase; attempted by bob"),
    (_entry(actions.UNLOCK, "workspace"), "Unlocked the workspace", ""),
    (_entry(actions.AUDIT_VERIFY, outcome="failure", entries=9, first_bad=5),
     "Audit log verification FAILED", "first bad entry #5"),
    (_entry(actions.SETTINGS_CHANGE, "workspace", setting="air_gapped", enabled=True),
     "Turned air-gapped mode on", ""),
    (_entry(actions.SETTINGS_CHANGE, "redact_types", "workspace", types=["PERSON", "US_SSN"]),
     "Changed which identifier types are redacted", "Person, US SSN"),
    (_entry("tier.connection_test", "tier", "onprem", outcome="failure",
            destination="10.0.0.5:8080", external=False, error="TierError"),
     "Connection test to the on-premises tier ‘onprem’ failed", "at 10.0.0.5:8080"),
])
def test_actions_and_details_in_words(entry, action, details) -> None:
    words, said = describe(entry)
    assert words == action
    assert details in said if details else said == ""  # "" is in every string: compare whole
    assert "{" not in said and "_" not in said.replace("SHA-256", "")


def test_escalation_entries_borrow_their_offer() -> None:
    offer = _entry(actions.ESCALATION_OFFERED, "escalation", "7", document="d1", tier="onprem",
                   external=False, fields=["total", "date"], task="fields", bytes=900,
                   counts={"PERSON": 2}, payload_sha256="cd" * 32, destination="10.0.0.5:8080")
    sent = _entry(actions.ESCALATION_SENT, "escalation", "7", seq=2, document="d1",
                  tier="onprem", consented=True, batch=None, accepted=["total"], rejected=[],
                  tokens_in=800, tokens_out=40, cost=0.0, seconds=1.25)
    other = _entry(actions.ESCALATION_SENT, "escalation", "8", seq=3, tier="cloud",
                   consented=True)
    rows = present([offer, sent, other], {"d1": "discharge.pdf"})
    assert rows[0].action == "Offered to escalate 2 fields to the on-premises tier ‘onprem’"
    assert "2 person names pseudonymized" in rows[0].details
    assert rows[1].action == "Escalated 2 fields to the on-premises tier ‘onprem’ with consent"
    assert "800 tokens in, 40 out" in rows[1].details
    assert rows[1].document == "discharge.pdf (d1)"
    assert rows[2].action == "Escalated a request to tier ‘cloud’ with consent"  # no offer seen


def test_unknown_action_falls_back_to_readable_words() -> None:
    words, said = describe(_entry("document.archive_all", "document", "d1", outcome="denied",
                                  boxes=3, sha256="ab" * 32, ok=True))
    assert words == "Document: archive all (refused)"
    assert said == "boxes: 3; ok: yes; SHA-256: abababababab…"
    assert describe(_entry("weird"))[0] == "Weird"


def test_known_action_still_lists_details_it_does_not_word() -> None:
    _, said = describe(_entry(actions.VIEW, "document", "d1", pages=2, zoom=150))
    assert said == "2 pages; zoom: 150"


def test_time_is_local_and_who_drops_the_default_profile() -> None:
    e = _entry(actions.VIEW, ts="2026-05-01T23:30:00.5+00:00")
    [row] = present([e], tz=timezone(timedelta(hours=2)))
    assert row.time == "2026-05-02 01:30:00" and row.who == "alice"
    night = AuditEntry(**{**e.to_json(), "actor": "bob/night"})
    assert present([night], tz=UTC)[0].who == "bob (profile night)"


def test_entity_wording_is_shared_with_the_gui() -> None:
    assert pretty("PHONE_NUMBER") == "Phone" and pretty("MEDICAL_LICENSE") == "Medical license"
    assert count_phrase("PERSON", 1) == "1 person name"
    assert count_phrase("US_PASSPORT", 2) == "2 US passports"
    assert count_phrase("IP_ADDRESS", 1) == "1 IP address"
    assert counts_sentence({"PHONE_NUMBER": 1, "PERSON": 3}) == "3 person names, 1 phone number"
    from app.ui.pii_colors import pretty as gui_pretty

    assert gui_pretty is pretty


def test_names_come_from_the_encrypted_store_not_the_log(tmp_path) -> None:
    with new_ws(tmp_path / "ws") as ws:
        result, original = make_result(1, name="Jane Roe discharge.pdf")
        doc_id = ws.save_result(result, original)
        ws.audit.record(actions.VIEW, "document", doc_id)
        ws.audit.record(actions.VIEW, "document", "0123456789abcdef")  # never stored / deleted
        assert all("Jane" not in e.details + e.object_id for e in ws.audit.entries())
        rows = ws.audit.rows()
        viewed = [r for r in rows if r.code == actions.VIEW]
        assert viewed[0].document == f"Jane Roe discharge.pdf ({doc_id})"
        assert viewed[1].documents[0].name == GONE
        ingest = next(r for r in rows if r.code == actions.INGEST)
        assert ingest.action == "Added document" and "2 pages" in ingest.details
        extract = next(r for r in rows if r.code == actions.EXTRACT)
        assert "1 person name, 1 US Social Security number" in extract.details
        assert all(not d.name for r in ws.audit.rows(names=False) for d in r.documents)

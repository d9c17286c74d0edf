"""Consent for a listed batch: one record binds the destination to exactly the listed payloads
(their SHA-256s); anything else is refused, and one failure leaves the others alone."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import httpx
import pytest

from app.core.errors import AirGapped, ConsentRequired, EscalationRefused, TierHTTPError
from app.core.routing.batch import consent_batch, decline_batch, prepare_batch, send_batch
from app.core.routing.consent import BatchConsent, Consent
from app.core.routing.tiers import Tier
from tests.unit.routing.support import CLINICAL_NOTE, make_doc, openai_reply, store_doc
from tests.unit.routing.test_egress import PLANTED, Rig

GOOD = {"diagnoses": ["community-acquired pneumonia"]}
NOTES = [CLINICAL_NOTE.replace("2 weeks", f"{n} weeks") for n in (3, 4)]


def reply(req: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=openai_reply(json.dumps(GOOD), 120, 30))


class BatchRig(Rig):
    """The one-note rig plus two more notes: three documents, one cloud tier."""

    def __init__(self, ws: Any, handler: Any = reply) -> None:
        super().__init__(ws, handler)
        self.docs = [self.doc] + [make_doc(t, f"note{i}.txt") for i, t in enumerate(NOTES)]
        for d in self.docs[1:]:
            store_doc(ws, d, "clinical")
        self.ids = [d.id for d in self.docs]

    def stored(self) -> dict[str, Any]:
        return {d: {k: v.to_json() for k, v in self.ws.results.get(d).fields.items()}
                for d in self.ids}


def test_one_consent_sends_exactly_the_listed_payloads(workspace: Any) -> None:
    rig = BatchRig(workspace)
    batch = prepare_batch(rig.esc, rig.ids, "cloud", ["diagnoses", "patient"])
    assert len(batch.prepared) == 3 and not batch.refused and rig.sent == []
    consent = consent_batch(rig.esc, batch)
    items = send_batch(rig.esc, batch, consent)
    assert [i.doc_id for i in items] == rig.ids and all(i.ok for i in items)
    assert rig.sent == [p.payload.body for p in batch.prepared], "exactly the listed bytes"
    for d in rig.ids:
        assert workspace.results.get(d).fields["diagnoses"].source == "cloud"

    log = [(e.action, e.object_type, json.loads(e.details)) for e in workspace.audit.entries()]
    records = [d for a, _, d in log if a == "escalation.batch_consented"]
    assert len(records) == 1, "one batch consent record"
    rec = records[0]
    assert rec["payload_sha256s"] == [p.payload.sha256 for p in batch.prepared]
    assert rec["destination"] == "127.0.0.1:9" and rec["requests"] == 3
    assert rec["counts"] == {"EMAIL_ADDRESS": 3, "PERSON": 6, "US_SSN": 3}  # in total
    assert rec["identifiers"] == [4, 4, 4] and rec["escalations"] == [
        p.escalation_id for p in batch.prepared]
    sent = [d for a, _, d in log if a == "escalation.sent"]
    assert len(sent) == 3 and {d["batch"] for d in sent} == {consent.batch_id}
    assert not [a for a, _, _ in log if a == "escalation.consented"], "no per-request consent"
    offered = [d["counts"] for a, _, d in log if a == "escalation.offered"]
    assert offered == [p.payload.counts for p in batch.prepared]  # per request
    assert all(v not in json.dumps(d) for _, _, d in log for v in PLANTED + ["pneumonia"])


def test_a_payload_not_in_the_list_is_refused(workspace: Any) -> None:
    rig = BatchRig(workspace)
    batch = prepare_batch(rig.esc, rig.ids[:2], "cloud", ["diagnoses"])
    consent = consent_batch(rig.esc, batch)
    outsider = rig.esc.prepare(rig.ids[2], "cloud", ["diagnoses"])
    before = rig.stored()
    with pytest.raises(ConsentRequired, match="not one of the payloads listed"):
        rig.esc.send(outsider, consent)
    # Nor may its escalation id be smuggled into the consent object: the record decides.
    widened = dataclasses.replace(
        consent, items=consent.items + ((outsider.escalation_id, outsider.payload.sha256),))
    with pytest.raises(ConsentRequired):
        rig.esc.send(outsider, widened)
    assert rig.sent == [] and rig.stored() == before


def test_a_payload_changed_after_consent_is_refused(workspace: Any) -> None:
    rig = BatchRig(workspace)
    batch = prepare_batch(rig.esc, rig.ids, "cloud", ["diagnoses"])
    consent = consent_batch(rig.esc, batch)
    first = batch.prepared[0]
    body = first.payload.body.replace(b"DISCHARGE", b"Patient: Alice Example DISCHARGE")
    changed = dataclasses.replace(first, payload=dataclasses.replace(first.payload, body=body))
    batch.prepared[0] = changed
    items = send_batch(rig.esc, batch, consent)
    assert isinstance(items[0].error, ConsentRequired) and items[0].outcome is None
    assert [i.ok for i in items[1:]] == [True, True], "the others are sent"
    assert rig.sent == [p.payload.body for p in batch.prepared[1:]]
    assert b"Alice Example" not in b"".join(rig.sent)


def test_forged_or_reused_consent_is_refused(workspace: Any) -> None:
    rig = BatchRig(workspace)
    batch = prepare_batch(rig.esc, rig.ids[:2], "cloud", ["diagnoses"])
    p = batch.prepared[0]
    forged = BatchConsent(10_000, "cloud", p.payload.destination,
                          ((p.escalation_id, p.payload.sha256),))
    with pytest.raises(ConsentRequired):  # an object without a record
        rig.esc.send(p, forged)
    consent = consent_batch(rig.esc, batch)
    single = Consent(p.escalation_id, p.payload.destination, p.payload.sha256, {})
    with pytest.raises(ConsentRequired):  # the row belongs to the batch, not to a single yes
        rig.esc.send(p, single)
    assert rig.sent == []
    assert all(i.ok for i in send_batch(rig.esc, batch, consent))
    again = send_batch(rig.esc, batch, consent)  # a consent is spent once
    assert all(isinstance(i.error, ConsentRequired) for i in again) and len(rig.sent) == 2


def test_one_failure_leaves_the_others_and_every_local_result(workspace: Any) -> None:
    calls: list[int] = []

    def flaky(req: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(500) if len(calls) == 2 else reply(req)

    rig = BatchRig(workspace, flaky)
    before = rig.stored()
    batch = prepare_batch(rig.esc, rig.ids + ["0" * 16], "cloud", ["diagnoses"])
    assert list(batch.refused) == ["0" * 16]
    items = send_batch(rig.esc, batch, consent_batch(rig.esc, batch))
    assert [i.ok for i in items] == [True, False, True, False]
    assert isinstance(items[1].error, TierHTTPError) and "HTTP 500" in str(items[1].error)
    assert "no processed document" in items[3].error_json()["error"]
    after = rig.stored()
    assert after[rig.ids[1]] == before[rig.ids[1]], "the failed document is untouched"
    assert after[rig.ids[0]]["diagnoses"]["source"] == "cloud"
    assert workspace.escalations.get(items[1].escalation_id).status == "failed"


def test_decline_sends_nothing_and_limits(workspace: Any) -> None:
    rig = BatchRig(workspace)
    batch = prepare_batch(rig.esc, rig.ids, "cloud", ["diagnoses"])
    decline_batch(rig.esc, batch)
    assert {workspace.escalations.get(p.escalation_id).status for p in batch.prepared} == \
        {"declined"}
    with pytest.raises(EscalationRefused, match="at most 64"):
        prepare_batch(rig.esc, [f"{i:016x}" for i in range(65)], "cloud", ["diagnoses"])
    with pytest.raises(EscalationRefused, match="at least one"):
        prepare_batch(rig.esc, [], "cloud")
    empty = prepare_batch(rig.esc, ["0" * 16], "cloud", ["diagnoses"])
    with pytest.raises(EscalationRefused, match="could be prepared"):
        consent_batch(rig.esc, empty)
    assert rig.sent == []


def test_tier_changed_after_batch_consent_is_refused(workspace: Any) -> None:
    rig = BatchRig(workspace)
    batch = prepare_batch(rig.esc, rig.ids[:2], "cloud", ["diagnoses"])
    consent = consent_batch(rig.esc, batch)
    rig.esc.tiers.add(Tier("cloud", "http://127.0.0.1:10/v1", "big", external=True))
    items = send_batch(rig.esc, batch, consent)
    assert all(isinstance(i.error, EscalationRefused) for i in items) and rig.sent == []


def test_air_gapped_refuses_the_whole_batch(workspace: Any) -> None:
    rig = BatchRig(workspace)
    batch = prepare_batch(rig.esc, rig.ids, "cloud", ["diagnoses"])
    consent = consent_batch(rig.esc, batch)
    rig.esc.tiers.set_air_gapped(True)
    with pytest.raises(AirGapped):
        prepare_batch(rig.esc, rig.ids, "cloud", ["diagnoses"])
    items = send_batch(rig.esc, batch, consent)  # consented before the switch: still refused
    assert all(isinstance(i.error, AirGapped) for i in items) and rig.sent == []

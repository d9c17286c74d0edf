"""Batch consent against a REAL OpenAI-compatible server: the capturing endpoint records every
byte and forwards it to `llama_cpp.server` (the default GGUF) on 127.0.0.1.

One consent for a listed batch of documents with planted, valid identifiers. What arrives is
exactly the listed payloads (each SHA-256 in the one batch consent record), never a payload
outside the list or one changed after consent, and never a planted value; a request the
server fails is reported for its document and leaves the others and every local result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

import httpx
import pytest

from app.core.errors import AnswerRejected, ConsentRequired, TierHTTPError
from app.core.routing.batch import consent_batch, prepare_batch, send_batch
from app.core.routing.egress import Escalator
from app.core.routing.tiers import Tier, TierRegistry
from tests.unit.routing.support import (
    CaptureServer,
    make_doc,
    planted_document,
    store_doc,
    variants,
)


@pytest.mark.model
def test_batch_consent_sends_only_the_listed_payloads(workspace: Any, pii_analyzer: Any,
                                                      llama_server: str) -> None:
    arrivals: list[int] = []

    def forward(request: dict[str, Any]) -> tuple[int, bytes]:
        arrivals.append(1)
        if len(arrivals) == 1:  # the server fails this one request
            return 500, b'{"error": "overloaded"}'
        r = httpx.post(llama_server + "/chat/completions", json=request, timeout=600)
        return r.status_code, r.content

    capture = CaptureServer(forward)
    try:
        reg = TierRegistry(workspace)
        reg.add(Tier("cloud", capture.url + "/v1", "smol", external=True,
                     response_format="json_object", price_in=1, price_out=2, timeout=600))
        esc = Escalator(workspace, pii_analyzer, reg)
        planted: list[str] = []
        ids = []
        for i in range(5):
            p = planted_document(500 + i, injection=i == 3)
            doc = make_doc(p.text, f"note-{i}.txt")
            store_doc(workspace, doc, "clinical")
            planted += [v for value in p.values.values() for v in variants(value)]
            ids.append(doc.id)
        local = {d: workspace.results.get(d).fields["diagnoses"].to_json() for d in ids}

        batch = prepare_batch(esc, ids[:4], "cloud", ["diagnoses"])
        assert len(batch.prepared) == 4 and capture.requests == []
        consent = consent_batch(esc, batch)
        outsider = esc.prepare(ids[4], "cloud", ["diagnoses"])
        with pytest.raises(ConsentRequired):
            esc.send(outsider, consent)
        first = batch.prepared[0]
        changed = first.payload.body.replace(b"DISCHARGE SUMMARY", b"DISCHARGE  SUMMARY")
        assert changed != first.payload.body
        batch.prepared[0] = dataclasses.replace(
            first, payload=dataclasses.replace(first.payload, body=changed))

        items = send_batch(esc, batch, consent)
        assert isinstance(items[0].error, ConsentRequired)
        assert isinstance(items[1].error, TierHTTPError)
        for item in items[2:]:  # the tiny model's answer may or may not hold up
            assert item.ok or isinstance(item.error, AnswerRejected), item.error

        listed = [p.payload.body for p in batch.prepared[1:]]
        assert [c.body for c in capture.requests] == listed, "only listed, unchanged payloads"
        sent = capture.all_bytes()
        assert outsider.payload.body not in sent and changed not in sent
        leaked = sorted({v for v in planted if v.encode() in sent})
        assert leaked == [], f"planted values reached the endpoint: {leaked[:5]}"

        records = [json.loads(e.details) for e in workspace.audit.entries()
                   if e.action == "escalation.batch_consented"]
        assert len(records) == 1
        hashes = records[0]["payload_sha256s"]
        assert all(hashlib.sha256(c.body).hexdigest() in hashes for c in capture.requests)
        sent_entries = [json.loads(e.details) for e in workspace.audit.entries()
                        if e.action == "escalation.sent"]
        assert [d["batch"] for d in sent_entries] == [consent.batch_id] * sum(i.ok for i in items)
        for item in items:
            now = workspace.results.get(item.doc_id).fields["diagnoses"]
            if not item.ok:
                assert now.to_json() == local[item.doc_id], "local result intact"
            else:
                assert now.source == "cloud" and now.grounded
        assert workspace.results.get(ids[4]).fields["diagnoses"].to_json() == local[ids[4]]
        for item in items[2:]:  # the real server answered (usage is recorded either way)
            assert workspace.escalations.get(item.escalation_id).detail["tokens_in"] > 0
    finally:
        capture.close()

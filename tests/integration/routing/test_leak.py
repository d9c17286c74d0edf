"""The leak test: a capturing endpoint records every byte the choke point sends upstream.

250 documents with planted, valid identifiers (names, SSNs that pass validation, Luhn-valid
cards, e-mails, phones, MRNs, addresses), 50 of them carrying prompt-injection text, some with a
local draft summary that repeats identifiers (text a model wrote). Real Presidio; no local
model is needed to build payloads and run the choke point.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from app.core.errors import ConsentRequired
from app.core.routing.egress import Escalator
from app.core.routing.tiers import Tier, TierRegistry
from tests.unit.routing.support import (
    CaptureServer,
    luhn_valid,
    make_doc,
    planted_document,
    store_doc,
    variants,
)

N_PLAIN, N_INJECTION = 200, 50


@pytest.fixture
def capture() -> Any:
    srv = CaptureServer()
    yield srv
    srv.close()


def test_no_planted_value_reaches_the_endpoint(workspace: Any, pii_analyzer: Any, capture: Any) -> None:
    reg = TierRegistry(workspace)
    reg.add(Tier("cloud", capture.url + "/v1", "big", external=True, price_in=1, price_out=2))
    esc = Escalator(workspace, pii_analyzer, reg)
    planted: list[str] = []
    refused_without_consent = 0
    for i in range(N_PLAIN + N_INJECTION):
        p = planted_document(i, injection=i >= N_PLAIN)
        assert luhn_valid(p.values["card"])
        draft = f"{p.values['name']} (SSN {p.values['ssn']}) was treated and discharged."
        doc = make_doc(p.text, f"note-{i}.txt")
        store_doc(workspace, doc, "clinical", summary=draft if i % 3 == 0 else "")
        planted += [v for value in p.values.values() for v in variants(value)]
        summary = i % 3 == 0
        prepared = esc.prepare(doc.id, "cloud", None if summary else ["patient", "mrn", "diagnoses"],
                               summary=summary)
        if i % 4 == 3:
            with pytest.raises(ConsentRequired):
                esc.send(prepared)  # no consent: nothing may leave
            refused_without_consent += 1
            continue
        try:
            esc.send(prepared, esc.consent(prepared))
        except Exception as exc:  # answers may be rejected; the leak is what we measure
            assert type(exc).__name__ in {"AnswerRejected"}, exc

    sent = capture.all_bytes()
    leaked = sorted({v for v in planted if v.encode() in sent})
    assert leaked == [], f"{len(leaked)} planted values reached the endpoint: {leaked[:5]}"
    assert refused_without_consent >= 60

    # Every request that arrived has a consent record for exactly its bytes.
    consented = [json.loads(e.details)["payload_sha256"] for e in workspace.audit.entries()
                 if e.action == "escalation.consented"]
    arrived = [hashlib.sha256(c.body).hexdigest() for c in capture.requests]
    assert len(arrived) == len(consented) == N_PLAIN + N_INJECTION - refused_without_consent
    assert set(arrived) <= set(consented)
    # Injection text travels only as quoted data, never as an instruction of ours.
    for c in capture.requests:
        user = json.loads(c.body)["messages"][1]["content"]
        assert user.count("<<<") == user.count(">>>") and user.count("<<<") in (1, 2)

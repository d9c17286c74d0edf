"""Fault injection at the choke point (real Presidio, a real HTTP endpoint on 127.0.0.1):
the analyzer raises, the server returns 500, times out, returns malformed JSON, or returns
tokens it invented → nothing raw sent, one clear error, the local result intact."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.core.errors import (
    AnswerRejected,
    EnclaveError,
    EscalationRefused,
    TierBadResponse,
    TierHTTPError,
    TierTimeout,
)
from app.core.routing.egress import Escalator
from app.core.routing.tiers import Tier, TierRegistry
from tests.unit.routing.support import (
    CaptureServer,
    make_doc,
    openai_reply,
    planted_document,
    store_doc,
    variants,
)


class FlakyAnalyzer:
    """The real analyzer until call `fail_at`, then an exception (a crash mid-check)."""

    def __init__(self, inner: Any, fail_at: int) -> None:
        self.inner, self.fail_at, self.calls = inner, fail_at, 0

    def analyze(self, text: str, page: int = 1) -> Any:
        self.calls += 1
        if self.calls >= self.fail_at:
            raise MemoryError("analyzer crashed")
        return self.inner.analyze(text, page)


def setup(ws: Any, analyzer: Any, responder: Any, delay: float = 0.0, timeout: float = 5.0):
    srv = CaptureServer(responder, delay=delay)
    reg = TierRegistry(ws)
    reg.add(Tier("cloud", srv.url + "/v1", "big", external=True, timeout=timeout))
    p = planted_document(7, injection=True)
    doc = make_doc(p.text)
    store_doc(ws, doc, "clinical")
    return srv, Escalator(ws, analyzer, reg), doc, p


def snapshot(ws: Any, doc_id: str) -> Any:
    r = ws.results.get(doc_id)
    return {k: v.to_json() for k, v in r.fields.items()}, r.summary.to_json()


def reply(content: str) -> Any:
    return lambda req: (200, openai_reply(content))


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_analyzer_raises_nothing_is_sent(workspace: Any, pii_analyzer: Any, fail_at: int) -> None:
    srv, esc, doc, _ = setup(workspace, FlakyAnalyzer(pii_analyzer, fail_at), reply("{}"))
    before = snapshot(workspace, doc.id)
    with pytest.raises(EscalationRefused, match="identifier check failed"):
        esc.escalate(doc.id, "cloud", ["patient", "diagnoses"], consent=True)
    assert srv.requests == [] and snapshot(workspace, doc.id) == before
    srv.close()


@pytest.mark.parametrize("responder, delay, error", [
    (lambda req: (500, b'{"error": "boom"}'), 0.0, TierHTTPError),
    (reply("{}"), 3.0, TierTimeout),
    (lambda req: (200, b"<html>gateway</html>"), 0.0, TierBadResponse),
    (lambda req: (200, b'{"choices": [{"message": {"content": null}}]}'), 0.0, TierBadResponse),
    (reply(json.dumps({"patient": "<PERSON_42>", "diagnoses": ["<US_SSN_9>"]})), 0.0, AnswerRejected),
    (reply("Sure! The patient's name is hidden."), 0.0, AnswerRejected),
])
def test_server_faults(workspace: Any, pii_analyzer: Any, responder: Any, delay: float,
                       error: type[EnclaveError]) -> None:
    srv, esc, doc, planted = setup(workspace, pii_analyzer, responder, delay, timeout=1.0)
    before = snapshot(workspace, doc.id)
    with pytest.raises(error) as err:
        esc.escalate(doc.id, "cloud", ["patient", "diagnoses"], consent=True)
    assert str(err.value).endswith(".")  # one sentence for the user
    assert len(srv.requests) == 1
    sent = srv.all_bytes()
    assert not [v for value in planted.values.values() for v in variants(value) if v.encode() in sent]
    assert snapshot(workspace, doc.id) == before
    esc_row = workspace.escalations.list()[-1]
    assert esc_row.status == "failed" and esc_row.detail["error"] == type(err.value).__name__
    srv.close()

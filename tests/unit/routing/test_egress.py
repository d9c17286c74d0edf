"""The choke point, with a fake analyzer and an in-process transport: consent, storing,
auditing, and the local result left alone on every failure."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.core import netguard
from app.core.errors import (
    AirGapped,
    AnswerRejected,
    ConsentRequired,
    EscalationRefused,
    ResidualIdentifiers,
    TierBadResponse,
    TierHTTPError,
)
from app.core.extract.fields import FieldExtractor
from app.core.llm.openai_compat import OpenAICompatLLM
from app.core.routing import redaction
from app.core.routing.accounting import collect
from app.core.routing.egress import Consent, Escalator, auto_escalate, open_guard
from app.core.routing.tiers import Tier, TierRegistry
from tests.unit.routing.support import (
    CLINICAL_NOTE,
    BrokenAnalyzer,
    RegexAnalyzer,
    make_doc,
    openai_reply,
    store_doc,
)

CLOUD = Tier("cloud", "http://127.0.0.1:9/v1", "big", external=True, price_in=1.0, price_out=2.0)
ONPREM = Tier("onprem", "http://127.0.0.2:9/v1", "mid")
PLANTED = ["Alice Example", "219-09-9999", "alice@example.org", "Bob Sample"]
Handler = Callable[[httpx.Request], httpx.Response]


def answer(content: dict[str, Any] | str) -> Handler:
    text = content if isinstance(content, str) else json.dumps(content)
    return lambda req: httpx.Response(200, content=openai_reply(text, 120, 30))


class Rig:
    """A workspace with one stored note, tiers, and a transport that records requests."""

    def __init__(self, ws: Any, handler: Handler, analyzer: Any = None) -> None:
        self.ws, self.handler, self.sent = ws, handler, []
        reg = TierRegistry(ws)
        reg.add(CLOUD)
        reg.add(ONPREM)
        self.doc = make_doc(CLINICAL_NOTE)
        store_doc(ws, self.doc, "clinical")
        self.esc = Escalator(ws, analyzer or RegexAnalyzer(), reg, client_factory=self.client)

    def client(self, tier: Tier) -> OpenAICompatLLM:
        def record(req: httpx.Request) -> httpx.Response:
            self.sent.append(req.content)
            return self.handler(req)

        return OpenAICompatLLM(tier.url, tier.model, source=tier.source,
                               transport=httpx.MockTransport(record))

    def local(self) -> dict[str, Any]:
        r = self.ws.results.get(self.doc.id)
        return {k: v.to_json() for k, v in r.fields.items()} | {"summary": r.summary.to_json()}


def test_preview_sends_nothing_and_hides_identifiers(workspace: Any) -> None:
    rig = Rig(workspace, answer({}))
    prepared, outcome = rig.esc.escalate(rig.doc.id, "cloud", ["patient", "diagnoses"])
    assert outcome is None and rig.sent == []
    p = prepared.payload
    assert all(v not in p.text for v in PLANTED)
    assert p.counts == {"EMAIL_ADDRESS": 1, "PERSON": 2, "US_SSN": 1}
    assert json.loads(p.body)["messages"][1]["content"] == p.messages[1]["content"]
    assert workspace.escalations.get(prepared.escalation_id).status == "offered"


def test_cloud_needs_a_consent_record(workspace: Any) -> None:
    rig = Rig(workspace, answer({"diagnoses": ["community-acquired pneumonia"]}))
    before = rig.local()
    prepared = rig.esc.prepare(rig.doc.id, "cloud", ["diagnoses"])
    with pytest.raises(ConsentRequired):
        rig.esc.send(prepared)
    forged = Consent(prepared.escalation_id, prepared.payload.destination, prepared.payload.sha256, {})
    with pytest.raises(ConsentRequired):  # an object is not a record
        rig.esc.send(prepared, forged)
    other = rig.esc.prepare(rig.doc.id, "cloud", ["patient"])
    with pytest.raises(ConsentRequired):  # consent for another payload
        rig.esc.send(prepared, rig.esc.consent(other))
    assert rig.sent == [] and rig.local() == before


def test_consented_send_stores_grounded_answer_and_audits_no_text(workspace: Any) -> None:
    rig = Rig(workspace, answer({"patient": "<PERSON_1>", "diagnoses": ["community-acquired pneumonia"]}))
    prepared = rig.esc.prepare(rig.doc.id, "cloud", ["patient", "diagnoses"])
    outcome = rig.esc.send(prepared, rig.esc.consent(prepared))
    assert len(rig.sent) == 1 and rig.sent[0] == prepared.payload.body
    stored = workspace.results.get(rig.doc.id).fields
    assert stored["diagnoses"].value == ["community-acquired pneumonia"]
    assert stored["diagnoses"].source == "cloud" and stored["diagnoses"].grounded
    if "patient" in outcome.accepted:  # re-identified locally, in the document's spelling
        assert stored["patient"].value == "Alice Example"
    assert (outcome.tokens_in, outcome.tokens_out) == (120, 30)
    assert outcome.cost == pytest.approx(120 / 1000 * 1.0 + 30 / 1000 * 2.0)
    assert workspace.escalations.get(prepared.escalation_id).status == "sent"
    log = [(e.action, e.details) for e in workspace.audit.entries()]
    actions = [a for a, _ in log]
    assert actions.index("escalation.consented") < actions.index("escalation.sent")
    consented = json.loads(dict(log)["escalation.consented"])
    assert consented["payload_sha256"] == prepared.payload.sha256
    assert consented["destination"] == "127.0.0.1:9" and consented["counts"]["PERSON"] == 2
    assert all(v not in d for _, d in log for v in PLANTED + ["pneumonia"])
    st = collect(workspace)
    assert st.tiers["cloud"].sent == 1 and st.tiers["cloud"].tokens_in == 120
    assert st.fields_by_source.get("cloud", 0) >= 1


def test_summary_escalation_keeps_only_faithful_sentences(workspace: Any) -> None:
    text = "<PERSON_1> was treated for community-acquired pneumonia. <PERSON_9> flew to Paris."
    rig = Rig(workspace, answer(text))
    prepared, outcome = rig.esc.escalate(rig.doc.id, "cloud", summary=True, consent=True)
    assert outcome is not None and outcome.summary is not None
    s = workspace.results.get(rig.doc.id).summary
    assert s.source == "cloud" and "Alice Example" in s.text and "Paris" not in s.text


@pytest.mark.parametrize("handler, error", [
    (lambda r: httpx.Response(500), TierHTTPError),
    (lambda r: httpx.Response(200, content=b"{not json"), TierBadResponse),
    (answer("I refuse to answer in JSON."), AnswerRejected),
    (answer({"patient": "<PERSON_7>", "diagnoses": ["<US_SSN_4>"]}), AnswerRejected),  # invented
    (answer({"patient": "Mallory Evil", "diagnoses": ["diabetes"]}), AnswerRejected),  # ungrounded
])
def test_failures_leave_the_local_result(workspace: Any, handler: Handler, error: type) -> None:
    rig = Rig(workspace, handler)
    before = rig.local()
    prepared = rig.esc.prepare(rig.doc.id, "cloud", ["patient", "diagnoses"])
    with pytest.raises(error):
        rig.esc.send(prepared, rig.esc.consent(prepared))
    assert rig.local() == before
    assert workspace.escalations.get(prepared.escalation_id).status == "failed"
    assert workspace.audit.entries()[-1].action == "escalation.failed"


def test_typed_fields_must_validate(workspace: Any) -> None:
    rig = Rig(workspace, answer({"dob": "<PERSON_1>"}))
    prepared = rig.esc.prepare(rig.doc.id, "cloud", ["dob"])
    with pytest.raises(AnswerRejected, match="does not validate"):
        rig.esc.send(prepared, rig.esc.consent(prepared))


def test_analyzer_error_refuses_before_anything_is_sent(workspace: Any) -> None:
    rig = Rig(workspace, answer({}), analyzer=BrokenAnalyzer())
    with pytest.raises(EscalationRefused, match="identifier check failed"):
        rig.esc.escalate(rig.doc.id, "cloud", ["patient"], consent=True)
    assert rig.sent == []
    assert workspace.escalations.list()[-1].status == "failed"


def test_final_check_blocks_a_redaction_bug(workspace: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rig = Rig(workspace, answer({}))
    # Simulate a pseudonymizer that silently returned the raw text.
    monkeypatch.setattr(redaction.Redactor, "redact", lambda self, text, case_id: (text, {}))
    monkeypatch.setattr(redaction.Redactor, "absorb", lambda self, texts, *a: texts)
    with pytest.raises(ResidualIdentifiers) as err:
        rig.esc.escalate(rig.doc.id, "cloud", ["patient"], consent=True)
    assert err.value.counts.get("US_SSN") == 1 and rig.sent == []


def test_air_gapped_refuses_cloud_but_not_onprem(workspace: Any) -> None:
    rig = Rig(workspace, answer({"diagnoses": ["community-acquired pneumonia"]}))
    prepared = rig.esc.prepare(rig.doc.id, "cloud", ["diagnoses"])
    consent = rig.esc.consent(prepared)
    rig.esc.tiers.set_air_gapped(True)
    with pytest.raises(AirGapped):
        rig.esc.send(prepared, consent)  # switched on after consent: still refused
    with pytest.raises(AirGapped):
        rig.esc.prepare(rig.doc.id, "cloud", ["diagnoses"])
    assert rig.sent == []
    _, outcome = rig.esc.escalate(rig.doc.id, "onprem", ["diagnoses"], consent=True)
    assert outcome is not None and outcome.source == "onprem"


def test_onprem_automatic_only_by_policy(workspace: Any) -> None:
    rig = Rig(workspace, answer({"diagnoses": ["community-acquired pneumonia"]}))
    prepared = rig.esc.prepare(rig.doc.id, "onprem", ["diagnoses"])
    with pytest.raises(ConsentRequired):
        rig.esc.send(prepared)
    rig.esc.tiers.set_policy(onprem_automatic=True)
    assert rig.esc.send(rig.esc.prepare(rig.doc.id, "onprem", ["diagnoses"])).source == "onprem"
    assert auto_escalate(workspace, rig.doc.id, "offer_escalation") is None


def test_unknown_fields_and_documents(workspace: Any) -> None:
    rig = Rig(workspace, answer({}))
    with pytest.raises(EscalationRefused, match="Unknown field"):
        rig.esc.prepare(rig.doc.id, "cloud", ["nope"])
    with pytest.raises(EscalationRefused, match="no processed document"):
        rig.esc.prepare("0" * 16, "cloud", ["patient"])


def test_open_guard_opens_one_host_and_its_addresses_only(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("198.51.100.9", 443))]
    monkeypatch.setitem(netguard._orig, "getaddrinfo", lambda *a, **k: fake)
    assert not netguard._is_allowed("198.51.100.9", 443)
    with open_guard("llm.example.org", 443):
        assert netguard._is_allowed("llm.example.org", 443)
        assert netguard._is_allowed("198.51.100.9", 443)
        assert not netguard._is_allowed("198.51.100.9", 80)
        assert not netguard._is_allowed("203.0.113.1", 443)
    assert not netguard._is_allowed("198.51.100.9", 443)
    assert not netguard._is_allowed("llm.example.org", 443)


def test_a_workspace_profile_escalates_like_a_builtin(workspace: Any) -> None:
    from app.core.documents import RouteDecision, Summary
    from app.core.extract.user_profiles import save_user_profile

    profile = save_user_profile(workspace, {
        "name": "referral", "title": "Referral letter",
        "fields": [{"name": "patient", "type": "person", "description": "The referred patient."},
                   {"name": "reason", "type": "text", "description": "Why they are referred."}],
    })
    doc = make_doc(CLINICAL_NOTE)
    workspace.documents.add(doc, doc.text.encode())
    fields = FieldExtractor(None, use_model=False).extract(doc, profile, [])
    workspace.results.put(doc.id, "referral", fields, Summary("", "local"),
                          RouteDecision("offer_escalation", ["test"]))
    reg = TierRegistry(workspace)
    reg.add(ONPREM)
    esc = Escalator(workspace, RegexAnalyzer(), reg)  # profiles: built-ins + the workspace's
    prepared = esc.prepare(doc.id, "onprem", ["reason"])
    assert "reason" in prepared.payload.text and "Alice Example" not in prepared.payload.text

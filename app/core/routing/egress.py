"""The one outbound choke point: no document data leaves Enclave except through `Escalator.send`
(a tier's connection test, `routing.connection`, opens the same guard for a request without any).

    prepare  → pseudonymize the document text with the vault (case = document id), re-analyse
               the FINAL request text (document part and any model-written draft), block on any
               residue; record the offer (hash and counts, never text)
    consent  → an explicit, audited yes for exactly this payload (SHA-256) and destination
    send     → the consent record must match; the guard opens for this host and port only, for
               this one request; the answer is re-identified locally, grounded and validated
               like a local answer, then stored with source "onprem" or "cloud" and audited

Any error at any step: nothing raw is sent, the error says what happened in one sentence, and
the stored local result is untouched (results are only written after a validated answer).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from app.core import actions, netguard
from app.core.documents import Document, FieldValue, Summary
from app.core.errors import (
    AnswerRejected,
    ConsentRequired,
    EnclaveError,
    EscalationRefused,
    NetworkBlocked,
    RedactionError,
    ResidualIdentifiers,
    TierError,
)
from app.core.extract.profiles import FieldSpec, Profile, builtin_profiles
from app.core.extract.user_profiles import load_user_profiles
from app.core.llm.openai_compat import OpenAICompatLLM
from app.core.privacy.lists import workspace_analyzer
from app.core.privacy.pseudonymize import Pseudonymizer
from app.core.routing.answer import AnswerChecker, Verdict
from app.core.routing.consent import BatchConsent, Consent, check
from app.core.routing.payload import (
    MAX_DOC_CHARS,
    Payload,
    field_schema,
    fields_prompt,
    summary_prompt,
)
from app.core.routing.redaction import Redactor, token_counts
from app.core.routing.router import field_reasons, refresh_route
from app.core.routing.tiers import Tier, TierRegistry

ClientFactory = Callable[[Tier], OpenAICompatLLM]
ABSORB_ROUNDS = 3  # re-checks of the assembled request before the final, blocking check


@dataclass(frozen=True)
class Prepared:
    """A checked request waiting for consent; `payload.body` is exactly what would be sent."""

    payload: Payload
    tier: Tier
    escalation_id: int


@dataclass
class Outcome:
    escalation_id: int
    tier: str
    source: str
    accepted: dict[str, FieldValue] = field(default_factory=dict)
    rejected: dict[str, str] = field(default_factory=dict)
    summary: Summary | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"id": self.escalation_id, "tier": self.tier, "source": self.source,
                "accepted": sorted(self.accepted), "rejected": self.rejected,
                "summary": self.summary is not None, "tokens_in": self.tokens_in,
                "tokens_out": self.tokens_out, "cost": round(self.cost, 6),
                "seconds": round(self.seconds, 3)}


@contextmanager
def open_guard(host: str, port: int) -> Iterator[None]:
    """Open the egress guard for one host:port — and the addresses it resolves to now, since
    the socket connects to an address, not a name — for the duration of one request."""
    with ExitStack() as stack:
        stack.enter_context(netguard.allow(host, port))
        try:
            ipaddress.ip_address(host)
            literal = True
        except ValueError:
            literal = False
        if not literal:
            for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP):
                stack.enter_context(netguard.allow(str(info[4][0]), port))
        yield


def document_excerpt(doc: Document, limit: int = MAX_DOC_CHARS) -> str:
    return "\n".join(p.text for p in doc.pages)[:limit]


class Escalator:
    def __init__(self, workspace: Any, analyzer: Any = None, tiers: TierRegistry | None = None,
                 client_factory: ClientFactory | None = None,
                 profiles: dict[str, Profile] | None = None) -> None:
        self.ws = workspace
        self._analyzer = analyzer
        self.tiers = tiers or TierRegistry(workspace)
        self._client_factory = client_factory or self.tiers.client
        self.pseudo = Pseudonymizer(workspace.vault)
        # A document processed with one of the workspace's own profiles escalates like any other.
        self.profiles = profiles or builtin_profiles() | load_user_profiles(workspace)

    @property
    def analyzer(self) -> Any:
        # The workspace's "always redact" terms must be redacted in every payload.
        return workspace_analyzer(self.ws, self._analyzer)

    # -- prepare -----------------------------------------------------------------------------
    def prepare(self, doc_id: str, tier_name: str, fields: list[str] | None = None,
                summary: bool = False) -> Prepared:
        tier = self.tiers.get(tier_name)
        if tier.external:
            self.tiers.check_external_allowed(tier.name)
        doc = self.ws.documents.get(doc_id)
        stored = self.ws.results.get(doc_id)
        if doc is None or stored is None:
            raise EscalationRefused(f"There is no processed document {doc_id!r} in this "
                                    "workspace; process it first.")
        profile = self.profiles.get(stored.profile)
        if profile is None:
            raise EscalationRefused(f"The profile {stored.profile!r} of {doc_id} is unknown.")
        specs = [] if summary and not fields else self._specs(profile, stored.fields, fields)
        reasons = [r for f in stored.fields.values() if f.name in {s.name for s in specs}
                   for r in field_reasons(f, self.tiers.policy().threshold)]
        esc_id = self.ws.escalations.offer(doc_id, tier.name, reasons or ["requested"])
        try:
            payload = self._build(doc, doc_id, tier, profile, specs, summary, stored.summary)
        except (EnclaveError, RedactionError) as exc:
            extra = {"counts": exc.counts} if isinstance(exc, ResidualIdentifiers) else {}
            self._fail(esc_id, doc_id, tier, exc, stage="check", outcome="denied", **extra)
            if isinstance(exc, RedactionError):
                raise EscalationRefused(
                    f"Pseudonymization failed; nothing was sent ({exc}).") from exc
            raise
        except Exception as exc:  # fail closed on anything unexpected while building
            self._fail(esc_id, doc_id, tier, exc, stage="check", outcome="denied")
            raise EscalationRefused(f"The request could not be prepared ({type(exc).__name__});"
                                    " nothing was sent.") from exc
        self.ws.audit.record(actions.ESCALATION_OFFERED, "escalation", str(esc_id),
                             document=doc_id, tier=tier.name, destination=tier.destination,
                             external=tier.external, payload_sha256=payload.sha256,
                             bytes=len(payload.body), counts=payload.counts,
                             fields=list(payload.fields), task=payload.task)
        return Prepared(payload, tier, esc_id)

    def _specs(self, profile: Profile, local: dict[str, FieldValue],
               names: list[str] | None) -> list[FieldSpec]:
        by_name = {s.name: s for s in profile.fields}
        if names:
            unknown = [n for n in names if n not in by_name]
            if unknown:
                raise EscalationRefused(f"Unknown field(s) {', '.join(unknown)}; the "
                                        f"{profile.name} profile has {', '.join(by_name)}.")
            return [by_name[n] for n in names]
        threshold = self.tiers.policy().threshold
        low = [s for s in profile.fields
               if s.name in local and field_reasons(local[s.name], threshold)]
        if not low:
            raise EscalationRefused("Every field is already confident and grounded; name "
                                    "fields with --fields or ask for --summary.")
        return low

    def _build(self, doc: Document, doc_id: str, tier: Tier, profile: Profile,
               specs: list[FieldSpec], summary: bool, local_summary: Summary) -> Payload:
        redactor = Redactor(self.analyzer, self.pseudo)
        redacted, mapping = redactor.redact(document_excerpt(doc), doc_id)
        draft = None
        if not specs and local_summary.source == "local" and local_summary.text:
            # Model-written text is checked like the document: it may quote identifiers.
            draft, more = redactor.redact(local_summary.text, doc_id)
            mapping.update(more)
        for attempt in range(ABSORB_ROUNDS + 1):
            if specs:
                prompt = fields_prompt(redacted, profile, specs)
                schema: dict[str, Any] | None = field_schema(specs)
                max_tokens = 40 + 60 * len(specs)
            else:
                prompt = summary_prompt(redacted, profile, draft)
                schema, max_tokens = None, 200
            messages = prompt.messages()
            contents = [m["content"] for m in messages]
            dynamic = prompt.dynamic_spans()
            if attempt == ABSORB_ROUNDS:
                break
            left = redactor.leftovers(contents, dynamic, mapping.values())
            if not left:
                break
            redacted, draft_ = redactor.absorb([redacted, draft or ""], left, doc_id, mapping)
            draft = draft_ if draft else None
        redactor.check(contents, dynamic, mapping.values())  # the final word: block if unclean
        data = [c[a:b] for c, spans in zip(contents, dynamic, strict=True)
                for a, b in spans]
        client = self._client_factory(tier)
        try:
            body = client.request_body(messages, max_tokens=max_tokens, temperature=0.0,
                                       json_schema=schema)
        finally:
            client.close()
        return Payload(doc_id=doc_id, tier=tier.name, destination=tier.destination,
                       task="fields" if specs else "summary",
                       fields=tuple(s.name for s in specs), messages=tuple(messages), body=body,
                       counts=token_counts(data, mapping), mapping=dict(mapping))

    # -- consent -----------------------------------------------------------------------------
    def consent(self, prepared: Prepared) -> Consent:
        """Record the user's explicit yes for exactly this payload and destination."""
        p = prepared.payload
        self.ws.escalations.set_status(prepared.escalation_id, "consented",
                                       payload_sha256=p.sha256, destination=p.destination,
                                       counts=p.counts)
        self.ws.audit.record(actions.ESCALATION_CONSENTED, "escalation",
                             str(prepared.escalation_id), document=p.doc_id, tier=p.tier,
                             destination=p.destination, payload_sha256=p.sha256,
                             counts=p.counts, bytes=len(p.body))
        return Consent(prepared.escalation_id, p.destination, p.sha256, dict(p.counts))

    def decline(self, prepared: Prepared) -> None:
        self.ws.escalations.set_status(prepared.escalation_id, "declined")
        self.ws.audit.record(actions.ESCALATION_DECLINED, "escalation",
                             str(prepared.escalation_id), document=prepared.payload.doc_id,
                             tier=prepared.tier.name, payload_sha256=prepared.payload.sha256)

    def _require_consent(self, prepared: Prepared,
                         consent: Consent | BatchConsent | None) -> bool:
        """True when sent on consent, False when automatic (on-premises by policy only)."""
        p = prepared.payload
        if consent is None:
            if not prepared.tier.external and self.tiers.policy().onprem_automatic:
                return False
            raise ConsentRequired(f"Sending to {p.destination} needs your explicit consent for "
                                  "this exact payload; nothing was sent.")
        # The stored, audited record is the consent — not the object a caller hands in.
        check(self.ws, prepared.escalation_id, p.sha256, p.destination, consent)
        return True

    # -- send --------------------------------------------------------------------------------
    def send(self, prepared: Prepared, consent: Consent | BatchConsent | None = None) -> Outcome:
        p, esc_id = prepared.payload, prepared.escalation_id
        tier = self.tiers.get(prepared.tier.name)
        if tier != prepared.tier:
            raise EscalationRefused(f"The tier {tier.name!r} changed since the request was "
                                    "prepared; prepare it again. Nothing was sent.")
        if tier.external:
            self.tiers.check_external_allowed(tier.name)
        consented = self._require_consent(prepared, consent)
        client = self._client_factory(tier)
        t0 = time.perf_counter()
        try:
            with open_guard(tier.host, tier.port):
                completion = client.send_body(p.body)
        except (TierError, NetworkBlocked, OSError) as exc:
            self._fail(esc_id, p.doc_id, tier, exc, stage="send")
            if isinstance(exc, EnclaveError):
                raise
            raise TierError(f"The model at {tier.destination} could not be reached "
                            f"({type(exc).__name__}); the local result is unchanged.") from exc
        finally:
            client.close()
        seconds = time.perf_counter() - t0
        cost = tier.cost(completion.tokens_in, completion.tokens_out)
        usage = {"tokens_in": completion.tokens_in, "tokens_out": completion.tokens_out,
                 "cost": round(cost, 6), "seconds": round(seconds, 3)}
        try:
            verdict = self._validate(p, tier, completion.text)
        except (AnswerRejected, EnclaveError) as exc:
            self._fail(esc_id, p.doc_id, tier, exc, stage="validate", **usage)
            raise
        except Exception as exc:  # a malformed answer must not crash the caller's session
            self._fail(esc_id, p.doc_id, tier, exc, stage="validate", **usage)
            raise AnswerRejected(f"The model's answer could not be checked "
                                 f"({type(exc).__name__}); the local result is unchanged.") from exc
        self._store(p.doc_id, verdict)
        self.ws.escalations.set_status(esc_id, "sent", accepted=len(verdict.accepted),
                                       rejected=len(verdict.rejected),
                                       summary=verdict.summary is not None, **usage)
        self.ws.audit.record(actions.ESCALATION_SENT, "escalation", str(esc_id),
                             document=p.doc_id, tier=tier.name, destination=tier.destination,
                             payload_sha256=p.sha256, consented=consented,
                             batch=consent.batch_id if isinstance(consent, BatchConsent) else None,
                             accepted=sorted(verdict.accepted), rejected=sorted(verdict.rejected),
                             **usage)
        if verdict.tokens_restored:
            self.ws.audit.record(actions.REIDENTIFY, "document", p.doc_id,
                                 tokens=verdict.tokens_restored, escalation=esc_id)
        return Outcome(esc_id, tier.name, tier.source, verdict.accepted, verdict.rejected,
                       verdict.summary, completion.tokens_in, completion.tokens_out, cost, seconds)

    def _validate(self, p: Payload, tier: Tier, text: str) -> Verdict:
        doc = self.ws.documents.get(p.doc_id)
        stored = self.ws.results.get(p.doc_id)
        if doc is None or stored is None:
            raise AnswerRejected("The document was removed while the model answered.")
        checker = AnswerChecker(doc, p.doc_id, self.pseudo, tier.source, tier.name, p.mapping)
        if p.task == "summary":
            return checker.summary(text)
        profile = self.profiles[stored.profile]
        specs = [s for s in profile.fields if s.name in p.fields]
        verdict = checker.fields(text, specs, stored.fields)
        if not verdict.accepted:
            why = ", ".join(f"{k}: {v}" for k, v in sorted(verdict.rejected.items()))
            raise AnswerRejected(f"No value in the model's answer held up ({why}); the local "
                                 "result is unchanged.")
        return verdict

    def _store(self, doc_id: str, verdict: Verdict) -> None:
        for f in verdict.accepted.values():
            self.ws.results.set_field(doc_id, f)
        if verdict.summary is not None:
            s = self.ws.results.get(doc_id)
            assert s is not None
            self.ws.results.put(doc_id, s.profile, s.fields, verdict.summary, s.route, s.timings)
        # The accepted values change what is worth a second look: the stored route follows.
        refresh_route(self.ws, doc_id)

    def _fail(self, esc_id: int, doc_id: str, tier: Tier, exc: BaseException, stage: str,
              outcome: str = "failure", **usage: Any) -> None:
        self.ws.escalations.set_status(esc_id, "failed", error=type(exc).__name__, stage=stage,
                                       **usage)
        self.ws.audit.record(actions.ESCALATION_FAILED, "escalation", str(esc_id), outcome,
                             document=doc_id, tier=tier.name, error=type(exc).__name__,
                             stage=stage, **usage)

    # -- convenience -------------------------------------------------------------------------
    def escalate(self, doc_id: str, tier_name: str, fields: list[str] | None = None,
                 summary: bool = False, consent: bool = False) -> tuple[Prepared, Outcome | None]:
        """Prepare, and with `consent=True` (the user's explicit yes) consent and send."""
        prepared = self.prepare(doc_id, tier_name, fields, summary)
        if not consent:
            return prepared, None
        return prepared, self.send(prepared, self.consent(prepared))


def auto_escalate(workspace: Any, doc_id: str, decision: str,
                  analyzer: Any = None) -> Outcome | None:
    """After the pipeline stored a result: send it to the first on-premises tier when the router
    said so and policy allows (never to the cloud). Failures are audited and leave the local
    result; they return None rather than interrupt a batch."""
    registry = TierRegistry(workspace)
    tier = registry.first_onprem()
    if decision != "escalate_onprem" or tier is None or not registry.policy().onprem_automatic:
        return None
    esc = Escalator(workspace, analyzer, registry)
    try:
        return esc.send(esc.prepare(doc_id, tier.name))
    except EnclaveError:
        return None

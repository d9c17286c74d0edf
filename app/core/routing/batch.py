"""A listed batch: several documents to one destination under ONE explicit consent.

    prepare_batch  → every request goes through `Escalator.prepare` (pseudonymize, re-analyse,
                     block on residue); a document that cannot be prepared is listed with its
                     error and is not part of the batch
    consent_batch  → one audited record binding the destination to exactly the listed payloads
                     (their SHA-256s) with identifier counts per request and in total
    send_batch     → each request through `Escalator.send`, which checks the stored record; one
                     failure is reported for its document and leaves the others (and every local
                     result) as they are

Nothing here opens the network guard: sending stays in `Escalator.send`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from app.core import actions
from app.core.errors import EnclaveError, EscalationRefused
from app.core.routing.consent import MAX_BATCH, BatchConsent, total_counts
from app.core.routing.egress import Escalator, Outcome, Prepared
from app.core.routing.tiers import Tier


@dataclass
class Batch:
    """Prepared requests for one tier, in the order listed; `refused` names the documents
    that could not be prepared (document id -> the error)."""

    tier: Tier
    doc_ids: list[str] = field(default_factory=list)  # as named, duplicates dropped
    prepared: list[Prepared] = field(default_factory=list)
    refused: dict[str, EnclaveError] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return total_counts([p.payload.counts for p in self.prepared])

    @property
    def digest(self) -> str:
        """One SHA-256 over the listed payload hashes: compare it between preview and send."""
        joined = "\n".join(p.payload.sha256 for p in self.prepared)
        return hashlib.sha256(joined.encode()).hexdigest()


@dataclass
class BatchItem:
    """The fate of one document in a batch: an outcome, or one sentence saying why not."""

    doc_id: str
    escalation_id: int | None = None
    outcome: Outcome | None = None
    error: EnclaveError | None = None

    @property
    def ok(self) -> bool:
        return self.outcome is not None

    def error_json(self) -> dict[str, Any]:
        assert self.error is not None
        return {"document": {"id": self.doc_id}, "escalation_id": self.escalation_id,
                "error": str(self.error), "error_type": type(self.error).__name__,
                "exit_code": self.error.exit_code}


def prepare_batch(esc: Escalator, doc_ids: list[str], tier_name: str,
                  fields: list[str] | None = None, summary: bool = False) -> Batch:
    unique = list(dict.fromkeys(doc_ids))  # the same document twice is one request
    if not unique:
        raise EscalationRefused("Name at least one document to escalate; nothing was sent.")
    if len(unique) > MAX_BATCH:
        raise EscalationRefused(f"A batch holds at most {MAX_BATCH} documents ({len(unique)} "
                                "named); split it. Nothing was sent.")
    tier = esc.tiers.get(tier_name)
    if tier.external:  # air-gapped mode refuses the whole batch in one sentence
        esc.tiers.check_external_allowed(tier.name)
    batch = Batch(tier, unique)
    for doc_id in unique:
        try:
            batch.prepared.append(esc.prepare(doc_id, tier_name, fields, summary))
        except EnclaveError as exc:  # this document only: the others stay in the batch
            batch.refused[doc_id] = exc
    return batch


def consent_batch(esc: Escalator, batch: Batch) -> BatchConsent:
    """Record the user's one explicit yes for exactly the listed payloads and destination."""
    if not batch.prepared:
        raise EscalationRefused("No request in this batch could be prepared; nothing was sent.")
    destinations = {p.payload.destination for p in batch.prepared}
    if destinations != {batch.tier.destination} or \
            {p.tier for p in batch.prepared} != {batch.tier}:
        raise EscalationRefused("A batch goes to one destination; these requests do not. "
                                "Nothing was sent.")
    ids = [p.escalation_id for p in batch.prepared]
    hashes = [p.payload.sha256 for p in batch.prepared]
    counts = batch.counts
    ws = esc.ws
    with ws.transaction():  # the record and the rows it binds commit together, or not at all
        # Who and when are the entry's actor and timestamp; its sequence number is the batch id.
        seq = ws.audit.record(actions.ESCALATION_BATCH_CONSENTED, "batch", batch.digest,
                              tier=batch.tier.name, destination=batch.tier.destination,
                              requests=len(ids), escalations=ids, payload_sha256s=hashes,
                              documents=[p.payload.doc_id for p in batch.prepared],
                              counts=counts, bytes=sum(len(p.payload.body) for p in batch.prepared),
                              # per request, aligned with `escalations`; by type in each offer
                              identifiers=[sum(p.payload.counts.values()) for p in batch.prepared])
        for p in batch.prepared:
            ws.escalations.set_status(p.escalation_id, "consented", batch=seq,
                                      payload_sha256=p.payload.sha256,
                                      destination=p.payload.destination, counts=p.payload.counts)
    return BatchConsent(seq, batch.tier.name, batch.tier.destination,
                        tuple(zip(ids, hashes, strict=True)), counts)


def decline_batch(esc: Escalator, batch: Batch) -> None:
    for p in batch.prepared:
        esc.decline(p)


def send_batch(esc: Escalator, batch: Batch, consent: BatchConsent) -> list[BatchItem]:
    """Send each listed request under the one consent, in order. A document that could not be
    prepared, or whose request fails, gets its error; the others go on. Never raises for one
    document's failure: the caller reports every item."""
    by_doc = {p.payload.doc_id: p for p in batch.prepared}
    items = []
    for doc_id in batch.doc_ids:
        p = by_doc.get(doc_id)
        if p is None:
            items.append(BatchItem(doc_id, error=batch.refused.get(doc_id) or EscalationRefused(
                f"{doc_id} was not prepared in this batch; nothing was sent.")))
            continue
        item = BatchItem(doc_id, p.escalation_id)
        try:
            item.outcome = esc.send(p, consent)
        except EnclaveError as exc:  # already audited by the choke point; local result kept
            item.error = exc
        except Exception as exc:  # noqa: BLE001 - one document's surprise must not stop the rest
            item.error = EnclaveError(f"The request for {doc_id} failed ({type(exc).__name__});"
                                      " its local result is unchanged.")
        items.append(item)
    return items

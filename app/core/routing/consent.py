"""What a consent is bound to, and the check `send` makes before anything leaves.

A consent object a caller hands in is only a reference. The binding lives in the store and the
audit log: for one request, the escalation row (status `consented`, SHA-256 of the exact body,
destination); for a listed batch, additionally ONE audit entry `escalation.batch_consented`
(who and when are the entry's actor and timestamp) listing every escalation id with the SHA-256
of its exact body, the destination and the identifier counts. The audit log is HMAC-chained and
append-only, so the list a user confirmed cannot be extended afterwards. A payload not in the
list, or one whose bytes changed after consent, does not match and is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from app.core import actions
from app.core.errors import ConsentRequired

MAX_BATCH = 64  # the audit log holds at most 64 items per list: one entry lists them all


@dataclass(frozen=True)
class Consent:
    escalation_id: int
    destination: str
    payload_sha256: str
    counts: dict[str, int]


@dataclass(frozen=True)
class BatchConsent:
    """One explicit yes for exactly the listed payloads to one destination."""

    batch_id: int  # the sequence number of the batch's audit entry: the record itself
    tier: str
    destination: str
    items: tuple[tuple[int, str], ...]  # (escalation id, SHA-256 of its exact body)
    counts: dict[str, int] = field(default_factory=dict)  # identifiers replaced, in total

    def listed(self, escalation_id: int) -> str | None:
        """The SHA-256 consented for this escalation, or None when it is not in the list."""
        return next((h for i, h in self.items if i == escalation_id), None)


def total_counts(per_request: list[dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for counts in per_request:
        for k, n in counts.items():
            out[k] = out.get(k, 0) + n
    return dict(sorted(out.items()))


def batch_record(ws: Any, consent: BatchConsent) -> dict[str, Any] | None:
    """The details of the batch consent entry in the audit log, or None when there is none."""
    entries = ws.audit.entries(since=consent.batch_id)
    if not entries or entries[0].seq != consent.batch_id:
        return None
    e = entries[0]
    if e.action != actions.ESCALATION_BATCH_CONSENTED or e.object_type != "batch":
        return None
    details = json.loads(e.details)
    return details if isinstance(details, dict) else None


def check(ws: Any, escalation_id: int, sha256: str, destination: str,
          consent: Consent | BatchConsent) -> None:
    """Raise ConsentRequired unless the STORED consent covers exactly this payload here."""
    record = ws.escalations.get(escalation_id)
    stored_ok = (record is not None and record.status == "consented"
                 and record.detail.get("payload_sha256") == sha256
                 and record.detail.get("destination") == destination)
    if isinstance(consent, BatchConsent):
        listed = consent.listed(escalation_id)
        if listed is None:
            raise ConsentRequired("This request is not one of the payloads listed in the batch "
                                  "consent; nothing was sent.")
        audit = batch_record(ws, consent)
        ok = (stored_ok and listed == sha256 and consent.destination == destination
              and record is not None and record.detail.get("batch") == consent.batch_id
              and audit is not None and audit.get("destination") == destination
              and _pairs(audit).get(escalation_id) == sha256)
    else:
        ok = (stored_ok and consent.escalation_id == escalation_id
              and consent.payload_sha256 == sha256 and consent.destination == destination
              and record is not None and "batch" not in record.detail)
    if not ok:
        raise ConsentRequired("The consent on record does not match this payload and "
                              "destination; nothing was sent.")


def _pairs(details: dict[str, Any]) -> dict[int, str]:
    ids, hashes = details.get("escalations", []), details.get("payload_sha256s", [])
    if len(ids) != len(hashes):
        return {}
    return {int(i): str(h) for i, h in zip(ids, hashes, strict=True)}

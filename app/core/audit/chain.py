"""One audit entry and the hash chain: each entry's HMAC covers its fields and its predecessor's."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from typing import Any

GENESIS = "0" * 64
COLUMNS = ("seq", "ts", "actor", "action", "object_type", "object_id", "outcome", "details",
           "prev_hash", "hmac")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    ts: str
    actor: str
    action: str
    object_type: str
    object_id: str
    outcome: str
    details: str  # canonical JSON text, exactly as hashed
    prev_hash: str
    hmac: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> AuditEntry:
        return cls(**{k: (int(d[k]) if k == "seq" else str(d[k])) for k in COLUMNS})

    @property
    def details_dict(self) -> dict[str, Any]:
        return json.loads(self.details)


def canonical_details(details: dict[str, Any]) -> str:
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_mac(key: bytes, seq: int, ts: str, actor: str, action: str, object_type: str,
              object_id: str, outcome: str, details: str, prev_hash: str) -> str:
    """HMAC-SHA256 over a JSON array: unambiguous field boundaries, and the seq is inside, so
    moving an entry to another position breaks it just as editing it does."""
    msg = json.dumps([seq, ts, actor, action, object_type, object_id, outcome, details,
                      prev_hash], separators=(",", ":"), ensure_ascii=True).encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def check_links(entries: list[AuditEntry], key: bytes | None,
                start_prev: str = GENESIS, start_seq: int = 1) -> tuple[int | None, str]:
    """Walk the chain. Returns (first bad seq, reason) or (None, "") when every link holds.

    Without `key` (an exported file checked by someone who has only the file and manifest),
    sequence and links are checked but not the HMACs themselves.
    """
    prev, expected = start_prev, start_seq
    for e in entries:
        if e.seq != expected:
            if e.seq > expected:
                return expected, f"entry {expected} is missing (next entry found is {e.seq})"
            return e.seq, f"entry {e.seq} is out of order (expected {expected})"
        if e.prev_hash != prev:
            return e.seq, f"entry {e.seq} does not link to entry {e.seq - 1} (chain broken)"
        if key is not None:
            want = entry_mac(key, e.seq, e.ts, e.actor, e.action, e.object_type, e.object_id,
                             e.outcome, e.details, e.prev_hash)
            if not hmac.compare_digest(want, e.hmac):
                return e.seq, f"entry {e.seq} was altered (HMAC mismatch)"
        prev, expected = e.hmac, expected + 1
    return None, ""

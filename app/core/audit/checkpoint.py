"""The chain head anchored outside the database, so that cutting entries off the end shows.

A signed `audit.checkpoint` (entry count + head HMAC) is rewritten on every session close,
export and verification. Truncating the log below the checkpoint, or rewriting the tail,
then fails verification; forging a new checkpoint needs the Ed25519 key inside the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.audit.signing import Signer, verify_signature
from app.core.store.fsutil import write_atomic

FILE_NAME = "audit.checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    entries: int
    head: str
    written_at: str

    def payload(self) -> dict[str, Any]:
        return {"kind": "enclave-audit-checkpoint", "version": 1, "entries": self.entries,
                "head": self.head, "written_at": self.written_at}


def write(path: Path, entries: int, head: str, signer: Signer) -> Checkpoint:
    cp = Checkpoint(entries, head, datetime.now(UTC).isoformat())
    body = {**cp.payload(), "public_key": signer.public_hex, "signature": signer.sign(cp.payload())}
    write_atomic(path, json.dumps(body, indent=2).encode())
    return cp


def read(path: Path, public_hex: str) -> tuple[Checkpoint | None, str]:
    """(checkpoint, "") when present and signed by `public_hex`; else (None, why not)."""
    if not path.exists():
        return None, "the audit checkpoint file is missing"
    try:
        body = json.loads(path.read_text("utf-8"))
        cp = Checkpoint(int(body["entries"]), str(body["head"]), str(body["written_at"]))
        signature = str(body["signature"])
    except (ValueError, KeyError, TypeError):
        return None, "the audit checkpoint file is unreadable"
    if not verify_signature(public_hex, cp.payload(), signature):
        return None, "the audit checkpoint signature does not verify"
    return cp, ""

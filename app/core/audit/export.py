"""Exports of the log (CSV, JSON Lines, PDF) with a signed manifest, and their verification.

Each export `X` gets `X.manifest.json`: the file's SHA-256, entry count, first/last sequence,
chain head, the export time, the Ed25519 public key and its fingerprint, and a signature over
all of that. A compliance officer can check a file with nothing but the file and manifest
(`verify_export(path)`); inside the workspace the HMACs are checked as well.

The CSV is the entries exactly as hashed, then readable columns (document id and name, action
and details in words) that the chain check ignores but the manifest's SHA-256 still covers.
The PDF is a report for people, with the exact JSON Lines attached inside it for machines.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.audit.chain import COLUMNS, GENESIS, AuditEntry, check_links
from app.core.audit.report import Verification, VerifyReport
from app.core.audit.rows import AuditRow, present
from app.core.audit.signing import Signer, fingerprint, verify_signature
from app.core.store.fsutil import write_atomic

FORMATS = ("csv", "jsonl", "pdf")
PDF_ATTACHMENT = "audit.jsonl"
READABLE_COLUMNS = ("document_id", "document_name", "action_text", "details_text")


@dataclass(frozen=True)
class Readable:
    """What people read beside the entries: rows in words, the verification, who made it."""

    rows: list[AuditRow] = field(default_factory=list)
    verification: Verification | None = None  # None: made without the workspace's keys
    workspace: str = ""
    generated_by: str = ""
    names_included: bool = False


def manifest_path(path: Path) -> Path:
    return Path(str(path) + ".manifest.json")


def to_jsonl(entries: list[AuditEntry]) -> bytes:
    return b"".join(json.dumps(e.to_json(), sort_keys=True).encode() + b"\n" for e in entries)


def to_csv(entries: list[AuditEntry], rows: list[AuditRow] | None = None) -> bytes:
    by_seq = {r.seq: r for r in (rows if rows is not None else present(entries))}
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS + READABLE_COLUMNS)
    for e in entries:
        r = by_seq.get(e.seq)
        words = ([";".join(d.id for d in r.documents), ";".join(d.name for d in r.documents),
                  r.action, r.details] if r else [""] * len(READABLE_COLUMNS))
        w.writerow([getattr(e, c) for c in COLUMNS] + words)
    return buf.getvalue().encode("utf-8")


def export_log(entries: list[AuditEntry], fmt: str, out: Path, signer: Signer,
               readable: Readable | None = None) -> dict[str, Any]:
    """Write `out` and its signed manifest; returns the manifest. Without `readable` the rows
    are worded without document names and the report says it was not verified."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    head = entries[-1].hmac if entries else GENESIS
    facts = {"entries": len(entries), "first_seq": entries[0].seq if entries else 0,
             "last_seq": entries[-1].seq if entries else 0, "chain_head": head,
             "exported_at": datetime.now(UTC).isoformat(),
             "public_key": signer.public_hex, "key_fingerprint": fingerprint(signer.public_hex)}
    if fmt == "pdf":
        from app.core.audit.pdf import render_pdf  # deferred: PyMuPDF, for a PDF export only

        data = render_pdf(entries, facts, to_jsonl(entries), readable or Readable(present(entries)))
    elif fmt == "csv":
        data = to_csv(entries, readable.rows if readable else None)
    else:
        data = to_jsonl(entries)
    write_atomic(out, data)
    payload = {"kind": "enclave-audit-export", "version": 1, "format": fmt, "file": out.name,
               "sha256": hashlib.sha256(data).hexdigest(), **facts}
    manifest = {**payload, "signature": signer.sign(payload)}
    write_atomic(manifest_path(out), json.dumps(manifest, indent=2).encode())
    return manifest


def parse_entries(fmt: str, data: bytes) -> list[AuditEntry]:
    if fmt == "pdf":
        from app.core.audit.pdf import attachment  # deferred: PyMuPDF, for a PDF export only

        data, fmt = attachment(data, PDF_ATTACHMENT), "jsonl"
    if fmt == "jsonl":
        return [AuditEntry.from_json(json.loads(line)) for line in data.splitlines() if line]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows or tuple(rows[0][:len(COLUMNS)]) != COLUMNS:
        raise ValueError("not an Enclave audit CSV")
    # Only the hashed columns are entries; the readable ones after them are for people.
    width = len(rows[0])
    if any(len(r) != width for r in rows[1:]):
        raise ValueError("a CSV row has the wrong number of columns")
    return [AuditEntry.from_json(dict(zip(COLUMNS, r[:len(COLUMNS)], strict=True)))
            for r in rows[1:]]


def verify_export(path: Path, public_key: str | None = None,
                  hmac_key: bytes | None = None) -> VerifyReport:
    """Check file ↔ manifest ↔ signature ↔ chain. Without `public_key` the manifest's own key
    is used: then compare its fingerprint with the one printed by the workspace."""
    try:
        manifest = json.loads(manifest_path(path).read_text("utf-8"))
        payload = {k: v for k, v in manifest.items() if k != "signature"}
        signature = str(manifest["signature"])
        key = public_key or str(manifest["public_key"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return VerifyReport(False, 0, None, f"the manifest is missing or unreadable ({exc})")
    if public_key and manifest.get("public_key") != public_key:
        return VerifyReport(False, 0, None, "the manifest was not signed by this workspace")
    if not verify_signature(key, payload, signature):
        return VerifyReport(False, 0, None, "the manifest signature does not verify")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return VerifyReport(False, 0, None, f"the exported file cannot be read ({exc})")
    if hashlib.sha256(data).hexdigest() != manifest["sha256"]:
        return VerifyReport(False, 0, None, "the exported file does not match its manifest"
                            " (SHA-256 differs)")
    try:
        entries = parse_entries(str(manifest["format"]), data)
    except (ValueError, KeyError, TypeError, RuntimeError) as exc:
        return VerifyReport(False, 0, None, f"the exported file cannot be parsed ({exc})")
    n = len(entries)
    bad, reason = check_links(entries, hmac_key)
    if bad is not None:
        return VerifyReport(False, n, bad, reason)
    head = entries[-1].hmac if entries else GENESIS
    last = entries[-1].seq if entries else 0
    if (n, last, head) != (manifest["entries"], manifest["last_seq"], manifest["chain_head"]):
        return VerifyReport(False, n, None, "the exported entries disagree with the manifest")
    return VerifyReport(True, n)

"""The append-only, hash-chained audit log, stored in the workspace database."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.audit import actions, checkpoint, unlock_failures
from app.core.audit.chain import (
    COLUMNS,
    GENESIS,
    AuditEntry,
    canonical_details,
    check_links,
    entry_mac,
)
from app.core.audit.guard import check_details, check_token
from app.core.audit.report import VerifyReport
from app.core.audit.signing import Signer, fingerprint
from app.core.store.db import Database
from app.core.store.keys import subkey
from app.core.store.repos.keystore import KeyStore


class AuditLog:
    def __init__(self, db: Database, data_dir: Path, actor: str) -> None:
        self._db = db
        keystore = KeyStore(db)
        # The master key is a random secret kept inside the encrypted store, not the
        # passphrase-derived database key: a passphrase change must not orphan the chain.
        # The HMAC key is a purpose-bound HKDF subkey of it.
        master = keystore.get("master") or keystore.put_if_absent("master", secrets.token_bytes(32))
        self._key = subkey(master, "enclave/audit-hmac/v1")
        self._signer = Signer(keystore)
        self.data_dir = data_dir
        self.actor = actor

    @property
    def public_key(self) -> str:
        return self._signer.public_hex

    @property
    def key_fingerprint(self) -> str:
        return fingerprint(self._signer.public_hex)

    @property
    def checkpoint_path(self) -> Path:
        return self.data_dir / checkpoint.FILE_NAME

    def record(self, action: str, object_type: str = "", object_id: str = "",
               outcome: str = "success", **details: Any) -> int:
        """Append one entry; returns its sequence number. Joins the caller's transaction, so
        an action and its audit entry commit together or not at all."""
        check_token("action", action)
        check_token("object_type", object_type)
        check_token("object_id", object_id)
        if outcome not in actions.OUTCOMES:
            raise ValueError(f"unknown audit outcome {outcome!r}")
        check_details(details)
        text = canonical_details(details)
        ts = datetime.now(UTC).isoformat(timespec="microseconds")
        with self._db.tx() as c:
            last = c.execute("SELECT seq, hmac FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
            mac = entry_mac(self._key, seq, ts, self.actor, action, object_type, object_id,
                            outcome, text, prev)
            c.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?)",
                      (seq, ts, self.actor, action, object_type, object_id, outcome, text, prev,
                       mac))
        return seq

    def entries(self, since: int = 1) -> list[AuditEntry]:
        cols = ", ".join(COLUMNS)
        return [AuditEntry(*r) for r in self._db.query(
            f"SELECT {cols} FROM audit_log WHERE seq >= ? ORDER BY seq", (since,))]

    def count(self) -> int:
        return int(self._db.query_one("SELECT count(*) FROM audit_log")[0])

    def head(self) -> tuple[int, str]:
        row = self._db.query_one("SELECT seq, hmac FROM audit_log ORDER BY seq DESC LIMIT 1")
        return (int(row[0]), str(row[1])) if row else (0, GENESIS)

    def verify(self, record: bool = False) -> VerifyReport:
        """Check every HMAC, every link and the signed checkpoint; name the first bad entry."""
        entries = self.entries()
        report = self._verify(entries)
        if record:
            self.record(actions.AUDIT_VERIFY, outcome="success" if report.ok else "failure",
                        entries=report.entries, first_bad=report.first_bad)
            if report.ok:
                self.write_checkpoint()
        return report

    def _verify(self, entries: list[AuditEntry]) -> VerifyReport:
        n = len(entries)
        bad, reason = check_links(entries, self._key)
        if bad is not None:
            return VerifyReport(False, n, bad, reason)
        cp, why = checkpoint.read(self.checkpoint_path, self.public_key)
        if cp is None:
            return VerifyReport(False, n, None, why)
        if cp.entries > n:
            return VerifyReport(False, n, n + 1, f"the log was truncated: the checkpoint records"
                                f" {cp.entries} entries but only {n} remain")
        if cp.entries and not hmac.compare_digest(entries[cp.entries - 1].hmac, cp.head):
            return VerifyReport(False, n, cp.entries, f"entry {cp.entries} does not match the"
                                " signed checkpoint (the log was rewritten)")
        return VerifyReport(True, n)

    def write_checkpoint(self, path: Path | None = None) -> None:
        count, head = self.head()
        checkpoint.write(path or self.checkpoint_path, count, head, self._signer)

    def fold_unlock_failures(self) -> int:
        """Move failed unlocks from the side file into the chain (see unlock_failures)."""
        items = unlock_failures.pending(self.data_dir)
        added = 0
        with self._db.tx() as c:
            for item in items:
                attempt = str(item.get("attempt_id", ""))
                seen = c.execute(
                    "SELECT 1 FROM audit_log WHERE action = ? AND outcome = 'failure'"
                    " AND json_extract(details, '$.attempt_id') = ?",
                    (actions.UNLOCK, attempt)).fetchone()
                if seen:
                    continue
                self.record(actions.UNLOCK, "workspace", outcome="failure", attempt_id=attempt,
                            attempted_at=_token(item.get("at", "")),
                            attempted_by=_token(item.get("actor", "")),
                            reason=_token(item.get("reason", "")))
                added += 1
        unlock_failures.clear(self.data_dir)
        return added

    # Export lives in its own module; these thin methods give it the key and signer.
    def export(self, fmt: str, out: Path) -> Path:
        """Write the log as csv|jsonl|pdf plus `<out>.manifest.json`; returns the manifest path."""
        from app.core.audit.export import export_log

        manifest = export_log(self.entries(), fmt, out, self._signer)
        self.record(actions.AUDIT_EXPORT, "audit_log", outcome="success", format=fmt,
                    sha256=manifest["sha256"], entries=manifest["entries"],
                    last_seq=manifest["last_seq"])
        self.write_checkpoint()
        return Path(str(out) + ".manifest.json")

    def verify_export(self, path: Path) -> VerifyReport:
        """Check an exported file against its manifest, this store's key and the HMACs."""
        from app.core.audit.export import verify_export

        return verify_export(path, public_key=self.public_key, hmac_key=self._key)


def _token(value: Any) -> str:
    # Side-file values are untrusted (anyone can edit that file): squeeze them into tokens.
    return re.sub(r"[^A-Za-z0-9_.:@/+=#-]", "_", str(value))[:128]

"""The append-only, hash-chained audit log, stored in the workspace database."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from app.core import actions
from app.core.audit import checkpoint, unlock_failures
from app.core.audit.chain import (
    COLUMNS,
    GENESIS,
    AuditEntry,
    canonical_details,
    check_links,
    entry_mac,
)
from app.core.audit.export import Readable, export_log, verify_export
from app.core.audit.guard import check_details, check_token
from app.core.audit.report import CheckpointStatus, Verification, VerifyReport
from app.core.audit.rows import AuditRow, present
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
        return self.check(record).report()

    def check(self, record: bool = False) -> Verification:
        """`verify`, with the chain's and the checkpoint's results kept apart (for reports).
        With `record`, the check itself is audited and, when it passes, re-anchored."""
        result = self.verification(self.entries())
        if record:
            self.record(actions.AUDIT_VERIFY, outcome="success" if result.ok else "failure",
                        entries=result.entries, first_bad=result.first_bad)
            if result.ok:
                self.write_checkpoint()
        return result

    def verification(self, entries: list[AuditEntry]) -> Verification:
        bad, reason = check_links(entries, self._key)
        return Verification(len(entries), bad, reason, self._checkpoint_status(entries))

    def _checkpoint_status(self, entries: list[AuditEntry]) -> CheckpointStatus:
        cp, why = checkpoint.read(self.checkpoint_path, self.public_key)
        if cp is None:
            return CheckpointStatus(False, why)
        n = len(entries)
        if cp.entries > n:
            return CheckpointStatus(False, f"the log was truncated: the checkpoint records"
                                    f" {cp.entries} entries but only {n} remain", n + 1,
                                    cp.entries, cp.written_at)
        if cp.entries and not hmac.compare_digest(entries[cp.entries - 1].hmac, cp.head):
            return CheckpointStatus(False, f"entry {cp.entries} does not match the signed"
                                    " checkpoint (the log was rewritten)", cp.entries,
                                    cp.entries, cp.written_at)
        return CheckpointStatus(True, "", None, cp.entries, cp.written_at)

    def document_names(self) -> dict[str, str]:
        """Document id → name, read from the encrypted store at display or export time; the
        log itself never holds a name (see rows.py)."""
        return {str(i): str(n) for i, n in self._db.query("SELECT id, name FROM documents")}

    def rows(self, names: bool = True, tz: tzinfo | None = None) -> list[AuditRow]:
        """The whole log as readable rows (time, who, action and details in words, names)."""
        return present(self.entries(), self.document_names() if names else None, tz)

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
    def export(self, fmt: str, out: Path, names: bool = False) -> Path:
        """Write the log as csv|jsonl|pdf plus `<out>.manifest.json`; returns the manifest path.

        The PDF report and the CSV carry the actions in words and, with `names`, each
        document's name beside its id (JSON Lines keeps the entries as recorded: no names).
        Names are off unless asked for: an export leaves the encrypted store, and a file name
        often names a patient or client.
        """
        entries = self.entries()
        # JSON Lines is the entries as recorded: no wording, names or verification to build
        # (the latter walks every HMAC of the log).
        readable = None if fmt == "jsonl" else Readable(
            present(entries, self.document_names() if names else None),
            self.verification(entries), workspace=str(self.data_dir),
            generated_by=self.actor, names_included=names)
        manifest = export_log(entries, fmt, out, self._signer, readable)
        self.record(actions.AUDIT_EXPORT, "audit_log", outcome="success", format=fmt,
                    sha256=manifest["sha256"], entries=manifest["entries"],
                    last_seq=manifest["last_seq"], document_names=names and fmt != "jsonl")
        self.write_checkpoint()
        return Path(str(out) + ".manifest.json")

    def verify_export(self, path: Path) -> VerifyReport:
        """Check an exported file against its manifest, this store's key and the HMACs."""
        return verify_export(path, public_key=self.public_key, hmac_key=self._key)


def _token(value: Any) -> str:
    # Side-file values are untrusted (anyone can edit that file): squeeze them into tokens.
    return re.sub(r"[^A-Za-z0-9_.:@/+=#-]", "_", str(value))[:128]

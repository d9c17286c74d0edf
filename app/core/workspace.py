"""The workspace: one encrypted database, its header and audit checkpoint, in one directory.

This is the only door to stored data. The pipeline and UI call these methods and the
repositories hanging off a `Workspace`; they never see SQL or keys.

It is the composition root of persistence: it sits above `store` (connection, keys,
repositories) and `audit` (the log that records into that same database), and is the one
module that imports both, so neither package has to import the other back.

    from app.core.workspace import KdfParams, Workspace
"""

from __future__ import annotations

import getpass
import os
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

from app.core import actions
from app.core.audit import unlock_failures
from app.core.audit.log import AuditLog
from app.core.audit.ropa import ProcessingFacts, write_record
from app.core.documents import ProcessResult
from app.core.errors import (
    KeyRejected,
    WorkspaceError,
    WorkspaceExists,
    WorkspaceMissing,
    WrongPassphrase,
)
from app.core.routing.router import refresh_route
from app.core.settings import ROPA_CONTROLLER, ROPA_PURPOSES, TIERS
from app.core.store import keyring_key
from app.core.store import rekey as rk
from app.core.store.db import Database, connect
from app.core.store.fsutil import fsync_dir
from app.core.store.keys import Header, KdfParams
from app.core.store.migrations import migrate
from app.core.store.repos import (
    CorrectionRepo,
    DocumentRepo,
    EscalationRepo,
    FindingRepo,
    MarkRepo,
    ResultRepo,
    SettingsRepo,
    VaultRepo,
)

__all__ = ["KdfParams", "Workspace"]

_NEW = rk.DB + ".new"


def _actor(profile: str) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        user = "unknown"
    return f"{user}/{profile}"


def _private_dir(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(data_dir, 0o700)  # mkdir's mode is filtered by the umask; be explicit


class Workspace:
    """An unlocked workspace. Use `Workspace.create` / `Workspace.open`, then `close()`."""

    def __init__(self, data_dir: Path, database: Database, key: bytes, profile: str) -> None:
        self.data_dir = data_dir
        self.profile = profile
        self._closed = False
        self._attach(database, key)

    def _attach(self, database: Database, key: bytes) -> None:
        # Repositories bind to one connection; a rekey swaps the connection under them.
        self._db = database
        self._key = key
        self.documents = DocumentRepo(database)
        self.findings = FindingRepo(database)
        self.marks = MarkRepo(database)
        self.vault = VaultRepo(database)
        self.results = ResultRepo(database)
        self.corrections = CorrectionRepo(database)
        self.escalations = EscalationRepo(database)
        self.settings = SettingsRepo(database)
        self.audit = AuditLog(database, self.data_dir, _actor(self.profile))

    # -- lifecycle -------------------------------------------------------------------------

    @staticmethod
    def exists(data_dir: Path) -> bool:
        return (Path(data_dir) / rk.HEADER).exists()

    @classmethod
    def create(cls, data_dir: Path, passphrase: str, kdf: KdfParams | None = None,
               profile: str = "default") -> Workspace:
        data_dir = Path(data_dir)
        if cls.exists(data_dir):
            raise WorkspaceExists(f"A workspace already exists at {data_dir}; open it instead.")
        if not passphrase:
            raise WorkspaceError("Choose a non-empty passphrase for the new workspace.")
        _private_dir(data_dir)
        header, key = Header.new(passphrase, kdf or KdfParams.default())
        # Build under a temporary name and publish with the header last: a crash mid-create
        # leaves no half-made workspace that `exists()` would report.
        new = data_dir / _NEW
        for leftover in (new, Path(f"{new}-wal"), Path(f"{new}-shm"), data_dir / rk.DB):
            leftover.unlink(missing_ok=True)
        database = Database(connect(new, key), new)
        try:
            migrate(database)
            audit = AuditLog(database, data_dir, _actor(profile))
            audit.record(actions.WORKSPACE_CREATE, "workspace", kdf="argon2id",
                         kdf_memory_kib=header.params.memory_kib,
                         kdf_time_cost=header.params.time_cost)
            audit.write_checkpoint()
        finally:
            database.close()  # folds the WAL into the file and removes it
        os.chmod(new, 0o600)
        new.replace(data_dir / rk.DB)
        header.write(data_dir / rk.HEADER)
        fsync_dir(data_dir)
        return cls._unlocked(data_dir, key, profile, resumed_rekey=False)

    @classmethod
    def open(cls, data_dir: Path, passphrase: str, profile: str = "default") -> Workspace:
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise WorkspaceMissing(f"No workspace at {data_dir}; create one with `enclave init`.")
        try:
            key, resumed = rk.resolve(data_dir, passphrase)
        except (ValueError, KeyError, OSError, RuntimeError) as exc:
            raise WorkspaceError(f"The workspace at {data_dir} is damaged ({exc}).") from exc
        if key is None:
            unlock_failures.append(data_dir, _actor(profile), "wrong_passphrase")
            raise WrongPassphrase("That passphrase does not open this workspace; nothing was"
                                  " changed.")
        return cls._unlocked(data_dir, key, profile, resumed_rekey=resumed)

    @classmethod
    def open_with_keyring(cls, data_dir: Path, profile: str = "default") -> Workspace:
        """Unlock with the key remembered in the OS keyring (see `keyring_key`)."""
        data_dir = Path(data_dir)
        if not cls.exists(data_dir):
            raise WorkspaceMissing(f"No workspace at {data_dir}; create one with `enclave init`.")
        try:
            key = keyring_key.stored_key(data_dir)
        except WrongPassphrase:
            unlock_failures.append(data_dir, _actor(profile), "stale_keyring_key")
            raise
        return cls._unlocked(data_dir, key, profile, resumed_rekey=False)

    @classmethod
    def _unlocked(cls, data_dir: Path, key: bytes, profile: str, resumed_rekey: bool) -> Workspace:
        path = data_dir / rk.DB
        try:
            database = Database(connect(path, key), path)
        except KeyRejected as exc:
            raise WorkspaceError(f"The database at {path} does not match its header.") from exc
        try:
            migrate(database)
            ws = cls(data_dir, database, key, profile)
            ws.audit.fold_unlock_failures()
            if resumed_rekey:
                ws.audit.record(actions.REKEY, "workspace", resumed=True)
            ws.audit.record(actions.UNLOCK, "workspace")
        except BaseException:
            database.close()
            raise
        return ws

    def close(self) -> None:
        """Record the close and anchor the chain head in the signed checkpoint file."""
        if self._closed:
            return
        try:
            self.audit.record(actions.CLOSE, "workspace")
            self.audit.write_checkpoint()
        finally:
            self._db.close()
            self._closed = True

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- operations ------------------------------------------------------------------------

    def transaction(self) -> Any:
        """`with workspace.transaction():` — repository writes and audit entries inside commit
        together or not at all (transactions nest)."""
        return self._db.tx()

    def save_result(self, result: ProcessResult, original_bytes: bytes) -> str:
        """Store a processed document — original, pages, findings, fields, summary, route —
        and its audit entries in ONE transaction; returns the document id. Sets
        `result.stored_before` and `result.kept_reviewed` (see `_keep_reviewed`)."""
        doc = result.document
        by_type: dict[str, int] = {}
        for f in result.pii:
            by_type[f.type] = by_type.get(f.type, 0) + 1
        with self._db.tx():
            result.stored_before = self.documents.info(doc.id) is not None
            kept = result.kept_reviewed = self._keep_reviewed(doc.id, result)
            doc_id = self.documents.add(doc, original_bytes)
            self.findings.replace(doc_id, result.pii)
            self.results.put(doc_id, result.profile, result.fields, result.summary,
                             result.route, result.timings)
            if kept:  # the route was decided on the fresh values, before the reviewed came back
                result.route = refresh_route(self, doc_id)
            self.audit.record(actions.INGEST, "document", doc_id, sha256=doc.sha256,
                              kind=doc.kind, pages=len(doc.pages), size=len(original_bytes))
            self.audit.record(actions.EXTRACT, "document", doc_id, profile=result.profile,
                              fields=len(result.fields), findings=by_type,
                              route=result.route.decision,
                              **({"kept_reviewed": kept} if kept else {}))
        return doc_id

    def _keep_reviewed(self, doc_id: str, result: ProcessResult) -> int:
        """Processing a document again (the same file dropped twice, another model) must not
        undo a reviewer's work: fields a person corrected or confirmed (source "user") under
        the same profile replace the fresh values in `result`. Returns how many were kept."""
        previous = self.results.get(doc_id)
        if previous is None or previous.profile != result.profile:
            return 0
        reviewed = {n: f for n, f in previous.fields.items() if f.source == "user"}
        result.fields.update(reviewed)
        return len(reviewed)

    def rekey(self, new_passphrase: str, kdf: KdfParams | None = None) -> None:
        """Change the passphrase (and optionally the KDF cost); crash-safe, see `rekey.py`."""
        if not new_passphrase:
            raise WorkspaceError("Choose a non-empty passphrase.")
        old_header = Header.read(self.data_dir / rk.HEADER)
        new_header, new_key = Header.new(new_passphrase, kdf or old_header.params)
        old_key = self._key
        self.audit.record(actions.REKEY, "workspace", outcome="success",
                          kdf_memory_kib=new_header.params.memory_kib)
        rk.begin(self.data_dir, old_key, new_header, new_key)
        rk.copy_under(self._db, self.data_dir, new_key)
        self._db.close()
        rk.swap_in(self.data_dir)
        rk.finish(self.data_dir, new_header)
        path = self.data_dir / rk.DB
        self._attach(Database(connect(path, new_key), path), new_key)
        keyring_key.refresh(self)  # a remembered key must follow the passphrase

    def backup(self, dest_dir: Path) -> Path:
        """A consistent encrypted copy (database, header, checkpoint) into a new directory;
        it opens with the same passphrase via `Workspace.open(dest_dir, ...)`."""
        dest_dir = Path(dest_dir)
        if self.exists(dest_dir) or (dest_dir / rk.DB).exists():
            raise WorkspaceExists(f"A workspace already exists at {dest_dir}.")
        _private_dir(dest_dir)
        self.audit.record(actions.BACKUP, "workspace")
        self._db.export_to(dest_dir / rk.DB, self._key)
        os.chmod(dest_dir / rk.DB, 0o600)
        shutil.copyfile(self.data_dir / rk.HEADER, dest_dir / rk.HEADER)
        self.audit.write_checkpoint(dest_dir / "audit.checkpoint")
        fsync_dir(dest_dir)
        return dest_dir

    def integrity_check(self) -> list[str]:
        """Problems found by `cipher_integrity_check` and `integrity_check` (empty = clean)."""
        return self._db.integrity_check()

    def record_of_processing(self, out: Path) -> Path:
        """Write the GDPR Art. 30 record (Markdown, or PDF when `out` ends in .pdf)."""
        params = Header.read(self.data_dir / rk.HEADER).params
        cipher = self._db.query_one("PRAGMA cipher_version")[0]
        facts = ProcessingFacts(
            documents=self.documents.count(),
            entity_counts=self.findings.counts_by_type(),
            tiers=TIERS.get(self),
            transfers=self.escalations.counts_by_tier("sent"),
            security=[
                f"Encryption at rest: SQLCipher {cipher} (AES-256, per-page HMAC) for all data",
                f"Key derivation: Argon2id, {params.memory_kib // 1024} MiB, t={params.time_cost},"
                f" p={params.parallelism}",
                "Offline by default; outbound connections blocked by an egress guard",
                "Pseudonymisation before any escalation; escalation requires explicit consent",
                "Hash-chained, HMAC-protected audit log with Ed25519-signed checkpoints/exports",
            ],
            audit_entries=self.audit.count(),
            audit_key_fingerprint=self.audit.key_fingerprint,
        )
        if controller := ROPA_CONTROLLER.get(self):
            facts.controller = controller
        if purposes := ROPA_PURPOSES.get(self):
            facts.purposes = purposes
        out = write_record(facts, Path(out))
        self.audit.record(actions.EXPORT, "ropa", outcome="success", documents=facts.documents)
        return out

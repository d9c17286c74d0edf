"""Change the passphrase so that a crash at any instant leaves a workspace that opens.

Steps, each durable before the next:
  1. write the journal `enclave.header.pending`: the new header, plus the new key wrapped
     under the old key and the old key wrapped under the new one (AES-256-GCM), so that
     after a crash *either* passphrase recovers both keys;
  2. copy the database into `enclave.db.rekey` under the new key (`sqlcipher_export`);
  3. checkpoint and close the old database, then atomically rename the copy over it;
  4. write the new header, then delete the journal.
`resolve()` (on every open) finishes an interrupted change: whichever key opens the database
tells how far it got, and the change is rolled forward.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.core.errors import KeyRejected
from app.core.store import db as dbmod
from app.core.store.fsutil import fsync_dir, write_atomic
from app.core.store.keys import Header, subkey

HEADER = "enclave.header"
JOURNAL = "enclave.header.pending"
DB = "enclave.db"
COPY = "enclave.db.rekey"


@dataclass(frozen=True)
class Journal:
    header: Header
    new_under_old: bytes
    old_under_new: bytes

    @classmethod
    def read(cls, path: Path) -> Journal:
        d = json.loads(path.read_text("utf-8"))
        return cls(Header.from_json(d["header"]), bytes.fromhex(d["new_under_old"]),
                   bytes.fromhex(d["old_under_new"]))

    def write(self, path: Path) -> None:
        write_atomic(path, json.dumps({"header": self.header.to_json(),
                                       "new_under_old": self.new_under_old.hex(),
                                       "old_under_new": self.old_under_new.hex()}).encode())


def _wrap(kek_source: bytes, key: bytes) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(subkey(kek_source, "enclave/rekey-wrap/v1")).encrypt(nonce, key, b"")


def _unwrap(kek_source: bytes, blob: bytes) -> bytes:
    return AESGCM(subkey(kek_source, "enclave/rekey-wrap/v1")).decrypt(blob[:12], blob[12:], b"")


def begin(data_dir: Path, old_key: bytes, new_header: Header, new_key: bytes) -> None:
    Journal(new_header, _wrap(old_key, new_key), _wrap(new_key, old_key)).write(data_dir / JOURNAL)


def copy_under(database: dbmod.Database, data_dir: Path, new_key: bytes) -> None:
    """Step 2: an encrypted copy under the new key (no plaintext ever reaches the disk)."""
    copy = data_dir / COPY
    for stale in (copy, Path(str(copy) + "-journal")):
        stale.unlink(missing_ok=True)
    database.export_to(copy, new_key)


def swap_in(data_dir: Path) -> None:
    """Step 3 (after the old connection is closed, so its WAL is folded in and gone)."""
    wal = data_dir / (DB + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # Renaming over a database whose WAL still holds frames would graft them onto the copy.
        raise RuntimeError("the old database still has a write-ahead log; not swapping")
    wal.unlink(missing_ok=True)
    (data_dir / (DB + "-shm")).unlink(missing_ok=True)
    (data_dir / COPY).replace(data_dir / DB)
    fsync_dir(data_dir)


def finish(data_dir: Path, new_header: Header) -> None:
    new_header.write(data_dir / HEADER)
    (data_dir / JOURNAL).unlink(missing_ok=True)
    fsync_dir(data_dir)


def _opens(path: Path, key: bytes) -> bool:
    try:
        dbmod.connect(path, key).close()
    except KeyRejected:
        return False
    return True


def resolve(data_dir: Path, passphrase: str) -> tuple[bytes | None, bool]:
    """The database key for `passphrase` (None if wrong), and whether an interrupted
    passphrase change was completed on the way."""
    header = Header.read(data_dir / HEADER)
    journal_path = data_dir / JOURNAL
    if not journal_path.exists():
        (data_dir / COPY).unlink(missing_ok=True)  # a copy from a change that never began
        return header.unlock(passphrase), False
    journal = Journal.read(journal_path)
    if journal.header == header:
        # Crashed between writing the new header and deleting the journal: already done.
        journal_path.unlink(missing_ok=True)
        return header.unlock(passphrase), True
    old_key = header.unlock(passphrase)
    new_key = None if old_key else journal.header.unlock(passphrase)
    if old_key is None and new_key is None:
        return None, False
    try:
        if old_key is not None:
            new_key = _unwrap(old_key, journal.new_under_old)
        else:
            assert new_key is not None
            old_key = _unwrap(new_key, journal.old_under_new)
    except InvalidTag as exc:
        raise RuntimeError("the passphrase-change journal is damaged") from exc
    db_path = data_dir / DB
    if not _opens(db_path, new_key):
        if not _opens(db_path, old_key):
            raise RuntimeError("the database opens with neither the old nor the new key")
        old = dbmod.Database(dbmod.connect(db_path, old_key), db_path)
        try:
            copy_under(old, data_dir, new_key)
        finally:
            old.close()
        swap_in(data_dir)
    finish(data_dir, journal.header)
    return new_key, True

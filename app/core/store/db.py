"""The one SQLCipher connection of a workspace, and the transaction helper every repository uses.

Why one connection guarded by a lock: SQLite serialises writers anyway, and a single
connection means a single place where the key lives and a single WAL writer; the UI's worker
threads share it through `Database.tx()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlcipher3

from app.core.errors import KeyRejected

MIN_CIPHER_MAJOR = 4


def key_pragma(key: bytes) -> str:
    # A raw hex key skips SQLCipher's own PBKDF2: Argon2id already did the stretching.
    return f"\"x'{key.hex()}'\""


def connect(path: Path, key: bytes) -> sqlcipher3.Connection:
    """Open `path` with the raw key and the pragmas our durability and privacy rely on."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30)
    try:
        # A wrong key is an expected outcome (rekey recovery probes both): no stderr noise.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key_pragma(key)}")
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not version[0] or int(str(version[0]).split(".")[0]) < MIN_CIPHER_MAJOR:
            raise RuntimeError(f"SQLCipher {MIN_CIPHER_MAJOR}+ is required, found {version!r}")
        # Temp tables/sort spills in memory: SQLCipher's temp files would otherwise sit on disk.
        conn.execute("PRAGMA temp_store = MEMORY")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            raise KeyRejected(str(exc)) from exc
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit we acknowledged survives power loss, not just a process crash.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
    except BaseException:
        conn.close()
        raise
    return conn


class Database:
    """A locked connection with nestable transactions (the outermost one commits)."""

    def __init__(self, conn: sqlcipher3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def tx(self) -> Iterator[sqlcipher3.Connection]:
        """`with db.tx() as c:` — BEGIN IMMEDIATE so writers queue instead of failing late."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self.conn
            except BaseException:
                self._depth -= 1
                if outer:
                    self.conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[Any]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

    def export_to(self, dest: Path, key: bytes) -> None:
        """A consistent, encrypted copy of the whole database at `dest` under `key`.

        `sqlcipher_export` reads inside one transaction, so the copy is a snapshot even while
        other threads wait on the lock; it writes through SQLCipher, so no page is plaintext.
        """
        with self._lock:
            if self.conn.in_transaction:
                raise RuntimeError("cannot export inside a transaction")
            self.conn.execute(f"ATTACH DATABASE ? AS export KEY {key_pragma(key)}", (str(dest),))
            try:
                self.conn.execute("SELECT sqlcipher_export('export')")
            finally:
                self.conn.execute("DETACH DATABASE export")

    def checkpoint_wal(self) -> None:
        with self._lock:
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def integrity_check(self) -> list[str]:
        """SQLCipher's HMAC check of every page, then SQLite's structural check."""
        with self._lock:
            bad = [r[0] for r in self.conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            ok = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        return bad + [r for r in ok if r != "ok"]

    def close(self) -> None:
        with self._lock:
            self.conn.close()

"""Secrets that live only inside the encrypted store (e.g. the audit signing key)."""

from __future__ import annotations

from app.core.store.db import Database


class KeyStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, name: str) -> bytes | None:
        row = self._db.query_one("SELECT value FROM keystore WHERE name = ?", (name,))
        return None if row is None else bytes(row[0])

    def put_if_absent(self, name: str, value: bytes) -> bytes:
        """Store `value` unless a key of that name exists; returns the stored one either way."""
        with self._db.tx() as c:
            c.execute("INSERT OR IGNORE INTO keystore VALUES (?, ?)", (name, value))
            return bytes(c.execute("SELECT value FROM keystore WHERE name = ?",
                                   (name,)).fetchone()[0])

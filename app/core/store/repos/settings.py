"""The workspace's settings table: key → JSON value, nothing more.

Every key is declared, typed and defaulted in `app.core.settings`, the only module that reads
or writes this repository; go through those declarations, not through here."""

from __future__ import annotations

from typing import Any

from app.core.store.db import Database
from app.core.store.repos._util import dumps, loads, utc_now


class SettingsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, default: Any = None) -> Any:
        row = self._db.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else loads(row[0])

    def set(self, key: str, value: Any) -> None:
        with self._db.tx() as c:
            c.execute(
                "INSERT INTO settings VALUES (?,?,?) ON CONFLICT(key) DO UPDATE SET"
                " value=excluded.value, updated_at=excluded.updated_at",
                (key, dumps(value), utc_now()))

    def delete(self, key: str) -> bool:
        with self._db.tx() as c:
            return c.execute("DELETE FROM settings WHERE key = ?", (key,)).rowcount > 0

    def all(self) -> dict[str, Any]:
        return {k: loads(v) for k, v in self._db.query("SELECT key, value FROM settings")}

"""Versioned schema migrations: an ordered list of functions, each applied once, in a transaction.

Add a migration by appending a function; never edit one that has shipped. `schema_migrations`
records what ran and when, so a workspace created by an older build upgrades on open.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import sqlcipher3

from app.core.store.db import Database

Migration = Callable[[sqlcipher3.Connection], None]


def _script(c: sqlcipher3.Connection, script: str) -> None:
    """Run statements one by one: `executescript` would COMMIT our open transaction first."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlcipher3.complete_statement(buf):
            c.execute(buf)
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement in migration: {buf[:60]!r}")


def _m001_core(c: sqlcipher3.Connection) -> None:
    _script(
        c,
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
            kind TEXT NOT NULL, size INTEGER NOT NULL, page_count INTEGER NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}', original BLOB, created_at TEXT NOT NULL);
        CREATE TABLE pages (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            number INTEGER NOT NULL, text TEXT NOT NULL, ocr INTEGER NOT NULL DEFAULT 0,
            ocr_confidence REAL, width REAL, height REAL, words TEXT NOT NULL DEFAULT '[]',
            PRIMARY KEY (doc_id, number));
        CREATE TABLE findings (
            id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            type TEXT NOT NULL, page INTEGER NOT NULL, start INTEGER NOT NULL,
            "end" INTEGER NOT NULL, score REAL NOT NULL, recognizer TEXT NOT NULL DEFAULT '');
        CREATE INDEX findings_doc ON findings(doc_id);
        CREATE TABLE vault (
            case_id TEXT NOT NULL, entity_type TEXT NOT NULL, original TEXT NOT NULL,
            token TEXT NOT NULL, created_at TEXT NOT NULL,
            PRIMARY KEY (case_id, entity_type, original), UNIQUE (case_id, token));
        CREATE TABLE results (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            profile TEXT NOT NULL, fields TEXT NOT NULL, summary TEXT NOT NULL,
            route TEXT NOT NULL, timings TEXT NOT NULL DEFAULT '{}', updated_at TEXT NOT NULL);
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            field TEXT NOT NULL, old_value TEXT, new_value TEXT, actor TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE escalations (
            id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            tier TEXT NOT NULL, status TEXT NOT NULL, reasons TEXT NOT NULL DEFAULT '[]',
            detail TEXT NOT NULL DEFAULT '{}', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE keystore (name TEXT PRIMARY KEY, value BLOB NOT NULL);
        """
    )


def _m002_audit(c: sqlcipher3.Connection) -> None:
    # The triggers make "append-only" a property of the schema, not just of our code; someone
    # with the key can still drop them, which is what the HMAC chain and checkpoint catch.
    _script(
        c,
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
            object_type TEXT NOT NULL, object_id TEXT NOT NULL, outcome TEXT NOT NULL,
            details TEXT NOT NULL, prev_hash TEXT NOT NULL, hmac TEXT NOT NULL);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """
    )


def _m003_surrogates(c: sqlcipher3.Connection) -> None:
    # Realistic surrogates beside the tokens: one original may have both (a token for an
    # escalation payload, a surrogate in a de-identified copy), so they get their own table.
    # Keys are the folded spellings: "JOHN SMITH" and "John Smith" are one person.
    _script(
        c,
        """
        CREATE TABLE surrogate_cases (
            case_id TEXT PRIMARY KEY, secret BLOB NOT NULL, date_shift_days INTEGER NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE surrogates (
            case_id TEXT NOT NULL, entity_type TEXT NOT NULL, original_key TEXT NOT NULL,
            original TEXT NOT NULL, surrogate TEXT NOT NULL, surrogate_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (case_id, entity_type, original_key), UNIQUE (case_id, surrogate_key));
        """
    )


def _m004_redaction_marks(c: sqlcipher3.Connection) -> None:
    # A reviewer's changes to what a redacted export removes (app/core/privacy/redaction/marks):
    # drawn boxes, added terms, detected phrases kept. Per document; gone with the document.
    _script(
        c,
        """
        CREATE TABLE redaction_marks (
            id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL, page INTEGER NOT NULL DEFAULT 0, rect TEXT, text TEXT NOT NULL
            DEFAULT '', type TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE INDEX redaction_marks_doc ON redaction_marks(doc_id);
        """
    )


MIGRATIONS: list[Migration] = [_m001_core, _m002_audit, _m003_surrogates, _m004_redaction_marks]


def current_version(db: Database) -> int:
    row = db.query_one("SELECT max(version) FROM schema_migrations")
    return int(row[0] or 0)


def migrate(db: Database, migrations: list[Migration] | None = None) -> list[int]:
    """Apply pending migrations in order; returns the versions applied now."""
    migrations = MIGRATIONS if migrations is None else migrations
    with db.tx() as c:
        c.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
    applied: list[int] = []
    for version, fn in enumerate(migrations, start=1):
        if version <= current_version(db):
            continue
        # One transaction per step: a crash leaves the schema at a whole version.
        with db.tx() as c:
            fn(c)
            now = datetime.now(UTC).isoformat()
            c.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version, now))
        applied.append(version)
    return applied

"""Helpers shared by the store and audit tests (imported as `tests.unit.store.support`)."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from app.core.documents import (
    Document,
    FieldValue,
    Finding,
    Page,
    ProcessResult,
    RouteDecision,
    Summary,
    TextSpan,
)
from app.core.store import db as dbmod
from app.core.store.keys import Header, KdfParams
from app.core.workspace import Workspace

PASS = "correct horse battery staple"
FAST = KdfParams.fast()


def new_ws(data_dir: Path, passphrase: str = PASS) -> Workspace:
    return Workspace.create(data_dir, passphrase, kdf=FAST)


def make_result(i: int, text: str = "", name: str = "") -> tuple[ProcessResult, bytes]:
    """A small two-page ProcessResult whose bytes (and so id) are unique per `i`."""
    original = f"original bytes of document {i}: {text}".encode()
    body = text or f"Patient record {i}"
    doc = Document(
        name=name or f"doc{i}.txt", kind="text", sha256=Document.digest(original),
        size=len(original),
        pages=[Page(number=1, text=body), Page(number=2, text=f"page two of {i}")],
    )
    fields = {
        "patient": FieldValue("patient", body[:40], 0.91234, [TextSpan(1, 0, min(40, len(body)))]),
        "codes": FieldValue("codes", ["A", "B"], 0.5, [[TextSpan(2, 0, 1)], [TextSpan(2, 2, 3)]]),
    }
    result = ProcessResult(
        document=doc, profile="generic", fields=fields,
        summary=Summary(text=f"Summary: {body}", citations=[1]),
        pii=[Finding("PERSON", 1, 0, 5, 0.85, "spacy"), Finding("US_SSN", 2, 1, 4, 0.99)],
        route=RouteDecision("local", ["confident"]),
    )
    return result, original


def raw_connection(data_dir: Path, passphrase: str = PASS) -> sqlcipher3.Connection:
    """A connection that bypasses the Workspace (and drops the append-only triggers), as an
    attacker who knows the passphrase could: for tamper tests."""
    key = Header.read(data_dir / "enclave.header").unlock(passphrase)
    assert key is not None
    conn = dbmod.connect(data_dir / "enclave.db", key)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    return conn

"""100 canary strings go in through documents, fields, summary and vault; none may be found in
plaintext anywhere on disk: database, WAL, SHM, header, checkpoint, exports, temp files."""

from __future__ import annotations

import secrets
import tempfile
from pathlib import Path

from app.core import actions
from app.core.workspace import Workspace
from tests.unit.store.support import PASS, make_result, new_ws


def _encodings(s: str) -> list[bytes]:
    return [s.encode("utf-8"), s.encode("utf-16-le"), s.encode("utf-16-be")]


def _scan(paths: list[Path], canaries: list[str]) -> list[tuple[str, str]]:
    hits = []
    for path in paths:
        data = path.read_bytes()
        for c in canaries:
            if any(enc in data for enc in _encodings(c)):
                hits.append((path.name, c))
    return hits


def _files(*dirs: Path) -> list[Path]:
    return [p for d in dirs for p in d.rglob("*") if p.is_file()]


def test_no_canary_reaches_disk_in_plaintext(tmp_path, monkeypatch) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    # Point every temp-file mechanism (Python, SQLite's unix VFS) at a directory we can scan.
    for var in ("TMPDIR", "SQLITE_TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    canaries = [f"CANARY{secrets.token_hex(8)}" for _ in range(100)]
    d = tmp_path / "ws"
    ws = new_ws(d)
    for i, c in enumerate(canaries):
        result, original = make_result(i, text=f"Patient {c} presented with", name=f"{c}.txt")
        result.fields["patient"].value = c
        result.fields["patient"].normalized = c.lower()
        result.summary.text = f"The record of {c} shows nothing notable."
        ws.save_result(result, original)
        ws.vault.put(f"case{i % 7}", "PERSON", c, f"<PERSON_{i}>")
        ws.audit.record(actions.VIEW, "document", result.document.id)
    ws.settings.set("recent.note", canaries[0])
    # A big sort forces SQLite to spill to temp storage if it were going to.
    ws._db.query("SELECT p.text FROM pages p, vault v ORDER BY p.text || v.original LIMIT 5")
    exports = tmp_path / "exports"
    exports.mkdir()
    for fmt in ("csv", "jsonl", "pdf"):
        ws.audit.export(fmt, exports / f"audit.{fmt}")
    ws.record_of_processing(exports / "ropa.md")
    while_open = _files(d, tmp, exports)
    assert {"enclave.db-wal", "enclave.db-shm"} <= {p.name for p in while_open}
    assert _scan(while_open, canaries) == []
    ws.close()
    assert _scan(_files(d, tmp, exports), canaries) == []
    # The data really is in there: the canaries come back out through the key.
    with Workspace.open(d, PASS) as ws2:
        assert ws2.vault.lookup("case0", "<PERSON_0>") == canaries[0]
        assert canaries[99] in ws2.documents.get(ws2.documents.list()[-1].id).text

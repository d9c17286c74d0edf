"""Tampering with the audit log is detected every time, and untouched logs never alarm.

100 each: byte flips in exported files (csv, jsonl, pdf), row deletion, reordering, value
edits and tail truncation in the database, by someone who has the passphrase and drops the
append-only triggers; plus 100 untouched round trips that must verify.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from app.core import actions
from app.core.audit import verify_export
from app.core.workspace import Workspace
from tests.unit.store.support import PASS, make_result, new_ws, raw_connection

N = 100
COLS = ("ts", "actor", "action", "object_type", "object_id", "outcome", "details",
        "prev_hash", "hmac")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("tamper") / "ws"
    with new_ws(d) as ws:
        for i in range(5):
            ws.save_result(*make_result(i))
        for i in range(40):
            ws.audit.record(actions.VIEW, "document", f"d{i}", n=i)
    return d


def _copy(base: Path, tmp: Path, k: int) -> Path:
    d = tmp / f"c{k}"
    shutil.copytree(base, d)
    return d


def _verify(d: Path):
    with Workspace.open(d, PASS) as ws:
        return ws.audit.verify()


def _count(conn) -> int:
    return conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]


def _delete(conn, rng) -> None:
    conn.execute("DELETE FROM audit_log WHERE seq = ?", (rng.randint(1, _count(conn)),))


def _reorder(conn, rng) -> None:
    a, b = rng.sample(range(1, _count(conn) + 1), 2)
    conn.execute("UPDATE audit_log SET seq = -1 WHERE seq = ?", (a,))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (a, b))
    conn.execute("UPDATE audit_log SET seq = ? WHERE seq = -1", (b,))


def _edit(conn, rng) -> None:
    seq, col = rng.randint(1, _count(conn)), rng.choice(COLS)
    old = conn.execute(f"SELECT {col} FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0]
    pos = rng.randrange(len(old)) if old else 0
    new = (old[:pos] + chr((ord(old[pos]) % 94) + 33 if old[pos] != "~" else 34) + old[pos + 1:]
           if old else "x")
    assert new != old
    conn.execute(f"UPDATE audit_log SET {col} = ? WHERE seq = ?", (new, seq))


def _truncate(conn, rng) -> None:
    n = _count(conn)
    conn.execute("DELETE FROM audit_log WHERE seq > ?", (n - rng.randint(1, 10),))


@pytest.mark.slow
@pytest.mark.parametrize("tamper", [_delete, _reorder, _edit, _truncate],
                         ids=["delete", "reorder", "edit", "truncate"])
def test_database_tampering_is_always_detected(base, tmp_path, tamper) -> None:
    rng = random.Random(tamper.__name__)
    d = tmp_path / "c"
    for k in range(N):
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(base, d)
        conn = raw_connection(d)
        with conn:
            tamper(conn, rng)
        conn.close()
        report = _verify(d)
        assert not report.ok, f"{tamper.__name__} #{k} went undetected"


@pytest.mark.slow
def test_byte_flips_in_exports_are_always_detected(base, tmp_path) -> None:
    rng = random.Random(7)
    with Workspace.open(base, PASS) as ws:
        exports = {fmt: tmp_path / f"audit.{fmt}" for fmt in ("csv", "jsonl", "pdf")}
        for fmt, path in exports.items():
            ws.audit.export(fmt, path)
        clean = {fmt: p.read_bytes() for fmt, p in exports.items()}
        for k in range(N):
            fmt = ("csv", "jsonl", "pdf")[k % 3]
            path, data = exports[fmt], bytearray(clean[fmt])
            pos = rng.randrange(len(data))
            data[pos] ^= rng.randint(1, 255)
            path.write_bytes(bytes(data))
            assert not verify_export(path).ok, f"flip #{k} in {fmt} at {pos}"
            assert not ws.audit.verify_export(path).ok
        for fmt, path in exports.items():
            path.write_bytes(clean[fmt])
            assert verify_export(path).ok and ws.audit.verify_export(path).ok


@pytest.mark.slow
def test_no_false_alarms_on_untouched_logs(base, tmp_path) -> None:
    rng = random.Random(3)
    d = _copy(base, tmp_path, 0)
    for k in range(N):
        with Workspace.open(d, PASS) as ws:
            for _ in range(rng.randint(0, 3)):
                ws.audit.record(rng.choice([actions.VIEW, actions.EXTRACT, actions.CORRECT]),
                                "document", f"d{rng.randint(0, 99)}", n=k)
            if k % 10 == 0:
                ws.save_result(*make_result(1000 + k))
            report = ws.audit.verify()
            assert report.ok, f"false alarm #{k}: {report}"
        if k % 25 == 0:
            with Workspace.open(d, PASS) as ws:
                out = tmp_path / f"e{k}.jsonl"
                ws.audit.export("jsonl", out)
                assert verify_export(out).ok and ws.audit.verify_export(out).ok

"""Crash safety: a child writing documents and audit entries is SIGKILLed at random moments,
100 times; after every kill the workspace opens, passes cipher_integrity_check, holds every
commit the child acknowledged, and its audit chain verifies."""

from __future__ import annotations

import os
import random
import select
import signal
import time

import pytest

from app.core import actions
from app.core.workspace import Workspace
from tests.unit.store.support import PASS, make_result, new_ws

KILLS = 100


def _child(d, w: int, start: int) -> None:
    # Runs in a forked process: never returns into pytest.
    try:
        ws = Workspace.open(d, PASS)
        i = start
        while True:
            doc_id = ws.save_result(*make_result(i))
            ws.audit.record(actions.VIEW, "document", doc_id, n=i)
            if i % 5 == 0:
                ws.audit.write_checkpoint()  # also kill during the checkpoint file swap
            os.write(w, f"{doc_id}\n".encode())  # acknowledged only after both commits
            i += 1
    finally:
        os._exit(0)


def _drain(r: int) -> bytes:
    out = b""
    while select.select([r], [], [], 0)[0]:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        out += chunk
    return out


@pytest.mark.slow
def test_sigkill_at_random_moments(tmp_path) -> None:
    rng = random.Random(1234)
    d = tmp_path / "ws"
    new_ws(d).close()
    acked: set[str] = set()
    t0 = time.monotonic()
    for k in range(KILLS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _child(d, w, start=k * 100_000)
        os.close(w)
        time.sleep(rng.uniform(0.0, 0.12))  # sometimes mid-open, sometimes mid-write
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acked.update(x for x in _drain(r).decode().split("\n") if x)
        os.close(r)
        with Workspace.open(d, PASS) as ws:
            assert ws.integrity_check() == [], f"kill {k}"
            missing = [a for a in acked if not ws.documents.exists(a)]
            assert not missing, f"kill {k}: acknowledged documents lost: {missing[:3]}"
            report = ws.audit.verify()
            assert report.ok, f"kill {k}: {report}"
    assert len(acked) > KILLS  # the children did real work between kills
    assert time.monotonic() - t0 < 90


@pytest.mark.slow
def test_sigkill_during_rekey(tmp_path) -> None:
    """Kill a passphrase change at random points: the workspace always opens with the new
    passphrase or (if the change had not begun) the old one, with its data and chain intact."""
    rng = random.Random(99)
    base = tmp_path / "base"
    with new_ws(base) as ws:
        for i in range(20):
            ws.save_result(*make_result(i))
    import shutil

    outcomes = {"old": 0, "new": 0, "mid-change": 0}
    for k in range(20):
        d = tmp_path / f"ws{k}"
        shutil.copytree(base, d)
        pid = os.fork()
        if pid == 0:
            try:
                Workspace.open(d, PASS).rekey(f"new-{k}")
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        outcomes["mid-change"] += (d / "enclave.header.pending").exists()
        for name, pw in (("new", f"new-{k}"), ("old", PASS)):
            try:
                ws = Workspace.open(d, pw)
            except Exception:
                continue
            with ws:
                assert ws.documents.count() == 20 and ws.integrity_check() == []
                assert ws.audit.verify().ok
            outcomes[name] += 1
            break
        else:
            pytest.fail(f"kill {k}: opens with neither passphrase")
    print("rekey kill outcomes:", outcomes)
    assert outcomes["old"] + outcomes["new"] == 20

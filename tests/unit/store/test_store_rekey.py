from __future__ import annotations

import pytest

from app.core.errors import WrongPassphrase
from app.core.store import rekey as rk
from app.core.store.keys import Header
from app.core.workspace import Workspace
from tests.unit.store.support import FAST, PASS, make_result, new_ws

NEW = "a brand new passphrase"


def test_rekey_then_only_new_passphrase_opens(tmp_path) -> None:
    d = tmp_path / "ws"
    with new_ws(d) as ws:
        doc_id = ws.save_result(*make_result(1))
        ws.rekey(NEW)
        ws.save_result(*make_result(2))  # the workspace keeps working on the new key
        assert ws.audit.verify().ok
    with pytest.raises(WrongPassphrase):
        Workspace.open(d, PASS)
    with Workspace.open(d, NEW) as ws:
        assert ws.documents.get(doc_id) is not None and ws.documents.count() == 2
        assert ws.audit.verify().ok and ws.integrity_check() == []
    assert not (d / rk.JOURNAL).exists() and not (d / rk.COPY).exists()


def _crash_after(d, step: int) -> None:
    """Run the rekey steps by hand and stop after `step` (simulating a crash there)."""
    ws = new_ws(d)
    ws.save_result(*make_result(1))
    old_key = ws._key
    header, new_key = Header.new(NEW, FAST)
    rk.begin(d, old_key, header, new_key)
    if step >= 2:
        rk.copy_under(ws._db, d, new_key)
    ws._db.close()  # the process dies: no close entry, no checkpoint
    if step >= 3:
        rk.swap_in(d)
    if step >= 4:
        header.write(d / rk.HEADER)  # died before deleting the journal


@pytest.mark.parametrize("step", [1, 2, 3, 4])
@pytest.mark.parametrize("passphrase", [PASS, NEW])
def test_interrupted_rekey_rolls_forward(tmp_path, step: int, passphrase: str) -> None:
    d = tmp_path / "ws"
    _crash_after(d, step)
    if step == 4 and passphrase == PASS:
        # The new header is already in place: the change is complete, the old one is gone.
        with pytest.raises(WrongPassphrase):
            Workspace.open(d, passphrase)
        passphrase = NEW
    with Workspace.open(d, passphrase) as ws:
        assert ws.documents.count() == 1 and ws.integrity_check() == []
        assert ws.audit.verify().ok
    assert not (d / rk.JOURNAL).exists() and not (d / rk.COPY).exists()
    # After recovery the new passphrase is the one.
    Workspace.open(d, NEW).close()
    with pytest.raises(WrongPassphrase):
        Workspace.open(d, PASS)

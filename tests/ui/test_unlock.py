"""First run (create with strength meter and confirmation), unlock, and a wrong passphrase that
leaves the dialog open and the workspace untouched."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.core import actions
from app.core.workspace import KdfParams, Workspace
from app.ui.strength import estimate
from app.ui.unlock import UnlockDialog

from .conftest import PASSPHRASE


def _dialog(qtbot, data_dir: Path) -> UnlockDialog:  # noqa: ANN001
    dialog = UnlockDialog(data_dir, kdf=KdfParams.fast())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_strength_estimate_orders_passphrases() -> None:
    scores = [estimate(p).score for p in ("", "password1", "Tr0ub4dor", PASSPHRASE)]
    assert scores == sorted(scores) and scores[0] == 0 and scores[-1] >= 3
    assert not estimate("password123").acceptable


def test_first_run_create_then_unlock_with_a_wrong_passphrase_first(qtbot, tmp_path) -> None:  # noqa: ANN001
    data_dir = tmp_path / "ws"
    create = _dialog(qtbot, data_dir)
    assert create.creating and not create.ok.isEnabled()
    qtbot.keyClicks(create.passphrase, "abc")
    assert create.meter.value() <= 1 and not create.ok.isEnabled()
    create.passphrase.clear()
    qtbot.keyClicks(create.passphrase, PASSPHRASE)
    qtbot.keyClicks(create.confirm, PASSPHRASE + "x")
    assert not create.ok.isEnabled(), "mismatched confirmation must block creation"
    assert "match" in create.hint.text()
    create.confirm.setText(PASSPHRASE)
    assert create.ok.isEnabled() and create.meter.value() >= 3
    qtbot.mouseClick(create.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: create.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert Workspace.exists(data_dir)
    create.workspace.close()  # type: ignore[union-attr]

    unlock = _dialog(qtbot, data_dir)
    assert not unlock.creating and not unlock.confirm.isVisible()
    qtbot.keyClicks(unlock.passphrase, "not the passphrase")
    qtbot.mouseClick(unlock.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(unlock.error.isVisible, timeout=20_000)
    assert "passphrase" in unlock.error.text().lower()
    assert unlock.result() != QDialog.DialogCode.Accepted and unlock.isVisible()
    assert unlock.passphrase.isEnabled(), "the user can retry at once"

    unlock.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(unlock.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: unlock.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    ws = unlock.workspace
    try:
        failures = [e for e in ws.audit.entries()  # type: ignore[union-attr]
                    if e.action == actions.UNLOCK and e.outcome == "failure"]
        assert len(failures) == 1, "the failed attempt is in the audit chain"
        assert ws.audit.verify().ok  # type: ignore[union-attr]
    finally:
        ws.close()  # type: ignore[union-attr]

"""A tampered log turns Verify red and selects the first bad entry (no model needed)."""

from __future__ import annotations

from app.core import actions
from app.core.workspace import KdfParams, Workspace
from app.ui.panels.audit import AuditPanel

from .conftest import PASSPHRASE


def test_verify_shows_first_bad_entry(qtbot, tmp_path) -> None:  # noqa: ANN001
    ws = Workspace.create(tmp_path / "ws", PASSPHRASE, kdf=KdfParams.fast())
    try:
        for i in range(4):
            ws.audit.record(actions.VIEW, "document", f"doc{i}")
        bad_seq = ws.audit.entries()[3].seq
        # An attacker with the key drops the append-only trigger and edits one row in place;
        # the hash chain must still notice.
        with ws._db.tx() as c:
            c.execute("DROP TRIGGER audit_no_update")
            c.execute("UPDATE audit_log SET object_id = 'docX' WHERE seq = ?", (bad_seq,))
        panel = AuditPanel(ws)
        qtbot.addWidget(panel)
        panel.reload()
        with qtbot.waitSignal(panel.verified, timeout=20_000) as blocker:
            panel.verify()
        report = blocker.args[0]
        assert not report.ok and report.first_bad == bad_seq
        assert panel.status.property("state") == "bad"
        assert f"#{bad_seq}" in panel.status.text()
        selected = panel.table.selectionModel().selectedRows()
        assert selected and panel.proxy.data(selected[0]) == str(bad_seq)
    finally:
        ws.close()

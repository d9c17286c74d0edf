"""The audit panel reads as an auditor would: time, who, actions in words, document names
beside ids; Verify says what held; export carries names only when the box is ticked."""

from __future__ import annotations

import fitz
from PySide6.QtCore import Qt

from app.core import actions
from app.core.workspace import KdfParams, Workspace
from app.ui.panels.audit import COLUMNS, AuditPanel
from tests.unit.store.support import make_result

from .conftest import PASSPHRASE


def _cell(panel: AuditPanel, row: int, column: str) -> str:
    return panel.proxy.index(row, COLUMNS.index(column)).data()


def test_panel_shows_names_words_and_verification(qtbot, tmp_path) -> None:  # noqa: ANN001
    ws = Workspace.create(tmp_path / "ws", PASSPHRASE, kdf=KdfParams.fast())
    try:
        result, original = make_result(1, name="discharge-summary.pdf")
        doc_id = ws.save_result(result, original)
        ws.audit.record(actions.EXPORT, "document", doc_id, kind="redacted_pdf",
                        sha256="ab" * 32, counts={"PERSON": 3, "PHONE_NUMBER": 1})
        ws.audit.record("document.archive", "document", doc_id)  # a newer version's action
        panel = AuditPanel(ws)
        qtbot.addWidget(panel)
        panel.reload()
        headings = [panel.model.headerData(i, Qt.Orientation.Horizontal)
                    for i in range(panel.model.columnCount())]
        assert headings == ["#", "Time", "Who", "Action", "Document", "Details"]
        last = panel.proxy.rowCount() - 1
        assert _cell(panel, last, "Action") == "Document: archive"
        export = last - 1
        assert _cell(panel, export, "Action") == "Exported redacted PDF"
        assert _cell(panel, export, "Document") == f"discharge-summary.pdf ({doc_id})"
        assert "3 person names, 1 phone number" in _cell(panel, export, "Details")
        assert _cell(panel, export, "Time")[:2] == "20" and "T" not in _cell(panel, export, "Time")

        panel.filter.setText("data.export")  # the recorded code still finds the row
        assert panel.proxy.rowCount() == 1
        panel.filter.setText("discharge-summary")  # ...and so does the name
        assert panel.proxy.rowCount() == 4  # ingest, extract, export, archive
        panel.filter.setText("")

        with qtbot.waitSignal(panel.verified, timeout=20_000) as blocker:
            panel.verify()
        assert blocker.args[0].ok and blocker.args[0].checkpoint.ok
        assert panel.status.property("state") == "ok"
        assert "Intact" in panel.status.text() and "signed checkpoint matches" in panel.status.text()

        out = tmp_path / "audit.pdf"
        with qtbot.waitSignal(panel.exported, timeout=30_000):
            panel.export("pdf", out)
        with fitz.open(out) as pdf:
            assert "discharge-summary.pdf" in pdf[0].get_text()
        panel.names_box.setChecked(False)
        with qtbot.waitSignal(panel.exported, timeout=30_000):
            panel.export("pdf", tmp_path / "ids.pdf")
        with fitz.open(tmp_path / "ids.pdf") as pdf:
            text = "".join(p.get_text() for p in pdf)
        assert doc_id in text and "discharge-summary" not in text
    finally:
        ws.close()

"""After Unlock the main window paints first and fills in after: the app's own `run_gui`, the
unlock accepted by a timer; at the first paint the document list is still empty, then the
stored documents appear, and the model warm-up starts only after the paint. (How fast the
paint comes is measured in bench.ui, not asserted here.)"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from .conftest import PASSPHRASE, PATIENT_TEXT, make_pdf


def _workspace_with_a_document(data_dir: Path, analyzer: Any, tmp: Path) -> None:
    from app.core.pipeline import Pipeline, PipelineOptions
    from app.core.workspace import KdfParams, Workspace

    ws = Workspace.create(data_dir, PASSPHRASE, kdf=KdfParams.fast())
    Pipeline(analyzer=analyzer, workspace=ws).process(
        make_pdf(tmp / "discharge.pdf", PATIENT_TEXT), PipelineOptions(use_model=False))
    ws.close()


def test_window_paints_before_its_panels_fill(qapp, pii_analyzer, tmp_path: Path,  # noqa: ANN001
                                               monkeypatch) -> None:  # noqa: ANN001
    from app.ui import app as appmod
    from app.ui.main_window import MainWindow
    from app.ui.unlock import UnlockDialog

    data_dir = tmp_path / "ws"
    _workspace_with_a_document(data_dir, pii_analyzer, tmp_path)
    order: list[str] = []
    at_paint: dict[str, Any] = {}
    warm_up = MainWindow.warm_up
    monkeypatch.setattr(MainWindow, "warm_up", lambda self: (order.append("warm-up"),
                                                             warm_up(self))[1])
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own

    class Watch(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Show and isinstance(obj, UnlockDialog) \
                    and "shown" not in order:
                order.append("shown")

                def unlock() -> None:
                    obj.passphrase.setText(PASSPHRASE)
                    obj.ok.click()

                QTimer.singleShot(50, unlock)
            elif event.type() == QEvent.Type.Paint and isinstance(obj, MainWindow) \
                    and "painted" not in order:
                order.append("painted")
                at_paint.update(rows=obj.documents.model.rowCount(), window=obj)
                QTimer.singleShot(0, lambda: listed(obj))
            return False

    def listed(window: MainWindow) -> None:
        if window.documents.model.rowCount() == 1 and "warm-up" in order:
            order.append("listed")
            QApplication.instance().exit(0)
        else:  # not yet: look again (the guard below ends a run that never gets there)
            QTimer.singleShot(10, lambda: listed(window))

    watch = Watch()
    qapp.installEventFilter(watch)
    guard = QTimer(singleShot=True, interval=120_000)
    guard.timeout.connect(lambda: QApplication.instance().exit(1))  # never hang the suite
    guard.start()
    try:
        assert appmod.run_gui([], data_dir=data_dir) == 0
    finally:
        guard.stop()
        qapp.removeEventFilter(watch)
        qapp.setQuitOnLastWindowClosed(False)
    assert order[:2] == ["shown", "painted"], order
    assert at_paint["rows"] == 0  # painted before the list was read
    assert order.index("painted") < order.index("warm-up") < order.index("listed")

"""`run_gui(argv) -> int`: the desktop app's entry point (called by `python -m app`).

Flow: QApplication → unlock (or first-run create) → main window, painted first and filled in
after (app.ui.startup: the document list, the tier check, then the model's warm-up) → on lock
(Ctrl+L or inactivity) the window goes away, the workspace closes (its key leaves memory) and
the unlock dialog returns.
"""

from __future__ import annotations

import gc
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from app.core.paths import default_data_dir
from app.core.settings import LOCK_MINUTES
from app.ui import theme
from app.ui.idle_lock import IdleLock
from app.ui.jobs import wait_for_lanes
from app.ui.main_window import MainWindow
from app.ui.session import Session
from app.ui.unlock import UnlockDialog

LOCKED = 3  # QApplication.exit code meaning "locked, show the unlock dialog again"


def make_app(argv: list[str]) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    # Qt 6 scales for high DPI by default; pass fractional factors through (125%, 150%)
    # instead of rounding, which makes text blurry or too large on laptops.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName("Enclave")
    QCoreApplication.setApplicationName("Enclave")
    app = QApplication(argv)
    app.setApplicationDisplayName("Enclave")
    theme.apply(app)
    return app


def _install_excepthook() -> None:
    """An unexpected error in a slot becomes one sentence in the window, not a dead app."""

    def hook(et: type[BaseException], e: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(et, e, tb)
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                w.show_error(e)

    sys.excepthook = hook


_frozen = False  # preload() has exempted the app's long-lived objects from the GC


def preload() -> None:
    """Start the analyzer's worker process, and import on the GUI thread what the first
    document would otherwise import on the model lane. Called once the unlock dialog is up,
    while the user types: an import holds the GIL for its whole `marshal.loads` and module
    body (PyMuPDF's SWIG module alone ~100 ms under load), which on a worker thread would
    freeze the main window mid-batch instead."""
    # deferred: importing these here, on the GUI thread while the dialog waits, is the point
    from app.core.privacy.isolated import shared_isolated_analyzer

    shared_isolated_analyzer().warm()
    # deferred: as above (the sandbox's parent side imports PyMuPDF)
    import app.core.ingest  # noqa: F401
    import app.core.pipeline  # noqa: F401

    # The main window's first stages after its paint: the tier check imports the egress choke
    # point (httpx, ~0.3 s) and parses the built-in profiles (YAML, ~0.1 s).
    # deferred: as above
    import app.core.routing.egress  # noqa: F401
    from app.core.extract.profiles import builtin_profiles

    builtin_profiles()

    try:  # the model's warm-up would import it on the model lane (dlopen, numpy)
        import llama_cpp  # noqa: F401 - deferred: as above
    except ImportError:  # reported when the model loads, as one sentence
        pass
    # The app's imports leave ~100,000 objects that the cyclic GC walks in each full
    # collection (36-46 ms here); the next one fell due while the main window was built after
    # a quick unlock (36 ms of a 139 ms build, measured). Collect now, while the dialog waits,
    # then exempt what survives (modules, classes, constants that live as long as the app)
    # from every later collection.
    global _frozen
    if not _frozen:  # once: after a lock, what lives then is the session's, not the app's
        _frozen = True
        gc.collect()
        gc.freeze()


def run_gui(argv: list[str], data_dir: Path | None = None) -> int:
    started = time.perf_counter()
    app = make_app(argv)
    _install_excepthook()
    data_dir = Path(data_dir or default_data_dir())
    while True:
        dialog = UnlockDialog(data_dir)
        dialog.show()
        app.processEvents()  # painted before the preload below holds the GUI thread
        QTimer.singleShot(0, preload)  # imports are cached: only the first time costs
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.workspace is None:
            return 0
        session = Session(dialog.workspace)
        window = MainWindow(session)
        minutes = LOCK_MINUTES.get(session.workspace)
        idle = IdleLock(minutes, busy=lambda w=window: w.queue.pending() > 0, parent=window)
        app.installEventFilter(idle)
        idle.idle.connect(window.lock_requested)
        window.lock_requested.connect(lambda: app.exit(LOCKED))
        window.show()
        print(f"enclave: window shown {time.perf_counter() - started:.2f} s after start",
              file=sys.stderr)
        app.setQuitOnLastWindowClosed(True)
        code = app.exec()
        app.removeEventFilter(idle)
        window.queue.cancel_all()
        wait_for_lanes()  # a running document finishes its stage; nothing writes after close
        window.hide()
        window.deleteLater()
        session.close()
        if code != LOCKED:
            return code
        started = time.perf_counter()

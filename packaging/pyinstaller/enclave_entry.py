"""The frozen app's entry point: the GUI without arguments, the CLI with them.

`freeze_support()` first: the ingest sandbox starts its workers with multiprocessing's
'spawn', which in a frozen app re-runs this executable with a marker argument.
`ENCLAVE_SMOKE=gui` opens the unlock dialog, pumps events briefly and quits: the build's smoke
test (run with QT_QPA_PLATFORM=offscreen), proving Qt's plugins, the style sheet and the icon
were collected.
"""

from __future__ import annotations

import multiprocessing
import os
import sys


def smoke_gui() -> int:
    from pathlib import Path
    from tempfile import mkdtemp

    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon

    from app.core.paths import RESOURCES_DIR
    from app.ui.app import make_app
    from app.ui.unlock import UnlockDialog

    app = make_app(sys.argv[:1])
    icon = QIcon(str(RESOURCES_DIR / "icons" / "enclave.svg"))
    dialog = UnlockDialog(Path(mkdtemp(prefix="enclave-smoke-")) / "ws")
    dialog.setWindowIcon(icon)
    dialog.show()
    seen: list[bool] = []

    def check_and_quit() -> None:  # before quit(): Qt 6 closes every window on quit
        seen.append(dialog.isVisible() and dialog.width() > 0)
        app.quit()

    QTimer.singleShot(1500, check_and_quit)
    app.exec()
    ok = bool(seen and seen[0]) and not icon.isNull()
    print(f"enclave: GUI smoke {'ok' if ok else 'FAILED'} (platform {app.platformName()})")
    return 0 if ok else 1


def main() -> int:
    multiprocessing.freeze_support()
    if os.environ.get("ENCLAVE_SMOKE") == "gui":
        from app.core import netguard

        netguard.install()
        return smoke_gui()
    from app.__main__ import main as app_main

    return app_main()


if __name__ == "__main__":
    sys.exit(main())

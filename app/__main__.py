"""`python -m app`: the desktop app; `python -m app <command>`: the CLI."""

from __future__ import annotations

import os
import sys

from app.core import netguard

netguard.install()  # first: nothing may reach the network before the guard is up


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main() -> int:
    if len(sys.argv) > 1:
        from app.cli import main as cli_main  # deferred: the GUI start needs no argparse tree

        return cli_main(sys.argv[1:])
    if not has_display():
        print(
            "Enclave's desktop app needs a display, and none was found (no DISPLAY or "
            "WAYLAND_DISPLAY).\nRun `make demo` for a headless run over the sample documents, or "
            "`enclave process FILE` for the CLI.",
            file=sys.stderr,
        )
        return 2
    from app.ui.app import run_gui  # deferred: PySide6, never loaded for the CLI

    return run_gui(sys.argv)


if __name__ == "__main__":
    sys.exit(main())

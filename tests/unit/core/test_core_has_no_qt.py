"""`app.core` is the product; Qt is only one front end. Importing every core module must not
import PySide6 (checked in a fresh interpreter, so other tests' imports cannot hide it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import importlib, pkgutil, sys
import app.core as core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "app.core.")]
for name in names:
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"})
print(len(names), qt)
sys.exit(1 if qt else 0)
"""


def test_every_core_module_imports_without_qt() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    count = int(proc.stdout.split()[0])
    assert count >= 20  # the probe really walked the package

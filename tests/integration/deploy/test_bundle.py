"""The offline bundle installs and runs with no network (`make check-bundle` as a test).

Minutes long (it builds the bundle, then installs ~90 wheels into a fresh venv), and needs root
for `unshare -n`: skipped unless ENCLAVE_BUNDLE_TEST=1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from app.core.paths import PROJECT_ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("ENCLAVE_BUNDLE_TEST") != "1",
                       reason="minutes long: set ENCLAVE_BUNDLE_TEST=1 (or run make check-bundle)"),
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0
                       or not shutil.which("unshare"),
                       reason="needs root and unshare for a namespace without network"),
]


@pytest.mark.timeout(1800)
def test_bundle_installs_offline_and_processes_a_sample() -> None:
    build = subprocess.run([sys.executable, str(PROJECT_ROOT / "packaging" / "build_bundle.py")],
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-4000:]
    check = subprocess.run(["bash", str(PROJECT_ROOT / "packaging" / "check_bundle.sh")],
                           capture_output=True, text=True)
    out = check.stdout + check.stderr
    assert check.returncode == 0, out[-6000:]
    assert "no network in this namespace" in out
    assert "All" in out and "checks passed" in out  # enclave doctor
    assert "receipt total" in out  # enclave process

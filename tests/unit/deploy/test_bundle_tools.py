"""The offline bundle's building blocks, fast: wheel repacking, the checksum list, the scripts."""

from __future__ import annotations

import base64
import csv
import hashlib
import importlib.metadata as md
import importlib.util
import subprocess
import zipfile
from pathlib import Path

import pytest

from app.core.paths import PROJECT_ROOT

PACKAGING = PROJECT_ROOT / "packaging"


@pytest.fixture(scope="module")
def bb():  # packaging/build_bundle.py (not a package: `packaging` is also a PyPI name)
    spec = importlib.util.spec_from_file_location("enclave_build_bundle",
                                                  PACKAGING / "build_bundle.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_repacked_wheel_holds_the_installed_files_with_a_fresh_record(bb, tmp_path: Path) -> None:
    dist = md.distribution("platformdirs")
    pkg = {"name": "platformdirs", "version": dist.version, "path": str(dist._path)}
    wheel = bb.repack_installed(pkg, tmp_path)
    assert wheel.name.startswith(f"platformdirs-{dist.version}-") and wheel.suffix == ".whl"
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
        rows = list(csv.reader(zf.read(record_name).decode().splitlines()))
        assert {r[0] for r in rows} == names
        for path, digest, size in rows:
            if path == record_name:
                continue
            data = zf.read(path)
            want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={want}" and int(size) == len(data)
    assert "platformdirs/__init__.py" in names
    assert not any(n.endswith((".pyc", "/INSTALLER", "/direct_url.json")) for n in names)


def test_sha256sums_cover_every_file(bb, tmp_path: Path) -> None:
    (tmp_path / "wheelhouse").mkdir()
    (tmp_path / "wheelhouse" / "a.whl").write_bytes(b"a")
    (tmp_path / "install").write_text("#!/bin/sh\n")
    bb.write_sums(tmp_path)
    r = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=tmp_path)
    assert r.returncode == 0
    (tmp_path / "install").write_text("tampered\n")
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=tmp_path,
                          capture_output=True).returncode != 0


@pytest.mark.parametrize("script", ["install.sh", "check_bundle.sh", "pyinstaller/build.sh",
                                    "macos/build.sh"])
def test_shell_scripts_parse(script: str) -> None:
    assert subprocess.run(["bash", "-n", str(PACKAGING / script)]).returncode == 0


def test_pyinstaller_spec_and_entry_compile() -> None:
    compile((PACKAGING / "pyinstaller" / "enclave.spec").read_text(), "enclave.spec", "exec")
    compile((PACKAGING / "pyinstaller" / "enclave_entry.py").read_text(), "entry", "exec")


def test_desktop_entry_and_icon() -> None:
    entry = (PACKAGING / "linux" / "enclave.desktop").read_text()
    assert "Exec=enclave-gui" in entry and "Icon=enclave" in entry
    svg = (PROJECT_ROOT / "resources" / "icons" / "enclave.svg").read_text()
    assert svg.startswith("<svg") and "</svg>" in svg

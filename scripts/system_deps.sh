#!/usr/bin/env bash
# Debian packages Enclave needs: Tesseract for OCR, Xvfb for screenshots, the X/EGL libraries Qt
# loads even offscreen. As root (CI) we install what is missing; otherwise we say what to install.
set -euo pipefail
pkgs=(tesseract-ocr tesseract-ocr-eng xvfb xauth libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0
      libfontconfig1 libdbus-1-3 libxcb-cursor0 libglib2.0-0 libxcb-icccm4 libxcb-keysyms1
      libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-xkb1 libxcb-image0)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing Debian packages (install them with sudo apt-get install): ${missing[*]}" >&2
  echo "Continuing: OCR and screenshot tests will be skipped without them." >&2
fi

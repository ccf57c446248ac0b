#!/usr/bin/env bash
# Installs everything the studio and its tests need on a Debian/Ubuntu machine:
# Debian packages (Chromium renders camera frames headless; ffmpeg, h5py and
# jsonschema are the independent readers the tests check outputs with), then
# the npm packages from the lock file. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(chromium ffmpeg python3-h5py python3-jsonschema python3-scipy python3-sklearn redis-server)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  echo "setup: installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Electron's binary download cannot work on machines without outside access;
# set ELECTRON_SKIP_BINARY_DOWNLOAD=0 to fetch it where the desktop app should run.
export ELECTRON_SKIP_BINARY_DOWNLOAD="${ELECTRON_SKIP_BINARY_DOWNLOAD:-1}"
npm ci --no-audit --no-fund

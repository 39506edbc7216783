#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the report's browser test (Properties/Shell/ReportBrowserTests.cs).
# Idempotent: does nothing when a chromium binary is already on PATH. Needs root (as CI runs) on a Debian-like machine.
set -euo pipefail
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then
    echo "chromium: already installed ($(command -v "$candidate"))"
    exit 0
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "chromium: not installed and not root; install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Other jobs on the machine may hold the dpkg lock: wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update
apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium
command -v chromium >/dev/null 2>&1 || { echo "chromium: installed package but no 'chromium' on PATH" >&2; exit 1; }
echo "chromium: installed ($(command -v chromium))"

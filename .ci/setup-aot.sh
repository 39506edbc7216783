#!/usr/bin/env bash
# Installs what a NativeAOT publish of hhf needs besides the .NET SDK (Properties/Shell/NativeBuildTests.cs publishes
# one): the linker driver `clang` (the ILCompiler's default; Debian's clang-14 alone gives no `clang` command) and zlib's
# headers and static library (zlib1g-dev), which the native runtime links. The ILCompiler itself is a NuGet package
# that the publish restores. Idempotent: installs only what is missing. Needs root (as CI runs) on a Debian-like machine.
set -euo pipefail
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
dpkg-query -W -f='${Status}' zlib1g-dev 2>/dev/null | grep -q "install ok installed" || missing+=(zlib1g-dev)
if [ ${#missing[@]} -eq 0 ]; then
  echo "aot toolchain: already installed (clang: $(command -v clang), zlib1g-dev)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "aot toolchain: missing ${missing[*]} and not root; install with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Other jobs on the machine may hold the dpkg lock: wait for it rather than fail.
apt-get -o DPkg::Lock::Timeout=600 update
apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
command -v clang >/dev/null 2>&1 || { echo "aot toolchain: installed ${missing[*]} but no 'clang' on PATH" >&2; exit 1; }
echo "aot toolchain: installed ${missing[*]} (clang: $(command -v clang))"

#!/usr/bin/env bash
# Installs what the build and tests need (only when missing), then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for pkg in libreadline-dev libsqlite3-dev tmux msmtp; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
swift build
swift test

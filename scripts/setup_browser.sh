#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests if it is missing (Playwright drives it;
# no browser is downloaded by a test tool). Needs root or sudo on Debian.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Debian's chromium is needed for the browser tests: apt-get install chromium (as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null

#!/usr/bin/env bash
# Install Debian's Chromium for the map tests when it is missing.
# Playwright drives this browser; we never run `playwright install`.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "Chromium is missing and this user cannot install it; run: sudo apt-get install chromium" >&2
  echo "(map tests will be skipped, or fail under CHANGEMAP_REQUIRE_ALL=1)" >&2
  exit 0
fi
echo "Installing Debian's chromium for the browser tests…" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null

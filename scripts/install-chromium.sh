#!/usr/bin/env bash
# Installs Debian's Chromium for the HTML report's browser test (test/report/html-browser.test.ts).
# A test tool's own browser download is not reachable here; the distribution's package is.
# Idempotent: when /usr/bin/chromium is there it only says so.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium: already installed ($(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium))"
  exit 0
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi

install() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }
# A fresh machine may have no package lists yet: update them once, only when the install needs it.
if ! install; then
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  install
fi
/usr/bin/chromium --version

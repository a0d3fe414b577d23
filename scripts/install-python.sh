#!/usr/bin/env bash
# Installs the Python side of the tests (temporalio from PyPI, pinned) into .tools/python-venv, a
# virtual environment of this checkout only (.tools/ is not committed). Prints the venv's python.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.tools/python-venv"
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import temporalio, sys; sys.exit(0 if temporalio.__version__ == "1.35.0" else 1)' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/examples/python-tenant-provisioning/requirements.txt" >&2
fi
echo "$venv/bin/python"

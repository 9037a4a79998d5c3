#!/usr/bin/env bash
# Set up, then the demo: simulate the Kharkiv preset, serve it live on http://127.0.0.1:8000/ (the
# URL with an operator key is printed), feed it over HTTP at 10x real time, score the live run, and
# keep serving the map until Ctrl-C. Options go to `airwarn demo` (--speed, --port, --exit-when-done).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/airwarn demo --out out/demo "$@"

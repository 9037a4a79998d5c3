#!/usr/bin/env bash
# Set up, then run the demo: simulate the Kharkiv preset, track it, score it, print the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/airwarn demo --out out/demo "$@"

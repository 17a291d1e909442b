#!/usr/bin/env bash
# Regenerates the OTLP fixtures from the pinned OpenTelemetry JS packages. Needs Node 20, the npm registry and the zstd tool.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
npm ci --no-audit --no-fund
node generate.mjs

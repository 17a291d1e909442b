#!/usr/bin/env bash
# Regenerates the OTLP fixtures (and, with --demo, resources/demo/) from the pinned
# OpenTelemetry JS packages. Needs Node 20, the npm registry and the zstd tool.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
npm ci --no-audit --no-fund
if [ "${1:-}" = "--demo" ]; then
  node generate.mjs --demo "$here/../../../resources/demo"
else
  node generate.mjs
fi

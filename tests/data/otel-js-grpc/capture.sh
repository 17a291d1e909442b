#!/usr/bin/env bash
# Recaptures the OTLP/gRPC requests from the pinned OpenTelemetry JS packages. Needs Node 20
# and the npm registry.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
npm ci --no-audit --no-fund
node capture.mjs

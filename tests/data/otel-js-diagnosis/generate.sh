#!/usr/bin/env bash
# Regenerates traces.otlp.pb and expected.json from the pinned OpenTelemetry JS packages
# (package-lock.json). Needs Node 20 and the npm registry (or a warm npm cache).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
npm ci --no-audit --no-fund --prefer-offline
node generate.mjs

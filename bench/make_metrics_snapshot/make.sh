#!/usr/bin/env bash
# Builds and runs make_metrics_snapshot (Go standard library only, no network):
#   make.sh OUT.prom [lines [seed]]      defaults: 1000000 lines, seed 1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make.sh OUT.prom [lines [seed]]}
lines=${2:-1000000}
seed=${3:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here" && GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local go build -o "$work/make_metrics_snapshot" .)
"$work/make_metrics_snapshot" -lines "$lines" -seed "$seed" -out "$out"

#!/usr/bin/env bash
# Builds and runs make_large_trace (Go standard library only, no network):
#   make.sh OUT.otlp.json [spans [seed]]      defaults: 100000 spans, seed 1
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make.sh OUT.otlp.json [spans [seed]]}
spans=${2:-100000}
seed=${3:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here" && GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local go build -o "$work/make_large_trace" .)
"$work/make_large_trace" -spans "$spans" -seed "$seed" -out "$out"

#!/usr/bin/env bash
# Writes the large synthetic CPU profile used by the flame-graph and `top`
# benchmarks (see ../README.md). Needs Go 1.19 and Debian's
# golang-github-google-pprof-dev; no network.
#   make.sh OUT.pb.gz [samples [stacks [depth]]]   defaults: 1000000 100000 30
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 4 ]; then
  echo "usage: $0 OUT.pb.gz [samples [stacks [depth]]]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
out=$(realpath -m "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$here" && GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$work/make_large_profile" .)
"$work/make_large_profile" -out "$out" -samples "${2:-1000000}" -stacks "${3:-100000}" \
  -depth "${4:-30}"

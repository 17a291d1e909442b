#!/usr/bin/env bash
# Regenerates the demo data set in resources/demo/ (see ../README.md): the shop's traces
# (OpenTelemetry JS SDK), payment's profiles (Go runtime/pprof) and the Prometheus
# snapshots (client_golang), all from one simulation. Needs Node 20 with npm (npm ci) and
# Go 1.19 with Debian's golang-github-prometheus-client-golang-dev,
# golang-github-prometheus-common-dev and golang-github-google-pprof-dev
# (installer/install-deps.sh --fixtures); promtool (prometheus) checks the snapshots when
# it is there. No other network. Takes about a minute.
#
# Traces, metrics, planted*.json and demo*-expected.json come out byte-identical on every
# run; the profiles are sampled, so their bytes (not their story) change.
#
# Two runs of the shop: the recorded one (resources/demo/) and the after run
# (resources/demo/after/: the same scenario a day later with inventory's N+1 and payment's
# slow fraud check fixed). Both by default; --before or --after makes only one (their
# profile replays burn ~25 s and ~4 s of CPU).
#
#   generate.sh [--before | --after | --both]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
demo=$(cd "$here/.." && pwd)
cd "$here"

runs=(before after)
case "${1:-}" in
  "" | --both) ;;
  --before) runs=(before) ;;
  --after) runs=(after) ;;
  *) echo "usage: generate.sh [--before | --after | --both]" >&2; exit 2 ;;
esac

npm ci --no-audit --no-fund --loglevel=error

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The Go producers, in GOPATH mode against Debian's sources; -trimpath keeps this checkout's
# path out of the profiles (their files read sightline.local/demo/payment/…).
export GO111MODULE=off GOPATH="$here/go:/usr/share/gocode" GOPROXY=off GOTOOLCHAIN=local GOFLAGS=
go build -trimpath -o "$work/payment" sightline.local/demo/payment
go build -trimpath -o "$work/metricsgen" sightline.local/demo/metricsgen

# One run into OUT: 1. the traces, the plans of the Go producers and planted*.json (node);
# 2. payment's profiles and the Prometheus snapshots, replayed from the plans.
generate() {
  local out=$1 plans=$2
  shift 2
  mkdir -p "$plans"
  node main.mjs "$@" "$out" "$plans"
  rm -rf "$out/profiles" "$out/metrics"
  mkdir -p "$out/profiles" "$out/metrics"
  # Asynchronous preemption off: on a loaded machine it otherwise shows up in the samples.
  GODEBUG=asyncpreemptoff=1 "$work/payment" -plan "$plans/payment-plan.json" -out "$out/profiles"
  "$work/metricsgen" -plan "$plans/metrics-plan.json" -out "$out/metrics"
  if command -v promtool >/dev/null; then
    for f in "$out"/metrics/*.prom; do
      promtool check metrics < "$f" || { echo "generate.sh: promtool rejects $f" >&2; exit 1; }
    done
    echo "promtool check metrics: all snapshots clean"
  fi
  du -ch "$out"/*.gz "$out"/profiles "$out"/metrics | tail -1
}

for r in "${runs[@]}"; do
  case $r in
    before) generate "$demo" "$work/before" ;;
    after) generate "$demo/after" "$work/after" --after ;;
  esac
done

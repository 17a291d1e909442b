#!/usr/bin/env bash
# Regenerates the demo data set in resources/demo/ (see ../README.md): the shop's traces
# (OpenTelemetry JS SDK), payment's profiles (Go runtime/pprof) and the Prometheus
# snapshots (client_golang), all from one simulation. Needs Node 20 with npm (npm ci) and
# Go 1.19 with Debian's golang-github-prometheus-client-golang-dev,
# golang-github-prometheus-common-dev and golang-github-google-pprof-dev
# (installer/install-deps.sh --fixtures); promtool (prometheus) checks the snapshots when
# it is there. No other network. Takes about a minute.
#
# Traces, metrics, planted.json and demo-expected.json come out byte-identical on every
# run; the profiles are sampled, so their bytes (not their story) change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
demo=$(cd "$here/.." && pwd)
cd "$here"

npm ci --no-audit --no-fund --loglevel=error

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. Traces + the plans of the Go producers + planted.json.
node main.mjs "$demo" "$work"

# 2. The Go producers, in GOPATH mode against Debian's sources; -trimpath keeps this
#    checkout's path out of the profiles (their files read sightline.local/demo/payment/…).
export GO111MODULE=off GOPATH="$here/go:/usr/share/gocode" GOPROXY=off GOTOOLCHAIN=local GOFLAGS=
go build -trimpath -o "$work/payment" sightline.local/demo/payment
go build -trimpath -o "$work/metricsgen" sightline.local/demo/metricsgen

rm -rf "$demo/profiles" "$demo/metrics"
mkdir -p "$demo/profiles" "$demo/metrics"
# Asynchronous preemption off: on a loaded machine it otherwise shows up in the samples.
GODEBUG=asyncpreemptoff=1 "$work/payment" -plan "$work/payment-plan.json" -out "$demo/profiles"
"$work/metricsgen" -plan "$work/metrics-plan.json" -out "$demo/metrics"

if command -v promtool >/dev/null; then
  for f in "$demo"/metrics/*.prom; do
    promtool check metrics < "$f" || { echo "generate.sh: promtool rejects $f" >&2; exit 1; }
  done
  echo "promtool check metrics: all snapshots clean"
fi
du -ch "$demo"/*.gz "$demo"/profiles "$demo"/metrics | tail -1

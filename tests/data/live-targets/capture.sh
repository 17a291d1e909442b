#!/usr/bin/env bash
# Captures real answers of the scrape and pprof targets that the live pullers' tests serve
# again from an in-process server (see README.md): the /metrics of Debian's
# prometheus-node-exporter, of prometheus and of a Go service instrumented with Debian's
# client_golang (../prometheus/go-client/exporter, the one of them that answers
# OpenMetrics), asked as a Prometheus 2.42 scrape asks (OpenMetrics first, gzip) and as
# plain text 0.0.4; prometheus' /debug/pprof/ profiles (CPU, delta allocs/heap/mutex/block,
# goroutine) and three of its X-Go-Pprof error answers. Each answer is kept as its body
# (bytes as sent, gzip included) and its headers (curl -D).
# Needs: prometheus, prometheus-node-exporter, golang-go and
# golang-github-prometheus-client-golang-dev (GOPATH mode), curl, python3 (a free port); no
# network: every server listens on 127.0.0.1 only and is stopped by its PID.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export TZ=UTC LC_ALL=C
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOTOOLCHAIN=local

# Prometheus 2.42's scrape request headers (scrape/scrape.go: acceptHeader, gzip).
accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_ready() {
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "not ready: $1" >&2
  return 1
}

# fetch NAME URL [curl options…]: the body into NAME.body, the headers into NAME.headers.
fetch() {
  local name=$1 url=$2
  shift 2
  curl -sS -o "$name.body" -D "$name.headers" "$@" "$url"
  # curl -D keeps the CRs of the header lines; the tests read plain lines.
  sed -i 's/\r$//' "$name.headers"
  echo "   $name: $(head -n1 "$name.headers") $(stat -c %s "$name.body") bytes" >&2
}

rm -f ./*.body ./*.headers

echo "== prometheus-node-exporter" >&2
port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" >"$work/node-exporter.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$port/metrics"
fetch node-exporter-scrape "http://127.0.0.1:$port/metrics" \
  -H "Accept: $accept" -H 'Accept-Encoding: gzip'
fetch node-exporter-text "http://127.0.0.1:$port/metrics" -H 'Accept: text/plain;version=0.0.4'

echo "== go-client exporter" >&2
go build -o "$work/exporter" ../prometheus/go-client/exporter
"$work/exporter" -seed 42 >"$work/exporter.out" 2>"$work/exporter.err" &
pids+=($!)
addr=""
for _ in $(seq 100); do
  addr=$(head -n 1 "$work/exporter.out" 2>/dev/null || true)
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$work/exporter.err" >&2; exit 1; }
curl -fsS -o /dev/null "http://$addr/tick?rounds=300"
fetch go-client-scrape "http://$addr/metrics" -H "Accept: $accept" -H 'Accept-Encoding: gzip'
fetch go-client-text "http://$addr/metrics" -H 'Accept: text/plain;version=0.0.4'

echo "== prometheus" >&2
prom_port=$(free_port)
base="http://127.0.0.1:$prom_port"
cat >"$work/prometheus.yml" <<CONFIG
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: self
    static_configs:
      - targets: ['127.0.0.1:$prom_port']
CONFIG
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_ready "$base/-/ready" || { cat "$work/prometheus.log" >&2; exit 1; }
sleep 2  # a few self-scrapes, so that the profiles hold some work

fetch prometheus-scrape "$base/metrics" -H "Accept: $accept" -H 'Accept-Encoding: gzip'
# Some work for the profiles to see: 60 rounds of /metrics and two queries, 4 at a time.
load() {
  for _ in $(seq 60); do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$base/metrics" "$base/api/v1/query?query=up" \
      "$base/api/v1/query?query=rate(prometheus_http_requests_total%5B5s%5D)" >"$work/load.cfg"
    curl -sS --parallel --parallel-max 4 --compressed -K "$work/load.cfg" 2>/dev/null || true
  done
}
load &
load_pid=$!
fetch pprof-profile-seconds-1 "$base/debug/pprof/profile?seconds=1" &
cpu_fetch=$!
sleep 0.3
# A second CPU profile while the first runs: Go answers 500 + X-Go-Pprof.
fetch pprof-error-cpu-in-use "$base/debug/pprof/profile?seconds=1"
wait "$cpu_fetch"
fetch pprof-heap "$base/debug/pprof/heap"
fetch pprof-goroutine "$base/debug/pprof/goroutine"
delta_pids=()
for name in allocs heap mutex block; do
  fetch "pprof-$name-seconds-1" "$base/debug/pprof/$name?seconds=1" &
  delta_pids+=($!)
done
wait "${delta_pids[@]}"
wait "$load_pid"
fetch pprof-error-unknown "$base/debug/pprof/nosuchprofile"
fetch pprof-error-seconds-debug "$base/debug/pprof/allocs?seconds=1&debug=1"
echo "captured with $(prometheus --version 2>&1 | head -n1); $(prometheus-node-exporter --version 2>&1 | head -n1)" >&2

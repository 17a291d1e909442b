#!/usr/bin/env bash
# Regenerates every Prometheus fixture in this folder from real producers, and the
# reference answers next to them (see README.md):
#   prom-client/      Node service instrumented with npm prom-client (text + OpenMetrics)
#   node-exporter/    Debian prometheus-node-exporter, scraped once
#   go-client/        Go service instrumented with Debian's client_golang (text + OpenMetrics)
#   *.expected.json   family/series/sample counts by real parsers (tools/)
#   checks.txt        what `promtool check metrics` says about each file
#   prometheus-server/  answers of a real Prometheus server (Debian prometheus) that
#                       scraped these very files: histogram_quantile references and
#                       HTTP API JSON fixtures
# Needs: `installer/install-deps.sh --fixtures` packages (golang-go, prometheus,
# prometheus-node-exporter, golang-github-prometheus-client-golang-dev,
# python3-prometheus-client), Node 20 + npm, curl. No network except the npm registry
# for `npm ci`. Every server listens on 127.0.0.1 only and is stopped by its PID.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export TZ=UTC LC_ALL=C
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOTOOLCHAIN=local

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until URL answers, at most ~10 s.
wait_for() {
  for _ in $(seq 100); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "generate: $1 did not come up" >&2
  exit 1
}

# Starts a program that prints its listen address as its first stdout line; sets $addr.
start_with_address() {
  local log=$1
  shift
  "$@" >"$log" 2>"$log.err" &
  pids+=($!)
  for _ in $(seq 100); do
    addr=$(head -n 1 "$log" 2>/dev/null || true)
    [ -n "$addr" ] && return 0
    sleep 0.1
  done
  echo "generate: $1 printed no address" >&2
  exit 1
}

# Prometheus 2.42 sends this Accept header when it scrapes; client_golang 1.14 only
# answers OpenMetrics to the "version=0.0.1" entry (it predates OpenMetrics 1.0.0).
openmetrics_accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

echo "== building the Go tools" >&2
go build -o "$work/count_families" ./tools/count_families
go build -o "$work/fixture_server" ./tools/fixture_server
go build -o "$work/exporter" ./go-client/exporter

echo "== prom-client" >&2
(cd prom-client && npm ci --no-audit --no-fund --silent)
rm -f prom-client/snapshot-*
# One process for snapshots 1-3 (3 s apart; jobs_processed_total is reset() before
# snapshot 3), then a restarted process for snapshot 4 (all counters from zero).
first=$(node prom-client/generate.mjs --out prom-client --seed 7 --interval-ms 3000 \
  --snapshot snapshot-1 --snapshot snapshot-2 --snapshot snapshot-3 --reset-jobs-before snapshot-3)
sleep 2
second=$(node prom-client/generate.mjs --out prom-client --seed 8 --snapshot snapshot-4)
node -e 'const t = Object.assign({}, ...process.argv.slice(1).map(JSON.parse));
  console.log(JSON.stringify({ unit: "unix milliseconds when the registry was rendered", ...t }, null, 1));' \
  "$first" "$second" >prom-client/snapshot-times.json

echo "== node-exporter" >&2
port=$(free_port)
prometheus-node-exporter --web.listen-address="127.0.0.1:$port" >"$work/node-exporter.log" 2>&1 &
node_exporter_pid=$!
pids+=("$node_exporter_pid")
wait_for "http://127.0.0.1:$port/metrics"
rm -f node-exporter/metrics.*
mkdir -p node-exporter
curl -fsS "http://127.0.0.1:$port/metrics" >node-exporter/metrics.prom
date +%s%3N >node-exporter/scrape-time-ms.txt
curl -fsS -H "Accept: $openmetrics_accept" -D "$work/ne-headers" "http://127.0.0.1:$port/metrics" >"$work/ne-om"
if grep -qi 'content-type: application/openmetrics-text' "$work/ne-headers"; then
  cp "$work/ne-om" node-exporter/metrics.om.txt
fi
kill "$node_exporter_pid"

echo "== go-client" >&2
start_with_address "$work/exporter.out" "$work/exporter" -seed 42
exporter_pid=${pids[-1]}
rm -f go-client/snapshot-*
times="{}"
n=0
for rounds in 400 300 500; do
  n=$((n + 1))
  curl -fsS -o /dev/null "http://$addr/tick?rounds=$rounds"
  curl -fsS "http://$addr/metrics" >"go-client/snapshot-$n.prom"
  curl -fsS -H "Accept: $openmetrics_accept" "http://$addr/metrics" >"go-client/snapshot-$n.om.txt"
  times=$(node -e 'const t = JSON.parse(process.argv[1]); t[process.argv[2]] = Date.now(); console.log(JSON.stringify(t));' "$times" "snapshot-$n")
  sleep 2
done
node -e 'console.log(JSON.stringify({ unit: "unix milliseconds right after the OpenMetrics scrape", ...JSON.parse(process.argv[1]) }, null, 1))' "$times" >go-client/snapshot-times.json
kill "$exporter_pid"

echo "== expected counts and promtool" >&2
mapfile -t files < <(find prom-client node-exporter go-client -maxdepth 1 \( -name '*.prom' -o -name '*.om.txt' \) | sort)
: >checks.txt
for f in "${files[@]}"; do
  {
    echo "## promtool check metrics < $f"
    set +e
    promtool check metrics <"$f" 2>&1
    echo "exit status: $?"
    set -e
    echo
  } >>checks.txt
  case "$f" in
    *.om.txt)
      if ! /usr/bin/python3 tools/count_openmetrics.py "$f" >"$f.expected.json" 2>"$work/err"; then
        rm -f "$f.expected.json"
        echo "## count_openmetrics.py $f failed: $(cat "$work/err")" >>checks.txt
        echo >>checks.txt
      fi
      ;;
    *) "$work/count_families" "$f" >"$f.expected.json" ;;
  esac
done

echo "== prometheus server" >&2
start_with_address "$work/fixture_server.out" "$work/fixture_server" -dir "$here"
fixture_addr=$addr
curl -fsS -o /dev/null "http://$fixture_addr/select?file=go-client/snapshot-1.prom"
prom_port=$(free_port)
{
  echo "global:"
  echo "  scrape_interval: 1s"
  echo "  scrape_timeout: 1s"
  echo "scrape_configs:"
  echo "  - job_name: quantile"
  echo "    metrics_path: /seq/metrics"
  echo "    static_configs:"
  echo "      - targets: ['$fixture_addr']"
  echo "  - job_name: fixtures"
  echo "    honor_labels: true"
  echo "    static_configs:"
  for f in "${files[@]}"; do
    echo "      - targets: ['$fixture_addr']"
    echo "        labels: {__metrics_path__: '/files/$f', fixture: '$f'}"
  done
} >"$work/prometheus.yml"
promtool check config "$work/prometheus.yml" >&2
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
pids+=("$prometheus_pid")
wait_for "http://127.0.0.1:$prom_port/-/ready"
node prometheus-server/query_reference.mjs "http://127.0.0.1:$prom_port" "http://$fixture_addr" \
  "$work/fixture_server.out" prometheus-server
kill "$prometheus_pid"
# The single-snapshot answers must follow from the files alone (bit for bit).
/usr/bin/python3 tools/check_quantiles.py
echo "== done" >&2

#!/usr/bin/env bash
# Profiles a real Go server, Debian's `prometheus` 2.42, through its /debug/pprof/
# endpoints while it serves HTTP API queries, and writes the reference answers of
# `go tool pprof -top` for every sample type of every profile to expected/ (see
# README.md). Needs: prometheus, golang-go (go tool pprof), curl, python3 (a free
# port). No network: the server listens on 127.0.0.1 only and is stopped by its PID.
# Profiles are sampled and the server's work varies: every run gives new numbers, so
# the profiles and expected/ are always replaced together.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export TZ=UTC LC_ALL=C

cpu_seconds=10   # each CPU profile
work=$(mktemp -d)
server_pid=""
load_pid=""
cleanup() {
  for pid in $load_pid $server_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port=$(free_port)
base="http://127.0.0.1:$port"
# Scrapes itself every second and evaluates two recording rules, so that the TSDB,
# the scrape loop and the rule engine all work while the queries run.
cat >"$work/rules.yml" <<'RULES'
groups:
  - name: load
    interval: 1s
    rules:
      - record: job:prometheus_http_requests:rate10s
        expr: sum by (job, handler) (rate(prometheus_http_requests_total[10s]))
      - record: job:go_memstats_alloc_bytes:rate10s
        expr: rate(go_memstats_alloc_bytes_total[10s])
RULES
cat >"$work/prometheus.yml" <<CONFIG
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - $work/rules.yml
scrape_configs:
  - job_name: self
    static_configs:
      - targets: ['127.0.0.1:$port']
CONFIG

echo "== prometheus on 127.0.0.1:$port" >&2
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  curl -fsS -o /dev/null "$base/-/ready" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "$base/-/ready" || { cat "$work/prometheus.log" >&2; exit 1; }
sleep 5  # a few scrapes and rule evaluations, so that queries find data

# Percent-encodes a query parameter.
enc() {
  jq -rn --arg v "$1" '$v | @uri'
}

# Writes a curl config that fetches each URL path given (under $base) into /dev/null.
url_config() {
  local path
  for path in "$@"; do
    printf 'url = "%s%s"\noutput = "/dev/null"\n' "$base" "$path"
  done
}

# Runs rounds of requests for at most $1 seconds (and at most 400 rounds): one curl
# process per round fetches the URL paths given, four at a time (-g: "[]" in
# "match[]" is not a curl glob); --compressed makes the server gzip its answers
# (compress/flate).
drive() {
  local end=$((SECONDS + $1))
  shift
  for _ in $(seq 400); do
    [ "$SECONDS" -lt "$end" ] || break
    url_config "$@" >"$work/round.curl"
    curl -fsS -g --no-progress-meter --compressed --parallel --parallel-max 4 -K "$work/round.curl"
  done
}

# Light load: instant queries only.
light_load() {
  local q1 q2
  q1=/api/v1/query?query=$(enc 'up')
  q2=/api/v1/query?query=$(enc 'prometheus_tsdb_head_series')
  drive "$1" "$q1" "$q2" "$q1" "$q2" "$q1" "$q2" "$q1" "$q2"
}

# Heavier, varied load: range queries, aggregations, quantiles, metadata, series
# lookups, federation and the server's own /metrics.
heavy_load() {
  local end=$((SECONDS + $1))
  while [ "$SECONDS" -lt "$end" ]; do
    local now urls
    now=$(date +%s)
    urls=(
      "/api/v1/query?query=$(enc 'sum by (handler) (rate(prometheus_http_requests_total[10s]))')"
      "/api/v1/query?query=$(enc 'histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[10s])))')"
      "/api/v1/query_range?query=$(enc 'rate(go_gc_duration_seconds_count[5s])')&start=$((now - 60))&end=$now&step=1"
      "/api/v1/query_range?query=$(enc 'topk(5, {__name__=~"go_.*"})')&start=$((now - 30))&end=$now&step=2"
      "/api/v1/series?match[]=$(enc '{job="self",__name__=~"prometheus_tsdb_.*"}')"
      /api/v1/labels
      /api/v1/label/__name__/values
      /api/v1/metadata
      /api/v1/targets
      /api/v1/status/tsdb
      "/federate?match[]=$(enc '{__name__=~"go_.*"}')"
      /metrics
    )
    # Rounds of at most 2 s, so that the range queries' timestamps stay current.
    drive 2 "${urls[@]}" "${urls[@]}" "${urls[@]}"
  done
}

# profile FILE NAME[?QUERY]: writes /debug/pprof/NAME to FILE.
profile() {
  curl -fsS -o "$1" "$base/debug/pprof/$2"
}

echo "== heap before the load" >&2
profile heap_before.pb.gz 'heap?gc=1'

echo "== CPU under light load (${cpu_seconds}s)" >&2
light_load $((cpu_seconds + 2)) &
load_pid=$!
profile cpu_before.pb.gz "profile?seconds=$cpu_seconds"
wait "$load_pid"
load_pid=""

echo "== CPU under heavy load (${cpu_seconds}s)" >&2
heavy_load $((cpu_seconds + 2)) &
load_pid=$!
profile cpu.pb.gz "profile?seconds=$cpu_seconds"
wait "$load_pid"
load_pid=""

echo "== heap, allocs, goroutine, mutex, block" >&2
profile heap.pb.gz 'heap?gc=1'
profile allocs.pb.gz allocs
profile goroutine.pb.gz goroutine
# Prometheus does not call runtime.SetMutexProfileFraction or SetBlockProfileRate:
# these two profiles have their sample types but no samples (see README.md).
profile mutex.pb.gz mutex
profile block.pb.gz block

kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""

# Prints the sample types of a profile, e.g. "samples/count cpu/nanoseconds"
# (-raw marks the profile's default type with "[dflt]").
sample_types() {
  go tool pprof -raw "$1" | awk '!done && /^Samples:/ { getline; gsub(/\[dflt\]/, ""); print; done = 1 }'
}

# pprof's -unit that prints a value of this unit as an exact integer (as in ../go-pprof).
exact_unit() {
  case "$1" in
    nanoseconds) echo ns ;;
    bytes) echo B ;;
    count) echo count ;;
    *) echo "no exact unit known for '$1'" >&2; exit 1 ;;
  esac
}

top() {
  go tool pprof -top -nodecount=1000 -nodefraction=0 -edgefraction=0 "$@"
}

profiles=(cpu_before cpu heap_before heap allocs goroutine mutex block)
rm -rf expected
mkdir expected
for p in "${profiles[@]}"; do
  for st in $(sample_types "$p.pb.gz"); do
    type=${st%%/*}
    unit=$(exact_unit "${st#*/}")
    top -sample_index="$type" -unit="$unit" "$p.pb.gz" >"expected/$p.$type.top.txt"
  done
done

# The -diff_base pairs: CPU under heavy vs light load, the heap after vs before the load.
for pair in "cpu cpu_before" "heap heap_before"; do
  p=${pair% *}
  b=${pair#* }
  for st in $(sample_types "$p.pb.gz"); do
    type=${st%%/*}
    unit=$(exact_unit "${st#*/}")
    top -sample_index="$type" -unit="$unit" -diff_base="$b.pb.gz" "$p.pb.gz" \
      >"expected/$p.diff_base_$b.$type.top.txt"
  done
done

{
  go version
  prometheus --version 2>&1 | head -n 1
} >expected/versions.txt

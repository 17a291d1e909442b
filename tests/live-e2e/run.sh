#!/usr/bin/env bash
# End-to-end test of `sightline serve` with the real OpenTelemetry JS exporters: 8 sender
# processes at once, then the same with a kill -9 of the server mid-run. Sends only to
# 127.0.0.1; every wait is bounded. See README.md.
#
#   bash tests/live-e2e/run.sh [SIGHTLINE]      (default build/app/sightline)
#
# Environment: E2E_SPANS spans per trace sender (20000), E2E_SECONDS seconds per sender (20),
# E2E_KEEP=1 keeps the work directory, E2E_CACHE where the npm packages are installed
# (default ~/.cache/sightline-live-e2e).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sightline=$(realpath "${1:-build/app/sightline}")
spans=${E2E_SPANS:-20000}
seconds=${E2E_SECONDS:-20}

say() { echo "live-e2e: $*"; }
die() {
  echo "live-e2e: FAIL: $*" >&2
  exit 1
}

if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  say "SKIPPED: node and npm are not installed (Node 18.19+ or 20.6+ and npm are needed); nothing was tested"
  exit 0
fi
# The pinned exporters' engines: ^18.19.0 || >=20.6.0.
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=6)||(a===18&&b>=19)?0:1)' \
  || die "node $(node --version) is too old: the pinned exporters need 18.19+ or 20.6+"
[ -x "$sightline" ] || die "no sightline binary at $sightline (build first, or pass its path)"

# The pinned packages, installed once per package-lock.json.
lock_sum=$(sha256sum "$here/package-lock.json" | cut -c1-16)
cache=${E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sightline-live-e2e}/$lock_sum
if [ ! -f "$cache/installed" ]; then
  say "npm ci into $cache"
  rm -rf "$cache"
  mkdir -p "$cache"
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  (cd "$cache" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  touch "$cache/installed"
fi

work=$(mktemp -d /tmp/sightline-live-e2e.XXXXXX)
cp "$here"/*.mjs "$work/"
ln -s "$cache/node_modules" "$work/node_modules"
serve_pid=
sender_pids=()
cleanup() {
  [ -n "$serve_pid" ] && kill -9 "$serve_pid" 2> /dev/null || true
  for p in "${sender_pids[@]}"; do kill -9 "$p" 2> /dev/null || true; done
  if [ "${E2E_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# What this build of serve offers: gRPC and metrics are asserted when its help names them.
help=$("$sightline" serve --help)
grep -q -- '--otlp-grpc' <<< "$help" && has_grpc=1 || has_grpc=0
grep -q -- '/v1/metrics' <<< "$help" && has_metrics=1 || has_metrics=0
grep -q -- '--api-key' <<< "$help" && has_key=1 || has_key=0
[ $has_grpc = 1 ] || say "NOTE: serve has no --otlp-grpc: the gRPC sender is replaced by OTLP/HTTP ones"
[ $has_metrics = 1 ] || say "NOTE: serve has no /v1/metrics: the metrics senders are replaced by trace senders"

# 8 senders: 2 trace-proto, 2 trace-json, 2 trace-grpc, 2 metrics-proto (when available).
kinds=(trace-proto trace-json trace-proto trace-json)
if [ $has_grpc = 1 ]; then kinds+=(trace-grpc trace-grpc); else kinds+=(trace-proto trace-json); fi
if [ $has_metrics = 1 ]; then kinds+=(metrics-proto metrics-proto); else kinds+=(trace-proto trace-json); fi

# start_serve LOG HTTP_ADDR GRPC_ADDR: starts serve in the background, waits (10 s at most)
# for its `listening` line and sets http_url / grpc_url from it.
start_serve() {
  local log=$1 args=(serve --db "$work/$phase.sightline" --otlp-http "$2" --json)
  [ $has_grpc = 1 ] && args+=(--otlp-grpc "$3")
  [ -n "$api_key" ] && args+=(--api-key "$api_key")
  "$sightline" "${args[@]}" >> "$log" 2>> "$log.err" &
  serve_pid=$!
  for _ in $(seq 100); do
    if grep -q '"listening"' "$log" 2> /dev/null; then break; fi
    kill -0 "$serve_pid" 2> /dev/null || die "serve exited at start: $(cat "$log.err")"
    sleep 0.1
  done
  local line
  line=$(grep '"listening"' "$log" | tail -1) || die "serve printed no listening line in 10 s"
  http_url=$(sed -n 's/.*"otlp_http":"\([^"]*\)".*/\1/p' <<< "$line")
  [ -n "$http_url" ] || die "no otlp_http address in: $line"
  grpc_url=
  if [ $has_grpc = 1 ]; then
    grpc_url=$(sed -n 's/.*"otlp_grpc":"\([^"]*\)".*/\1/p' <<< "$line")
    [ -n "$grpc_url" ] || die "no otlp_grpc address in: $line"
    case $grpc_url in *://*) ;; *) grpc_url="http://$grpc_url" ;; esac
  fi
}

# stop_serve LOG: SIGTERM, then 30 s at most for the final summary and exit 0.
stop_serve() {
  kill -TERM "$serve_pid"
  for _ in $(seq 300); do
    kill -0 "$serve_pid" 2> /dev/null || break
    sleep 0.1
  done
  if kill -0 "$serve_pid" 2> /dev/null; then
    kill -9 "$serve_pid"
    die "serve did not stop within 30 s of SIGTERM"
  fi
  local rc=0
  wait "$serve_pid" || rc=$?
  serve_pid=
  [ $rc = 0 ] || die "serve exited with $rc after SIGTERM: $(cat "$1.err")"
  grep -q '"stopped"' "$1" || die "serve printed no stopped summary"
}

# start_senders / wait_senders: the 8 senders at once, each bounded by `timeout`; fails if one fails.
start_senders() {
  sender_pids=()
  reports=()
  local i=0 kind endpoint
  for kind in "${kinds[@]}"; do
    i=$((i + 1))
    endpoint=$http_url
    [ "$kind" = trace-grpc ] && endpoint=$grpc_url
    timeout $((seconds + 90)) node "$work/sender.mjs" --kind "$kind" --endpoint "$endpoint" \
      --name "$phase-s$i" --spans "$spans" --seconds "$seconds" --exports "$seconds" \
      ${api_key:+--api-key "$api_key"} --out "$work/$phase-s$i.json" > "$work/$phase-s$i.log" 2>&1 &
    sender_pids+=($!)
    reports+=("$work/$phase-s$i.json")
  done
}
wait_senders() {
  local p rc bad=0
  for p in "${sender_pids[@]}"; do
    rc=0
    wait "$p" || rc=$?
    [ $rc = 0 ] || bad=1
  done
  sender_pids=()
  for i in $(seq ${#kinds[@]}); do sed 's/^/  /' "$work/$phase-s$i.log"; done
  [ $bad = 0 ] || die "a sender failed or timed out (logs above)"
}

stored_spans() { sed -n 's/.*"event":"stopped".*"spans":\([0-9]*\).*/\1/p' "$1" | tail -1; }

say "sightline: $sightline; node $(node --version); senders: ${kinds[*]}"
say "each trace sender: $spans spans over ${seconds} s; each metrics sender: $seconds exports"

# Phase 1: everything acknowledged, stored exactly once (with an API key when serve has one).
phase=steady
api_key=
[ $has_key = 1 ] && api_key=e2e-$RANDOM$RANDOM
start=$(date +%s.%N)
start_serve "$work/steady.out" 127.0.0.1:0 127.0.0.1:0
say "[steady] serve at $http_url ${grpc_url:+and $grpc_url}${api_key:+ with an API key}"
start_senders
wait_senders
sent_done=$(date +%s.%N)
stop_serve "$work/steady.out"
say "[steady] serve: $(grep '"stopped"' "$work/steady.out")"
node "$work/check.mjs" --sightline "$sightline" --db "$work/steady.sightline" --phase steady \
  "${reports[@]}" || die "steady phase assertions (above)"
say "[steady] $(stored_spans "$work/steady.out") spans stored; senders ran $(awk "BEGIN{printf \"%.1f\", $sent_done - $start}") s"

# Phase 2: kill -9 mid-run, restart on the same ports and workspace.
phase=crash
api_key=
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
http_port=$(free_port)
grpc_port=$(free_port)
start_serve "$work/crash-before.out" "127.0.0.1:$http_port" "127.0.0.1:$grpc_port"
say "[crash] serve at $http_url ${grpc_url:+and $grpc_url}"
start_senders
# The kill comes once a quarter of the spans are stored (read-only queries while serve
# writes), or after 60 s at most.
total=$((spans * ${#kinds[@]}))
count=0
for _ in $(seq 120); do
  count=$("$sightline" sql --db "$work/crash.sightline" "SELECT count(*) FROM spans" 2> /dev/null | tail -1) || count=0
  [ "${count:-0}" -ge $((total / 4)) ] && break
  sleep 0.5
done
kill -9 "$serve_pid"
{ wait "$serve_pid"; } 2> /dev/null || true
say "[crash] serve killed -9 with $count spans stored; restarting it in 1.5 s"
sleep 1.5
restart=$(date +%s.%N)
start_serve "$work/crash.out" "127.0.0.1:$http_port" "127.0.0.1:$grpc_port"
say "[crash] serve listening again $(awk "BEGIN{printf \"%.2f\", $(date +%s.%N) - $restart}") s after its restart"
wait_senders
stop_serve "$work/crash.out"
say "[crash] serve after restart: $(grep '"stopped"' "$work/crash.out")"
node "$work/check.mjs" --sightline "$sightline" --db "$work/crash.sightline" --phase crash --crash \
  "${reports[@]}" || die "crash phase assertions (above)"

say "PASS"

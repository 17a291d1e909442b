#!/usr/bin/env bash
# Builds seed corpora from tests/data in a temporary directory and runs every fuzzer for
# SECONDS each, one after the other, then prints one summary line per fuzzer.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS] [BUILD_DIR]
#
# SECONDS defaults to 60, BUILD_DIR to ./build-fuzz of the repository (configured with
# -DSIGHTLINE_FUZZ=ON, fuzzers built). FUZZERS="pprof collapsed" runs a subset. Crash inputs
# are kept in the temporary directory, whose path is printed; it is left behind on purpose.
set -euo pipefail

seconds=${1:-60}
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${2:-$repo/build-fuzz}
data=$repo/tests/data
work=$(mktemp -d /tmp/sightline-fuzz.XXXXXX)
all="pprof collapsed otlp_proto otlp_json prometheus_text prometheus_api_json decompress
  otlp_metrics_proto otlp_metrics_json
  sonarqube_json sarif go_coverprofile go_cover_func jscpd_json cloc_json git_numstat codeowners"
fuzzers=${FUZZERS:-$all}

seed() {  # seed NAME FILE... : copies existing files into NAME's corpus
  local name=$1
  shift
  mkdir -p "$work/corpus/$name"
  for file in "$@"; do
    [[ -f $file ]] && cp "$file" "$work/corpus/$name/"
  done
  return 0
}

# The pprof decoder reads decompressed Profile messages.
mkdir -p "$work/corpus/pprof"
for file in "$data"/go-pprof/*.pb.gz; do
  gunzip -c "$file" >"$work/corpus/pprof/$(basename "$file" .gz)"
done
seed collapsed "$data"/collapsed/*.txt
seed otlp_proto "$data"/otel-js/*.otlp.pb
seed otlp_json "$data"/otel-js/*.otlp.json "$data"/otel-js/*.otlp.jsonl \
  "$data"/otlp-handmade/*.json "$data"/otlp-handmade/*.jsonl
seed prometheus_text "$data"/prometheus/*/*.prom "$data"/prometheus/*/*.om.txt \
  "$data"/prometheus-handmade/*.prom "$data"/prometheus-handmade/*.om.txt \
  "$data"/prometheus-handmade/*/*.prom "$data"/prometheus-handmade/*/*.om.txt
seed prometheus_api_json "$data"/prometheus/prometheus-server/*.json \
  "$data"/prometheus-handmade/*.json "$data"/prometheus-handmade/bad/*.json
seed otlp_metrics_proto "$data"/otel-js-metrics/*.otlp.pb
seed otlp_metrics_json "$data"/otel-js-metrics/*.otlp.json "$data"/otel-js-metrics/*.otlp.jsonl
debt=$data/debt-shop
seed sonarqube_json "$debt"/sonarqube/*.json
seed sarif "$debt"/*.sarif
seed go_coverprofile "$debt"/coverage*.out
seed go_cover_func "$debt"/cover-func*.txt
seed jscpd_json "$debt"/jscpd-report.json
seed cloc_json "$debt"/cloc*.json
seed git_numstat "$debt"/git-numstat.txt
seed codeowners "$debt"/repo/CODEOWNERS
seed decompress "$data"/go-pprof/*.pb.gz "$data"/otel-js/*.gz "$data"/otel-js/*.zst
if command -v zstd >/dev/null; then
  # Several frames in one file, the case a single-frame fixture never reaches.
  zstd -q -c "$data"/collapsed/simple.txt >"$work/corpus/decompress/frames.zst"
  zstd -q -c "$data"/collapsed/crlf.txt >>"$work/corpus/decompress/frames.zst"
fi
gzip -c "$data"/collapsed/simple.txt "$data"/collapsed/crlf.txt >"$work/corpus/decompress/members.gz"

max_len() {
  case $1 in
    pprof | collapsed | decompress) echo $((256 << 10)) ;;
    *) echo $((1 << 20)) ;;
  esac
}

echo "work directory: $work"
summary=()
failed=0
for name in $fuzzers; do
  binary=$build/tests/fuzz/fuzz_$name
  if [[ ! -x $binary ]]; then
    summary+=("$(printf '%-20s MISSING %s' "$name" "$binary")")
    failed=1
    continue
  fi
  mkdir -p "$work/artifacts/$name"
  log=$work/$name.log
  echo "running fuzz_$name for ${seconds}s"
  status=0
  UBSAN_OPTIONS=print_stacktrace=1 "$binary" "$work/corpus/$name" \
    -max_total_time="$seconds" -max_len="$(max_len "$name")" -timeout=30 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$name/" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  corpus=$(find "$work/corpus/$name" -type f | wc -l)
  if [[ $status -eq 0 ]]; then
    result=ok
  else
    result="FAILED(exit $status): $(find "$work/artifacts/$name" -type f | head -1)"
    failed=1
  fi
  summary+=("$(printf '%-20s %s runs=%s cov=%s corpus=%s log=%s' "$name" "$result" \
    "${runs:-?}" "${cov:-?}" "$corpus" "$log")")
done

echo
for line in "${summary[@]}"; do
  echo "$line"
done
exit $failed

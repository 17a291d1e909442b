#!/bin/sh
# Times Prometheus' own parser (`promtool check metrics`, expfmt + lint, Debian `prometheus`)
# next to Sightline's parser on the same exposition file, CPU and wall time and peak RSS of
# each, so that "faster than promtool" is measured on one machine in one run.
#
#   bench/parse_vs_promtool.sh FILE.prom [BENCH_BINARY]
#
# BENCH_BINARY defaults to build-release/bench/bench_import_metrics; it is run with
# --parse-only so that only Sightline's parse of the file is timed.
set -eu
file=${1:?usage: parse_vs_promtool.sh FILE.prom [bench_import_metrics]}
bench=${2:-build-release/bench/bench_import_metrics}
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
[ -x "$bench" ] || { echo "$bench not built (cmake --preset release && cmake --build build-release --target bench_import_metrics)" >&2; exit 2; }

bytes=$(stat -c %s "$file")
echo "file: $file ($bytes bytes)"
for run in 1 2; do
  # promtool exits 3 when it only has lint findings: that still is a complete parse.
  /usr/bin/time -f "promtool check metrics  run $run: %U user + %S sys CPU s, %e s wall, %M kB peak RSS" \
    sh -c 'promtool check metrics < "$1" > /dev/null 2>&1; rc=$?; [ $rc -eq 0 ] || [ $rc -eq 3 ]' sh "$file" \
    || echo "promtool failed to parse $file"
  /usr/bin/time -f "sightline parse only    run $run: %U user + %S sys CPU s, %e s wall, %M kB peak RSS" \
    "$bench" --parse-only "$file" > /dev/null
done

#!/bin/sh
# Times the whole `sightline import` of large Prometheus snapshots (read, parse, store into a
# fresh workspace, commit) next to Prometheus' own `promtool check metrics` (expfmt parse +
# lint) on the same files, with /usr/bin/time -v: CPU (user + sys), wall and peak RSS of
# each, and the ratio of CPU times. On a shared machine compare CPU, not wall time.
#
#   bench/metrics_vs_promtool.sh [SIGHTLINE_BINARY [FILE...]]
#
# SIGHTLINE_BINARY defaults to build-release/app/sightline (a Release build); FILE defaults
# to /work/metrics-400k.prom and /work/metrics-1m.prom (bench/make_metrics_snapshot, see
# bench/README.md). RUNS (environment, default 2) runs of each. The workspaces are made in
# a temporary folder (TMPDIR) and removed.
set -eu
sightline=${1:-build-release/app/sightline}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- /work/metrics-400k.prom /work/metrics-1m.prom
runs=${RUNS:-2}
command -v promtool >/dev/null || { echo "promtool not found (apt-get install prometheus)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found (apt-get install time)" >&2; exit 2; }
[ -x "$sightline" ] || { echo "$sightline not built (cmake --preset release && cmake --build build-release --target sightline)" >&2; exit 2; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

# Reads a /usr/bin/time -v report; prints "cpu wall rss_kb".
summarise() {
  awk -F': ' '
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i] }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %.2f %d\n", user + sys, wall, rss }' "$1"
}

for file in "$@"; do
  [ -f "$file" ] || { echo "$file: no such file (bench/make_metrics_snapshot/make.sh)" >&2; exit 2; }
  echo "file: $file ($(stat -c %s "$file") bytes, $(wc -l < "$file") lines)"
  run=1
  while [ "$run" -le "$runs" ]; do
    # promtool exits 3 when it only has lint findings: that still is a complete parse.
    /usr/bin/time -v -o "$scratch/promtool.time" \
      sh -c 'promtool check metrics < "$1" > /dev/null 2>&1; rc=$?; [ $rc -eq 0 ] || [ $rc -eq 3 ]' sh "$file" \
      || echo "  promtool failed to parse $file"
    rm -f "$scratch/w.sightline"*
    /usr/bin/time -v -o "$scratch/sightline.time" \
      "$sightline" import --db "$scratch/w.sightline" "$file" > "$scratch/import.out" \
      || { echo "  sightline import failed:"; cat "$scratch/import.out"; exit 1; }
    read -r p_cpu p_wall p_rss <<EOT
$(summarise "$scratch/promtool.time")
EOT
    read -r s_cpu s_wall s_rss <<EOT
$(summarise "$scratch/sightline.time")
EOT
    size=$(stat -c %s "$scratch/w.sightline")
    printf '  run %d: promtool check metrics %6.2f s CPU %7.2f s wall %8d kB RSS\n' "$run" "$p_cpu" "$p_wall" "$p_rss"
    printf '  run %d: sightline import       %6.2f s CPU %7.2f s wall %8d kB RSS, workspace %d bytes\n' \
      "$run" "$s_cpu" "$s_wall" "$s_rss" "$size"
    awk -v s="$s_cpu" -v p="$p_cpu" 'BEGIN { printf "  run %d: CPU sightline / promtool = %.2f\n", '"$run"', (p > 0 ? s / p : 0) }'
    run=$((run + 1))
  done
  tail -n 1 "$scratch/import.out" | sed 's/^/  last import: /'
done

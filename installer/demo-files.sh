#!/usr/bin/env bash
# Prints the demo's files (resources/demo/README.md), one per line, in the order the GUI
# should open them: the traces, payment's profiles with the CPU profile first (the Profiles
# page opens the first one), then the Prometheus snapshots in time order (the GUI takes
# files, not folders; each snapshot carries its time in its samples' timestamps), then the
# code-quality inputs of its services (resources/demo/debt/README.md).
#
# With --after the files of the demo's after run instead (resources/demo/after/: the same
# scenario a day later with the N+1 and the slow fraud check fixed; traces, profiles and
# snapshots, no code-quality inputs of its own); with --both the demo's files, then those.
#
#   mapfile -t files < <(installer/demo-files.sh [--after | --both])
set -euo pipefail
demo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../resources/demo" && pwd)"
shopt -s nullglob

case "${1:-}" in
  "") runs=("$demo") ;;
  --after) runs=("$demo/after") ;;
  --both) runs=("$demo" "$demo/after") ;;
  *) echo "usage: demo-files.sh [--after | --both]" >&2; exit 2 ;;
esac

files=()
for run in "${runs[@]}"; do
  found=("$run"/*.otlp* "$run"/profiles/*-cpu.pb.gz)
  for f in "$run"/profiles/*.pb.gz; do
    [[ $f == *-cpu.pb.gz ]] || found+=("$f")
  done
  found+=("$run"/metrics/*.prom)
  if [[ $run == "$demo" ]]; then
    for f in "$demo"/debt/* "$demo"/debt/sonarqube/*.json; do
      if [[ -f $f && $(basename "$f") != README.md ]]; then
        found+=("$f")
      fi
    done
  fi
  if [[ ${#found[@]} -eq 0 ]]; then
    echo "demo-files.sh: no demo data in $run" >&2
    exit 1
  fi
  files+=("${found[@]}")
done
printf '%s\n' "${files[@]}"

#!/usr/bin/env bash
# Prints the demo's files (resources/demo/README.md), one per line, in the order the GUI
# should open them: the traces, payment's profiles with the CPU profile first (the Profiles
# page opens the first one), then the Prometheus snapshots in time order (the GUI takes
# files, not folders; each snapshot carries its time in its samples' timestamps), then the
# code-quality inputs of its services (resources/demo/debt/README.md).
#
#   mapfile -t files < <(installer/demo-files.sh)
set -euo pipefail
demo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../resources/demo" && pwd)"
shopt -s nullglob
files=("$demo"/*.otlp* "$demo"/profiles/*-cpu.pb.gz)
for f in "$demo"/profiles/*.pb.gz; do
  [[ $f == *-cpu.pb.gz ]] || files+=("$f")
done
files+=("$demo"/metrics/*.prom)
for f in "$demo"/debt/* "$demo"/debt/sonarqube/*.json; do
  if [[ -f $f && $(basename "$f") != README.md ]]; then
    files+=("$f")
  fi
done
if [[ ${#files[@]} -eq 0 ]]; then
  echo "demo-files.sh: no demo data in $demo" >&2
  exit 1
fi
printf '%s\n' "${files[@]}"

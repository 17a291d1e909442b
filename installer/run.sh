#!/usr/bin/env bash
# Installs dependencies, builds a Release Sightline and starts it. With no arguments it
# opens the bundled demo data (resources/demo/: traces, profiles and metric snapshots of
# one story) in a scratch workspace.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

bash "$root/installer/install-deps.sh"

build_dir="$root/build-release"
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DSIGHTLINE_BUILD_TESTS=OFF -DSIGHTLINE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" --target sightline

if [ $# -eq 0 ]; then
  # The demo (resources/demo/README.md): the traces, payment's profiles (the CPU profile
  # first: the Profiles page opens the first one) and the Prometheus snapshots, file by
  # file (the GUI takes files, not folders; each snapshot carries its time in its samples'
  # timestamps, and the names sort in time order).
  shopt -s nullglob
  demo="$root/resources/demo"
  files=("$demo"/*.otlp* "$demo"/profiles/*-cpu.pb.gz)
  for f in "$demo"/profiles/*.pb.gz; do
    [[ $f == *-cpu.pb.gz ]] || files+=("$f")
  done
  files+=("$demo"/metrics/*.prom)
  exec "$build_dir/app/sightline" "${files[@]}"
fi
exec "$build_dir/app/sightline" "$@"

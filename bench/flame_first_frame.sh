#!/usr/bin/env bash
# First flame-graph frame of a profile file, the way a person gets it: the whole GUI run
# `sightline --screenshot OUT --view flame FILE` under xvfb-run with SIGHTLINE_TIMING=1, which
# prints when each stage first happens (ms since the process started). Budget (DESIGN.md):
# first frame <= 1.5 s from the file for 1M samples / 100k distinct stacks.
#
#   flame_first_frame.sh [--sightline BIN] [--profile FILE] [--repeat N] [--db WORKSPACE]
#
# BIN defaults to build-release/app/sightline, FILE to /work/large-profile.pb.gz (made by
# bench/make_large_profile/make.sh). Each run imports into a scratch workspace; with --db the
# runs open WORKSPACE instead (a profile imported before: the "once imported" figure).
# Prints every run's stages and the median of each stage.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
sightline="$here/../build-release/app/sightline"
profile=/work/large-profile.pb.gz
repeat=5
db=
while [ $# -gt 0 ]; do
  case "$1" in
    --sightline) sightline=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --db) db=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
for tool in "$sightline" xvfb-run; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target=("$profile")
[ -n "$db" ] && target=(--db "$db")

for run in $(seq "$repeat"); do
  SIGHTLINE_TIMING=1 xvfb-run -a "$sightline" --screenshot "$work/flame.png" --view flame \
    "${target[@]}" 2>"$work/run$run.txt" >/dev/null
  grep -h '^sightline timing: ' "$work/run$run.txt" | sed 's/^sightline timing: //' |
    tr '\n' ';' | sed "s/^/run $run: /;s/;\$/\n/"
done

echo "median of $repeat runs (ms since process start):"
cat "$work"/run*.txt | sed -n 's/^sightline timing: \(.*\) at \([0-9]*\) ms$/\1\t\2/p' >"$work/all.tsv"
cut -f1 "$work/all.tsv" | sort -u | while IFS= read -r stage; do
  awk -F'\t' -v s="$stage" '$1 == s { print $2 }' "$work/all.tsv" | sort -n |
    awk -v s="$stage" '{ v[NR] = $1 } END { printf "%6d  %s\n", v[int((NR + 1) / 2)], s }'
done | sort -n

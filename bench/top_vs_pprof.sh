#!/usr/bin/env bash
# `sightline top` against `go tool pprof -top` on the same large profile: wall time and peak
# RSS of each (GNU time -v), and the ratios. Budget (DESIGN.md): sightline at least 3x faster
# and at most 1/5 of pprof's memory.
#
#   top_vs_pprof.sh [--sightline BIN] [--profile FILE] [--repeat N]
#
# BIN defaults to build-release/app/sightline (build it with the release preset), FILE to
# /work/large-profile.pb.gz (made by bench/make_large_profile/make.sh). Each command runs N
# times (default 3); the median of each figure is reported. Two pairs are timed:
#   default   `sightline top FILE`  vs  `pprof -top FILE` (pprof drops nodes under 0.5 %)
#   all rows  `sightline top FILE`  vs  `pprof -top -nodefraction=0 -edgefraction=0
#             -nodecount=N` with N large enough for every function (the same rows as ours)
# pprof is run as Go's tool binary ($(go env GOTOOLDIR)/pprof), which is what `go tool pprof`
# executes, so the `go` launcher's start-up is not counted against it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
sightline="$here/../build-release/app/sightline"
profile=/work/large-profile.pb.gz
repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --sightline) sightline=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

pprof="$(go env GOTOOLDIR)/pprof"
for tool in "$sightline" "$pprof" /usr/bin/time; do
  if [ ! -x "$tool" ]; then
    echo "missing: $tool" >&2
    exit 1
  fi
done
if [ ! -f "$profile" ]; then
  echo "missing profile $profile; make it with bench/make_large_profile/make.sh $profile" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() {
  sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# Runs a command `repeat` times; prints "<median seconds> <median max RSS in KiB>".
measure() {
  local i
  : > "$work/figures"
  for ((i = 0; i < repeat; i++)); do
    if ! /usr/bin/time -v -o "$work/time" "$@" > "$work/out" 2> "$work/err"; then
      echo "failed: $*" >&2
      cat "$work/err" >&2
      exit 1
    fi
    awk -F': ' '
      /Elapsed \(wall clock\)/ {
        n = split($2, part, ":"); s = 0
        for (j = 1; j <= n; j++) s = s * 60 + part[j]
        wall = s
      }
      /Maximum resident set size/ { rss = $2 }
      END { print wall, rss }' "$work/time" >> "$work/figures"
  done
  echo "$(cut -d' ' -f1 "$work/figures" | median) $(cut -d' ' -f2 "$work/figures" | median)"
}

rows=$("$sightline" top "$profile" --json | grep -o '"function"' | wc -l)
echo "profile: $profile ($(du -h "$profile" | cut -f1)), $rows functions; median of $repeat runs"
echo

report() {
  local name=$1 ours=$2 theirs=$3
  read -r our_wall our_rss <<< "$ours"
  read -r their_wall their_rss <<< "$theirs"
  awk -v name="$name" -v ow="$our_wall" -v orss="$our_rss" -v tw="$their_wall" \
      -v trss="$their_rss" 'BEGIN {
    printf "%-9s sightline %6.2f s %8.1f MB | pprof %6.2f s %8.1f MB | ", name, ow, orss / 1024, tw, trss / 1024
    speed = 0; if (ow > 0) speed = tw / ow
    memory = 0; if (trss > 0) memory = orss / trss
    speedVerdict = "MISSED"; if (speed >= 3) speedVerdict = "ok"
    memoryVerdict = "MISSED"; if (memory <= 0.2) memoryVerdict = "ok"
    printf "%.1fx faster (budget >= 3x: %s), %.3f of the memory (budget <= 0.2: %s)\n",
      speed, speedVerdict, memory, memoryVerdict
  }'
}

ours=$(measure "$sightline" top "$profile")
theirs=$(measure "$pprof" -top "$profile")
report default "$ours" "$theirs"
theirs_all=$(measure "$pprof" -top -nodefraction=0 -edgefraction=0 -nodecount=$((rows + 10)) "$profile")
report "all rows" "$ours" "$theirs_all"

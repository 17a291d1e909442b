#!/usr/bin/env bash
# Regenerates the Go pprof fixtures in this folder and their reference answers in
# expected/ (see README.md). Needs Go 1.19 (Debian golang-go); no network.
# The CPU profiles differ on every run (they are sampled): re-running replaces the
# profiles and the expected answers together, so they always agree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export GOPROXY=off GOTOOLCHAIN=local GOFLAGS=-mod=mod TZ=UTC LC_ALL=C

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# -trimpath: file names in the profiles are module paths, not this checkout's path.
go build -trimpath -o "$work/profilegen" ./profilegen

# Asynchronous preemption is off for the CPU profiles: on a loaded machine it
# otherwise puts a large share of the samples into runtime.asyncPreempt.
for kind in cpu cpu_labels cpu_before cpu_after; do
  GODEBUG=asyncpreemptoff=1 "$work/profilegen" -kind "$kind" -out "$kind.pb.gz"
done
for kind in heap allocs goroutine mutex block; do
  "$work/profilegen" -kind "$kind" -out "$kind.pb.gz"
done
# The profiles must not depend on the binary being around.
rm -f "$work/profilegen"

# Prints the sample types of a profile, e.g. "samples/count cpu/nanoseconds"
# (-raw marks the profile's default type with "[dflt]").
sample_types() {
  go tool pprof -raw "$1" | awk '/^Samples:/ { getline; gsub(/\[dflt\]/, ""); print; exit }'
}

# pprof's -unit that prints a value of this unit as an exact integer: counts are
# printed bare, bytes and nanoseconds would otherwise be scaled to kB/MB, ms/s.
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

rm -rf expected
mkdir expected
for profile in cpu cpu_labels cpu_before cpu_after heap allocs goroutine mutex block; do
  go tool pprof -raw "$profile.pb.gz" > "expected/$profile.raw.txt"
  for st in $(sample_types "$profile.pb.gz"); do
    type=${st%%/*}
    unit=$(exact_unit "${st#*/}")
    top -sample_index="$type" -unit="$unit" "$profile.pb.gz" > "expected/$profile.$type.top.txt"
  done
done

for st in $(sample_types cpu_after.pb.gz); do
  type=${st%%/*}
  unit=$(exact_unit "${st#*/}")
  top -sample_index="$type" -unit="$unit" -diff_base=cpu_before.pb.gz cpu_after.pb.gz \
    > "expected/cpu_after.diff_base_cpu_before.$type.top.txt"
done

# One regular expression per filter option, each one changing the result.
# Anchored, so that they match function names only (pprof also tries file names
# and the mapping's file name).
filters=(
  "focus ^main\\.chain15\$"
  "ignore ^main\\.isEven\$"
  "hide ^main\\.chain[0-9]+\$"
  "show ^main\\.(fib|isEven|isOdd|mix)\$"
)
: > expected/filters.txt
for st in $(sample_types cpu.pb.gz); do
  type=${st%%/*}
  unit=$(exact_unit "${st#*/}")
  for filter in "${filters[@]}"; do
    option=${filter%% *}
    regex=${filter#* }
    file="cpu.$type.$option.top.txt"
    top -sample_index="$type" -unit="$unit" "-$option=$regex" cpu.pb.gz > "expected/$file"
    printf '%s\t-%s\t%s\n' "$file" "$option" "$regex" >> expected/filters.txt
  done
done

# Labels: the tag summary, and the CPU time of one span via -tagfocus.
for st in $(sample_types cpu_labels.pb.gz); do
  type=${st%%/*}
  unit=$(exact_unit "${st#*/}")
  go tool pprof -tags -sample_index="$type" -unit="$unit" cpu_labels.pb.gz \
    > "expected/cpu_labels.$type.tags.txt"
  file="cpu_labels.$type.tagfocus.top.txt"
  regex="span_id=00f067aa0ba902b7"
  top -sample_index="$type" -unit="$unit" "-tagfocus=$regex" cpu_labels.pb.gz > "expected/$file"
  printf '%s\t-%s\t%s\n' "$file" tagfocus "$regex" >> expected/filters.txt
done

go version > expected/go-version.txt

# The collapsed-stacks fixture derived from cpu.pb.gz follows it.
../collapsed/generate.sh

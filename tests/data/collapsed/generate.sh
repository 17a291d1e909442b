#!/usr/bin/env bash
# Regenerates the collapsed-stacks fixtures that are made by programs (see
# README.md): crlf.txt and deep.txt from fixed rules, from_go_cpu.txt from
# ../go-pprof/cpu.pb.gz, and expected.tsv for all of them. simple.txt and
# edge_cases.txt are written by hand. Needs Go 1.19 and Debian's
# golang-github-google-pprof-dev; no network.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export LC_ALL=C

# Windows line endings: simple.txt with CR LF.
sed 's/$/\r/' simple.txt > crlf.txt

# A 4000-frame stack (deeper than any recursion limit a reader might have) and
# a 1-frame stack that shares its root.
{
  seq 0 3999 | awk '{ printf "%sframe%04d", (NR > 1 ? ";" : ""), $1 } END { print " 3" }'
  echo "frame0000 2"
} > deep.txt

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd pprof_to_collapsed && GO111MODULE=off GOPATH=/usr/share/gocode go build -o "$work/pprof_to_collapsed" .)
"$work/pprof_to_collapsed" -sample_index 0 ../go-pprof/cpu.pb.gz > from_go_cpu.txt

# expected.tsv: per file the sum of the counts, the number of distinct stacks
# (identical stacks on several lines count once) and of non-empty lines.
# A line is "stack count" split at its last space; CR and empty lines ignored.
{
  printf 'file\ttotal\tdistinct_stacks\tlines\n'
  for f in simple.txt edge_cases.txt crlf.txt deep.txt from_go_cpu.txt; do
    awk -v file="$f" '
      { sub(/\r$/, "") }
      $0 == "" { next }
      {
        i = match($0, / [0-9]+$/)
        total += substr($0, i + 1)
        seen[substr($0, 1, i - 1)] = 1
        lines++
      }
      END {
        n = 0
        for (s in seen) n++
        printf "%s\t%.0f\t%d\t%d\n", file, total, n, lines
      }' "$f"
  done
} > expected.tsv

#!/usr/bin/python3
"""Checks that the server's single-snapshot histogram_quantile answers follow from the
snapshot files alone: recomputes them from the buckets that count_families parsed,
with Prometheus 2.42's bucketQuantile arithmetic (promql/quantile.go), in the same
order of operations, and requires bit-identical results. Run from tests/data/prometheus.
Exit status 1 on any mismatch (e.g. a query that straddled two snapshots).
"""
import json
import math
import sys


def divide(a, b):
    # Go float division: 0/0 is NaN (q = 0 with an empty first bucket gives NaN).
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return a / b


def bucket_quantile(q, buckets):
    """buckets: [(upper_bound, cumulative_count)] sorted, the last one +Inf."""
    if q < 0:
        return -math.inf
    if q > 1:
        return math.inf
    if len(buckets) < 2 or buckets[-1][1] == 0:
        return math.nan
    rank = q * buckets[-1][1]
    # sort.Search over all but the +Inf bucket: the first bucket whose count >= rank.
    b = next((i for i in range(len(buckets) - 1) if buckets[i][1] >= rank), len(buckets) - 1)
    if b == len(buckets) - 1:
        return buckets[-2][0]
    if b == 0 and buckets[0][0] <= 0:
        return buckets[0][0]
    start, end, count = 0.0, buckets[b][0], buckets[b][1]
    if b > 0:
        start = buckets[b - 1][0]
        count -= buckets[b - 1][1]
        rank -= buckets[b - 1][1]
    return start + (end - start) * divide(rank, count)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or repr(a) == repr(b)


def main():
    index = json.load(open("prometheus-server/queries.json"))
    checked = mismatches = 0
    for entry in index["files"]:
        name = entry["file"]
        if not (name.startswith("quantile-") and "-snapshot-" in name and "by-method" not in name):
            continue
        snapshot = entry["depends_on"][0]
        family_name = "rpc_client_duration_seconds" if "-rpc-" in name else "http_server_request_duration_seconds"
        q = float(entry["query"].split("(", 1)[1].split(",", 1)[0])
        expected = json.load(open(f"{snapshot}.expected.json"))
        family = next(f for f in expected["family_list"] if f["name"] == family_name)
        answer = json.load(open(f"prometheus-server/{name}"))
        for result in answer["data"]["result"]:
            labels = {k: v for k, v in result["metric"].items() if k not in ("job", "instance")}
            point = next(p for p in family["points"] if p["labels"] == labels)
            buckets = [(float(le), float(count)) for le, count in point["buckets"]]
            ours = bucket_quantile(q, buckets)
            theirs = float(result["value"][1])
            checked += 1
            if not same(ours, theirs):
                mismatches += 1
                print(f"{name} {labels}: server {theirs!r}, files {ours!r}", file=sys.stderr)
    print(f"check_quantiles: {checked} answers checked, {mismatches} mismatches", file=sys.stderr)
    sys.exit(1 if mismatches or checked == 0 else 0)


main()

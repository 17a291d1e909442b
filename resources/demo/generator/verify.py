#!/usr/bin/env python3
"""Checks the bottlenecks planted.json describes with the real program.

Imports every demo file into a scratch workspace with `sightline import`, then measures
each planted bottleneck with sightline's own verbs (sql, trace, top, metrics, findings)
and prints the numbers; exits 1 if one is not there. Builds nothing.

With --after it checks the after run (resources/demo/after/, planted-after.json) the same
way: the bottlenecks that remain are there, and the fixed ones (N+1, slow fraud check, its
CPU hotspot) are gone, also from `sightline findings`.

    resources/demo/generator/verify.py [--after] [path/to/sightline]

Without an argument it uses build-release/app/sightline, then build/app/sightline.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(DEMO))

failures = []


def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(binary, *args):
    out = subprocess.run([binary, *args], check=True, capture_output=True, text=True)
    return out.stdout


def sql(binary, db, query):
    answer = json.loads(run(binary, "sql", "--db", db, "--json", query))
    return [dict(zip(answer["columns"], row)) for row in answer["rows"]]


# The findings (rule, subject) of the bottlenecks the after run fixed.
FIXED_FINDINGS = {
    "slow-operation": ("slow-operation", "fraud check"),
    "n-plus-one": ("n-plus-one-db", "GET /inventory"),
    "cpu-hotspot": ("cpu-hotspot", "main.computeFraudScore"),
}


def main():
    args = sys.argv[1:]
    after = "--after" in args
    args = [a for a in args if a != "--after"]
    binary = args[0] if args else None
    if binary is None:
        for candidate in ("build-release/app/sightline", "build/app/sightline"):
            if os.access(os.path.join(ROOT, candidate), os.X_OK):
                binary = os.path.join(ROOT, candidate)
                break
    if binary is None:
        sys.exit("verify.py: no sightline binary; build one or pass its path")
    base = os.path.join(DEMO, "after") if after else DEMO
    planted = json.load(open(os.path.join(base, "planted-after.json" if after else "planted.json")))
    b = {x["id"]: x for x in planted["bottlenecks"]}
    fixed = {x["id"]: x for x in planted.get("fixed", [])}
    files = planted["files"]
    paths = [files["traces"], *files["profiles"], *files["metrics"]]
    # payment-cpu.pb.gz (the after run: payment-after-cpu.pb.gz) -> "payment-"
    prefix = os.path.basename(files["profiles"][0])[:-len("cpu.pb.gz")]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "demo.sightline")
        summary = json.loads(run(binary, "import", "--db", db, "--json", *[os.path.join(base, p) for p in paths]))
        print(f"sightline: {binary}")
        print(f"run: {'after (' + base + ')' if after else base}")
        print("import")
        check(summary["failed"] == 0 and summary["imported"] == len(paths), f"{summary['imported']} files imported, none failed")
        check(summary["spans"] == planted["counts"]["spans"] and summary["traces"] == planted["counts"]["traces"],
              f"{summary['traces']} traces, {summary['spans']} spans")
        check(summary["profiles"] == 5 and summary["snapshots"] == 10, f"{summary['profiles']} profiles, {summary['snapshots']} snapshots")
        times = [r["t"] for r in sql(binary, db, "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', time_ms / 1000, 'unixepoch') AS t FROM metric_snapshots ORDER BY time_ms")]
        names = [re.sub(r"^metrics/shop-(.*)T(\d\d)-(\d\d)-(\d\d)Z\.prom$", r"\1T\2:\3:\4Z", m) for m in files["metrics"]]
        check(times == names, f"snapshot times from the files' timestamps: {times[0]} … {times[-1]}")

        print("slow-operation" + (" (fixed)" if "slow-operation" in fixed else ""))
        rows = sql(binary, db, """
            WITH d AS (SELECT duration_ns, row_number() OVER (ORDER BY duration_ns) AS rn, count(*) OVER () AS n
                       FROM spans_view WHERE service = 'payment' AND name = 'fraud check')
            SELECT n, duration_ns FROM d WHERE rn = (n * 99 + 99) / 100""")
        p99 = rows[0]["duration_ns"]
        q = json.loads(run(binary, "metrics", "--db", db, "--json", "--quantile", "0.99", "--histogram",
                           "fraud_check_duration_seconds", "--by", "graph_features"))
        last = {g["labels"]["graph_features"]: g["points"][-1]["value"] for g in q["groups"]}
        if "slow-operation" in b:
            check(p99 > 1e9 and str(p99) == b["slow-operation"]["p99_ns"],
                  f"payment 'fraud check': {rows[0]['n']} spans, p99 (nearest rank) {p99 / 1e6:.1f} ms")
            check(last["true"] > 1, f"histogram_quantile(0.99, fraud_check_duration_seconds) at the last scrape: "
                  f"graph features on {last['true']:.3f} s, off {last['false'] * 1000:.1f} ms")
        else:
            check(p99 < 100e6 and str(p99) == fixed["slow-operation"]["p99_ns"],
                  f"payment 'fraud check': {rows[0]['n']} spans, p99 (nearest rank) {p99 / 1e6:.2f} ms")
            over = sql(binary, db, """
                WITH d AS (SELECT service, name, duration_ns,
                                  row_number() OVER (PARTITION BY service, name ORDER BY duration_ns) AS rn,
                                  count(*) OVER (PARTITION BY service, name) AS n FROM spans_view)
                SELECT service, name FROM d WHERE rn = (n * 99 + 99) / 100 AND duration_ns > 1000000000""")
            check(all(r["name"] == "ledger reconcile" for r in over),
                  "p99 over 1 s: " + ", ".join(f"{r['service']} {r['name']}" for r in over) + " (nothing else)")
            check(last["true"] < 0.1, f"histogram_quantile(0.99, fraud_check_duration_seconds) at the last scrape: "
                  f"graph features on {last['true'] * 1000:.1f} ms, off {last['false'] * 1000:.1f} ms")

        print("error-burst")
        rows = sql(binary, db, """
            SELECT count(*) AS n, min(v.start_ns) AS first, max(v.end_ns) AS last,
                   sum(EXISTS (SELECT 1 FROM span_attributes_view a WHERE a.span_id = v.id
                               AND a.key = 'http.response.status_code' AND a.value >= 500 AND v.kind = 2)) AS http5xx,
                   sum(EXISTS (SELECT 1 FROM span_attributes_view a WHERE a.span_id = v.id
                               AND a.key = 'rpc.grpc.status_code' AND a.value <> 0 AND v.kind = 2)) AS grpc
            FROM spans_view v WHERE v.service = 'inventory' AND v.status_code = 2""")[0]
        e = b["error-burst"]
        check(rows["n"] == e["error_spans"] and str(rows["first"]) == e["first_error_start_unix_nano"]
              and str(rows["last"]) == e["last_error_end_unix_nano"],
              f"inventory: {rows['n']} ERROR spans, all within {(rows['last'] - rows['first']) / 1e9:.1f} s; "
              f"{rows['http5xx']} HTTP 5xx and {rows['grpc']} gRPC != 0 server spans")
        check(rows["http5xx"] == e["http_5xx_server_spans"] and rows["grpc"] == e["grpc_error_server_spans"],
              "HTTP/gRPC error counts as planted")

        print("deep-chain")
        depths = []
        for t in b["deep-chain"]["trace_ids"]:
            tr = json.loads(run(binary, "trace", "--db", db, "--json", t))
            depths.append(1 + max(s["depth"] for s in tr["spans"]))
        check(min(depths) > 8, f"{len(depths)} traces, depth {min(depths)}-{max(depths)} (root = 1)")

        print("db-dominant")
        shares = []
        for t in b["db-dominant"]["trace_ids"]:
            tr = json.loads(run(binary, "trace", "--db", db, "--json", t))
            db_ns = sum(s["self_time_ns"] for s in tr["spans"] if s["on_critical_path"] and "db.system" in s["attributes"])
            shares.append(db_ns / tr["duration_ns"])
        check(min(shares) >= 0.7, f"{len(shares)} traces, database self time on the critical path "
              f"{min(shares) * 100:.1f}-{max(shares) * 100:.1f} % of the trace")

        print("n-plus-one" + (" (fixed)" if "n-plus-one" in fixed else ""))
        n1 = b.get("n-plus-one") or fixed["n-plus-one"]
        counts, totals, batched = [], [], []
        for t, parent in zip(n1["trace_ids"], n1["parent_span_ids"]):
            tr = json.loads(run(binary, "trace", "--db", db, "--json", t))
            kids = sorted((s for s in tr["spans"] if s["parent_span_id"] == parent), key=lambda s: s["start_unix_nano"])
            batched += [s["duration_ns"] for s in kids if s["attributes"].get("db.statement") == n1.get("statement")]
            norm = lambda s: re.sub(r"\b\d+\b", "?", re.sub(r"'[^']*'", "?", s["attributes"].get("db.statement", "")))
            best, run_len, run_ns, prev = (0, 0), 0, 0, None
            for s in kids:
                key = norm(s) if "db.system" in s["attributes"] else None
                if key is not None and key == prev:
                    run_len, run_ns = run_len + 1, run_ns + s["duration_ns"]
                else:
                    run_len, run_ns = (1, s["duration_ns"]) if key is not None else (0, 0)
                prev = key
                best = max(best, (run_len, run_ns))
            counts.append(best[0])
            totals.append(best[1])
        if "n-plus-one" in b:
            check(min(counts) >= 5 and min(totals) >= 50e6, f"{len(counts)} runs of {min(counts)}-{max(counts)} identical "
                  f"SELECTs, together {min(totals) / 1e6:.1f}-{max(totals) / 1e6:.1f} ms")
        else:
            check(max(counts) == 1 and len(batched) == len(counts),
                  f"{len(counts)} product lists, no query repeated; one {n1['statement']} each, "
                  f"{min(batched) / 1e6:.1f}-{max(batched) / 1e6:.1f} ms")

        print("parallelisable-calls")
        saved = []
        for t in b["parallelisable-calls"]["trace_ids"]:
            tr = json.loads(run(binary, "trace", "--db", db, "--json", t))
            root = next(s for s in tr["spans"] if s["parent_span_id"] is None)
            calls = sorted((s for s in tr["spans"] if s["parent_span_id"] == root["span_id"] and s["kind"] == "CLIENT"),
                           key=lambda s: s["start_unix_nano"])
            sequential = all(a["end_unix_nano"] <= c["start_unix_nano"] for a, c in zip(calls, calls[1:]))
            d = [s["duration_ns"] for s in calls]
            gain = sum(d) - max(d) if sequential and len(d) == 4 else 0
            saved.append((gain / root["duration_ns"], gain))
        check(min(s[0] for s in saved) >= 0.1 and min(s[1] for s in saved) >= 100e6,
              f"{len(saved)} traces, 4 sequential calls; sum - longest {min(s[1] for s in saved) / 1e6:.0f}-"
              f"{max(s[1] for s in saved) / 1e6:.0f} ms = {min(s[0] for s in saved) * 100:.0f}-{max(s[0] for s in saved) * 100:.0f} % of the request")

        print("cpu-hotspot" + (" (fixed)" if "cpu-hotspot" in fixed else ""))
        per_span = {r["span_id"]: r for r in sql(binary, db, f"""
            WITH cpu AS (SELECT p.id FROM profiles p JOIN sources s ON s.id = p.source_id WHERE s.path LIKE '%{prefix}cpu.pb.gz'),
            span AS (SELECT l.profile_id, l.label_set, l.text AS span_id FROM profile_labels_view l
                     JOIN cpu ON cpu.id = l.profile_id WHERE l.key = 'span_id'),
            tr AS (SELECT l.profile_id, l.label_set, l.text AS trace_id FROM profile_labels_view l
                   JOIN cpu ON cpu.id = l.profile_id WHERE l.key = 'trace_id'),
            leaf AS (SELECT sv.profile_id, sv.label_set, sv.value, f.name
                     FROM profile_sample_values_view sv JOIN cpu ON cpu.id = sv.profile_id
                     JOIN profile_stacks st ON st.profile_id = sv.profile_id AND st.node = sv.node
                     JOIN profile_frames_view f ON f.profile_id = st.profile_id AND f.frame = st.frame
                     WHERE sv.type = 'cpu')
            SELECT span.span_id, tr.trace_id, sum(leaf.value) AS cpu_ns,
                   sum(CASE WHEN leaf.name = 'main.computeFraudScore' THEN leaf.value ELSE 0 END) AS hot_ns
            FROM span JOIN tr USING (profile_id, label_set) JOIN leaf USING (profile_id, label_set)
            GROUP BY span.span_id, tr.trace_id""")}
        joined = sql(binary, db, """
            SELECT count(DISTINCT l.text) AS n, count(DISTINCT s.span_id) AS joined FROM profile_labels_view l
            LEFT JOIN spans_view s ON lower(s.span_id) = l.text WHERE l.key = 'span_id'""")[0]
        check(joined["n"] == joined["joined"], f"all {joined['n']} span_id labels of the profiles are spans of the traces")
        top = json.loads(run(binary, "top", "--db", db, "--json", "--profile", str(profile_id(binary, db, prefix + "cpu"))))
        first = top["rows"][0]
        if "cpu-hotspot" in b:
            spans = b["cpu-hotspot"]["spans"]
            ratios = [per_span.get(s["span_id"], {}).get("cpu_ns", 0) / int(s["duration_ns"]) for s in spans]
            hot = [per_span[s["span_id"]]["hot_ns"] / per_span[s["span_id"]]["cpu_ns"] for s in spans if s["span_id"] in per_span]
            trace_ok = all(per_span.get(s["span_id"], {}).get("trace_id") == s["trace_id"] for s in spans)
            check(min(ratios) >= 0.8 and min(hot) >= 0.9 and trace_ok,
                  f"{len(spans)} slow fraud checks: CPU samples {min(ratios) * 100:.0f}-{max(ratios) * 100:.0f} % of the span's "
                  f"duration, {min(hot) * 100:.0f}-{max(hot) * 100:.0f} % of it in main.computeFraudScore; trace_id labels match")
            check(first["function"] == "main.computeFraudScore",
                  f"top of the CPU profile: {first['function']} {first['flat'] / top['total'] * 100:.1f} % flat")
        else:
            score = next((r for r in top["rows"] if r["function"] == "main.computeFraudScore"), {"flat": 0})
            check(score["flat"] < 0.05 * top["total"],
                  f"main.computeFraudScore {score['flat'] / top['total'] * 100:.1f} % flat of {top['total'] / 1e9:.2f} s "
                  f"(under the 5 % of a CPU hotspot); top: {first['function']} {first['flat'] / top['total'] * 100:.1f} %")

        print("lock-contention")
        waits = b["lock-contention"]["spans"]
        cpu = [per_span.get(s["span_id"], {}).get("cpu_ns", 0) for s in waits]
        check(max(cpu) <= 20e6, f"{len(waits)} ledger appends of {min(int(s['duration_ns']) for s in waits) / 1e6:.0f}-"
              f"{max(int(s['duration_ns']) for s in waits) / 1e6:.0f} ms: {max(cpu) / 1e6:.0f} ms of CPU samples at most")
        for kind, fn in (("mutex", "main.(*Ledger).reconcileBatch"), ("block", "main.(*Ledger).Append")):
            top = json.loads(run(binary, "top", "--db", db, "--json", "--sample-type", "delay",
                                 "--profile", str(profile_id(binary, db, prefix + kind))))
            row = next((r for r in top["rows"] if r["function"] == fn), None)
            check(row is not None and row["cum"] >= 0.9 * top["total"],
                  f"{kind} profile: {fn} cum {row['cum'] / 1e9 if row else 0:.2f} s of {top['total'] / 1e9:.2f} s delay")
        gid = profile_id(binary, db, prefix + "goroutine")
        labelled = {r["text"] for r in sql(binary, db, f"SELECT text FROM profile_labels_view WHERE profile_id = {gid} AND key = 'span_id'")}
        check(any(s["span_id"] in labelled for s in waits), "goroutine profile: a goroutine parked on the lock carries a waiting span's span_id")

        print("counter-reset / pool-saturation")
        series = json.loads(run(binary, "metrics", "--db", db, "--json", "--series", 'process_start_time_seconds{job="inventory"}'))
        starts = sorted({p["value"] for p in series["series"][0]["points"]})
        check(len(starts) == 2, f"inventory process_start_time_seconds {starts[0]:.0f} -> {starts[1]:.0f}")
        series = json.loads(run(binary, "metrics", "--db", db, "--json", "--series", 'http_requests_total{job="inventory",code="200"}'))
        sums = {}
        for s in series["series"]:
            for p in s["points"]:
                sums[p["time_unix_nano"]] = sums.get(p["time_unix_nano"], 0) + p["value"]
        t = sorted(sums)
        drops = [(a, c) for a, c in zip(t, t[1:]) if sums[c] < sums[a]]
        check(len(drops) == 1, f"inventory http_requests_total{{code=\"200\"}}: {sums[drops[0][0]]:.0f} -> {sums[drops[0][1]]:.0f} (reset)" if drops else "a reset")
        pool = json.loads(run(binary, "metrics", "--db", db, "--json", "--series", 'db_client_connections_usage{job="inventory",state="used"}'))
        peak = max(p["value"] for p in pool["series"][0]["points"])
        check(peak == 20, f"inventory pool: {peak:.0f} of 20 connections used at the burst")

        print("findings")
        found = json.loads(run(binary, "findings", "--db", db, "--json"))["findings"]
        for bid, (rule, subject) in FIXED_FINDINGS.items():
            hits = [f for f in found if f["rule"] == rule and subject in (f["operation"], f["function"])]
            what = f"{rule} on {subject}: " + (", ".join(f"{f['severity']} ({f['title']})" for f in hits) or "none")
            check(bool(hits) == (bid in b), what)
        rules = sorted({f["rule"] for f in found if f["severity"] in ("high", "critical")})
        print(f"        high/critical rules: {', '.join(rules)}")
    if failures:
        print(f"verify.py: {len(failures)} check(s) failed")
        sys.exit(1)
    print("verify.py: every planted bottleneck is in the data")


def profile_id(binary, db, name):
    return sql(binary, db, f"SELECT p.id FROM profiles p JOIN sources s ON s.id = p.source_id WHERE s.path LIKE '%{name}.pb.gz'")[0]["id"]


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Helpers of generate.sh (Python 3 standard library only).

  derive.py strip SRC DST [--sub OLD NEW]... [NAME]...
                                    copy SRC to DST without the named Go/JS functions and
                                    with OLD replaced by NEW (each must occur exactly once):
                                    earlier versions of a file for the scripted history
  derive.py same KIND OLD NEW       exit 0 when NEW says the same as OLD and differs only in an
                                    order that the tool does not keep from one run to the next:
                                    KIND coverprofile (blocks in map order) or sarif-rules
                                    (staticcheck's rules in map order)
  derive.py outputs --work W --out O
                                    read the tools' outputs in O (and the git history in W),
                                    write O/sonarqube/*.json and O/expected.json

Every number written here comes from the tools' own files: go test coverprofiles and
`go tool cover -func`, staticcheck's and ESLint's SARIF, jscpd's JSON, cloc's JSON and
`git log --numstat`. The only planted inputs are the vulnerabilities (PLANTED_VULNERABILITIES)
and the debt minutes per code smell (DEBT_MINUTES_PER_SMELL).
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

MODULE = "shop.local"
SERVICES = ["checkout", "frontend", "inventory", "orders-worker", "payment"]
GO_SERVICES = ["checkout", "inventory", "orders-worker", "payment"]
SONAR_PROJECT = "shop"
ANALYSIS_DATE = "2026-11-19T18:00:00+0000"
NEW_CODE_DAYS = 30
NEW_CODE_SINCE = "2026-10-20T18:00:00+0000"  # ANALYSIS_DATE minus NEW_CODE_DAYS
COMPONENT_TREE_PAGE_SIZE = 15
DEBT_MINUTES_PER_SMELL = 10
ESLINT_SECURITY_CATEGORY = "Possible Security Vulnerability"
# Planted: SonarQube would report these as vulnerabilities; no tool here finds them.
# (file, text on the line, SonarQube rule it stands for)
PLANTED_VULNERABILITIES = [
    ("services/orders-worker/main.go", "InsecureSkipVerify: true",
     "go:S4830 server certificates are not verified"),
    ("services/orders-worker/consume.go", 'query := fmt.Sprintf("UPDATE orders',
     "go:S3649 SQL query built from user-controlled data"),
    ("services/payment/service.go", "const receiptSigningKey =",
     "go:S6418 hard-coded secret"),
]
# SonarQube metric keys in the answers, and the best value of those that have one.
METRICS = ["bugs", "code_smells", "cognitive_complexity", "coverage", "duplicated_lines_density",
           "lines_to_cover", "ncloc", "new_coverage", "security_hotspots", "sqale_index",
           "uncovered_lines", "vulnerabilities"]
BEST = {"bugs": 0, "code_smells": 0, "coverage": 100, "duplicated_lines_density": 0,
        "new_coverage": 100, "security_hotspots": 0, "sqale_index": 0, "uncovered_lines": 0,
        "vulnerabilities": 0}


# ----------------------------------------------------------------------------------- strip

def strip(src, dst, args):
    text = open(src, encoding="utf-8").read()
    names = []
    while args:
        if args[0] == "--sub":
            old, new = args[1], args[2]
            if text.count(old) != 1:
                sys.exit("strip: %s: %r found %d times" % (src, old, text.count(old)))
            text = text.replace(old, new)
            args = args[3:]
        else:
            names.append(args.pop(0))
    lines = text.split("\n")
    for name in names:
        start_re = re.compile(r"^(func (\([^)]*\) )?%s\(|(export )?(async )?function %s\()"
                              % (re.escape(name), re.escape(name)))
        starts = [i for i, l in enumerate(lines) if start_re.match(l)]
        if len(starts) != 1:
            sys.exit("strip: %s: function %s found %d times" % (src, name, len(starts)))
        start = starts[0]
        end = next(i for i in range(start, len(lines)) if lines[i] == "}")
        while start > 0 and lines[start - 1].startswith("//"):
            start -= 1
        if end + 1 < len(lines) and lines[end + 1] == "" and start > 0 and lines[start - 1] == "":
            end += 1
        del lines[start:end + 1]
    os.makedirs(os.path.dirname(dst) or ".", exist_ok=True)
    open(dst, "w", encoding="utf-8").write("\n".join(lines))


# ------------------------------------------------------------------------------- helpers

def service_of(path):
    """services/<name>/... -> name; anything else -> None (unmapped)."""
    path = path[2:] if path.startswith("./") else path
    parts = path.split("/")
    if len(parts) >= 3 and parts[0] == "services" and parts[1] in SERVICES:
        return parts[1]
    return None


def is_test(path):
    return path.endswith("_test.go") or re.search(r"\.test\.[cm]?js$", path) is not None


def pct1(num, den):
    """One decimal, as go tool cover and SonarQube print it."""
    return float("%.1f" % (100.0 * num / den)) if den else None


# ------------------------------------------------------------------------------ coverage

def read_profile(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    mode = lines[0].split(":", 1)[1].strip()
    blocks = []
    for l in lines[1:]:
        m = re.match(r"^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$", l)
        if not m:
            sys.exit("bad coverprofile line in %s: %r" % (path, l))
        f = m.group(1)
        blocks.append({"file": f, "start": int(m.group(2)), "end": int(m.group(4)),
                       "stmts": int(m.group(6)), "count": int(m.group(7)), "line": l})
    return mode, blocks


def rel_of_import_path(f):
    assert f.startswith(MODULE + "/"), f
    return f[len(MODULE) + 1:]


def cover_func_total(text):
    m = re.search(r"^total:\s+\(statements\)\s+([\d.]+)%$", text, re.M)
    return m.group(1) + "%"


def go_cover_func(work, profile_lines, mode):
    with tempfile.NamedTemporaryFile("w", suffix=".out", delete=False) as t:
        t.write("mode: %s\n" % mode)
        for l in profile_lines:
            t.write(l + "\n")
        name = t.name
    try:
        return subprocess.run(["go", "tool", "cover", "-func=" + name], cwd=work, check=True,
                              capture_output=True, text=True).stdout
    finally:
        os.unlink(name)


def coverage_summary(work, profile):
    """Per service and per package: statements, covered, percent, and the total line of
    `go tool cover -func` run on the profile filtered to that service."""
    mode, blocks = read_profile(profile)
    out = {"mode": mode, "services": {}, "packages": {}, "files": {}}
    for b in blocks:
        pkg = b["file"].rsplit("/", 1)[0]
        for key, table in ((pkg, out["packages"]), (rel_of_import_path(b["file"]), out["files"])):
            e = table.setdefault(key, {"statements": 0, "covered": 0})
            e["statements"] += b["stmts"]
            e["covered"] += b["stmts"] if b["count"] > 0 else 0
    for table in (out["packages"], out["files"]):
        for e in table.values():
            e["percent"] = pct1(e["covered"], e["statements"])
    for svc in GO_SERVICES:
        mine = [b for b in blocks if service_of(rel_of_import_path(b["file"])) == svc]
        stm = sum(b["stmts"] for b in mine)
        cov = sum(b["stmts"] for b in mine if b["count"] > 0)
        total = cover_func_total(go_cover_func(work, [b["line"] for b in mine], mode))
        if "%.1f%%" % (100.0 * cov / stm) != total:
            sys.exit("coverage of %s: %d/%d does not match go tool cover's %s" % (svc, cov, stm, total))
        out["services"][svc] = {"statements": stm, "covered": cov, "uncovered": stm - cov,
                                "percent": pct1(cov, stm), "go_tool_cover_func_total": total}
    stm = sum(b["stmts"] for b in blocks)
    cov = sum(b["stmts"] for b in blocks if b["count"] > 0)
    out["total"] = {"statements": stm, "covered": cov, "percent": pct1(cov, stm)}
    return out, blocks


def cover_func_functions(text):
    """shop.local/services/payment/service.go:172:  computeFraudScore  0.0%"""
    funcs = {}
    for l in text.splitlines():
        m = re.match(r"^(\S+):(\d+):\s+(\S+)\s+([\d.]+)%$", l)
        if m:
            funcs["%s:%s" % (rel_of_import_path(m.group(1)), m.group(3))] = float(m.group(4))
    return funcs


# ---------------------------------------------------------------------------------- sarif

def sarif_results(path, work):
    d = json.load(open(path, encoding="utf-8"))
    rows = []
    prefix = "file://" + work + "/"
    for run in d["runs"]:
        rules = run["tool"]["driver"].get("rules", [])
        by_id = {r["id"]: r for r in rules}
        for r in run.get("results", []):
            uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            if uri.startswith(prefix):
                uri = uri[len(prefix):]
            elif uri.startswith("file://"):
                sys.exit("%s: URI %s outside %s" % (path, uri, work))
            rule = by_id.get(r["ruleId"], {})
            category = rule.get("properties", {}).get("category")
            rows.append({"tool": run["tool"]["driver"]["name"], "rule": r["ruleId"], "path": uri,
                         "line": r["locations"][0]["physicalLocation"].get("region", {}).get("startLine"),
                         "level": r.get("level"), "security": category == ESLINT_SECURITY_CATEGORY})
    return rows


def classify(row):
    """SonarQube-like type of a SARIF result: staticcheck's SA checks are bugs, ESLint
    results of the security plugin are security hotspots, everything else is a code smell."""
    if row["tool"] == "Staticcheck" and row["rule"].startswith("SA"):
        return "bugs"
    if row["security"]:
        return "security_hotspots"
    return "code_smells"


# ---------------------------------------------------------------------------------- jscpd

def jscpd_per_file(path):
    d = json.load(open(path, encoding="utf-8"))
    files = {f["path"]: f for f in d["summary"]["files"]}
    if len(files) != d["statistics"]["total"]["sources"]:
        sys.exit("jscpd summary lists %d files, statistics %d sources: raise --summary-top"
                 % (len(files), d["statistics"]["total"]["sources"]))
    dup = collections.defaultdict(set)
    clones = collections.defaultdict(set)
    for i, c in enumerate(d["duplicates"]):
        for side in ("firstFile", "secondFile"):
            f = c[side]
            dup[f["name"]].update(range(f["start"], f["end"] + 1))
            clones[service_of(f["name"])].add(i)
    out = {}
    for p, f in files.items():
        out[p] = {"lines": f["lines"], "duplicated_lines": len(dup.get(p, ())),
                  "jscpd_duplicated_lines": f["duplicatedLines"], "complexity": f.get("complexity")}
    return d, out, clones


# ------------------------------------------------------------------------------- numstat

def parse_numstat(path):
    commits = []
    cur = None
    for l in open(path, encoding="utf-8").read().split("\n"):
        if l.startswith("commit "):
            cur = {"sha": l.split()[1], "merge": False, "files": []}
            commits.append(cur)
        elif l.startswith("Merge: "):
            cur["merge"] = True
        elif l.startswith("Author: "):
            cur["author"] = l[len("Author: "):].strip()
        elif l.startswith("Date: "):
            cur["date"] = l[len("Date: "):].strip()
        elif re.match(r"^(\d+|-)\t(\d+|-)\t", l):
            a, d, p = l.split("\t", 2)
            cur["files"].append({"added": None if a == "-" else int(a),
                                 "deleted": None if d == "-" else int(d),
                                 "path": rename_target(p), "raw_path": p})
    return commits


def rename_target(p):
    """'services/orders-worker/{handlers.go => consume.go}' -> the new path."""
    m = re.match(r"^(.*)\{(.*) => (.*)\}(.*)$", p)
    if m:
        return (m.group(1) + m.group(3) + m.group(4)).replace("//", "/")
    if " => " in p:
        return p.split(" => ", 1)[1]
    return p


# ------------------------------------------------------------------------------ new code

def new_lines(work):
    """Lines added or changed since NEW_CODE_SINCE (git diff -U0 -M against the last commit
    before it, first parent), per file."""
    base = subprocess.run(["git", "rev-list", "-1", "--first-parent", "--before=" + NEW_CODE_SINCE, "HEAD"],
                          cwd=work, check=True, capture_output=True, text=True).stdout.strip()
    diff = subprocess.run(["git", "diff", "-U0", "-M", base, "HEAD"], cwd=work, check=True,
                          capture_output=True, text=True).stdout
    out = collections.defaultdict(set)
    cur = None
    for l in diff.split("\n"):
        if l.startswith("+++ "):
            cur = l[6:] if l.startswith("+++ b/") else None
        m = re.match(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", l)
        if m and cur:
            start, n = int(m.group(1)), int(m.group(2) or "1")
            out[cur].update(range(start, start + n))
    return base, out


# ----------------------------------------------------------------------------- sonarqube

def measure(metric, value):
    m = {"metric": metric}
    if metric.startswith("new_"):
        m["period"] = {"value": fmt_value(metric, value)}
        if metric in BEST:
            m["period"]["bestValue"] = float(value) == BEST[metric]
        return m
    m["value"] = fmt_value(metric, value)
    if metric in BEST:
        m["bestValue"] = float(value) == BEST[metric]
    return m


def fmt_value(metric, value):
    if metric in ("coverage", "duplicated_lines_density", "new_coverage"):
        return "%.1f" % value
    return str(int(value))


def measures_of(agg):
    """agg: sums over a set of files -> SonarQube measures (absent stay absent)."""
    vals = {}
    if agg["statements"]:
        vals["coverage"] = 100.0 * agg["covered"] / agg["statements"]
        vals["lines_to_cover"] = agg["statements"]
        vals["uncovered_lines"] = agg["statements"] - agg["covered"]
    if agg["new_statements"]:
        vals["new_coverage"] = 100.0 * agg["new_covered"] / agg["new_statements"]
    if agg["jscpd_lines"]:
        vals["duplicated_lines_density"] = 100.0 * agg["duplicated_lines"] / agg["jscpd_lines"]
    if agg["has_complexity"]:
        vals["cognitive_complexity"] = agg["complexity"]
    for k in ("ncloc", "bugs", "code_smells", "security_hotspots", "vulnerabilities"):
        vals[k] = agg[k]
    vals["sqale_index"] = DEBT_MINUTES_PER_SMELL * agg["code_smells"]
    return [measure(k, vals[k]) for k in METRICS if k in vals]


def empty_agg():
    return collections.Counter(has_complexity=0)


# ---------------------------------------------------------------------------------- main

def outputs(work, out):
    def rd(name):
        return open(os.path.join(out, name), encoding="utf-8").read()

    exp = {"about": "Reference answers for the debt-shop fixtures, computed by derive.py from the "
                    "tools' outputs in this folder. See README.md.",
           "work_dir": work, "module": MODULE, "services": {}, "unmapped": {}}

    # coverage
    cov = {}
    blocks = {}
    for state, prof in (("before", "coverage-before.out"), ("after", "coverage.out"),
                        ("count", "coverage-count.out"), ("atomic", "coverage-atomic.out")):
        cov[state], blocks[state] = coverage_summary(work, os.path.join(out, prof))
    totals = {"before": cover_func_total(rd("cover-func-before.txt")),
              "after": cover_func_total(rd("cover-func.txt")),
              "count": cover_func_total(rd("cover-func-count.txt")),
              "atomic": cover_func_total(rd("cover-func-atomic.txt"))}
    for state, t in totals.items():
        if "%.1f%%" % (100.0 * cov[state]["total"]["covered"] / cov[state]["total"]["statements"]) != t:
            sys.exit("overall coverage %s does not match %s" % (state, t))
    funcs = {"before": cover_func_functions(rd("cover-func-before.txt")),
             "after": cover_func_functions(rd("cover-func.txt"))}

    # sarif
    sarif = sarif_results(os.path.join(out, "staticcheck.sarif"), work) + \
        sarif_results(os.path.join(out, "eslint.sarif"), work)

    # jscpd, cloc
    jscpd, jfiles, jclones = jscpd_per_file(os.path.join(out, "jscpd-report.json"))
    cloc = json.loads(rd("cloc.json"))
    cloc_files = {k[2:] if k.startswith("./") else k: v for k, v in cloc.items()
                  if k not in ("header", "SUM")}

    # churn
    commits = parse_numstat(os.path.join(out, "git-numstat.txt"))

    # new code
    base, newl = new_lines(work)
    new_by_file = collections.Counter()
    new_cov_by_file = collections.Counter()
    for b in blocks["after"]:
        rel = rel_of_import_path(b["file"])
        if b["start"] in newl.get(rel, ()):
            new_by_file[rel] += b["stmts"]
            new_cov_by_file[rel] += b["stmts"] if b["count"] > 0 else 0

    # planted vulnerabilities, located
    vulns = []
    for f, text, rule in PLANTED_VULNERABILITIES:
        src = open(os.path.join(work, f), encoding="utf-8").read().split("\n")
        hits = [i + 1 for i, l in enumerate(src) if text in l]
        if len(hits) != 1:
            sys.exit("planted vulnerability %r found %d times in %s" % (text, len(hits), f))
        vulns.append({"path": f, "line": hits[0], "rule": rule})

    # per-file aggregates for SonarQube (non-test source files only, as SonarQube counts)
    per_file = {}
    for p, c in cloc_files.items():
        if service_of(p) is None or is_test(p) or c["language"] not in ("Go", "JavaScript"):
            continue
        a = empty_agg()
        a["ncloc"] = c["code"]
        fc = cov["after"]["files"].get(p)
        if fc:
            a["statements"], a["covered"] = fc["statements"], fc["covered"]
        a["new_statements"], a["new_covered"] = new_by_file[p], new_cov_by_file[p]
        j = jfiles.get(p)
        if j:
            a["jscpd_lines"], a["duplicated_lines"] = j["lines"], j["duplicated_lines"]
            if j["complexity"] is not None:
                a["complexity"], a["has_complexity"] = j["complexity"], 1
        for r in sarif:
            if r["path"] == p:
                a[classify(r)] += 1
        a["vulnerabilities"] = sum(1 for v in vulns if v["path"] == p)
        per_file[p] = a

    def agg(paths):
        t = empty_agg()
        for p in paths:
            t.update(per_file[p])
        t["has_complexity"] = 1 if any(per_file[p]["has_complexity"] for p in paths) else 0
        return t

    # services
    for svc in SERVICES:
        pre = "services/%s/" % svc
        e = {"path_prefix": pre}
        e["coverage"] = None if svc not in GO_SERVICES else {
            state: cov[state]["services"][svc] for state in ("before", "after", "count", "atomic")}
        if e["coverage"]:
            e["coverage"]["packages_after"] = {k: v for k, v in cov["after"]["packages"].items()
                                               if k.startswith("%s/%s" % (MODULE, pre))}
        files = {p: v for p, v in jfiles.items() if service_of(p) == svc}
        lines = sum(v["lines"] for v in files.values())
        dl = sum(v["duplicated_lines"] for v in files.values())
        e["duplication"] = {
            "files": len(files), "lines": lines, "duplicated_lines": dl, "percent": pct1(dl, lines),
            "clones": len(jclones.get(svc, ())),
            "jscpd_summary_duplicated_lines": sum(v["jscpd_duplicated_lines"] for v in files.values()),
            "per_file": {p: {"lines": v["lines"], "duplicated_lines": v["duplicated_lines"]}
                         for p, v in sorted(files.items()) if v["duplicated_lines"]}}
        mine = {p: c for p, c in cloc_files.items() if service_of(p) == svc}
        e["cloc"] = {"files": len(mine), "code": sum(c["code"] for c in mine.values()),
                     "comment": sum(c["comment"] for c in mine.values()),
                     "blank": sum(c["blank"] for c in mine.values()),
                     "ncloc": sum(c["code"] for p, c in mine.items()
                                  if not is_test(p) and c["language"] in ("Go", "JavaScript")),
                     "by_language": dict(sorted(collections.Counter(
                         {lang: sum(c["code"] for c in mine.values() if c["language"] == lang)
                          for lang in {c["language"] for c in mine.values()}}).items()))}
        rows = [r for r in sarif if service_of(r["path"]) == svc]
        e["sarif"] = {"staticcheck": sum(1 for r in rows if r["tool"] == "Staticcheck"),
                      "eslint": sum(1 for r in rows if r["tool"] == "ESLint"),
                      "by_rule": dict(sorted(collections.Counter(r["rule"] for r in rows).items())),
                      "security_tagged": sum(1 for r in rows if r["security"]),
                      "bugs": sum(1 for r in rows if classify(r) == "bugs"),
                      "code_smells": sum(1 for r in rows if classify(r) == "code_smells"),
                      "security_hotspots": sum(1 for r in rows if classify(r) == "security_hotspots")}
        touching = [c for c in commits if any(service_of(f["path"]) == svc for f in c["files"])]
        fl = [f for c in commits for f in c["files"] if service_of(f["path"]) == svc]
        e["churn"] = {"commits": len(touching),
                      "added": sum(f["added"] or 0 for f in fl),
                      "deleted": sum(f["deleted"] or 0 for f in fl),
                      "file_changes": len(fl),
                      "binary_file_changes": sum(1 for f in fl if f["added"] is None),
                      "files": sorted({f["path"] for f in fl}),
                      "authors": sorted({c["author"] for c in touching})}
        e["vulnerabilities"] = {"count": sum(1 for v in vulns if service_of(v["path"]) == svc),
                                "planted": [v for v in vulns if service_of(v["path"]) == svc]}
        svc_files = sorted(p for p in per_file if service_of(p) == svc)
        e["sonarqube_measures"] = {m["metric"]: m.get("value", m.get("period", {}).get("value"))
                                   for m in measures_of(agg(svc_files))}
        if svc == "payment":
            e["functions"] = {state: {k.split(":", 1)[1]: v for k, v in funcs[state].items()
                                      if service_of(k) == "payment"} for state in funcs}
        exp["services"][svc] = e

    exp["totals"] = {
        "coverage": {"before": totals["before"], "after": totals["after"], "count": totals["count"],
                     "atomic": totals["atomic"],
                     "statements": cov["after"]["total"]["statements"],
                     "covered_before": cov["before"]["total"]["covered"],
                     "covered_after": cov["after"]["total"]["covered"]},
        "sarif": {"staticcheck": sum(1 for r in sarif if r["tool"] == "Staticcheck"),
                  "eslint": sum(1 for r in sarif if r["tool"] == "ESLint")},
        "jscpd": {k: jscpd["statistics"]["total"][k]
                  for k in ("sources", "lines", "clones", "duplicatedLines", "percentage")},
        "cloc": {k: cloc["SUM"][k] for k in ("nFiles", "code", "comment", "blank")},
        "numstat": {"commits": len(commits), "merges": sum(1 for c in commits if c["merge"]),
                    "first": commits[-1]["date"], "last": commits[0]["date"],
                    "added": sum(f["added"] or 0 for c in commits for f in c["files"]),
                    "deleted": sum(f["deleted"] or 0 for c in commits for f in c["files"]),
                    "renames": [f["raw_path"] for c in commits for f in c["files"] if "=>" in f["raw_path"]],
                    "binary": [f["raw_path"] for c in commits for f in c["files"] if f["added"] is None]},
        "new_code": {"since": NEW_CODE_SINCE, "base_commit": base},
    }
    exp["unmapped"] = {
        "cloc": sorted(p for p in cloc_files if service_of(p) is None),
        "numstat": sorted({f["path"] for c in commits for f in c["files"] if service_of(f["path"]) is None}),
    }

    # SonarQube answers
    sq = os.path.join(out, "sonarqube")
    os.makedirs(sq, exist_ok=True)
    period = {"mode": "NUMBER_OF_DAYS", "date": NEW_CODE_SINCE, "parameter": str(NEW_CODE_DAYS)}
    for svc in SERVICES:
        ms = measures_of(agg(sorted(p for p in per_file if service_of(p) == svc)))
        if svc == "inventory":  # an unknown metric key: the importer must skip it
            ms.append({"metric": "my_custom_metric", "value": "7"})
        write_json(os.path.join(sq, "component-%s.json" % svc), {
            "component": {"key": "%s:%s" % (SONAR_PROJECT, svc), "name": svc, "qualifier": "TRK",
                          "measures": ms},
            "period": period})
    comps = []
    dirs = set()
    for p in per_file:
        d = os.path.dirname(p)
        while d:
            dirs.add(d)
            d = os.path.dirname(d)
    for d in dirs:
        comps.append({"key": "%s:%s" % (SONAR_PROJECT, d), "name": d, "qualifier": "DIR", "path": d,
                      "measures": measures_of(agg(sorted(p for p in per_file if p.startswith(d + "/"))))})
    for p in per_file:
        comps.append({"key": "%s:%s" % (SONAR_PROJECT, p), "name": os.path.basename(p), "qualifier": "FIL",
                      "path": p, "language": "go" if p.endswith(".go") else "js",
                      "measures": measures_of(agg([p]))})
    comps.sort(key=lambda c: c["path"])
    base_component = {"key": SONAR_PROJECT, "name": "Shop", "qualifier": "TRK",
                      "measures": measures_of(agg(sorted(per_file)))}
    pages = [comps[i:i + COMPONENT_TREE_PAGE_SIZE] for i in range(0, len(comps), COMPONENT_TREE_PAGE_SIZE)]
    for i, page in enumerate(pages, 1):
        write_json(os.path.join(sq, "component_tree-page%d.json" % i), {
            "paging": {"pageIndex": i, "pageSize": COMPONENT_TREE_PAGE_SIZE, "total": len(comps)},
            "baseComponent": base_component, "components": page})
    exp["sonarqube"] = {"project": SONAR_PROJECT, "component_tree_components": len(comps),
                        "component_tree_pages": len(pages), "page_size": COMPONENT_TREE_PAGE_SIZE,
                        "metric_keys": METRICS, "unknown_metric": "my_custom_metric in component-inventory.json"}
    write_json(os.path.join(out, "expected.json"), exp)

    for svc in SERVICES:
        e = exp["services"][svc]
        c = e["coverage"]
        print("  %-14s coverage %-6s -> %-6s  duplication %5.1f %%  staticcheck %d  eslint %d  "
              "commits %d (+%d -%d)  vulnerabilities %d" % (
                  svc, c["before"]["go_tool_cover_func_total"] if c else "-",
                  c["after"]["go_tool_cover_func_total"] if c else "-", e["duplication"]["percent"] or 0,
                  e["sarif"]["staticcheck"], e["sarif"]["eslint"], e["churn"]["commits"],
                  e["churn"]["added"], e["churn"]["deleted"], e["vulnerabilities"]["count"]))


def same(kind, old, new):
    if kind == "coverprofile":
        def canon(p):
            lines = open(p, encoding="utf-8").read().splitlines()
            return lines[0], sorted(lines[1:])
    else:
        def canon(p):
            d = json.load(open(p, encoding="utf-8"))
            for run in d["runs"]:
                run["tool"]["driver"]["rules"].sort(key=lambda r: r["id"])
            return d
    return canon(old) == canon(new)


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("strip")
    s.add_argument("src")
    s.add_argument("dst")
    s.add_argument("args", nargs=argparse.REMAINDER)
    m = sub.add_parser("same")
    m.add_argument("kind", choices=["coverprofile", "sarif-rules"])
    m.add_argument("old")
    m.add_argument("new")
    o = sub.add_parser("outputs")
    o.add_argument("--work", required=True)
    o.add_argument("--out", required=True)
    a = ap.parse_args()
    if a.cmd == "strip":
        strip(a.src, a.dst, list(a.args))
    elif a.cmd == "same":
        sys.exit(0 if same(a.kind, a.old, a.new) else 1)
    else:
        outputs(a.work, a.out)


if __name__ == "__main__":
    main()

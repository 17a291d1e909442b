#!/usr/bin/python3
"""Counts the families, series and sample lines of an OpenMetrics 1.0 file.

expfmt (the Go parser used by count_families) only reads the 0.0.4 text format, so
OpenMetrics files are parsed with the OpenMetrics parser of the Python client library,
prometheus_client.openmetrics.parser (Debian python3-prometheus-client 0.16), which
enforces the OpenMetrics grammar (# EOF, _total, exemplars, ...). Prints JSON: per
family its name (as in the # TYPE line), type, help, unit, series count, sample-line
count (every _bucket, _sum, _count, _created, _total line counts), exemplar count and
every sample line with its value, timestamp and exemplar.

Usage: /usr/bin/python3 count_openmetrics.py FILE > expected.json
"""
import json
import math
import os
import sys

from prometheus_client.openmetrics.parser import text_string_to_metric_families

# Labels that split one series into several sample lines, by family type.
SAMPLE_LABELS = {
    "histogram": {"le"},
    "gaugehistogram": {"le"},
    "summary": {"quantile"},
}


def format_number(value):
    """Spells a value as the exposition formats do, so NaN and infinities survive JSON."""
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "+Inf" if value > 0 else "-Inf"
        return repr(value)
    return str(value)


def describe(family):
    split_labels = SAMPLE_LABELS.get(family.type, set())
    if family.type == "stateset":
        split_labels = {family.name}
    series_keys = set()
    samples = []
    exemplars = 0
    for sample in family.samples:
        key = tuple(sorted((k, v) for k, v in sample.labels.items() if k not in split_labels))
        series_keys.add(key)
        entry = {"name": sample.name, "labels": sample.labels, "value": format_number(sample.value)}
        if sample.timestamp is not None:
            entry["timestamp"] = str(sample.timestamp)
        if sample.exemplar is not None:
            exemplars += 1
            entry["exemplar"] = {
                "labels": sample.exemplar.labels,
                "value": format_number(sample.exemplar.value),
                "timestamp": str(sample.exemplar.timestamp) if sample.exemplar.timestamp is not None else None,
            }
        samples.append(entry)
    return {
        "name": family.name,
        "type": family.type,
        "help": family.documentation,
        "unit": family.unit,
        "series": len(series_keys),
        "samples": len(family.samples),
        "exemplars": exemplars,
        "sample_lines": samples,
    }


def main():
    if len(sys.argv) != 2:
        print("usage: count_openmetrics.py FILE", file=sys.stderr)
        sys.exit(2)
    path = sys.argv[1]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        families = [describe(f) for f in text_string_to_metric_families(text)]
    except ValueError as error:
        print(f"{path}: {error}", file=sys.stderr)
        sys.exit(1)
    families.sort(key=lambda f: f["name"])
    report = {
        "file": os.path.basename(path),
        "parser": "prometheus_client.openmetrics.parser (Debian python3-prometheus-client 0.16.0)",
        "families": len(families),
        "series": sum(f["series"] for f in families),
        "samples": sum(f["samples"] for f in families),
        "family_list": families,
    }
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


main()

#pragma once

// The hostile corpus of the report tests: names that try to leave the text they are put in,
// in every place a report shows data (tst_report_html checks our markup, tst_report_chromium
// what a browser makes of it).
#include <string>
#include <vector>

#include "model/report/report_content.h"

namespace sightline::test {

// Names that try to leave the text they are put in, in every place a report shows data.
inline std::vector<std::string> hostileNames() {
  return {
      "</script><script>alert(1)</script>",
      "<img src=x onerror=alert(2)>",
      "\"><svg onload=alert(3)>",
      "' onmouseover='alert(4)",
      "javascript:alert(5)",
      "</style><style>body{display:none}</style>",
      "<!-- comment -->",
      "line\u2028separator",
      "right\u202Eto-left",
      std::string("nul\0byte", 8),
      "bell\x07 and DEL\x7F",
      "invalid \xff\xfe utf-8",
      "支付服务 · 欺诈检查",
      "&amp; &lt;already escaped&gt;",
  };
}

inline ReportContent hostileContent(bool withBaseline) {
  const std::vector<std::string> names = hostileNames();
  ReportContent content;
  content.title = names[0] + " review";
  std::int64_t id = 0;
  for (const std::string& name : names) {
    ReportSource source;
    source.id = ++id;
    source.path = "/data/" + name + ".otlp.pb";
    source.kind = name;
    source.sha256 = name;
    source.status = id == 3 ? name : "ok";
    source.spans = 10;
    content.sources.push_back(source);

    ReportEndpoint endpoint;
    endpoint.service = name;
    endpoint.operation = "GET /" + name;
    EndpointFigures figures;
    figures.latency.count = 100;
    figures.latency.p50Ns = 1'000'000;
    figures.latency.p95Ns = 2'140'000'000;
    figures.latency.p99Ns = 3'000'000'000;
    figures.requestsPerSecond = 1.5;
    endpoint.target = figures;
    if (withBaseline) {
      endpoint.baseline = figures;
      endpoint.target->latency.p95Ns = 412'000'000;
    }
    content.endpoints.push_back(endpoint);

    ReportFinding row;
    Finding& f = row.finding;
    f.rule = name;
    f.severity = Severity::High;
    f.title = name;
    f.explanation = "because " + name;
    f.service = name;
    f.operation = name;
    f.function = name;
    f.series = {name};
    f.impactNs = 5'000'000;
    f.count = 3;
    FindingEvidence span;
    span.role = name;
    f.evidence.push_back(span);
    FindingEvidence function;
    function.kind = FindingEvidence::Kind::ProfileFunction;
    function.role = name;
    function.function = name;
    f.evidence.push_back(function);
    FindingEvidence series;
    series.kind = FindingEvidence::Kind::MetricSeries;
    series.role = name;
    series.series = name;
    f.evidence.push_back(series);
    row.presence = withBaseline ? FindingPresence::FixedInTarget : FindingPresence::Everywhere;
    TraceExcerpt excerpt;
    excerpt.startUnixNano = 1000;
    excerpt.endUnixNano = 5000;
    excerpt.spans = 7;
    for (int depth = 0; depth < 2; ++depth) {
      TraceExcerptRow span;
      span.depth = depth;
      span.service = name;
      span.name = name;
      span.startUnixNano = 1000 + 1000 * static_cast<std::uint64_t>(depth);
      span.endUnixNano = 5000;
      span.onCriticalPath = true;
      span.evidence = depth == 1;
      excerpt.rows.push_back(span);
    }
    excerpt.notDrawn = 5;
    row.trace = excerpt;
    // The card's flame excerpt (the name at the root and as a callee) and sparkline.
    FindingFlame cardFlame;
    cardFlame.function = name;
    cardFlame.profileId = 2;
    cardFlame.sampleType = name;
    CallTree& callees = cardFlame.tree;
    callees.names = {name, name + "'s callee"};
    CallTreeNode top;
    top.firstChild = 1;
    top.childCount = 1;
    top.total = 100;
    top.self = 40;
    CallTreeNode callee;
    callee.parent = 0;
    callee.depth = 1;
    callee.name = 1;
    callee.total = callee.self = 60;
    callees.nodes = {top, callee};
    callees.maxDepth = 1;
    cardFlame.nodesCut = 3;
    row.flame = cardFlame;
    FindingSparkline line;
    line.series = name;
    line.points = {{1000, 1.0}, {2000, 3.0}, {3000, 2.0}};
    line.highlightFromMs = 1500;
    line.highlightToMs = 2500;
    row.sparkline = line;
    content.findings.push_back(row);
  }
  content.hasBaseline = withBaseline;
  if (withBaseline) {
    // A differential flame graph whose functions are the hostile names: a root and one child
    // per name, each a leaf.
    ReportDiffFlame flame;
    flame.sampleType = names[1];
    flame.baseline.sourcePath = "/p/" + names[2];
    flame.target.sourcePath = "/p/" + names[3];
    CallTree& tree = flame.tree;
    tree.sampleType = {"cpu", "nanoseconds"};
    tree.differential = true;
    CallTreeNode root;
    root.firstChild = 1;
    root.childCount = static_cast<std::uint32_t>(names.size());
    root.total = static_cast<std::int64_t>(names.size()) * 100;
    tree.names.push_back("root");
    tree.nodes.push_back(root);
    tree.baseTotals.push_back(root.total);
    tree.baseSelfs.push_back(0);
    for (std::size_t i = 0; i < names.size(); ++i) {
      CallTreeNode node;
      node.parent = 0;
      node.depth = 1;
      node.name = static_cast<std::uint32_t>(tree.names.size());
      node.total = node.self = 100;
      tree.names.push_back(names[i]);
      tree.nodes.push_back(node);
      tree.baseTotals.push_back(i % 2 ? 50 : 150);
      tree.baseSelfs.push_back(i % 2 ? 50 : 150);
    }
    tree.maxDepth = 1;
    content.diffFlame = flame;
  }
  content.rulesJson = "{\"x\": \"" + names[0] + "\"}";
  return content;
}

}  // namespace sightline::test

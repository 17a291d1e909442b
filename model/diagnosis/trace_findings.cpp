#include "model/diagnosis/trace_findings.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <thread>

#include "model/text/duration_text.h"
#include "model/traces/trace_statistics.h"

namespace sightline {

namespace {

std::string duration(std::uint64_t ns) {
  return formatDuration(ns).toStdString();
}

std::string percent(double share) {
  char text[32];
  std::snprintf(text, sizeof text, share < 0.1 && share > 0 ? "%.1f %%" : "%.0f %%", share * 100);
  return text;
}

std::string range(std::uint64_t lo, std::uint64_t hi) {
  return lo == hi ? duration(lo) : duration(lo) + "–" + duration(hi);
}

// "12" or "12–18": the smallest and largest count over a group's traces.
std::string countRange(const std::vector<TraceOccurrence>& occurrences) {
  std::uint32_t lo = UINT32_MAX;
  std::uint32_t hi = 0;
  for (const TraceOccurrence& o : occurrences) {
    lo = std::min(lo, o.count);
    hi = std::max(hi, o.count);
  }
  return lo == hi ? std::to_string(lo) : std::to_string(lo) + "–" + std::to_string(hi);
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

class Builder {
 public:
  Builder(const DiagnosisSpanTable& table, const TraceRuleScan& scan, const DiagnosisRules& rules)
      : m_table(table), m_scan(scan), m_rules(rules) {}

  std::string operation(OperationKey key) const {
    return m_table.text(keyService(key)) + " " + m_table.text(keyName(key));
  }

  const DiagnosisSpan& span(std::uint32_t index) const { return m_table.spans[index]; }

  // A finding's subject, time range, traffic share and exemplars from its occurrences: the
  // `exemplars` largest by value, every span of each as evidence with `role`.
  Finding start(const char* rule, OperationKey subject, std::vector<TraceOccurrence>& occurrences,
                const char* role) const {
    Finding finding;
    finding.rule = rule;
    finding.service = m_table.text(keyService(subject));
    finding.operation = m_table.text(keyName(subject));
    std::set<std::uint32_t> traces;
    std::uint64_t first = UINT64_MAX;
    std::uint64_t last = 0;
    for (const TraceOccurrence& o : occurrences) {
      traces.insert(o.trace);
      for (std::uint32_t s : o.spans) {
        first = std::min(first, span(s).startUnixNano);
        last = std::max(last, span(s).endUnixNano);
      }
      finding.impactNs += o.value;
      finding.count += 1;
    }
    finding.firstSeenUnixNano = first == UINT64_MAX ? 0 : first;
    finding.lastSeenUnixNano = last;
    finding.trafficShare =
        m_scan.traces ? static_cast<double>(traces.size()) / static_cast<double>(m_scan.traces) : 0;
    finding.impactPerRequestNs = traces.empty() ? 0 : finding.impactNs / traces.size();
    std::stable_sort(
        occurrences.begin(), occurrences.end(),
        [](const TraceOccurrence& a, const TraceOccurrence& b) { return a.value > b.value; });
    std::set<std::uint32_t> exemplarTraces;
    for (const TraceOccurrence& o : occurrences) {
      if (exemplarTraces.size() >= static_cast<std::size_t>(m_rules.exemplars()) &&
          !exemplarTraces.count(o.trace))
        continue;
      if (exemplarTraces.insert(o.trace).second)
        finding.traceIds.push_back(m_table.traceIds[o.trace]);
      for (std::uint32_t s : o.spans)
        finding.evidence.push_back(spanEvidence(o.trace, s, role, static_cast<double>(o.value)));
    }
    return finding;
  }

  FindingEvidence spanEvidence(std::uint32_t trace, std::uint32_t s, const char* role,
                               double value) const {
    FindingEvidence row;
    row.kind = FindingEvidence::Kind::Span;
    row.role = role;
    row.traceId = m_table.traceIds[trace];
    row.spanId = span(s).spanId;
    row.startUnixNano = span(s).startUnixNano;
    row.endUnixNano = span(s).endUnixNano;
    row.value = value;
    return row;
  }

  static std::size_t distinctTraces(const std::vector<TraceOccurrence>& occurrences) {
    std::set<std::uint32_t> traces;
    for (const TraceOccurrence& o : occurrences)
      traces.insert(o.trace);
    return traces.size();
  }

  const DiagnosisSpanTable& m_table;
  const TraceRuleScan& m_scan;
  const DiagnosisRules& m_rules;
};

void slowOperations(const Builder& b, TraceRuleScan& scan, std::vector<Finding>& out) {
  const DiagnosisRules& rules = b.m_rules;
  const std::uint64_t budget = rules.nanoseconds("slow-operation", "p99_budget_ms");
  const auto minSpans = static_cast<std::size_t>(rules.number("slow-operation", "min_spans"));
  for (auto& [key, figures] : scan.operations) {
    std::vector<std::uint64_t> durations = figures.durations;
    const std::uint64_t p99 = nearestRankPercentile(durations, 99);
    if (p99 <= budget)
      continue;
    const std::uint64_t p50 = nearestRankPercentile(durations, 50);
    const std::uint64_t p95 = nearestRankPercentile(durations, 95);
    const std::uint64_t count = durations.size();
    Finding finding = b.start("slow-operation", key, figures.slowCulprits, "slow span");
    // Impact: the time over budget of the spans that are slow themselves.
    finding.impactNs = 0;
    for (const TraceOccurrence& o : figures.slowCulprits)
      finding.impactNs += o.value - budget;
    const std::size_t slowTraces = Builder::distinctTraces(figures.slowCulprits);
    finding.impactPerRequestNs = slowTraces ? finding.impactNs / slowTraces : 0;
    finding.count = count;
    finding.title = b.operation(key) + ": p99 " + duration(p99) + ", budget " + duration(budget) +
                    " (" + plural(count, "span", "spans") + ", p50 " + duration(p50) + ", p95 " +
                    duration(p95) + ")";
    if (figures.slowCulprits.empty()) {
      // Slow only because a child is: name the child, keep it low.
      OperationKey blamed = 0;
      std::uint32_t most = 0;
      for (const auto& [child, n] : figures.slowBecauseOf) {
        if (n > most || (n == most && child < blamed)) {
          most = n;
          blamed = child;
        }
      }
      finding.severity = Severity::Low;
      finding.title += "; slow because of " + b.operation(blamed);
      finding.explanation =
          "Every span of this operation over the budget waited on a child on its critical path "
          "that is itself over budget (" +
          b.operation(blamed) + " in " + std::to_string(most) +
          " of them): fix that one first; this finding follows from it.";
      finding.trafficShare =
          scan.traces ? static_cast<double>(figures.traces) / static_cast<double>(scan.traces) : 0;
    } else {
      const std::uint64_t culprits = figures.slowCulprits.size();
      finding.title += "; " + std::to_string(culprits) + " of " +
                       plural(figures.slowSpans, "slow span", "slow spans") +
                       " are slow in their own time";
      if (culprits >= minSpans)
        finding.severity =
            (p99 > 5 * budget && finding.trafficShare >= 0.1) ? Severity::Critical : Severity::High;
      else
        finding.severity = culprits >= 2 ? Severity::Medium : Severity::Low;
      finding.explanation =
          "The 99th percentile of this operation's duration is over the budget, and its slow "
          "spans are not waiting on a slow child: the time goes into the operation itself or "
          "children that are each within budget. The slowest spans are the evidence; open one "
          "to see its waterfall, and its CPU samples when a profile carries span ids.";
    }
    out.push_back(std::move(finding));
  }
}

void errorSpans(const Builder& b, TraceRuleScan& scan, std::vector<Finding>& out) {
  const auto minSpans = static_cast<std::size_t>(b.m_rules.number("error-spans", "min_spans"));
  for (auto& [groupKey, group] : scan.errorOrigins) {
    const std::uint32_t first = group.occurrences.front().spans.front();
    const OperationKey key = operationKey(b.span(first).service, b.span(first).name);
    std::size_t onPath = 0;
    for (const TraceOccurrence& o : group.occurrences)
      onPath += o.onCriticalPath ? 1 : 0;
    Finding finding = b.start("error-spans", key, group.occurrences, "failed span");
    finding.impactPerRequestNs = 0;
    const std::size_t traces = Builder::distinctTraces(group.occurrences);
    const std::string peer = group.extra ? " → " + b.m_table.text(group.extra) : std::string();
    finding.title = b.operation(key) + peer + ": " +
                    plural(group.occurrences.size(), "error", "errors") + " in " +
                    plural(traces, "trace", "traces") + " (" + percent(finding.trafficShare) +
                    " of traffic), " + std::to_string(onPath) + " on the critical path";
    if (traces >= minSpans && 2 * onPath >= group.occurrences.size())
      finding.severity = finding.trafficShare >= 0.1 ? Severity::Critical : Severity::High;
    else
      finding.severity = traces >= minSpans ? Severity::Medium : Severity::Low;
    if (traces < 10 && finding.severity >= Severity::High)
      finding.severity = Severity::Medium;
    finding.explanation =
        group.extra
            ? "These calls failed without an answering span on the other side (refused, timed "
              "out or not traced): the fault is with " +
                  b.m_table.text(group.extra) +
                  ". Errors their callers passed on are counted with this origin."
            : "These spans failed first: none of their children failed, so the error starts "
              "here, and the failing spans above them only passed it on. Errors on the "
              "critical path fail or delay the request.";
    out.push_back(std::move(finding));
  }
}

void deepChains(const Builder& b, TraceRuleScan& scan, std::vector<Finding>& out) {
  const auto maxDepth = static_cast<std::uint32_t>(b.m_rules.number("deep-chain", "max_depth"));
  for (auto& [key, group] : scan.deepChains) {
    const std::size_t traces = group.occurrences.size();
    const std::uint32_t all = scan.roots[key].traces;
    Finding finding = b.start("deep-chain", key, group.occurrences, "chain");
    finding.title = b.operation(key) + ": call depth " + countRange(group.occurrences) +
                    ", budget " + std::to_string(maxDepth) + ", in " + std::to_string(traces) +
                    " of " + plural(all, "trace", "traces");
    finding.severity = traces >= 5 && 2 * traces >= all ? Severity::High : Severity::Medium;
    finding.explanation =
        "Each hop of a long call chain adds latency and a way to fail. The evidence is the "
        "chain from the root to the deepest span; the impact counts the time spent below the "
        "budget depth.";
    out.push_back(std::move(finding));
  }
}

void dominance(const Builder& b, TraceRuleScan& scan, std::vector<Finding>& out) {
  for (auto& [key, group] : scan.databaseDominant) {
    const std::size_t traces = group.occurrences.size();
    const std::uint32_t all = scan.roots[key].traces;
    double lo = 1;
    double hi = 0;
    for (const TraceOccurrence& o : group.occurrences) {
      const double share = static_cast<double>(o.value) / static_cast<double>(o.total);
      lo = std::min(lo, share);
      hi = std::max(hi, share);
    }
    Finding finding = b.start("database-dominant", key, group.occurrences, "database span");
    finding.title = b.operation(key) + ": the database owns " +
                    (percent(lo) == percent(hi) ? percent(lo) : percent(lo) + "–" + percent(hi)) +
                    " of the critical path in " + std::to_string(traces) + " of " +
                    plural(all, "trace", "traces");
    finding.severity = traces >= 5 && 2 * traces >= all ? Severity::High : Severity::Low;
    finding.explanation =
        "Most of the time the request waits for is spent in database calls: look at the "
        "queries (missing index, too much data, lock waits) before the code around them.";
    out.push_back(std::move(finding));
  }
  for (auto& [groupKey, group] : scan.dominantServices) {
    // The group's key mixes the root operation with the service: take the root operation
    // from the first occurrence's trace.
    const std::uint32_t trace = group.occurrences.front().trace;
    const std::uint32_t firstSpan = b.m_table.traceBegin[trace];
    const OperationKey key = operationKey(b.span(firstSpan).service, b.span(firstSpan).name);
    const std::size_t traces = group.occurrences.size();
    const std::uint32_t all = scan.roots.count(key) ? scan.roots[key].traces : 0;
    Finding finding = b.start("dominant-service", key, group.occurrences, "dominant span");
    const std::string service = b.m_table.text(group.extra);
    finding.title = b.operation(key) + ": " + service + " owns at least " +
                    percent(b.m_rules.number("dominant-service", "min_share")) +
                    " of the critical path in " + std::to_string(traces) + " of " +
                    plural(all, "trace", "traces");
    finding.severity = Severity::Medium;
    finding.explanation =
        "One service holds most of the time these requests wait for: that is where to look. "
        "The other findings about " +
        service + " say what it does with that time.";
    out.push_back(std::move(finding));
  }
}

std::string statementText(const Builder& b, std::uint32_t statement) {
  std::string text = b.m_table.text(statement);
  if (text.size() > 120)
    text = text.substr(0, 117) + "…";
  return text;
}

void repeatedCalls(const Builder& b, TraceRuleScan& scan, std::vector<Finding>& out) {
  for (auto& [groupKey, group] : scan.nPlusOneDb) {
    // The subject is the parent operation, whose code issues the queries.
    const DiagnosisSpan& parent = b.span(group.occurrences.front().anchor);
    const std::size_t traces = Builder::distinctTraces(group.occurrences);
    const OperationKey key = operationKey(parent.service, parent.name);
    Finding finding = b.start("n-plus-one-db", key, group.occurrences, "repeated query");
    finding.title = b.operation(key) + ": N+1 queries, " + countRange(group.occurrences) + " × " +
                    statementText(b, group.extra) + " in " + plural(traces, "trace", "traces");
    finding.severity = traces >= 5 ? Severity::High : Severity::Medium;
    finding.explanation =
        "The same query runs once per item, one after the other: one query for all items (a "
        "join or IN list) would take about as long as the longest of them. The impact is the "
        "time that batching would save.";
    out.push_back(std::move(finding));
  }
  for (auto& [groupKey, group] : scan.nPlusOneHttp) {
    const DiagnosisSpan& parent = b.span(group.occurrences.front().anchor);
    const std::size_t traces = Builder::distinctTraces(group.occurrences);
    const OperationKey key = operationKey(parent.service, parent.name);
    Finding finding = b.start("n-plus-one-http", key, group.occurrences, "repeated call");
    finding.title = b.operation(key) + ": N+1 calls, " + countRange(group.occurrences) +
                    " calls to " + b.m_table.text(group.extra) + " in " +
                    plural(traces, "trace", "traces");
    finding.severity = traces >= 5 ? Severity::High : Severity::Medium;
    finding.explanation =
        "Many calls to one route start within a few milliseconds of each other: a fan-out per "
        "item. One batched call would do the same work with one round trip and one share of "
        "the callee's overhead.";
    out.push_back(std::move(finding));
  }
  for (auto& [key, group] : scan.parallelizable) {
    std::uint64_t lo = UINT64_MAX;
    std::uint64_t hi = 0;
    double fraction = 1;
    for (const TraceOccurrence& o : group.occurrences) {
      lo = std::min(lo, o.value);
      hi = std::max(hi, o.value);
      fraction = std::min(fraction, static_cast<double>(o.value) /
                                        static_cast<double>(std::max<std::uint64_t>(o.total, 1)));
    }
    const std::size_t traces = Builder::distinctTraces(group.occurrences);
    Finding finding = b.start("parallelizable-calls", key, group.occurrences, "sequential call");
    const std::uint32_t calls = group.occurrences.front().count;
    finding.title = b.operation(key) + ": " + std::to_string(calls) +
                    " sequential calls could run in parallel, saving " + range(lo, hi) +
                    " (at least " + percent(fraction) + ") in " + plural(traces, "trace", "traces");
    finding.severity = traces >= 5 ? Severity::High : Severity::Medium;
    finding.explanation =
        "These calls run one after another and none overlaps the next: if they do not depend "
        "on each other's results, running them concurrently takes as long as the longest. The "
        "impact is the sum minus the longest.";
    out.push_back(std::move(finding));
  }
  for (auto& [groupKey, group] : scan.slowQueries) {
    const std::uint32_t first = group.occurrences.front().spans.front();
    const DiagnosisSpan& head = b.span(first);
    std::uint64_t lo = UINT64_MAX;
    std::uint64_t hi = 0;
    for (const TraceOccurrence& o : group.occurrences) {
      lo = std::min(lo, o.value);
      hi = std::max(hi, o.value);
    }
    Finding finding = b.start("slow-query", operationKey(head.service, head.name),
                              group.occurrences, "slow query");
    finding.title = b.m_table.text(head.service) + ": " +
                    plural(group.occurrences.size(), "query", "queries") + " of " + range(lo, hi) +
                    ", " + duration(finding.impactNs) +
                    " in total: " + statementText(b, group.extra);
    finding.severity = group.occurrences.size() >= 5 ? Severity::High : Severity::Medium;
    finding.explanation =
        "Each of these database calls took longer than the slow-query threshold. Queries are "
        "ranked by their total time; run EXPLAIN on the statement.";
    out.push_back(std::move(finding));
  }
}

void selfTimeHotspots(const Builder& b, TraceRuleScan& scan, std::vector<Finding>& out) {
  const double minShare = b.m_rules.number("self-time-hotspot", "min_share");
  const std::uint64_t minMeanNs = b.m_rules.nanoseconds("self-time-hotspot", "min_mean_self_ms");
  for (auto& [rootKey, root] : scan.roots) {
    if (root.durationNs == 0)
      continue;
    for (const auto& [key, selfNs] : root.selfNs) {
      const double share = static_cast<double>(selfNs) / static_cast<double>(root.durationNs);
      const std::uint64_t meanNs = selfNs / std::max<std::uint32_t>(root.traces, 1);
      if (share < minShare || meanNs < minMeanNs)
        continue;
      Finding finding;
      finding.rule = "self-time-hotspot";
      finding.service = b.m_table.text(keyService(key));
      finding.operation = b.m_table.text(keyName(key));
      finding.impactNs = selfNs;
      finding.impactPerRequestNs = meanNs;
      finding.count = root.tracesWith[key];
      finding.trafficShare = scan.traces ? static_cast<double>(root.traces) / scan.traces : 0;
      const std::uint32_t exemplar = root.exemplarSpan[key];
      const std::uint32_t trace = static_cast<std::uint32_t>(
          std::upper_bound(b.m_table.traceBegin.begin(), b.m_table.traceBegin.end(), exemplar) -
          b.m_table.traceBegin.begin() - 1);
      finding.traceIds.push_back(b.m_table.traceIds[trace]);
      finding.evidence.push_back(b.spanEvidence(trace, exemplar, "exemplar span", 0));
      finding.firstSeenUnixNano = b.span(exemplar).startUnixNano;
      finding.lastSeenUnixNano = b.span(exemplar).endUnixNano;
      finding.title = b.operation(key) + ": " + percent(share) + " of " + b.operation(rootKey) +
                      " time is its own (self time), " + duration(meanNs) + " per trace over " +
                      plural(root.traces, "trace", "traces");
      finding.severity = Severity::Medium;
      finding.explanation =
          "Self time is a span's duration minus its children's: the time the operation spends "
          "in its own code (CPU, locks, I/O without spans). A large share points at the code of "
          "this operation; its CPU profile tells whether it computes or waits.";
      out.push_back(std::move(finding));
    }
  }
}

}  // namespace

std::vector<Finding> traceFindings(const DiagnosisSpanTable& table, TraceRuleScan& scan,
                                   const DiagnosisRules& rules) {
  std::vector<Finding> findings;
  const Builder builder(table, scan, rules);
  if (rules.enabled("slow-operation"))
    slowOperations(builder, scan, findings);
  if (rules.enabled("error-spans"))
    errorSpans(builder, scan, findings);
  if (rules.enabled("deep-chain"))
    deepChains(builder, scan, findings);
  if (!rules.enabled("database-dominant"))
    scan.databaseDominant.clear();
  if (!rules.enabled("dominant-service"))
    scan.dominantServices.clear();
  dominance(builder, scan, findings);
  if (!rules.enabled("n-plus-one-db"))
    scan.nPlusOneDb.clear();
  if (!rules.enabled("n-plus-one-http"))
    scan.nPlusOneHttp.clear();
  if (!rules.enabled("parallelizable-calls"))
    scan.parallelizable.clear();
  if (!rules.enabled("slow-query"))
    scan.slowQueries.clear();
  repeatedCalls(builder, scan, findings);
  if (rules.enabled("self-time-hotspot"))
    selfTimeHotspots(builder, scan, findings);
  return findings;
}

namespace {

std::vector<EndpointCriticalPath> endpointCriticalPaths(const DiagnosisSpanTable& table,
                                                        const TraceRuleScan& scan) {
  std::vector<EndpointCriticalPath> out;
  for (const auto& [key, root] : scan.roots) {
    EndpointCriticalPath path;
    path.service = table.text(keyService(key));
    path.operation = table.text(keyName(key));
    path.traces = root.traces;
    path.durationNs = root.durationNs;
    for (const auto& [service, ns] : root.criticalPathNs)
      path.services.push_back({table.text(service), ns});
    std::sort(path.services.begin(), path.services.end(), [](const auto& a, const auto& b) {
      return a.pathNs != b.pathNs ? a.pathNs > b.pathNs : a.service < b.service;
    });
    out.push_back(std::move(path));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (a.traces != b.traces)
      return a.traces > b.traces;
    return a.service != b.service ? a.service < b.service : a.operation < b.operation;
  });
  return out;
}

}  // namespace

std::vector<Finding> runTraceRules(const DiagnosisSpanTable& table, const DiagnosisRules& rules,
                                   std::vector<EndpointCriticalPath>* criticalPaths) {
  const std::size_t traces = table.traceCount();
  // Small workspaces are not worth a thread.
  const unsigned workers =
      traces < 2000 ? 1u : std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
  std::vector<TraceRuleScan> scans(workers);
  std::vector<std::thread> threads;
  for (unsigned w = 1; w < workers; ++w) {
    threads.emplace_back([&, w] {
      scanTraces(table, rules, traces * w / workers, traces * (w + 1) / workers, scans[w]);
    });
  }
  scanTraces(table, rules, 0, traces / workers, scans[0]);
  for (std::thread& thread : threads)
    thread.join();
  for (unsigned w = 1; w < workers; ++w)
    scans[0].merge(std::move(scans[w]));
  if (criticalPaths)
    *criticalPaths = endpointCriticalPaths(table, scans[0]);
  return traceFindings(table, scans[0], rules);
}

}  // namespace sightline

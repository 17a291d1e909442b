#include "model/diagnosis/trace_rule_scan.h"

#include <algorithm>

#include "model/traces/trace_tree.h"

namespace sightline {

namespace {

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  return a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL + (a << 6) + (a >> 2));
}

template <typename Map>
void mergeGroups(Map& into, Map&& from) {
  for (auto& [key, group] : from) {
    OccurrenceGroup& target = into[key];
    target.extra = group.extra;
    std::move(group.occurrences.begin(), group.occurrences.end(),
              std::back_inserter(target.occurrences));
  }
}

// Everything the per-trace rules need, computed once per trace.
struct TraceView {
  const DiagnosisSpanTable& table;
  std::uint32_t traceIndex;
  std::uint32_t first;  // index of the trace's first span in table.spans
  const TraceTree& tree;

  const DiagnosisSpan& span(std::int32_t i) const {
    return table.spans[first + static_cast<std::uint32_t>(i)];
  }
  std::uint32_t global(std::int32_t i) const { return first + static_cast<std::uint32_t>(i); }
  OperationKey key(std::int32_t i) const { return operationKey(span(i).service, span(i).name); }
};

class TraceScanner {
 public:
  TraceScanner(const DiagnosisRules& rules, TraceRuleScan& scan) : m_scan(scan) {
    m_slowBudgetNs = rules.nanoseconds("slow-operation", "p99_budget_ms");
    m_httpErrorMin = static_cast<int>(rules.number("error-spans", "http_status_min"));
    m_maxDepth = static_cast<int>(rules.number("deep-chain", "max_depth"));
    m_dominantShare = rules.number("dominant-service", "min_share");
    m_dominantMinNs = rules.nanoseconds("dominant-service", "min_trace_ms");
    m_databaseShare = rules.number("database-dominant", "min_share");
    m_databaseMinNs = rules.nanoseconds("database-dominant", "min_trace_ms");
    m_nPlusOneDbRepeats = static_cast<std::uint32_t>(rules.number("n-plus-one-db", "min_repeats"));
    m_nPlusOneDbTotalNs = rules.nanoseconds("n-plus-one-db", "min_total_ms");
    m_nPlusOneHttpRepeats =
        static_cast<std::uint32_t>(rules.number("n-plus-one-http", "min_repeats"));
    m_nPlusOneHttpGapNs = rules.nanoseconds("n-plus-one-http", "max_start_gap_ms");
    m_nPlusOneHttpTotalNs = rules.nanoseconds("n-plus-one-http", "min_total_ms");
    m_parallelSavedNs = rules.nanoseconds("parallelizable-calls", "min_saved_ms");
    m_parallelSavedFraction = rules.number("parallelizable-calls", "min_saved_fraction");
    m_slowQueryNs = rules.nanoseconds("slow-query", "min_duration_ms");
  }

  void scan(const TraceView& view, std::uint64_t traceStart, std::uint64_t traceEnd) {
    const std::int32_t n = static_cast<std::int32_t>(view.tree.size());
    const std::uint64_t traceNs = traceEnd - traceStart;
    const std::int32_t root = view.tree.roots.front();
    const OperationKey rootKey = view.key(root);
    RootFigures& rootFigures = m_scan.roots[rootKey];
    ++rootFigures.traces;
    rootFigures.durationNs += traceNs;

    m_seenOperations.clear();
    int deepest = 0;
    std::int32_t deepestSpan = root;
    for (std::int32_t i = 0; i < n; ++i) {
      const DiagnosisSpan& span = view.span(i);
      const OperationKey key = view.key(i);
      OperationFigures& figures = m_scan.operations[key];
      const std::uint64_t duration = span.durationNs();
      figures.durations.push_back(duration);
      const std::uint64_t self = view.tree.selfTimeNs[static_cast<std::size_t>(i)];
      figures.selfNs += self;
      rootFigures.selfNs[key] += self;
      rootFigures.exemplarSpan[key] = view.global(i);
      if (std::find(m_seenOperations.begin(), m_seenOperations.end(), key) ==
          m_seenOperations.end()) {
        m_seenOperations.push_back(key);
        ++figures.traces;
        ++rootFigures.tracesWith[key];
      }
      if (duration > m_slowBudgetNs)
        slowSpan(view, i, figures);
      if (isErrorSpan(span, m_httpErrorMin))
        errorSpan(view, i);
      if (span.isDatabase && duration >= m_slowQueryNs) {
        OccurrenceGroup& group = m_scan.slowQueries[mix(span.service, span.statement)];
        group.extra = span.statement;
        group.occurrences.push_back(
            {view.traceIndex, {view.global(i)}, duration, duration, 1, onPath(view, i)});
      }
      const int depth = view.tree.depth[static_cast<std::size_t>(i)] + 1;
      if (depth > deepest) {
        deepest = depth;
        deepestSpan = i;
      }
      if (view.tree.childCount[static_cast<std::size_t>(i)] > 1)
        siblingPatterns(view, i);
    }
    if (deepest > m_maxDepth)
      deepChain(view, rootKey, deepestSpan, deepest);
    dominance(view, rootKey, traceNs);
  }

 private:
  static bool onPath(const TraceView& view, std::int32_t i) {
    return view.tree.onCriticalPath[static_cast<std::size_t>(i)] != 0;
  }

  void slowSpan(const TraceView& view, std::int32_t i, OperationFigures& figures) {
    ++figures.slowSpans;
    // The slowness belongs to a child when a child on the critical path is itself over
    // budget: report the deepest slow span, not every ancestor of it.
    for (const std::int32_t* c = view.tree.childrenBegin(i); c != view.tree.childrenEnd(i); ++c) {
      if (onPath(view, *c) && view.span(*c).durationNs() > m_slowBudgetNs) {
        ++figures.slowBecauseOf[view.key(*c)];
        return;
      }
    }
    const std::uint64_t duration = view.span(i).durationNs();
    figures.slowCulprits.push_back(
        {view.traceIndex, {view.global(i)}, duration, duration, 1, onPath(view, i)});
  }

  void errorSpan(const TraceView& view, std::int32_t i) {
    bool childFailed = false;
    for (const std::int32_t* c = view.tree.childrenBegin(i); c != view.tree.childrenEnd(i); ++c) {
      if (isErrorSpan(view.span(*c), m_httpErrorMin)) {
        childFailed = true;
        break;
      }
    }
    const DiagnosisSpan& span = view.span(i);
    if (childFailed) {
      ++m_scan.errorsPassedOn[view.key(i)];
      return;
    }
    // A failed call with no answering span: the fault is on the other side.
    const bool unanswered =
        span.kind == SpanKind::Client && view.tree.childCount[static_cast<std::size_t>(i)] == 0;
    const std::uint32_t peer = unanswered ? span.peer : 0;
    OccurrenceGroup& group = m_scan.errorOrigins[mix(view.key(i), peer)];
    group.extra = peer;
    group.occurrences.push_back({view.traceIndex,
                                 {view.global(i)},
                                 span.durationNs(),
                                 span.durationNs(),
                                 1,
                                 onPath(view, i)});
  }

  void deepChain(const TraceView& view, OperationKey rootKey, std::int32_t deepest, int depth) {
    TraceOccurrence occurrence{view.traceIndex, {}, 0, 0, static_cast<std::uint32_t>(depth), false};
    // The chain from the root down to the deepest span; value = time below the budget depth.
    for (std::int32_t i = deepest; i >= 0; i = view.tree.parent[static_cast<std::size_t>(i)]) {
      occurrence.spans.push_back(view.global(i));
      if (view.tree.depth[static_cast<std::size_t>(i)] + 1 == m_maxDepth + 1)
        occurrence.value = view.span(i).durationNs();
    }
    std::reverse(occurrence.spans.begin(), occurrence.spans.end());
    m_scan.deepChains[rootKey].occurrences.push_back(std::move(occurrence));
  }

  void dominance(const TraceView& view, OperationKey rootKey, std::uint64_t traceNs) {
    const std::size_t n = view.tree.size();
    m_serviceOwned.clear();
    std::uint64_t databaseOwned = 0;
    std::uint64_t pathNs = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint64_t owned = view.tree.criticalPathNs[i];
      if (owned == 0)
        continue;
      pathNs += owned;
      const DiagnosisSpan& span = view.span(static_cast<std::int32_t>(i));
      if (span.isDatabase)
        databaseOwned += owned;
      auto it = std::find_if(m_serviceOwned.begin(), m_serviceOwned.end(),
                             [&](const auto& entry) { return entry.first == span.service; });
      if (it == m_serviceOwned.end())
        m_serviceOwned.emplace_back(span.service, owned);
      else
        it->second += owned;
    }
    if (pathNs == 0)
      return;
    RootFigures& rootFigures = m_scan.roots[rootKey];
    for (const auto& [service, owned] : m_serviceOwned)
      rootFigures.criticalPathNs[service] += owned;
    auto collectSpans = [&](auto predicate) {
      std::vector<std::uint32_t> spans;
      for (std::size_t i = 0; i < n; ++i) {
        if (view.tree.criticalPathNs[i] > 0 && predicate(view.span(static_cast<std::int32_t>(i))))
          spans.push_back(view.global(static_cast<std::int32_t>(i)));
      }
      return spans;
    };
    bool databaseDominates = false;
    if (traceNs >= m_databaseMinNs &&
        static_cast<double>(databaseOwned) >= m_databaseShare * static_cast<double>(pathNs)) {
      databaseDominates = true;
      m_scan.databaseDominant[rootKey].occurrences.push_back(
          {view.traceIndex, collectSpans([](const DiagnosisSpan& s) { return s.isDatabase; }),
           databaseOwned, pathNs, 0, true});
    }
    // One service owning a single-service trace says nothing; nor does the service whose
    // database calls already dominate.
    if (databaseDominates || traceNs < m_dominantMinNs || m_serviceOwned.size() < 2)
      return;
    for (const auto& [service, owned] : m_serviceOwned) {
      if (static_cast<double>(owned) < m_dominantShare * static_cast<double>(pathNs))
        continue;
      OccurrenceGroup& group = m_scan.dominantServices[mix(rootKey, service)];
      group.extra = service;
      const std::uint32_t dominant = service;
      group.occurrences.push_back(
          {view.traceIndex,
           collectSpans([dominant](const DiagnosisSpan& s) { return s.service == dominant; }),
           owned, pathNs, 0, true});
    }
  }

  // N+1 queries, N+1 calls and sequential calls among the children of `parent`.
  void siblingPatterns(const TraceView& view, std::int32_t parent) {
    const std::int32_t* begin = view.tree.childrenBegin(parent);
    const std::int32_t* end = view.tree.childrenEnd(parent);
    const OperationKey parentKey = view.key(parent);

    // N+1 queries: consecutive siblings that are database spans with one statement.
    for (const std::int32_t* run = begin; run != end;) {
      const DiagnosisSpan& head = view.span(*run);
      const std::int32_t* next = run + 1;
      if (head.isDatabase && head.statement != 0) {
        while (next != end && view.span(*next).isDatabase &&
               view.span(*next).statement == head.statement)
          ++next;
        const auto length = static_cast<std::uint32_t>(next - run);
        if (length >= m_nPlusOneDbRepeats)
          recordRun(view, parent, run, next, m_nPlusOneDbTotalNs, false,
                    m_scan.nPlusOneDb[mix(parentKey, head.statement)], head.statement);
      }
      run = next;
    }

    // N+1 calls: siblings calling one route, each starting soon after the previous one.
    for (const std::int32_t* run = begin; run != end;) {
      const DiagnosisSpan& head = view.span(*run);
      const std::int32_t* next = run + 1;
      if (head.isCall()) {
        while (next != end && view.span(*next).isCall() && view.span(*next).route == head.route &&
               view.span(*next).startUnixNano - view.span(*(next - 1)).startUnixNano <=
                   m_nPlusOneHttpGapNs)
          ++next;
        const auto length = static_cast<std::uint32_t>(next - run);
        if (length >= m_nPlusOneHttpRepeats)
          recordRun(view, parent, run, next, m_nPlusOneHttpTotalNs, true,
                    m_scan.nPlusOneHttp[mix(view.span(parent).service, head.route)], head.route);
      }
      run = next;
    }

    // Sequential calls: consecutive call siblings, each starting after the previous ended.
    const std::uint64_t parentNs = view.span(parent).durationNs();
    for (const std::int32_t* run = begin; run != end;) {
      const std::int32_t* next = run + 1;
      if (!view.span(*run).isCall()) {
        run = next;
        continue;
      }
      std::uint64_t sum = view.span(*run).durationNs();
      std::uint64_t longest = sum;
      while (next != end && view.span(*next).isCall() &&
             view.span(*next).startUnixNano >= view.span(*(next - 1)).endUnixNano) {
        const std::uint64_t d = view.span(*next).durationNs();
        sum += d;
        longest = std::max(longest, d);
        ++next;
      }
      const std::uint64_t saved = sum - longest;
      if (next - run >= 2 && saved >= m_parallelSavedNs &&
          static_cast<double>(saved) >=
              m_parallelSavedFraction * static_cast<double>(std::max<std::uint64_t>(parentNs, 1))) {
        TraceOccurrence occurrence{view.traceIndex,
                                   {},
                                   saved,
                                   parentNs,
                                   static_cast<std::uint32_t>(next - run),
                                   onPath(view, parent),
                                   view.global(parent)};
        for (const std::int32_t* c = run; c != next; ++c)
          occurrence.spans.push_back(view.global(*c));
        m_scan.parallelizable[parentKey].occurrences.push_back(std::move(occurrence));
      }
      run = next;
    }
  }

  // A run of repeated siblings [run, next): kept when together they take at least
  // `minTotalNs` (for overlapping calls, the wall time from the first start to the last end).
  void recordRun(const TraceView& view, std::int32_t parent, const std::int32_t* run,
                 const std::int32_t* next, std::uint64_t minTotalNs, bool wallTime,
                 OccurrenceGroup& group, std::uint32_t extra) {
    std::uint64_t sum = 0;
    std::uint64_t longest = 0;
    std::uint64_t lastEnd = 0;
    for (const std::int32_t* c = run; c != next; ++c) {
      sum += view.span(*c).durationNs();
      longest = std::max(longest, view.span(*c).durationNs());
      lastEnd = std::max(lastEnd, view.span(*c).endUnixNano);
    }
    if (sum < minTotalNs)
      return;
    const std::uint64_t wall = lastEnd - view.span(*run).startUnixNano;
    // One batched query or call would take about as long as the longest of them.
    const std::uint64_t saved = (wallTime ? wall : sum) - std::min(longest, wallTime ? wall : sum);
    TraceOccurrence occurrence{view.traceIndex,
                               {},
                               saved,
                               sum,
                               static_cast<std::uint32_t>(next - run),
                               onPath(view, *run),
                               view.global(parent)};
    for (const std::int32_t* c = run; c != next; ++c)
      occurrence.spans.push_back(view.global(*c));
    group.extra = extra;
    group.occurrences.push_back(std::move(occurrence));
  }

  TraceRuleScan& m_scan;
  std::vector<OperationKey> m_seenOperations;
  std::vector<std::pair<std::uint32_t, std::uint64_t>> m_serviceOwned;
  std::uint64_t m_slowBudgetNs = 0;
  int m_httpErrorMin = 500;
  int m_maxDepth = 8;
  double m_dominantShare = 0.7;
  std::uint64_t m_dominantMinNs = 0;
  double m_databaseShare = 0.7;
  std::uint64_t m_databaseMinNs = 0;
  std::uint32_t m_nPlusOneDbRepeats = 5;
  std::uint64_t m_nPlusOneDbTotalNs = 0;
  std::uint32_t m_nPlusOneHttpRepeats = 10;
  std::uint64_t m_nPlusOneHttpGapNs = 0;
  std::uint64_t m_nPlusOneHttpTotalNs = 0;
  std::uint64_t m_parallelSavedNs = 0;
  double m_parallelSavedFraction = 0.1;
  std::uint64_t m_slowQueryNs = 0;
};

}  // namespace

bool isErrorSpan(const DiagnosisSpan& span, int httpMin) {
  return span.statusCode == StatusCode::Error || span.httpStatus >= httpMin || span.grpcStatus > 0;
}

void TraceRuleScan::merge(TraceRuleScan&& other) {
  traces += other.traces;
  firstStartNs = std::min(firstStartNs, other.firstStartNs);
  lastEndNs = std::max(lastEndNs, other.lastEndNs);
  for (auto& [key, figures] : other.operations) {
    OperationFigures& target = operations[key];
    target.durations.insert(target.durations.end(), figures.durations.begin(),
                            figures.durations.end());
    target.traces += figures.traces;
    target.selfNs += figures.selfNs;
    std::move(figures.slowCulprits.begin(), figures.slowCulprits.end(),
              std::back_inserter(target.slowCulprits));
    for (const auto& [child, count] : figures.slowBecauseOf)
      target.slowBecauseOf[child] += count;
    target.slowSpans += figures.slowSpans;
  }
  for (auto& [key, figures] : other.roots) {
    RootFigures& target = roots[key];
    target.traces += figures.traces;
    target.durationNs += figures.durationNs;
    for (const auto& [op, ns] : figures.selfNs)
      target.selfNs[op] += ns;
    for (const auto& [op, count] : figures.tracesWith)
      target.tracesWith[op] += count;
    for (const auto& [service, ns] : figures.criticalPathNs)
      target.criticalPathNs[service] += ns;
    for (const auto& [op, span] : figures.exemplarSpan)
      target.exemplarSpan.try_emplace(op, span);
  }
  mergeGroups(errorOrigins, std::move(other.errorOrigins));
  for (const auto& [key, count] : other.errorsPassedOn)
    errorsPassedOn[key] += count;
  mergeGroups(deepChains, std::move(other.deepChains));
  mergeGroups(dominantServices, std::move(other.dominantServices));
  mergeGroups(databaseDominant, std::move(other.databaseDominant));
  mergeGroups(nPlusOneDb, std::move(other.nPlusOneDb));
  mergeGroups(nPlusOneHttp, std::move(other.nPlusOneHttp));
  mergeGroups(parallelizable, std::move(other.parallelizable));
  mergeGroups(slowQueries, std::move(other.slowQueries));
}

TraceTree buildTableTraceTree(const DiagnosisSpanTable& table, std::size_t t, std::uint64_t* start,
                              std::uint64_t* end) {
  // One LoadedTrace per thread, reused: its vector keeps its capacity between traces.
  thread_local LoadedTrace trace;
  const std::uint32_t first = table.traceBegin[t];
  const std::uint32_t last = table.traceBegin[t + 1];
  trace.spans.resize(last - first);
  std::uint64_t traceStart = UINT64_MAX;
  std::uint64_t traceEnd = 0;
  for (std::uint32_t i = first; i < last; ++i) {
    const DiagnosisSpan& span = table.spans[i];
    LoadedSpan& loaded = trace.spans[i - first];
    loaded.spanId = span.spanId;
    loaded.parentSpanId = span.parentSpanId;
    loaded.kind = span.kind;
    loaded.startUnixNano = span.startUnixNano;
    loaded.endUnixNano = span.endUnixNano;
    loaded.rowId = static_cast<std::int64_t>(i);
    traceStart = std::min(traceStart, span.startUnixNano);
    traceEnd = std::max(traceEnd, std::max(span.endUnixNano, span.startUnixNano));
  }
  if (start)
    *start = traceStart;
  if (end)
    *end = traceEnd;
  return buildTraceTree(trace);
}

void scanTraces(const DiagnosisSpanTable& table, const DiagnosisRules& rules, std::size_t begin,
                std::size_t end, TraceRuleScan& scan) {
  TraceScanner scanner(rules, scan);
  for (std::size_t t = begin; t < end; ++t) {
    const std::uint32_t first = table.traceBegin[t];
    if (first == table.traceBegin[t + 1])
      continue;
    std::uint64_t traceStart = 0;
    std::uint64_t traceEnd = 0;
    const TraceTree tree = buildTableTraceTree(table, t, &traceStart, &traceEnd);
    ++scan.traces;
    scan.firstStartNs = std::min(scan.firstStartNs, traceStart);
    scan.lastEndNs = std::max(scan.lastEndNs, traceEnd);
    scanner.scan(TraceView{table, static_cast<std::uint32_t>(t), first, tree}, traceStart,
                 traceEnd);
  }
}

}  // namespace sightline

// Benchmark of the trace analysis (DESIGN.md budget: per-operation statistics over 1M spans
// ≤ 400 ms, percentiles in C++ rather than SQL windows). Generates synthetic traces, times
// buildTraceTree (structure, self time, critical path) and the statistics, then computes the
// same percentiles with SQL window functions in an in-memory SQLite and prints the ratio.
//
//   bench_trace_stats [--spans N] [--traces T] [--seed S] [--repeat R] [--no-sql]

#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "bench/stopwatch.h"
#include "model/traces/trace_statistics.h"
#include "model/traces/trace_tree.h"

using namespace sightline;

namespace {

constexpr int kServices = 20;
constexpr int kOperations = 200;

struct Options {
  std::size_t spans = 1000000;
  std::size_t traces = 10000;
  std::uint64_t seed = 1;
  bool sql = true;
  int repeat = 3;
};

[[noreturn]] void flagError(const char* program) {
  std::fprintf(stderr, "usage: %s [--spans N] [--traces T] [--seed S] [--repeat R] [--no-sql]\n",
               program);
  std::exit(2);
}

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--no-sql") {
      o.sql = false;
      --i;
      continue;
    }
    if (i + 1 >= argc)
      flagError(argv[0]);
    const auto value = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--spans") {
      o.spans = value;
    } else if (flag == "--traces") {
      o.traces = value;
    } else if (flag == "--seed") {
      o.seed = value;
    } else if (flag == "--repeat") {
      o.repeat = std::max(1, static_cast<int>(value));
    } else {
      flagError(argv[0]);
    }
  }
  o.traces = std::max<std::size_t>(1, std::min(o.traces, o.spans));
  return o;
}

// Wall and CPU time: on a shared machine CPU time is the steadier figure of the two.
using sightline::bench::Elapsed;
using sightline::bench::Stopwatch;

// Keeps the fastest of several runs, which is the least disturbed by other processes.
Elapsed fastest(const Elapsed& a, const Elapsed& b) {
  return {std::min(a.wallMs, b.wallMs), std::min(a.cpuMs, b.cpuMs)};
}

void printRow(const char* label, const Elapsed& e, std::size_t spans) {
  std::printf("%-52s %9.1f ms wall %9.1f ms cpu %7.2f M spans/s (cpu)\n", label, e.wallMs, e.cpuMs,
              static_cast<double>(spans) / e.cpuMs / 1e3);
}

SpanId spanIdOf(std::uint64_t value) {
  SpanId id;
  for (int i = 7; i >= 0; --i) {
    id.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value & 0xff);
    value >>= 8;
  }
  return id;
}

// Nested trees as instrumented services produce them: a server root, children placed
// inside their parent mostly one after the other, some in parallel, durations log-uniform.
class TraceGenerator {
 public:
  explicit TraceGenerator(std::uint64_t seed) : m_rng(seed) {
    for (int s = 0; s < kServices; ++s)
      m_services.push_back("service-" + std::to_string(s));
    static const char* kVerbs[] = {"GET", "POST", "SELECT", "publish", "call"};
    for (int op = 0; op < kOperations; ++op) {
      m_operations.push_back(std::string(kVerbs[op % 5]) + " /api/v1/op" + std::to_string(op));
    }
  }

  LoadedTrace make(std::size_t spanCount, std::uint64_t traceNumber) {
    LoadedTrace trace;
    trace.traceId.bytes[0] = static_cast<std::uint8_t>(traceNumber);
    trace.services = m_services;
    trace.spans.resize(spanCount);
    const std::uint64_t base = 1700000000000000000ull + traceNumber * 1000000000ull;
    const double rootMs = std::exp(uniform(std::log(5.0), std::log(2000.0)));
    for (std::size_t i = 0; i < spanCount; ++i) {
      LoadedSpan& s = trace.spans[i];
      s.spanId = spanIdOf(traceNumber << 20 | (i + 1));
      s.rowId = static_cast<std::int64_t>(i + 1);
      const std::size_t op = i == 0 ? m_rng() % 10 : m_rng() % kOperations;
      s.name = m_operations[op];
      s.serviceIndex = static_cast<std::uint32_t>(op % kServices);
      if (i == 0) {
        s.kind = SpanKind::Server;
        s.startUnixNano = base;
        s.endUnixNano = base + static_cast<std::uint64_t>(rootMs * 1e6);
        continue;
      }
      // Recent spans are likelier parents, which gives depth as well as breadth.
      const std::size_t back = std::min<std::size_t>(i, 1 + m_rng() % 6);
      const LoadedSpan& parent = trace.spans[i - back];
      s.parentSpanId = parent.spanId;
      s.kind = m_rng() % 3 == 0 ? SpanKind::Client : SpanKind::Internal;
      const std::uint64_t pd = std::max<std::uint64_t>(parent.durationNs(), 1);
      const auto offset = static_cast<std::uint64_t>(uniform(0, 0.9) * static_cast<double>(pd));
      const auto length =
          static_cast<std::uint64_t>(uniform(0.05, 0.6) * static_cast<double>(pd - offset));
      s.startUnixNano = parent.startUnixNano + offset;
      // A few async children outlive their parent.
      s.endUnixNano = s.startUnixNano + length + (m_rng() % 50 == 0 ? pd : 0);
      if (m_rng() % 20 == 0)
        s.statusCode = StatusCode::Error;
    }
    std::sort(trace.spans.begin(), trace.spans.end(), [](const LoadedSpan& a, const LoadedSpan& b) {
      return a.startUnixNano != b.startUnixNano ? a.startUnixNano < b.startUnixNano
                                                : a.spanId < b.spanId;
    });
    return trace;
  }

 private:
  double uniform(double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(m_rng); }

  std::mt19937_64 m_rng;
  std::vector<std::string> m_services;
  std::vector<std::string> m_operations;
};

struct SqlResult {
  Elapsed insert;
  Elapsed query;
  std::vector<OperationStatistics> rows;
};

void check(int rc, sqlite3* db, const char* what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return;
  std::fprintf(stderr, "sqlite error in %s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

// The same statistics the SQL way: window functions rank durations per (service,
// operation), then nearest-rank picks the percentile rows.
SqlResult sqlStatistics(const std::vector<LoadedTrace>& traces,
                        const std::vector<TraceTree>& trees) {
  SqlResult result;
  sqlite3* db = nullptr;
  check(sqlite3_open(":memory:", &db), db, "open");
  check(sqlite3_exec(db,
                     "CREATE TABLE spans(service TEXT, operation TEXT, duration_ns INTEGER, "
                     "self_ns INTEGER)",
                     nullptr, nullptr, nullptr),
        db, "create");
  Stopwatch insertWatch;
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO spans VALUES(?,?,?,?)", -1, &insert, nullptr), db,
        "prepare insert");
  for (std::size_t t = 0; t < traces.size(); ++t) {
    const LoadedTrace& trace = traces[t];
    for (std::size_t i = 0; i < trace.spans.size(); ++i) {
      const LoadedSpan& s = trace.spans[i];
      const std::string& service = trace.services[s.serviceIndex];
      sqlite3_bind_text(insert, 1, service.data(), static_cast<int>(service.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert, 2, s.name.data(), static_cast<int>(s.name.size()), SQLITE_STATIC);
      sqlite3_bind_int64(insert, 3, static_cast<sqlite3_int64>(s.durationNs()));
      sqlite3_bind_int64(insert, 4, static_cast<sqlite3_int64>(trees[t].selfTimeNs[i]));
      check(sqlite3_step(insert), db, "insert");
      sqlite3_reset(insert);
    }
  }
  sqlite3_finalize(insert);
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  result.insert = insertWatch.elapsed();

  static const char* kQuery =
      "WITH ranked AS ("
      "  SELECT service, operation, duration_ns, self_ns,"
      "         row_number() OVER (PARTITION BY service, operation ORDER BY duration_ns) AS rn,"
      "         count(*) OVER (PARTITION BY service, operation) AS n"
      "  FROM spans)"
      " SELECT service, operation, count(*), sum(duration_ns), min(duration_ns),"
      "        max(duration_ns), sum(self_ns), min(self_ns), max(self_ns),"
      "        max(CASE WHEN rn = (n * 50 + 99) / 100 THEN duration_ns END),"
      "        max(CASE WHEN rn = (n * 95 + 99) / 100 THEN duration_ns END),"
      "        max(CASE WHEN rn = (n * 99 + 99) / 100 THEN duration_ns END)"
      " FROM ranked GROUP BY service, operation"
      " ORDER BY sum(self_ns) DESC, service, operation";
  Stopwatch queryWatch;
  sqlite3_stmt* query = nullptr;
  check(sqlite3_prepare_v2(db, kQuery, -1, &query, nullptr), db, "prepare query");
  auto u64 = [query](int column) {
    return static_cast<std::uint64_t>(sqlite3_column_int64(query, column));
  };
  while (sqlite3_step(query) == SQLITE_ROW) {
    OperationStatistics s;
    s.service = reinterpret_cast<const char*>(sqlite3_column_text(query, 0));
    s.operation = reinterpret_cast<const char*>(sqlite3_column_text(query, 1));
    s.count = u64(2);
    s.totalDurationNs = u64(3);
    s.minDurationNs = u64(4);
    s.maxDurationNs = u64(5);
    s.totalSelfTimeNs = u64(6);
    s.minSelfTimeNs = u64(7);
    s.maxSelfTimeNs = u64(8);
    s.p50DurationNs = u64(9);
    s.p95DurationNs = u64(10);
    s.p99DurationNs = u64(11);
    result.rows.push_back(std::move(s));
  }
  sqlite3_finalize(query);
  result.query = queryWatch.elapsed();
  sqlite3_close(db);
  return result;
}

bool sameFigures(const std::vector<OperationStatistics>& a,
                 const std::vector<OperationStatistics>& b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const OperationStatistics& x = a[i];
    const OperationStatistics& y = b[i];
    if (x.service != y.service || x.operation != y.operation || x.count != y.count ||
        x.totalDurationNs != y.totalDurationNs || x.minDurationNs != y.minDurationNs ||
        x.maxDurationNs != y.maxDurationNs || x.totalSelfTimeNs != y.totalSelfTimeNs ||
        x.minSelfTimeNs != y.minSelfTimeNs || x.maxSelfTimeNs != y.maxSelfTimeNs ||
        x.p50DurationNs != y.p50DurationNs || x.p95DurationNs != y.p95DurationNs ||
        x.p99DurationNs != y.p99DurationNs) {
      return false;
    }
  }
  return true;
}

// Statistics over every span of every trace, as the workspace-wide table needs them.
std::vector<OperationStatistics> workspaceStatistics(const std::vector<LoadedTrace>& traces,
                                                     const std::vector<TraceTree>& trees) {
  OperationStatisticsAccumulator accumulator;
  for (std::size_t t = 0; t < traces.size(); ++t) {
    const LoadedTrace& trace = traces[t];
    std::uint64_t first = UINT64_MAX;
    std::uint64_t last = 0;
    for (std::size_t i = 0; i < trace.spans.size(); ++i) {
      const LoadedSpan& s = trace.spans[i];
      accumulator.add(trace.services[s.serviceIndex], s.name, s.durationNs(),
                      trees[t].selfTimeNs[i]);
      first = std::min(first, s.startUnixNano);
      last = std::max(last, s.endUnixNano);
    }
    accumulator.addTraceDuration(last - first);
  }
  return accumulator.finish();
}

long peakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  TraceGenerator generator(options.seed);
  std::vector<LoadedTrace> traces;
  traces.reserve(options.traces);
  std::mt19937_64 sizes(options.seed + 1);
  std::size_t spanTotal = 0;
  const std::size_t mean = options.spans / options.traces;
  for (std::size_t t = 0; t < options.traces; ++t) {
    // Sizes vary around the mean; the last trace takes the remainder so totals are exact.
    const std::size_t remaining = options.spans - spanTotal;
    const std::size_t tracesLeft = options.traces - t;
    std::size_t n = tracesLeft == 1 ? remaining : mean / 2 + sizes() % (mean + 1);
    n = std::clamp<std::size_t>(n, 1, remaining - (tracesLeft - 1));
    traces.push_back(generator.make(n, t + 1));
    spanTotal += n;
  }
  std::printf("input: %zu spans in %zu traces, %d services, %d operations\n", spanTotal,
              traces.size(), kServices, kOperations);

  std::vector<TraceTree> trees;
  std::vector<OperationStatistics> figures;
  std::size_t perTraceRows = 0;
  Elapsed treeTime{1e300, 1e300};
  Elapsed perTraceTime = treeTime;
  Elapsed workspaceTime = treeTime;
  for (int run = 0; run < options.repeat; ++run) {
    Stopwatch treeWatch;
    trees.clear();
    trees.reserve(traces.size());
    for (const LoadedTrace& trace : traces)
      trees.push_back(buildTraceTree(trace));
    treeTime = fastest(treeTime, treeWatch.elapsed());

    Stopwatch perTraceWatch;
    perTraceRows = 0;
    for (std::size_t t = 0; t < traces.size(); ++t)
      perTraceRows += computeTraceStatistics(traces[t], trees[t]).size();
    perTraceTime = fastest(perTraceTime, perTraceWatch.elapsed());

    Stopwatch workspaceWatch;
    figures = workspaceStatistics(traces, trees);
    workspaceTime = fastest(workspaceTime, workspaceWatch.elapsed());
  }

  std::size_t onPath = 0;
  for (const TraceTree& tree : trees)
    onPath += static_cast<std::size_t>(
        std::count(tree.onCriticalPath.begin(), tree.onCriticalPath.end(), 1));
  std::printf("fastest of %d runs\n", options.repeat);
  printRow("buildTraceTree (structure, self time, critical path)", treeTime, spanTotal);
  printRow("statistics per trace (computeTraceStatistics)", perTraceTime, spanTotal);
  printRow("statistics over all spans (accumulator)", workspaceTime, spanTotal);
  const Elapsed total{treeTime.wallMs + workspaceTime.wallMs, treeTime.cpuMs + workspaceTime.cpuMs};
  printRow("tree + statistics over all spans (budget 400 ms/1M)", total, spanTotal);
  std::printf("per-trace rows %zu, operation groups %zu, spans on the critical path %.1f %%\n",
              perTraceRows, figures.size(),
              100.0 * static_cast<double>(onPath) / static_cast<double>(spanTotal));
  std::printf("peak RSS: %ld MB\n", peakRssMb());
  if (!options.sql)
    return 0;

  const SqlResult sql = sqlStatistics(traces, trees);
  const bool same = sameFigures(figures, sql.rows);
  printRow("SQLite in-memory insert of the rows (not compared)", sql.insert, spanTotal);
  printRow("SQLite window functions (row_number, count)", sql.query, spanTotal);
  std::printf("ratio SQL / C++ statistics: %.1fx wall, %.1fx cpu; identical results: %s\n",
              sql.query.wallMs / workspaceTime.wallMs, sql.query.cpuMs / workspaceTime.cpuMs,
              same ? "yes" : "NO");
  return same ? 0 : 1;
}

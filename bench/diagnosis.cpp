// Benchmark of the diagnosis engine (DESIGN.md budget: all trace rules over 1M spans ≤ 2 s
// on 2 cores, off the GUI thread). Builds a synthetic span table shaped like a shop — a
// front end calling services sequentially and in bursts, each with database queries, N+1
// runs, errors and slow outliers — and times runTraceRules (trees, self times, critical
// paths, every trace rule, the findings). With --db it also times runDiagnosis on a
// workspace: loading the spans and attributes from SQLite, then every rule.
//
//   bench_diagnosis [--spans N] [--spans-per-trace K] [--repeat R] [--db W.sightline]

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "bench/stopwatch.h"
#include "model/diagnosis/diagnosis_engine.h"
#include "model/diagnosis/trace_findings.h"

using namespace sightline;

namespace {

struct Options {
  std::size_t spans = 1000000;
  std::size_t spansPerTrace = 50;
  int repeat = 3;
  std::string db;
};

Options parseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--spans")
      o.spans = std::strtoull(value, nullptr, 10);
    else if (flag == "--spans-per-trace")
      o.spansPerTrace = std::strtoull(value, nullptr, 10);
    else if (flag == "--repeat")
      o.repeat = std::atoi(value);
    else if (flag == "--db")
      o.db = value;
    else {
      std::fprintf(stderr, "usage: %s [--spans N] [--spans-per-trace K] [--repeat R] [--db W]\n",
                   argv[0]);
      std::exit(2);
    }
  }
  return o;
}

// Synthetic traces: root SERVER span; per trace a handful of downstream calls (CLIENT →
// SERVER in another service), each server doing a few queries; one trace in 10 repeats a
// query 8 times (N+1), one in 50 fails in a query, one in 100 is slow.
class Generator {
 public:
  explicit Generator(DiagnosisSpanTableBuilder& builder) : m_builder(builder), m_random(42) {
    for (int s = 0; s < 20; ++s)
      m_services.push_back(builder.intern("service-" + std::to_string(s)));
    for (int o = 0; o < 50; ++o)
      m_operations.push_back(builder.intern("GET /api/op-" + std::to_string(o)));
    for (int q = 0; q < 30; ++q)
      m_statements.push_back(
          builder.intern("SELECT * FROM t" + std::to_string(q) + " WHERE id = ?"));
    for (int r = 0; r < 50; ++r)
      m_routes.push_back(builder.intern("/api/op-" + std::to_string(r)));
    m_query = builder.intern("SELECT");
    m_call = builder.intern("GET");
  }

  std::size_t trace(std::size_t index, std::size_t spans) {
    TraceId trace;
    for (int b = 0; b < 8; ++b)
      trace.bytes[b] = static_cast<std::uint8_t>(index >> (8 * b));
    trace.bytes[15] = 1;
    m_trace = trace;
    m_nextSpan = index * 1000;
    const std::uint64_t start = 1795183200000000000ULL + index * 1000000ULL;
    const bool slow = index % 100 == 7;
    const bool nPlusOne = index % 10 == 3;
    const bool failing = index % 50 == 11;
    std::size_t made = 0;
    DiagnosisSpan root = span({}, m_services[0], m_operations[index % 50], SpanKind::Server, start,
                              start + 300000000ULL);
    ++made;
    std::uint64_t cursor = start + 1000000;
    while (made + 2 < spans) {
      const std::uint32_t service = m_services[1 + m_random() % 19];
      const std::uint64_t length = 2000000 + m_random() % 20000000 + (slow ? 900000000 : 0);
      DiagnosisSpan client =
          span(root.spanId, m_services[0], m_call, SpanKind::Client, cursor, cursor + length);
      client.route = m_routes[m_random() % 50];
      client.peer = service;
      DiagnosisSpan server = span(client.spanId, service, m_operations[m_random() % 50],
                                  SpanKind::Server, cursor + 100000, cursor + length - 100000);
      made += 2;
      std::uint64_t queryStart = cursor + 200000;
      const std::size_t queries = nPlusOne && made < 10 ? 8 : 1 + m_random() % 3;
      const std::uint32_t statement = m_statements[m_random() % 30];
      for (std::size_t q = 0; q < queries && made < spans; ++q) {
        const std::uint64_t queryLength = nPlusOne ? 9000000 : 500000 + m_random() % 2000000;
        DiagnosisSpan query = span(server.spanId, service, m_query, SpanKind::Client, queryStart,
                                   queryStart + queryLength);
        query.isDatabase = true;
        query.statement = nPlusOne ? statement : m_statements[m_random() % 30];
        if (failing && q == 0)
          query.statusCode = StatusCode::Error;
        queryStart += queryLength + 100000;
        add(query);
        ++made;
      }
      add(client);
      add(server);
      cursor += length + 500000;
    }
    root.endUnixNano = std::max(root.endUnixNano, cursor + 1000000);
    add(root);
    return made;
  }

 private:
  DiagnosisSpan span(const SpanId& parent, std::uint32_t service, std::uint32_t name, SpanKind kind,
                     std::uint64_t start, std::uint64_t end) {
    DiagnosisSpan s;
    ++m_nextSpan;
    for (int b = 0; b < 8; ++b)
      s.spanId.bytes[b] = static_cast<std::uint8_t>(m_nextSpan >> (8 * b));
    s.parentSpanId = parent;
    s.service = service;
    s.name = name;
    s.kind = kind;
    s.startUnixNano = start;
    s.endUnixNano = end;
    return s;
  }
  void add(const DiagnosisSpan& s) { m_builder.add(m_trace, s); }

  DiagnosisSpanTableBuilder& m_builder;
  std::mt19937_64 m_random;
  std::vector<std::uint32_t> m_services, m_operations, m_statements, m_routes;
  std::uint32_t m_query = 0;
  std::uint32_t m_call = 0;
  TraceId m_trace;
  std::size_t m_nextSpan = 0;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options = parseOptions(argc, argv);
  DiagnosisSpanTableBuilder builder;
  Generator generator(builder);
  std::size_t spans = 0;
  for (std::size_t t = 0; spans < options.spans; ++t)
    spans += generator.trace(t, options.spansPerTrace);
  const DiagnosisSpanTable table = builder.finish();
  std::printf("diagnosis: %zu spans in %zu traces\n", table.spans.size(), table.traceCount());
  const DiagnosisRules rules = DiagnosisRules::defaults();
  double best = 1e100;
  double bestCpu = 0;
  std::size_t findings = 0;
  for (int r = 0; r < options.repeat; ++r) {
    const bench::Stopwatch watch;
    findings = runTraceRules(table, rules).size();
    const bench::Elapsed elapsed = watch.elapsed();
    std::printf("  trace rules: %.0f ms wall, %.0f ms CPU, %zu findings\n", elapsed.wallMs,
                elapsed.cpuMs, findings);
    if (elapsed.wallMs < best) {
      best = elapsed.wallMs;
      bestCpu = elapsed.cpuMs;
    }
  }
  std::printf("best of %d: %.0f ms wall (%.0f ms CPU) for %zu spans: %.2f of the 2 s budget\n",
              options.repeat, best, bestCpu, table.spans.size(), best / 2000);
  if (!options.db.empty()) {
    Status status;
    auto workspace = Workspace::open(options.db, Workspace::Mode::ReadOnly, &status);
    if (!workspace) {
      std::fprintf(stderr, "%s\n", status.message().c_str());
      return 1;
    }
    for (int r = 0; r < options.repeat; ++r) {
      DiagnosisTimings timings;
      const bench::Stopwatch watch;
      const std::size_t n = runDiagnosis(*workspace, rules, &status, &timings).size();
      const bench::Elapsed elapsed = watch.elapsed();
      std::printf(
          "  %s: %.0f ms wall (%.0f ms CPU): load %.0f ms, trace rules %.0f ms, "
          "profile rules %.0f ms, metric rules %.0f ms; %zu findings\n",
          options.db.c_str(), elapsed.wallMs, elapsed.cpuMs, timings.loadSpansMs,
          timings.traceRulesMs, timings.profileRulesMs, timings.metricRulesMs, n);
    }
  }
  return 0;
}

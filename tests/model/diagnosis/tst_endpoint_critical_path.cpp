// The trace rules' scan sums each endpoint's critical-path time per service: a trace's path
// partitions its duration, so the shares add up to the traces' total; parallel work off the
// path counts for nothing; endpoints are ordered by trace count.
#include <QtTest>

#include "model/diagnosis/diagnosis_rules.h"
#include "model/diagnosis/endpoint_critical_path_json.h"
#include "model/diagnosis/span_table.h"
#include "model/diagnosis/trace_findings.h"

using namespace sightline;

namespace {

constexpr std::uint64_t kMs = 1'000'000;

TraceId traceNumber(std::uint8_t n) {
  TraceId id;
  id.bytes[0] = n;
  return id;
}

class Traces {
 public:
  void add(std::uint8_t trace, std::uint8_t span, std::uint8_t parent, const char* service,
           const char* name, std::uint64_t startMs, std::uint64_t endMs) {
    DiagnosisSpan s;
    s.spanId.bytes[0] = trace;
    s.spanId.bytes[1] = span;
    if (parent) {
      s.parentSpanId.bytes[0] = trace;
      s.parentSpanId.bytes[1] = parent;
    }
    s.service = m_builder.intern(service);
    s.name = m_builder.intern(name);
    s.startUnixNano = startMs * kMs;
    s.endUnixNano = endMs * kMs;
    m_builder.add(traceNumber(trace), s);
  }
  DiagnosisSpanTable finish() { return m_builder.finish(); }

 private:
  DiagnosisSpanTableBuilder m_builder;
};

}  // namespace

class TstEndpointCriticalPath : public QObject {
  Q_OBJECT

 private slots:
  void sumsPathTimePerServicePerEndpoint() {
    Traces traces;
    // GET /cart twice: frontend 0–100 ms calls cart 10–90 ms, which queries postgres 20–80 ms;
    // in the second trace a cache lookup runs beside the query and ends first (off the path).
    for (std::uint8_t t : {1, 2}) {
      traces.add(t, 1, 0, "frontend", "GET /cart", 0, 100);
      traces.add(t, 2, 1, "cart", "GetCart", 10, 90);
      traces.add(t, 3, 2, "postgres", "SELECT cart", 20, 80);
    }
    traces.add(2, 4, 2, "redis", "GET", 20, 30);
    // POST /pay once, one service alone.
    traces.add(3, 1, 0, "payment", "POST /pay", 0, 40);
    const DiagnosisSpanTable table = traces.finish();

    std::vector<EndpointCriticalPath> paths;
    runTraceRules(table, DiagnosisRules::defaults(), &paths);
    QCOMPARE(paths.size(), 2u);

    const EndpointCriticalPath& cart = paths[0];
    QCOMPARE(cart.service, std::string("frontend"));
    QCOMPARE(cart.operation, std::string("GET /cart"));
    QCOMPARE(cart.traces, 2u);
    QCOMPARE(cart.durationNs, 200 * kMs);
    QCOMPARE(cart.meanNs(), 100.0 * kMs);
    QCOMPARE(cart.services.size(), 3u);  // redis never on the path
    QCOMPARE(cart.services[0].service, std::string("postgres"));
    QCOMPARE(cart.services[0].pathNs, 120 * kMs);
    QCOMPARE(cart.services[1].service, std::string("cart"));
    QCOMPARE(cart.services[1].pathNs, 40 * kMs);
    QCOMPARE(cart.services[2].service, std::string("frontend"));
    QCOMPARE(cart.services[2].pathNs, 40 * kMs);
    std::uint64_t total = 0;
    for (const auto& share : cart.services)
      total += share.pathNs;
    QCOMPARE(total, cart.durationNs);  // no work outlives a root here
    QCOMPARE(cart.pathNs(), total);

    const EndpointCriticalPath& pay = paths[1];
    QCOMPARE(pay.operation, std::string("POST /pay"));
    QCOMPARE(pay.traces, 1u);
    QCOMPARE(pay.services.size(), 1u);
    QCOMPARE(pay.services[0].pathNs, 40 * kMs);

    // Kept with the stored run as JSON: the figures come back as they were.
    std::vector<EndpointCriticalPath> back;
    QVERIFY(criticalPathsFromJson(criticalPathsToJson(paths), &back));
    QCOMPARE(back.size(), paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
      QCOMPARE(back[i].service, paths[i].service);
      QCOMPARE(back[i].operation, paths[i].operation);
      QCOMPARE(back[i].traces, paths[i].traces);
      QCOMPARE(back[i].durationNs, paths[i].durationNs);
      QCOMPARE(back[i].services.size(), paths[i].services.size());
      for (std::size_t j = 0; j < paths[i].services.size(); ++j) {
        QCOMPARE(back[i].services[j].service, paths[i].services[j].service);
        QCOMPARE(back[i].services[j].pathNs, paths[i].services[j].pathNs);
      }
    }
  }

  void storedFormRefusesWhatItCannotRead_data() {
    QTest::addColumn<QString>("json");
    QTest::newRow("not json") << QStringLiteral("[{");
    QTest::newRow("object") << QStringLiteral("{}");
    QTest::newRow("negative traces") << QStringLiteral(R"([{"traces": -1, "duration_ns": "5"}])");
    QTest::newRow("number for ns") << QStringLiteral(R"([{"traces": 1, "duration_ns": 5}])");
    QTest::newRow("bad share") << QStringLiteral(
        R"([{"traces": 1, "duration_ns": "5", "services": [{"path_ns": "x"}]}])");
  }

  void storedFormRefusesWhatItCannotRead() {
    QFETCH(QString, json);
    std::vector<EndpointCriticalPath> paths(1);
    QVERIFY(!criticalPathsFromJson(json.toStdString(), &paths));
    QVERIFY(paths.empty());
  }
};

QTEST_GUILESS_MAIN(TstEndpointCriticalPath)
#include "tst_endpoint_critical_path.moc"

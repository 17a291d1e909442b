#include <QtTest>

#include "ui/live/live_rates.h"
#include "ui/live/live_snippets.h"

using namespace sightline;

class TestLiveSnippets : public QObject {
  Q_OBJECT
 private slots:
  void collectorPointsAtTheReceivers() {
    LiveSnippetTarget target;
    target.otlpHttpUrl = QStringLiteral("http://127.0.0.1:4318");
    target.otlpGrpcAddress = QStringLiteral("127.0.0.1:4317");
    const QString yaml = collectorSnippet(target);
    QVERIFY(yaml.contains(
        QLatin1String("  otlphttp/sightline:\n    endpoint: \"http://127.0.0.1:4318\"")));
    QVERIFY(yaml.contains(QLatin1String(
        "  otlp/sightline:\n    endpoint: \"127.0.0.1:4317\"\n    tls:\n      insecure: true")));
    QVERIFY(yaml.contains(QLatin1String("      exporters: [otlphttp/sightline]")));
    QVERIFY(!yaml.contains(QLatin1String("authorization")));
    target.apiKey = QStringLiteral("abc\"d");
    QVERIFY(collectorSnippet(target).contains(QLatin1String("authorization: \"Bearer abc\\\"d\"")));
  }
  void sdkEnvironmentPrefersHttpAndEncodesTheHeader() {
    LiveSnippetTarget target;
    target.otlpHttpUrl = QStringLiteral("http://127.0.0.1:4318");
    target.otlpGrpcAddress = QStringLiteral("127.0.0.1:4317");
    target.apiKey = QStringLiteral("k3y");
    const QString env = sdkEnvironmentSnippet(target);
    QVERIFY(
        env.contains(QLatin1String("export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318\n")));
    QVERIFY(env.contains(QLatin1String("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf")));
    QVERIFY(env.contains(QLatin1String("OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20k3y")));
    target.otlpHttpUrl.clear();
    const QString grpc = sdkEnvironmentSnippet(target);
    QVERIFY(grpc.contains(QLatin1String("OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317\n")));
    QVERIFY(grpc.contains(QLatin1String("OTEL_EXPORTER_OTLP_PROTOCOL=grpc")));
  }
  void nothingRunningSaysSo() {
    QVERIFY(collectorSnippet({}).startsWith(QLatin1Char('#')));
    QVERIFY(sdkEnvironmentSnippet({}).startsWith(QLatin1Char('#')));
  }
  void ratesSpanTheWindowAndFallToZero() {
    LiveRates rates(5000);
    LiveTotals t;
    rates.add(0, t);
    QCOMPARE(rates.spansPerSecond(), 0.0);
    t.spans = 1000;
    t.points = 10;
    rates.add(1000, t);
    QCOMPARE(rates.spansPerSecond(), 1000.0);
    QCOMPARE(rates.pointsPerSecond(), 10.0);
    t.spans = 3000;
    rates.add(2000, t);
    QCOMPARE(rates.spansPerSecond(), 1500.0);
    // Nothing more arrives: after the window the rate is 0.
    for (int ms = 3000; ms <= 9000; ms += 1000)
      rates.add(ms, t);
    QCOMPARE(rates.spansPerSecond(), 0.0);
  }
};

QTEST_GUILESS_MAIN(TestLiveSnippets)
#include "tst_live_snippets.moc"

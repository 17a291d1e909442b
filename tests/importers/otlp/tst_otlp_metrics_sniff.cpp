// The OTLP metrics sniffers claim the metrics fixtures and nothing else: every other fixture
// in tests/data is detected as it was before the metrics formats were registered (an OTLP
// trace body has the same outer framing as a metrics body).

#include <QDirIterator>
#include <QTest>

#include "importers/core/importer_registry.h"
#include "tests/importers/otlp/otlp_metrics_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

bool isMetricsFormat(const FormatDescriptor* format) {
  return format && (format->id == "otlp-metrics-proto" || format->id == "otlp-metrics-json");
}

// detectFormat as it would be without the two metrics entries.
const FormatDescriptor* detectWithoutMetrics(std::span<const std::uint8_t> head) {
  const FormatDescriptor* best = nullptr;
  int bestScore = 0;
  for (const auto& descriptor : importerRegistry()) {
    if (isMetricsFormat(&descriptor))
      continue;
    const int score = descriptor.sniff ? descriptor.sniff(head) : 0;
    if (score > bestScore) {
      best = &descriptor;
      bestScore = score;
    }
  }
  return best;
}

}  // namespace

class TestOtlpMetricsSniff : public QObject {
  Q_OBJECT

 private slots:
  void everyFixture() {
    int metrics = 0;
    int others = 0;
    QDirIterator it(QStringLiteral(SIGHTLINE_TEST_DATA_DIR), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
      const QString path = it.next();
      if (path.contains(QStringLiteral("/node_modules/")) || QFileInfo(path).size() > (64 << 20))
        continue;
      std::string data = decompressed(fileBytes(path.toStdString()));
      data.resize(std::min<std::size_t>(data.size(), 4096));
      const std::span head(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
      const FormatDescriptor* detected = detectFormat(head);
      const QString name = QFileInfo(path).fileName();
      if (path.contains(QStringLiteral("/otel-js-metrics/metrics."))) {
        ++metrics;
        const char* want =
            name.contains(QStringLiteral(".json")) ? "otlp-metrics-json" : "otlp-metrics-proto";
        QVERIFY2(detected && detected->id == want, qPrintable(path));
      } else {
        ++others;
        QVERIFY2(detected == detectWithoutMetrics(head), qPrintable(path));
      }
    }
    QCOMPARE(metrics, 6);
    QVERIFY(others > 50);
  }

  void traceBodiesAreNotMetrics() {
    for (const char* file : {"otel-js/traces.otlp.pb", "otel-js/traces.delimited.otlp.pb"}) {
      const std::string data = fileBytes(testData(file));
      const std::span head(reinterpret_cast<const std::uint8_t*>(data.data()),
                           std::min<std::size_t>(data.size(), 4096));
      QCOMPARE(sniffOtlpMetricsProto(head), 0);
      QCOMPARE(detectFormat(head)->id, std::string("otlp-proto"));
    }
  }

  void truncatedHeadStillMetrics() {
    const std::string data = fileBytes(testData("otel-js-metrics/metrics.cumulative.otlp.pb"));
    for (const std::size_t size : {std::size_t{300}, std::size_t{600}, data.size()}) {
      const std::span head(reinterpret_cast<const std::uint8_t*>(data.data()), size);
      QVERIFY2(sniffOtlpMetricsProto(head) > 60, qPrintable(QString::number(size)));
    }
  }
};

QTEST_GUILESS_MAIN(TestOtlpMetricsSniff)
#include "tst_otlp_metrics_sniff.moc"

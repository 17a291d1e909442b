#include <QTest>

#include "model/metrics/metric_records.h"

using namespace sightline;

Q_DECLARE_METATYPE(MetricType)

class TestMetricRecords : public QObject {
  Q_OBJECT

 private slots:
  void typeNames_data() {
    QTest::addColumn<QByteArray>("word");
    QTest::addColumn<MetricType>("type");
    QTest::addColumn<QByteArray>("name");  // what metricTypeName gives back
    QTest::newRow("counter") << QByteArray("counter") << MetricType::Counter
                             << QByteArray("counter");
    QTest::newRow("gauge") << QByteArray("gauge") << MetricType::Gauge << QByteArray("gauge");
    QTest::newRow("histogram") << QByteArray("histogram") << MetricType::Histogram
                               << QByteArray("histogram");
    QTest::newRow("gaugehistogram") << QByteArray("gaugehistogram") << MetricType::GaugeHistogram
                                    << QByteArray("gaugehistogram");
    QTest::newRow("summary") << QByteArray("summary") << MetricType::Summary
                             << QByteArray("summary");
    QTest::newRow("untyped") << QByteArray("untyped") << MetricType::Untyped
                             << QByteArray("untyped");
    QTest::newRow("OpenMetrics unknown")
        << QByteArray("unknown") << MetricType::Untyped << QByteArray("untyped");
    QTest::newRow("stateset") << QByteArray("stateset") << MetricType::StateSet
                              << QByteArray("stateset");
    QTest::newRow("info") << QByteArray("info") << MetricType::Info << QByteArray("info");
  }

  void typeNames() {
    QFETCH(QByteArray, word);
    QFETCH(MetricType, type);
    QFETCH(QByteArray, name);
    const std::optional<MetricType> parsed = parseMetricType(word.toStdString());
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, type);
    QCOMPARE(QByteArray(metricTypeName(type)), name);
  }

  void unknownTypeWords_data() {
    QTest::addColumn<QByteArray>("word");
    QTest::newRow("empty") << QByteArray("");
    QTest::newRow("upper case") << QByteArray("Counter");
    QTest::newRow("trailing space") << QByteArray("gauge ");
    QTest::newRow("made up") << QByteArray("timer");
  }

  void unknownTypeWords() {
    QFETCH(QByteArray, word);
    QVERIFY(!parseMetricType(word.toStdString()).has_value());
  }

  void canonicalText_data() {
    QTest::addColumn<QByteArrayList>("pairs");  // name, value, name, value, …
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("no labels") << QByteArrayList{} << QByteArray("");
    QTest::newRow("one label") << QByteArrayList{"job", "api"} << QByteArray("{job=\"api\"}");
    QTest::newRow("two labels") << QByteArrayList{"code", "200", "job", "api"}
                                << QByteArray("{code=\"200\",job=\"api\"}");
    QTest::newRow("empty value") << QByteArrayList{"a", ""} << QByteArray("{a=\"\"}");
    QTest::newRow("quote, backslash and line feed escaped")
        << QByteArrayList{"path", "C:\\x \"y\"\nz"}
        << QByteArray("{path=\"C:\\\\x \\\"y\\\"\\nz\"}");
    QTest::newRow("tab and UTF-8 left alone")
        << QByteArrayList{"v", "a\tb\xc3\xa9"} << QByteArray("{v=\"a\tb\xc3\xa9\"}");
  }

  void canonicalText() {
    QFETCH(QByteArrayList, pairs);
    QFETCH(QByteArray, expected);
    std::vector<MetricLabel> labels;
    for (qsizetype i = 0; i + 1 < pairs.size(); i += 2) {
      labels.push_back(MetricLabel{pairs[i].toStdString(), pairs[i + 1].toStdString()});
    }
    QCOMPARE(QByteArray::fromStdString(canonicalLabelText(labels)), expected);
  }
};

QTEST_GUILESS_MAIN(TestMetricRecords)
#include "tst_metric_records.moc"

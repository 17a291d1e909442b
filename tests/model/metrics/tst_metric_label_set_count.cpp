// countParserSeries: a family's series as Prometheus' parsers count them (label sets without
// sample names and splitting labels), counted in SQL over the stored label JSON.
#include <QtTest>

#include "model/metrics/metric_label_set_count.h"
#include "model/metrics/metric_queries.h"
#include "model/store/workspace.h"
#include "tests/model/metrics/tst_metric_store_fixture.h"

using namespace sightline;
using namespace sightline::test;

namespace {

struct Line {
  std::string name;
  std::vector<MetricLabel> labels;
};

}  // namespace

Q_DECLARE_METATYPE(sightline::MetricType)
Q_DECLARE_METATYPE(std::vector<Line>)

class TstMetricLabelSetCount : public QObject {
  Q_OBJECT

 private slots:
  void countsLabelSetsAsParsersDo_data();
  void countsLabelSetsAsParsersDo();
};

void TstMetricLabelSetCount::countsLabelSetsAsParsersDo_data() {
  QTest::addColumn<MetricType>("type");
  QTest::addColumn<QString>("family");
  QTest::addColumn<std::vector<Line>>("lines");
  QTest::addColumn<quint64>("expected");
  const QString f = QStringLiteral("f");
  QTest::newRow("histogram buckets, sum and count are one series")
      << MetricType::Histogram << f
      << std::vector<Line>{{"f_bucket", {{"le", "1"}}},
                           {"f_bucket", {{"le", "+Inf"}}},
                           {"f_sum", {}},
                           {"f_count", {}}}
      << quint64(1);
  QTest::newRow("histogram label sets")
      << MetricType::Histogram << f
      << std::vector<Line>{{"f_bucket", {{"a", "x"}, {"le", "1"}}},
                           {"f_bucket", {{"a", "y"}, {"le", "1"}}},
                           {"f_count", {{"a", "x"}}}}
      << quint64(2);
  QTest::newRow("gauge histogram") << MetricType::GaugeHistogram << f
                                   << std::vector<Line>{{"f_bucket", {{"le", "1"}, {"z", "1"}}},
                                                        {"f_bucket", {{"le", "2"}, {"z", "1"}}},
                                                        {"f_gcount", {{"z", "1"}}},
                                                        {"f_gsum", {{"z", "2"}}}}
                                   << quint64(2);
  QTest::newRow("summary quantiles are one series")
      << MetricType::Summary << f
      << std::vector<Line>{{"f", {{"quantile", "0.5"}}},
                           {"f", {{"quantile", "0.9"}}},
                           {"f_sum", {}},
                           {"f_count", {}}}
      << quint64(1);
  QTest::newRow("counter _total and _created are one series")
      << MetricType::Counter << f
      << std::vector<Line>{{"f_total", {{"a", "x"}}},
                           {"f_created", {{"a", "x"}}},
                           {"f_total", {{"a", "y"}}}}
      << quint64(2);
  QTest::newRow("counter of one sample name")
      << MetricType::Counter << f
      << std::vector<Line>{{"f_total", {{"a", "x"}}}, {"f_total", {{"a", "y"}}}, {"f_total", {}}}
      << quint64(3);
  QTest::newRow("stateset states are one series")
      << MetricType::StateSet << f
      << std::vector<Line>{{"f", {{"f", "a"}, {"job", "j"}}}, {"f", {{"f", "b"}, {"job", "j"}}}}
      << quint64(1);
  // A state label no JSON path can name (json_remove compares the key as written, escaped):
  // the json_each() form counts it.
  QTest::newRow("stateset whose name needs escapes")
      << MetricType::StateSet << QStringLiteral("odd\"name\\")
      << std::vector<Line>{{"odd", {{"job", "j"}, {"odd\"name\\", "a"}}},
                           {"odd", {{"job", "j"}, {"odd\"name\\", "b"}}},
                           {"odd", {{"job", "k"}, {"odd\"name\\", "b"}}}}
      << quint64(2);
  QTest::newRow("stateset whose name has a dot")
      << MetricType::StateSet << QStringLiteral("a.b")
      << std::vector<Line>{{"a.b", {{"a.b", "on"}, {"x", "1"}}},
                           {"a.b", {{"a.b", "off"}, {"x", "1"}}}}
      << quint64(1);
  QTest::newRow("label values with escapes stay apart")
      << MetricType::Histogram << f
      << std::vector<Line>{{"f_bucket", {{"le", "1"}, {"path", "/a \"q\" \\ b\nc \xc3\xa9"}}},
                           {"f_bucket", {{"le", "1"}, {"path", "/a \"q\" \\ b\nc"}}},
                           {"f_count", {{"path", "/a \"q\" \\ b\nc \xc3\xa9"}}}}
      << quint64(2);
  QTest::newRow("le is an ordinary label of a gauge")
      << MetricType::Gauge << f << std::vector<Line>{{"f", {{"le", "1"}}}, {"f", {{"le", "2"}}}}
      << quint64(2);
  QTest::newRow("empty label value is its own label set")
      << MetricType::Counter << f
      << std::vector<Line>{{"f_total", {{"path", ""}}}, {"f_created", {}}, {"f_total", {}}}
      << quint64(2);
}

void TstMetricLabelSetCount::countsLabelSetsAsParsersDo() {
  QFETCH(MetricType, type);
  QFETCH(QString, family);
  QFETCH(std::vector<Line>, lines);
  QFETCH(quint64, expected);
  Status status;
  auto ws = Workspace::open(":memory:", Workspace::Mode::ReadWrite, &status);
  QVERIFY2(ws, status.message().c_str());
  MetricBatch batch;
  batch.newFamilies = {metricFamily(family.toStdString(), type)};
  for (const Line& line : lines)
    batch.samples.push_back(metricSample(0, line.name, line.labels, 1));
  std::vector<MetricBatch> batches;
  batches.push_back(std::move(batch));
  const Status stored = storeMetrics(*ws, "sha", std::move(batches), 1000);
  QVERIFY2(stored.isOk(), stored.message().c_str());
  const std::vector<MetricFamilySummary> families = listMetricFamilies(*ws);
  QCOMPARE(families.size(), std::size_t(1));
  QCOMPARE(families[0].series, lines.size());
  QCOMPARE(quint64(countParserSeries(*ws, families[0], &status)), expected);
  QVERIFY2(status.isOk(), status.message().c_str());
}

QTEST_GUILESS_MAIN(TstMetricLabelSetCount)
#include "tst_metric_label_set_count.moc"

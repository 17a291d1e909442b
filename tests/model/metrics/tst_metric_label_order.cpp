// The order series of one family are listed in (metric_label_order): bucket bounds and
// quantiles as numbers, every other label as text, and a strict order whatever the values.
#include <QtTest>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "model/metrics/metric_label_order.h"

using namespace sightline;

class TstMetricLabelOrder : public QObject {
  Q_OBJECT

 private slots:
  void comparesValues_data() {
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("less");  // a < b; b < a is checked to be false when it is true
    QTest::newRow("bounds as numbers") << "le"
                                       << "2.5"
                                       << "10" << true;
    QTest::newRow("fractions") << "le"
                               << "0.005"
                               << "0.01" << true;
    QTest::newRow("+Inf after every number") << "le"
                                             << "1e9"
                                             << "+Inf" << true;
    QTest::newRow("+Inf is not first") << "le"
                                       << "+Inf"
                                       << "0.1" << false;
    QTest::newRow("Inf spelled otherwise") << "le"
                                           << "100"
                                           << "inf" << true;
    QTest::newRow("-Inf first") << "le"
                                << "-Inf"
                                << "-1000" << true;
    QTest::newRow("negative bounds") << "le"
                                     << "-2"
                                     << "-1.5" << true;
    QTest::newRow("exponent notation") << "le"
                                       << "5e-3"
                                       << "0.01" << true;
    QTest::newRow("a leading plus") << "le"
                                    << "+2"
                                    << "10" << true;
    QTest::newRow("equal numbers by text") << "le"
                                           << "1"
                                           << "1.0" << true;
    QTest::newRow("equal numbers by text, reversed") << "le"
                                                     << "1.0"
                                                     << "1" << false;
    QTest::newRow("same text") << "le"
                               << "0.1"
                               << "0.1" << false;
    QTest::newRow("NaN after +Inf") << "le"
                                    << "+Inf"
                                    << "NaN" << true;
    QTest::newRow("nan in lower case") << "quantile"
                                       << "1"
                                       << "nan" << true;
    QTest::newRow("text after NaN") << "le"
                                    << "NaN"
                                    << "big" << true;
    QTest::newRow("text after numbers") << "le"
                                        << "99"
                                        << "1x" << true;
    QTest::newRow("two signs are text") << "le"
                                        << "5"
                                        << "+-1" << true;
    QTest::newRow("empty is text") << "le"
                                   << "+Inf"
                                   << "" << true;
    QTest::newRow("text among itself") << "le"
                                       << "abc"
                                       << "abd" << true;
    QTest::newRow("quantiles") << "quantile"
                               << "0.99"
                               << "1" << true;
    QTest::newRow("quantiles, short and long") << "quantile"
                                               << "0.5"
                                               << "0.25" << false;
    QTest::newRow("other labels as text") << "code"
                                          << "10"
                                          << "2" << true;
    QTest::newRow("other labels, Inf as text") << "code"
                                               << "+Inf"
                                               << "0" << true;
    QTest::newRow("a label name that only starts like le") << "level"
                                                           << "10"
                                                           << "9" << true;
  }
  void comparesValues() {
    QFETCH(QString, label);
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, less);
    const std::string name = label.toStdString(), x = a.toStdString(), y = b.toStdString();
    QCOMPARE(metricLabelValueLess(name, x, y), less);
    if (less)
      QVERIFY(!metricLabelValueLess(name, y, x));
  }

  // Sorting a shuffled list of every kind of value gives one order: a strict weak order.
  void sortsBucketBounds() {
    const std::vector<std::string> expected{"-Inf", "-1",  "0",   "0.005", "0.01", "0.025", "0.1",
                                            "1",    "1.0", "2.5", "10",    "+Inf", "NaN",   "x"};
    for (unsigned seed = 0; seed < 20; ++seed) {
      std::vector<std::string> values = expected;
      std::mt19937 random(seed);
      std::shuffle(values.begin(), values.end(), random);
      std::sort(values.begin(), values.end(), [](const std::string& a, const std::string& b) {
        return metricLabelValueLess("le", a, b);
      });
      QCOMPARE(values, expected);
    }
  }

  void comparesLabelSets_data() {
    QTest::addColumn<QString>("a");  // name=value pairs sorted by name, comma-separated
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("less");
    QTest::newRow("first label decides") << "job=api,le=10"
                                         << "job=db,le=1" << true;
    QTest::newRow("then the bound, as a number") << "job=api,le=2.5"
                                                 << "job=api,le=10" << true;
    QTest::newRow("+Inf last in its set") << "job=api,le=+Inf"
                                          << "job=api,le=0.1" << false;
    QTest::newRow("label name before value") << "a=9"
                                             << "b=1" << true;
    QTest::newRow("a prefix first") << "job=api"
                                    << "job=api,le=1" << true;
    QTest::newRow("equal sets") << "quantile=0.5"
                                << "quantile=0.5" << false;
  }
  void comparesLabelSets() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, less);
    auto labels = [](const QString& pairs) {
      std::vector<MetricLabel> out;
      for (const QString& pair : pairs.split(u','))
        out.push_back(
            {pair.section(u'=', 0, 0).toStdString(), pair.section(u'=', 1).toStdString()});
      return out;
    };
    QCOMPARE(metricLabelsLess(labels(a), labels(b)), less);
    if (less)
      QVERIFY(!metricLabelsLess(labels(b), labels(a)));
  }

  void seriesByNameThenLabels() {
    QVERIFY(metricSeriesLess("x_bucket", {{"le", "+Inf"}}, "x_count", {}));
    QVERIFY(metricSeriesLess("x_bucket", {{"le", "5"}}, "x_bucket", {{"le", "+Inf"}}));
    QVERIFY(!metricSeriesLess("x_bucket", {{"le", "+Inf"}}, "x_bucket", {{"le", "5"}}));
    QVERIFY(metricSeriesLess("rpc", {{"quantile", "0.9"}}, "rpc", {{"quantile", "0.99"}}));
  }
};

QTEST_APPLESS_MAIN(TstMetricLabelOrder)
#include "tst_metric_label_order.moc"

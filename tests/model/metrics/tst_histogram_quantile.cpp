#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <cmath>
#include <limits>
#include <map>

#include "model/metrics/metric_math.h"

using namespace sightline;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<HistogramBucket> makeBuckets(const QList<double>& bounds, const QList<double>& counts) {
  std::vector<HistogramBucket> buckets;
  for (qsizetype i = 0; i < bounds.size(); ++i) {
    buckets.push_back(HistogramBucket{bounds[i], counts[i]});
  }
  return buckets;
}

bool sameDouble(double actual, double expected) {
  if (std::isnan(expected)) {
    return std::isnan(actual);
  }
  if (std::isinf(expected)) {
    return actual == expected;
  }
  return std::abs(actual - expected) <= 1e-12 * std::max(1.0, std::abs(expected));
}

// --- Prometheus server answers (tests/data/prometheus/prometheus-server) -------------------

const QString kServerDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus/prometheus-server");
const QString kPrometheusDir = QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus");

double parsePromValue(const QString& text) {
  if (text == QStringLiteral("+Inf") || text == QStringLiteral("Inf")) {
    return kInf;
  }
  if (text == QStringLiteral("-Inf")) {
    return -kInf;
  }
  if (text == QStringLiteral("NaN")) {
    return kNaN;
  }
  bool ok = false;
  const double value = text.toDouble(&ok);
  return ok ? value : kNaN;
}

// One bucket line of an exposition file, read just well enough for this test (the real
// parser lives in importers/): name{a="x",le="0.1"} value.
struct BucketLine {
  std::map<QString, QString> labels;  // without le
  double upperBound = 0;
  double count = 0;
};

std::vector<BucketLine> readBucketLines(const QString& path, const QString& bucketName) {
  std::vector<BucketLine> lines;
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) {
    return lines;
  }
  static const QRegularExpression labelPattern(QStringLiteral("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\""));
  const QString prefix = bucketName + QLatin1Char('{');
  while (!file.atEnd()) {
    const QString line = QString::fromUtf8(file.readLine()).trimmed();
    if (!line.startsWith(prefix)) {
      continue;
    }
    const qsizetype close = line.lastIndexOf(QLatin1Char('}'));
    const QString labelText = line.mid(prefix.size(), close - prefix.size());
    BucketLine bucket;
    auto it = labelPattern.globalMatch(labelText);
    while (it.hasNext()) {
      const QRegularExpressionMatch m = it.next();
      if (m.captured(1) == QStringLiteral("le")) {
        bucket.upperBound = parsePromValue(m.captured(2));
      } else {
        bucket.labels[m.captured(1)] = m.captured(2);
      }
    }
    bucket.count = parsePromValue(line.mid(close + 1).trimmed().section(QLatin1Char(' '), 0, 0));
    lines.push_back(std::move(bucket));
  }
  return lines;
}

struct QuantileCase {
  QString description;
  double q = 0;
  std::vector<HistogramBucket> buckets;
  double expected = 0;
};

// The answers to histogram_quantile(Q, NAME_bucket{…}) and
// histogram_quantile(Q, sum by (le, L) (NAME_bucket{…})) over one snapshot.
QStringList prometheusQuantileAnswers() {
  QFile index(kServerDir + QStringLiteral("/queries.json"));
  if (!index.open(QIODevice::ReadOnly)) {
    return {};
  }
  QStringList files;
  const QJsonArray entries = QJsonDocument::fromJson(index.readAll()).object()[u"files"].toArray();
  for (const QJsonValue& entry : entries) {
    const QJsonObject object = entry.toObject();
    const QString query = object[u"query"].toString();
    if (query.startsWith(QStringLiteral("histogram_quantile(")) &&
        !query.contains(QStringLiteral("rate(")) && object[u"depends_on"].toArray().size() == 1) {
      files << object[u"file"].toString();
    }
  }
  return files;
}

std::vector<QuantileCase> loadQuantileCases(const QString& answerFile, QString* error) {
  QFile index(kServerDir + QStringLiteral("/queries.json"));
  if (!index.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("no queries.json");
    return {};
  }
  QJsonObject description;
  for (const QJsonValue& entry :
       QJsonDocument::fromJson(index.readAll()).object()[u"files"].toArray()) {
    if (entry.toObject()[u"file"].toString() == answerFile) {
      description = entry.toObject();
    }
  }
  static const QRegularExpression queryPattern(
      QStringLiteral("^histogram_quantile\\(([^,]+), (?:sum by \\(le, (\\w+)\\) "
                     "\\()?(\\w+_bucket)\\{[^}]*\\}\\)?\\)$"));
  const QString query = description[u"query"].toString();
  const QRegularExpressionMatch match = queryPattern.match(query);
  if (!match.hasMatch()) {
    *error = QStringLiteral("query of an unknown shape: ") + query;
    return {};
  }
  const double q = parsePromValue(match.captured(1));
  const QString byLabel = match.captured(2);  // empty: every label set on its own
  const QString snapshot = description[u"depends_on"].toArray()[0].toString();
  const std::vector<BucketLine> lines =
      readBucketLines(kPrometheusDir + QLatin1Char('/') + snapshot, match.captured(3));
  if (lines.empty()) {
    *error = QStringLiteral("no bucket lines in ") + snapshot;
    return {};
  }

  // Our grouping of the snapshot's buckets, keyed like the server's result labels.
  std::map<std::map<QString, QString>, std::map<double, double>> groups;
  for (const BucketLine& line : lines) {
    std::map<QString, QString> key = line.labels;
    if (!byLabel.isEmpty()) {
      key = {{byLabel, line.labels.count(byLabel) ? line.labels.at(byLabel) : QString()}};
    }
    groups[key][line.upperBound] += line.count;
  }

  QFile answer(kServerDir + QLatin1Char('/') + answerFile);
  if (!answer.open(QIODevice::ReadOnly)) {
    *error = QStringLiteral("cannot open ") + answerFile;
    return {};
  }
  const QJsonArray results =
      QJsonDocument::fromJson(answer.readAll()).object()[u"data"].toObject()[u"result"].toArray();
  if (static_cast<std::size_t>(results.size()) != groups.size()) {
    *error = QStringLiteral("the server has %1 results, the snapshot %2 label sets")
                 .arg(results.size())
                 .arg(groups.size());
    return {};
  }
  std::vector<QuantileCase> cases;
  for (const QJsonValue& result : results) {
    std::map<QString, QString> key;
    const QJsonObject metric = result.toObject()[u"metric"].toObject();
    for (auto it = metric.begin(); it != metric.end(); ++it) {
      // Target labels the server added when scraping.
      if (it.key() != QStringLiteral("job") && it.key() != QStringLiteral("instance")) {
        key[it.key()] = it.value().toString();
      }
    }
    const auto group = groups.find(key);
    if (group == groups.end()) {
      *error = QStringLiteral("a server result has no label set in the snapshot");
      return {};
    }
    QuantileCase c;
    c.q = q;
    for (const auto& [bound, count] : group->second) {
      c.buckets.push_back(HistogramBucket{bound, count});
    }
    c.expected = parsePromValue(result.toObject()[u"value"].toArray()[1].toString());
    QStringList labelText;
    for (const auto& [name, value] : key) {
      labelText << name + QStringLiteral("=") + value;
    }
    c.description =
        answerFile + QStringLiteral(" {") + labelText.join(QLatin1Char(',')) + QLatin1Char('}');
    cases.push_back(std::move(c));
  }
  return cases;
}

}  // namespace

class TestHistogramQuantile : public QObject {
  Q_OBJECT

 private slots:
  // Expected values worked out by hand from promql/quantile.go's bucketQuantile.
  void quantile_data() {
    QTest::addColumn<double>("q");
    QTest::addColumn<QList<double>>("bounds");
    QTest::addColumn<QList<double>>("counts");
    QTest::addColumn<double>("expected");

    const QList<double> bounds{0.1, 0.5, 1, kInf};
    const QList<double> counts{10, 20, 30, 40};
    QTest::newRow("median interpolates in its bucket") << 0.5 << bounds << counts << 0.5;
    QTest::newRow("inside the second bucket") << 0.3 << bounds << counts << 0.1 + 0.4 * (2.0 / 10);
    QTest::newRow("lowest bucket starts at 0") << 0.05 << bounds << counts << 0.1 * (2.0 / 10);
    QTest::newRow("rank on a bucket's bound") << 0.25 << bounds << counts << 0.1;
    QTest::newRow("q = 0") << 0.0 << bounds << counts << 0.0;
    QTest::newRow("+Inf bucket gives the highest finite bound") << 0.9 << bounds << counts << 1.0;
    QTest::newRow("q = 1 lands in the +Inf bucket") << 1.0 << bounds << counts << 1.0;
    QTest::newRow("unsorted input is sorted")
        << 0.3 << QList<double>{kInf, 1, 0.1, 0.5} << QList<double>{40, 30, 10, 20}
        << 0.1 + 0.4 * (2.0 / 10);
    QTest::newRow("q < 0 is -Inf") << -0.5 << bounds << counts << -kInf;
    QTest::newRow("q > 1 is +Inf") << 1.5 << bounds << counts << kInf;
    QTest::newRow("NaN q is NaN") << kNaN << bounds << counts << kNaN;
    QTest::newRow("q < 0 wins over missing +Inf")
        << -1.0 << QList<double>{1, 2} << QList<double>{1, 2} << -kInf;
    QTest::newRow("q > 1 wins over no buckets")
        << 2.0 << QList<double>{} << QList<double>{} << kInf;
    QTest::newRow("no buckets") << 0.5 << QList<double>{} << QList<double>{} << kNaN;
    QTest::newRow("no +Inf bucket")
        << 0.5 << QList<double>{0.1, 0.5, 1} << QList<double>{10, 20, 30} << kNaN;
    QTest::newRow("-Inf as the only bound is not +Inf")
        << 0.5 << QList<double>{-kInf} << QList<double>{1} << kNaN;
    QTest::newRow("a single +Inf bucket") << 0.5 << QList<double>{kInf} << QList<double>{7} << kNaN;
    QTest::newRow("two +Inf buckets coalesce into one")
        << 0.5 << QList<double>{kInf, kInf} << QList<double>{3, 4} << kNaN;
    QTest::newRow("all counts zero") << 0.5 << bounds << QList<double>{0, 0, 0, 0} << kNaN;
    QTest::newRow("q = 0 over an empty first bucket is 0/0")
        << 0.0 << QList<double>{1, 2, kInf} << QList<double>{0, 10, 10} << kNaN;
    QTest::newRow("negative lowest bound is returned as is")
        << 0.1 << QList<double>{-1, 0, 1, kInf} << QList<double>{5, 10, 20, 20} << -1.0;
    QTest::newRow("interpolation above a negative bucket")
        << 0.4 << QList<double>{-1, 0, 1, kInf} << QList<double>{5, 10, 20, 20} << -1 + 3.0 / 5;
    QTest::newRow("lowest bound 0 is returned as is")
        << 0.2 << QList<double>{0, 1, kInf} << QList<double>{5, 10, 10} << 0.0;
    // 10, 8, 15 → 10, 10, 15: the search and the interpolation see the envelope.
    QTest::newRow("non-monotonic counts are raised")
        << 0.8 << QList<double>{1, 2, 3, kInf} << QList<double>{10, 8, 15, 15} << 2 + 2.0 / 5;
    QTest::newRow("duplicate bounds are summed")
        << 0.5 << QList<double>{1, 1, 2, kInf} << QList<double>{5, 5, 20, 20} << 1.0;
    QTest::newRow("empty buckets above the rank")
        << 1.0 << QList<double>{1, 2, kInf} << QList<double>{10, 10, 10} << 1.0;
    QTest::newRow("most observations above the highest bound")
        << 0.5 << QList<double>{1, 2, kInf} << QList<double>{1, 2, 100} << 2.0;
    QTest::newRow("two buckets: one bound and +Inf")
        << 0.5 << QList<double>{4, kInf} << QList<double>{8, 8} << 2.0;
    QTest::newRow("NaN bounds are ignored")
        << 0.5 << QList<double>{kNaN, 0.1, 0.5, 1, kInf} << QList<double>{3, 10, 20, 30, 40} << 0.5;
    QTest::newRow("fractional counts from rates")
        << 0.99 << QList<double>{0.005, 0.01, 0.025, kInf} << QList<double>{0.5, 1.25, 2, 2}
        << 0.01 + 0.015 * ((0.99 * 2 - 1.25) / 0.75);
  }

  void quantile() {
    QFETCH(double, q);
    QFETCH(QList<double>, bounds);
    QFETCH(QList<double>, counts);
    QFETCH(double, expected);
    const double actual = histogramQuantile(q, makeBuckets(bounds, counts));
    QVERIFY2(sameDouble(actual, expected),
             qPrintable(QStringLiteral("got %1, expected %2").arg(actual).arg(expected)));
  }

  // The same histograms through a real Prometheus 2.42 server (tests/data/prometheus/
  // prometheus-server, made by generate.sh): buckets read from the snapshot it scraped,
  // grouped as the query groups them, compared with the server's answer.
  void serverReference_data() {
    QTest::addColumn<QString>("answerFile");
    const QStringList answers = prometheusQuantileAnswers();
    if (answers.isEmpty()) {
      QSKIP("no Prometheus server answers under tests/data/prometheus/prometheus-server");
    }
    for (const QString& answer : answers) {
      QTest::newRow(qPrintable(answer)) << answer;
    }
  }

  void serverReference() {
    QFETCH(QString, answerFile);
    QString error;
    const std::vector<QuantileCase> cases = loadQuantileCases(answerFile, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!cases.empty());
    for (const QuantileCase& c : cases) {
      const double actual = histogramQuantile(c.q, c.buckets);
      const bool same = std::isnan(c.expected)   ? std::isnan(actual)
                        : std::isinf(c.expected) ? actual == c.expected
                                                 : std::abs(actual - c.expected) <=
                                                       1e-9 * std::max(1.0, std::abs(c.expected));
      QVERIFY2(same, qPrintable(QStringLiteral("%1: got %2, server %3")
                                    .arg(c.description)
                                    .arg(actual, 0, 'g', 17)
                                    .arg(c.expected, 0, 'g', 17)));
    }
  }
};

QTEST_GUILESS_MAIN(TestHistogramQuantile)
#include "tst_histogram_quantile.moc"

// The acceptance test of metrics: every real fixture of tests/data/prometheus, imported into
// a workspace, gives through `sightline metrics --json` the families, types, help texts,
// units, series and sample counts that Prometheus' own parsers found (expected.json: expfmt
// for the text format, the Python OpenMetrics parser for OpenMetrics), the values they read,
// the sample and series totals that a real Prometheus 2.42 server scraped from the same
// files, and `metrics --quantile` the answers of that server's histogram_quantile.
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <map>

#include "app/metrics_command.h"
#include "importers/core/file_importer.h"
#include "model/metrics/metric_queries.h"
#include "model/text/metric_value_text.h"

using namespace sightline;
using namespace sightline::cli;

namespace {

QString prometheusDir() {
  return QStringLiteral(SIGHTLINE_TEST_DATA_DIR "/prometheus");
}

QJsonObject readJson(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly))
    qWarning() << "cannot read" << path;
  return QJsonDocument::fromJson(file.readAll()).object();
}

// When each fixture was taken (the files carry no timestamps, and git keeps no mtimes).
std::int64_t snapshotTimeMs(const QString& fixture) {
  const QFileInfo info(prometheusDir() + QLatin1Char('/') + fixture);
  if (fixture.startsWith(QLatin1String("node-exporter/"))) {
    QFile file(info.dir().filePath(QStringLiteral("scrape-time-ms.txt")));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toLongLong() : 0;
  }
  const QJsonObject times = readJson(info.dir().filePath(QStringLiteral("snapshot-times.json")));
  const QString snapshot = info.fileName().section(QLatin1Char('.'), 0, 0);
  return static_cast<std::int64_t>(times.value(snapshot).toDouble());
}

struct CommandRun {
  int code = -1;
  QString out;
  QString err;
};

CommandRun runMetrics(QStringList arguments) {
  arguments.prepend(QStringLiteral("metrics"));
  CommandRun result;
  QTextStream out(&result.out);
  QTextStream err(&result.err);
  CommandIo io{out, err, false};
  result.code = runMetricsCommand(arguments, io);
  out.flush();
  err.flush();
  return result;
}

// A workspace file holding the given fixtures, each one snapshot at the time it was taken.
class FixtureWorkspace {
 public:
  explicit FixtureWorkspace(const QStringList& fixtures) {
    m_path = m_dir.filePath(QStringLiteral("w.sightline"));
    Status status;
    m_workspace = Workspace::open(m_path.toStdString(), Workspace::Mode::ReadWrite, &status);
    if (!m_workspace) {
      m_error = QString::fromStdString(status.message());
      return;
    }
    for (const QString& fixture : fixtures) {
      ImportOptions options;
      options.snapshotTimeMs = snapshotTimeMs(fixture);
      const FileImportResult result =
          importFile(*m_workspace,
                     QString(prometheusDir() + QLatin1Char('/') + fixture).toStdString(), options);
      if (result.outcome != FileImportResult::Outcome::Imported) {
        m_error = fixture + QStringLiteral(": ") + QString::fromStdString(result.error);
        return;
      }
    }
  }
  QString path() const { return m_path; }
  QString error() const { return m_error; }
  Workspace& workspace() { return *m_workspace; }

 private:
  QTemporaryDir m_dir;
  QString m_path;
  QString m_error;
  std::unique_ptr<Workspace> m_workspace;
};

// Reference numbers are strings ("NaN", "+Inf", "1.5e-07") so that JSON can hold them.
double referenceNumber(const QString& text) {
  if (text.compare(QLatin1String("NaN"), Qt::CaseInsensitive) == 0)
    return std::nan("");
  if (text == QLatin1String("+Inf") || text == QLatin1String("Inf"))
    return INFINITY;
  if (text == QLatin1String("-Inf"))
    return -INFINITY;
  return text.toDouble();
}

bool sameNumber(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

// The identity of a sample line for comparing values: its name and labels, with `le` and
// `quantile` spelt as numbers (1 and 1.0 are the same bound).
QString sampleKey(const QString& name, std::map<QString, QString> labels) {
  for (const char* numeric : {"le", "quantile"}) {
    auto it = labels.find(QLatin1String(numeric));
    if (it != labels.end())
      it->second = formatExpositionValue(referenceNumber(it->second));
  }
  QString key = name + QLatin1Char('{');
  for (const auto& [label, value] : labels)
    key += label + QStringLiteral("=\"") + value + QStringLiteral("\",");
  return key + QLatin1Char('}');
}

std::map<QString, QString> labelMap(const QJsonObject& object) {
  std::map<QString, QString> labels;
  for (auto it = object.begin(); it != object.end(); ++it)
    labels[it.key()] = it.value().toString();
  return labels;
}

// The sample lines of an expected.json as (key → value): OpenMetrics answers list them,
// expfmt answers group them by series (buckets, quantiles, sum, count).
std::map<QString, double> expectedValues(const QJsonObject& expected) {
  std::map<QString, double> values;
  for (const QJsonValue& familyValue : expected.value(QLatin1String("family_list")).toArray()) {
    const QJsonObject family = familyValue.toObject();
    const QString name = family.value(QLatin1String("name")).toString();
    for (const QJsonValue& line : family.value(QLatin1String("sample_lines")).toArray()) {
      const QJsonObject sample = line.toObject();
      values[sampleKey(sample.value(QLatin1String("name")).toString(),
                       labelMap(sample.value(QLatin1String("labels")).toObject()))] =
          referenceNumber(sample.value(QLatin1String("value")).toString());
    }
    for (const QJsonValue& pointValue : family.value(QLatin1String("points")).toArray()) {
      const QJsonObject point = pointValue.toObject();
      const std::map<QString, QString> labels =
          labelMap(point.value(QLatin1String("labels")).toObject());
      if (point.contains(QLatin1String("value")))
        values[sampleKey(name, labels)] =
            referenceNumber(point.value(QLatin1String("value")).toString());
      const bool histogram = point.contains(QLatin1String("buckets"));
      const QString children = histogram ? QStringLiteral("buckets") : QStringLiteral("quantiles");
      for (const QJsonValue& child : point.value(children).toArray()) {
        std::map<QString, QString> childLabels = labels;
        childLabels[histogram ? QStringLiteral("le") : QStringLiteral("quantile")] =
            child.toArray().at(0).toString();
        values[sampleKey(histogram ? name + QStringLiteral("_bucket") : name, childLabels)] =
            referenceNumber(child.toArray().at(1).toString());
      }
      for (const char* part : {"sum", "count"}) {
        if (point.contains(QLatin1String(part)))
          values[sampleKey(name + QLatin1Char('_') + QLatin1String(part), labels)] =
              referenceNumber(point.value(QLatin1String(part)).toString());
      }
    }
  }
  return values;
}

std::map<QString, double> storedValues(Workspace& workspace) {
  std::map<QString, double> values;
  for (const MetricFamilySummary& family : listMetricFamilies(workspace)) {
    for (const MetricSeriesInfo& series : listFamilySeries(workspace, family.id)) {
      std::map<QString, QString> labels;
      for (const MetricLabel& label : series.labels)
        labels[QString::fromStdString(label.name)] = QString::fromStdString(label.value);
      values[sampleKey(QString::fromStdString(series.name), labels)] =
          series.latestValue.value_or(std::nan(""));
    }
  }
  return values;
}

// Every fixture that has an expected.json, as paths relative to tests/data/prometheus.
QStringList fixturesWithExpectations() {
  QStringList fixtures;
  QDirIterator files(prometheusDir(), {QStringLiteral("*.expected.json")}, QDir::Files,
                     QDirIterator::Subdirectories);
  while (files.hasNext()) {
    const QString path = files.next();
    if (path.contains(QLatin1String("/node_modules/")))
      continue;
    fixtures.append(QDir(prometheusDir())
                        .relativeFilePath(path)
                        .chopped(QStringLiteral(".expected.json").size()));
  }
  fixtures.sort();
  return fixtures;
}

// scrape_samples_scraped of the Prometheus server per fixture.
std::map<QString, int> serverSampleCounts() {
  std::map<QString, int> counts;
  const QJsonObject answer = readJson(
      prometheusDir() + QStringLiteral("/prometheus-server/fixtures-samples-scraped.json"));
  for (const QJsonValue& value :
       answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray()) {
    const QJsonObject result = value.toObject();
    counts[result.value(QLatin1String("metric"))
               .toObject()
               .value(QLatin1String("fixture"))
               .toString()] =
        result.value(QLatin1String("value")).toArray().at(1).toString().toInt();
  }
  return counts;
}

// count by (fixture, __name__) of the server: series per sample name per fixture.
std::map<QString, std::map<QString, int>> serverSeriesByName() {
  std::map<QString, std::map<QString, int>> counts;
  const QJsonObject answer =
      readJson(prometheusDir() + QStringLiteral("/prometheus-server/fixtures-series-by-name.json"));
  for (const QJsonValue& value :
       answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray()) {
    const QJsonObject result = value.toObject();
    const QJsonObject metric = result.value(QLatin1String("metric")).toObject();
    counts[metric.value(QLatin1String("fixture")).toString()]
          [metric.value(QLatin1String("__name__")).toString()] =
              result.value(QLatin1String("value")).toArray().at(1).toString().toInt();
  }
  return counts;
}

QString typeName(const QString& referenceType) {
  // The OpenMetrics parser says "unknown" where 0.0.4 and our JSON say "untyped".
  return referenceType == QLatin1String("unknown") ? QStringLiteral("untyped") : referenceType;
}

// One histogram_quantile query the server answered, as `metrics --quantile` options.
struct QuantileQuery {
  QString answerFile;
  QStringList fixtures;  // the snapshots the answer depends on
  QString quantile;
  QString histogram;
  QString by;
  bool rate = false;
};

QList<QuantileQuery> quantileQueries() {
  static const QRegularExpression kQuery(QStringLiteral(
      R"(^histogram_quantile\(([-0-9.]+), (?:sum by \(le, (\w+)\) \()?(rate\()?(\w+)_bucket\{job="quantile"\}(?:\[30s\]\))?\)?\)$)"));
  QList<QuantileQuery> queries;
  const QJsonObject index =
      readJson(prometheusDir() + QStringLiteral("/prometheus-server/queries.json"));
  for (const QJsonValue& value : index.value(QLatin1String("files")).toArray()) {
    const QJsonObject file = value.toObject();
    const QRegularExpressionMatch match =
        kQuery.match(file.value(QLatin1String("query")).toString());
    if (!match.hasMatch())
      continue;
    QuantileQuery query;
    query.answerFile = file.value(QLatin1String("file")).toString();
    for (const QJsonValue& fixture : file.value(QLatin1String("depends_on")).toArray())
      query.fixtures.append(fixture.toString());
    query.quantile = match.captured(1);
    query.by = match.captured(2);
    query.rate = !match.captured(3).isEmpty();
    query.histogram = match.captured(4);
    queries.append(query);
  }
  return queries;
}

// Imports are the slow part (a commit per file); each set of fixtures is imported once and
// shared by the tests below.
FixtureWorkspace& workspaceOf(const QStringList& fixtures) {
  static std::map<QString, std::unique_ptr<FixtureWorkspace>> workspaces;
  std::unique_ptr<FixtureWorkspace>& workspace = workspaces[fixtures.join(QLatin1Char('|'))];
  if (!workspace)
    workspace = std::make_unique<FixtureWorkspace>(fixtures);
  return *workspace;
}

}  // namespace

Q_DECLARE_METATYPE(QuantileQuery)

class TstPrometheusReference : public QObject {
  Q_OBJECT

 private slots:
  // So that a fixture or a query cannot silently drop out of the data-driven tests below.
  void everyFixtureHasAReference() {
    const QStringList fixtures = fixturesWithExpectations();
    QVERIFY2(fixtures.size() >= 12, qPrintable(fixtures.join(QLatin1Char(' '))));
    QVERIFY(fixtures.contains(QStringLiteral("node-exporter/metrics.prom")));
    QVERIFY(fixtures.contains(QStringLiteral("go-client/snapshot-1.prom")));
    QVERIFY(fixtures.contains(QStringLiteral("prom-client/snapshot-1.om.txt")));
    QCOMPARE(serverSampleCounts().size(), std::size_t(15));
    QVERIFY2(quantileQueries().size() >= 20, qPrintable(QString::number(quantileQueries().size())));
  }

  void familiesMatchPrometheusParsers_data() {
    QTest::addColumn<QString>("fixture");
    for (const QString& fixture : fixturesWithExpectations())
      QTest::newRow(qPrintable(fixture)) << fixture;
  }
  void familiesMatchPrometheusParsers() {
    QFETCH(QString, fixture);
    FixtureWorkspace& workspace = workspaceOf({fixture});
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--json")});
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    std::map<QString, QJsonObject> ours;
    for (const QJsonValue& family : QJsonDocument::fromJson(run.out.toUtf8())
                                        .object()
                                        .value(QLatin1String("families"))
                                        .toArray())
      ours[family.toObject().value(QLatin1String("name")).toString()] = family.toObject();

    const QJsonObject expected =
        readJson(prometheusDir() + QLatin1Char('/') + fixture + QStringLiteral(".expected.json"));
    const QJsonArray families = expected.value(QLatin1String("family_list")).toArray();
    QVERIFY(!families.isEmpty());
    int expectedSamples = 0;
    for (const QJsonValue& value : families) {
      const QJsonObject theirs = value.toObject();
      const QString name = theirs.value(QLatin1String("name")).toString();
      const int samples = theirs.value(QLatin1String("samples")).toInt();
      expectedSamples += samples;
      const auto found = ours.find(name);
      if (found == ours.end() && samples == 0)
        continue;  // a family with # TYPE and no samples: parsers disagree on keeping it
      QVERIFY2(found != ours.end(), qPrintable(QStringLiteral("no family ") + name));
      const QJsonObject& mine = found->second;
      for (const char* field : {"type", "help", "unit"}) {
        QString reference = theirs.value(QLatin1String(field)).toString();
        if (qstrcmp(field, "type") == 0)
          reference = typeName(reference);
        QVERIFY2(mine.value(QLatin1String(field)).toString() == reference,
                 qPrintable(QStringLiteral("%1 %2: ours '%3', theirs '%4'")
                                .arg(name, QLatin1String(field),
                                     mine.value(QLatin1String(field)).toString(), reference)));
      }
      for (const char* field : {"series", "samples"}) {
        QVERIFY2(
            mine.value(QLatin1String(field)).toInt() == theirs.value(QLatin1String(field)).toInt(),
            qPrintable(QStringLiteral("%1 %2: ours %3, theirs %4")
                           .arg(name, QLatin1String(field))
                           .arg(mine.value(QLatin1String(field)).toInt())
                           .arg(theirs.value(QLatin1String(field)).toInt())));
      }
      ours.erase(found);
    }
    // Whatever we have beyond the reference must be empty (a # TYPE without samples).
    for (const auto& [name, family] : ours) {
      QVERIFY2(family.value(QLatin1String("samples")).toInt() == 0,
               qPrintable(QStringLiteral("extra family ") + name));
    }
    QCOMPARE(expectedSamples, expected.value(QLatin1String("samples")).toInt());
  }

  void valuesMatchPrometheusParsers_data() { familiesMatchPrometheusParsers_data(); }
  void valuesMatchPrometheusParsers() {
    QFETCH(QString, fixture);
    FixtureWorkspace& workspace = workspaceOf({fixture});
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const std::map<QString, double> expected = expectedValues(
        readJson(prometheusDir() + QLatin1Char('/') + fixture + QStringLiteral(".expected.json")));
    const std::map<QString, double> stored = storedValues(workspace.workspace());
    QVERIFY(expected.size() > 10);
    for (const auto& [key, value] : expected) {
      const auto found = stored.find(key);
      QVERIFY2(found != stored.end(), qPrintable(QStringLiteral("no series ") + key));
      QVERIFY2(sameNumber(found->second, value),
               qPrintable(QStringLiteral("%1: ours %2, theirs %3")
                              .arg(key, formatExpositionValue(found->second),
                                   formatExpositionValue(value))));
    }
    QCOMPARE(stored.size(), expected.size());
  }

  // Every file the server scraped, OpenMetrics from client_golang included (no parser but
  // the server's takes it): the same sample total, the same series per sample name.
  void countsMatchThePrometheusServer_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("samples");
    for (const auto& [fixture, samples] : serverSampleCounts())
      QTest::newRow(qPrintable(fixture)) << fixture << samples;
  }
  void countsMatchThePrometheusServer() {
    QFETCH(QString, fixture);
    QFETCH(int, samples);
    FixtureWorkspace& workspace = workspaceOf({fixture});
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    const CommandRun run =
        runMetrics({QStringLiteral("--db"), workspace.path(), QStringLiteral("--json")});
    QCOMPARE(run.code, 0);
    int ourSamples = 0;
    for (const QJsonValue& family : QJsonDocument::fromJson(run.out.toUtf8())
                                        .object()
                                        .value(QLatin1String("families"))
                                        .toArray())
      ourSamples += family.toObject().value(QLatin1String("samples")).toInt();
    QCOMPARE(ourSamples, samples);

    std::map<QString, int> ourSeries;
    for (const MetricFamilySummary& family : listMetricFamilies(workspace.workspace())) {
      for (const MetricSeriesInfo& series : listFamilySeries(workspace.workspace(), family.id))
        ++ourSeries[QString::fromStdString(series.name)];
    }
    const std::map<QString, int> theirSeries = serverSeriesByName()[fixture];
    QVERIFY(!theirSeries.empty());
    for (const auto& [name, count] : theirSeries) {
      QVERIFY2(
          ourSeries[name] == count,
          qPrintable(
              QStringLiteral("%1: ours %2, server %3").arg(name).arg(ourSeries[name]).arg(count)));
    }
    ourSeries.erase(QString());
    std::erase_if(ourSeries, [](const auto& entry) { return entry.second == 0; });
    QCOMPARE(ourSeries.size(), theirSeries.size());
  }

  void quantilesMatchThePrometheusServer_data() {
    QTest::addColumn<QuantileQuery>("query");
    for (const QuantileQuery& query : quantileQueries())
      QTest::newRow(qPrintable(query.answerFile)) << query;
  }
  void quantilesMatchThePrometheusServer() {
    QFETCH(QuantileQuery, query);
    // The server's rate() window saw snapshots 1 to 3; its extrapolation scales every bucket
    // by the same factor, so the answer is histogram_quantile over the increase from the
    // first to the last snapshot: consecutive snapshots 1 and 3 here.
    QStringList fixtures = query.fixtures;
    if (query.rate)
      fixtures = {fixtures.first(), fixtures.last()};
    QCOMPARE(fixtures.size(), query.rate ? 2 : 1);
    FixtureWorkspace& workspace = workspaceOf(fixtures);
    QVERIFY2(workspace.error().isEmpty(), qPrintable(workspace.error()));
    QStringList arguments{QStringLiteral("--db"),        workspace.path(),
                          QStringLiteral("--quantile"),  query.quantile,
                          QStringLiteral("--histogram"), query.histogram,
                          QStringLiteral("--json")};
    if (!query.by.isEmpty())
      arguments << QStringLiteral("--by") << query.by;
    if (query.rate)
      arguments << QStringLiteral("--rate");
    const CommandRun run = runMetrics(arguments);
    QCOMPARE(run.code, 0);
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));

    // Our groups' last points by label text.
    std::map<QString, double> ours;
    for (const QJsonValue& value : QJsonDocument::fromJson(run.out.toUtf8())
                                       .object()
                                       .value(QLatin1String("groups"))
                                       .toArray()) {
      const QJsonObject group = value.toObject();
      const QJsonArray points = group.value(QLatin1String("points")).toArray();
      QVERIFY(!points.isEmpty());
      const QJsonValue last = points.last().toObject().value(QLatin1String("value"));
      ours[sampleKey(QString(), labelMap(group.value(QLatin1String("labels")).toObject()))] =
          last.isString() ? referenceNumber(last.toString()) : last.toDouble();
    }
    const QJsonObject answer =
        readJson(prometheusDir() + QStringLiteral("/prometheus-server/") + query.answerFile);
    const QJsonArray results =
        answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
    QVERIFY(!results.isEmpty());
    for (const QJsonValue& value : results) {
      const QJsonObject result = value.toObject();
      std::map<QString, QString> labels =
          labelMap(result.value(QLatin1String("metric")).toObject());
      // The server adds its target labels; the files have none.
      labels.erase(QStringLiteral("job"));
      labels.erase(QStringLiteral("instance"));
      const QString key = sampleKey(QString(), labels);
      const double theirs =
          referenceNumber(result.value(QLatin1String("value")).toArray().at(1).toString());
      const auto found = ours.find(key);
      QVERIFY2(found != ours.end(), qPrintable(QStringLiteral("no group ") + key));
      const double mine = found->second;
      // Single snapshots: the same operations in the same order, so the same bits. rate():
      // the server's extrapolation factor rounds differently in the last bits.
      const bool same = query.rate ? std::abs(mine - theirs) <= 1e-12 * std::abs(theirs)
                                   : sameNumber(mine, theirs);
      QVERIFY2(same, qPrintable(QStringLiteral("%1: ours %2, server %3")
                                    .arg(key, formatExpositionValue(mine),
                                         formatExpositionValue(theirs))));
      ours.erase(found);
    }
    QVERIFY2(ours.empty(),
             qPrintable(QStringLiteral("%1 groups the server does not have").arg(ours.size())));
  }
};

QTEST_GUILESS_MAIN(TstPrometheusReference)
#include "tst_prometheus_reference.moc"

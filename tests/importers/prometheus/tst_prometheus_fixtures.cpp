#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "tests/importers/prometheus/prometheus_test_support.h"

using namespace sightline;
using namespace sightline::test;

// Real exposition files (tests/data/prometheus, see its README) read and compared with what
// the reference parsers made of them: expfmt for 0.0.4 (`*.prom.expected.json`), the Python
// OpenMetrics parser for OpenMetrics (`*.om.txt.expected.json`), and for client_golang's
// OpenMetrics (which only Prometheus itself accepts) the server's own counts.

namespace {

QJsonObject jsonFile(const std::string& relative) {
  const std::string bytes = fileBytes(testData(relative));
  return QJsonDocument::fromJson(QByteArray::fromStdString(bytes)).object();
}

double number(const QJsonValue& value) {
  double parsed = 0;
  if (!parsePrometheusFloat(value.toString().toStdString(), parsed))
    qFatal("not a number in expected.json: %s", qPrintable(value.toString()));
  return parsed;
}

std::string labelKey(const QJsonObject& labels) {
  std::vector<MetricLabel> sorted;
  for (auto it = labels.begin(); it != labels.end(); ++it)
    sorted.push_back({it.key().toStdString(), it.value().toString().toStdString()});
  std::sort(sorted.begin(), sorted.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
  return canonicalLabelText(sorted);
}

// A series key that compares `le` and `quantile` as numbers ("1" == "1.0" == "1e0").
std::string seriesKey(const std::string& name, std::vector<MetricLabel> labels) {
  std::string bound;
  for (auto it = labels.begin(); it != labels.end();) {
    if (it->name == "le" || it->name == "quantile") {
      double value = 0;
      parsePrometheusFloat(it->value, value);
      char text[64];
      std::snprintf(text, sizeof text, "|%s=%.17g", it->name.c_str(), value);
      bound = text;
      it = labels.erase(it);
    } else {
      ++it;
    }
  }
  return name + canonicalLabelText(labels) + bound;
}

std::vector<MetricLabel> withLabel(std::vector<MetricLabel> labels, const char* name,
                                   const QJsonValue& value) {
  labels.push_back({name, value.toString().toStdString()});
  return labels;
}

std::vector<MetricLabel> labelsOf(const QJsonObject& object) {
  std::vector<MetricLabel> labels;
  for (auto it = object.begin(); it != object.end(); ++it)
    labels.push_back({it.key().toStdString(), it.value().toString().toStdString()});
  return labels;
}

struct FamilyCounts {
  std::set<std::string> series;  // label sets without le / quantile
  std::size_t samples = 0;
  std::size_t exemplars = 0;
};

// Per family index: series and sample counts the way the reference parsers count them.
std::vector<FamilyCounts> countsOf(const MetricCollector& sink) {
  std::vector<FamilyCounts> counts(sink.families.size());
  for (const auto& sample : sink.samples) {
    std::vector<MetricLabel> labels;
    for (const auto& label : sample.labels) {
      if (label.name != "le" && label.name != "quantile")
        labels.push_back(label);
    }
    FamilyCounts& family = counts[sample.family];
    family.series.insert(canonicalLabelText(labels));
    ++family.samples;
    family.exemplars += sample.exemplar ? 1 : 0;
  }
  return counts;
}

std::map<std::string, const MetricSampleRecord*> indexBySeries(const MetricCollector& sink) {
  std::map<std::string, const MetricSampleRecord*> index;
  for (const auto& sample : sink.samples)
    index[seriesKey(sample.name, sample.labels)] = &sample;
  return index;
}

QString typeName(const MetricFamilyRecord& family) {
  return QString::fromLatin1(metricTypeName(family.type));
}

void addFixtureRows(const char* suffix) {
  QTest::addColumn<QString>("file");
  for (const char* folder : {"prom-client", "go-client", "node-exporter"}) {
    const QDir dir(QString::fromStdString(testData(std::string("prometheus/") + folder)));
    for (const QString& name : dir.entryList({QStringLiteral("*") + QLatin1String(suffix)})) {
      const QString file = QLatin1String(folder) + QLatin1Char('/') + name;
      QTest::newRow(qPrintable(file)) << file;
    }
  }
}

}  // namespace

class TestPrometheusFixtures : public QObject {
  Q_OBJECT

 private slots:
  void textFormatMatchesExpfmt_data() { addFixtureRows(".prom.expected.json"); }
  void textFormatMatchesExpfmt() {
    QFETCH(QString, file);
    const std::string expectedPath = "prometheus/" + file.toStdString();
    const std::string path = expectedPath.substr(0, expectedPath.size() - 14);  // .expected.json
    const QJsonObject expected = jsonFile(expectedPath);
    QVERIFY(!expected.isEmpty());
    const MetricCollector sink = readMetricsOrFail(fileBytes(testData(path)));
    const auto counts = countsOf(sink);
    const auto bySeries = indexBySeries(sink);

    QCOMPARE(int(sink.families.size()), expected[QStringLiteral("families")].toInt());
    QCOMPARE(int(sink.samples.size()), expected[QStringLiteral("samples")].toInt());
    std::size_t series = 0;
    for (const auto& family : counts)
      series += family.series.size();
    QCOMPARE(int(series), expected[QStringLiteral("series")].toInt());

    std::size_t pointsChecked = 0;
    for (const QJsonValue& entry : expected[QStringLiteral("family_list")].toArray()) {
      const QJsonObject want = entry.toObject();
      const std::string name = want[QStringLiteral("name")].toString().toStdString();
      const MetricFamilyRecord* family = sink.family(name);
      QVERIFY2(family, name.c_str());
      const auto index = std::size_t(family - sink.families.data());
      QCOMPARE(typeName(*family), want[QStringLiteral("type")].toString());
      QCOMPARE(QString::fromStdString(family->help), want[QStringLiteral("help")].toString());
      QCOMPARE(int(counts[index].series.size()), want[QStringLiteral("series")].toInt());
      QCOMPARE(int(counts[index].samples), want[QStringLiteral("samples")].toInt());

      auto check = [&](const std::string& sampleName, const std::vector<MetricLabel>& labels,
                       const QJsonValue& value) {
        const auto found = bySeries.find(seriesKey(sampleName, labels));
        QVERIFY2(found != bySeries.end(), seriesKey(sampleName, labels).c_str());
        QVERIFY2(sameValue(found->second->value, number(value)),
                 (found->first + " = " + value.toString().toStdString()).c_str());
        QCOMPARE(found->second->family, std::uint32_t(index));
        ++pointsChecked;
      };
      for (const QJsonValue& pointValue : want[QStringLiteral("points")].toArray()) {
        const QJsonObject point = pointValue.toObject();
        const auto labels = labelsOf(point[QStringLiteral("labels")].toObject());
        if (point.contains(QStringLiteral("value")))
          check(name, labels, point[QStringLiteral("value")]);
        for (const QJsonValue& bucket : point[QStringLiteral("buckets")].toArray())
          check(name + "_bucket", withLabel(labels, "le", bucket[0]), bucket[1]);
        for (const QJsonValue& quantile : point[QStringLiteral("quantiles")].toArray())
          check(name, withLabel(labels, "quantile", quantile[0]), quantile[1]);
        if (point.contains(QStringLiteral("sum")))
          check(name + "_sum", labels, point[QStringLiteral("sum")]);
        if (point.contains(QStringLiteral("count")))
          check(name + "_count", labels, point[QStringLiteral("count")]);
      }
    }
    QCOMPARE(pointsChecked, sink.samples.size());
  }

  void openMetricsMatchesPythonParser_data() { addFixtureRows(".om.txt.expected.json"); }
  void openMetricsMatchesPythonParser() {
    QFETCH(QString, file);
    const std::string expectedPath = "prometheus/" + file.toStdString();
    const std::string path = expectedPath.substr(0, expectedPath.size() - 14);
    const QJsonObject expected = jsonFile(expectedPath);
    QVERIFY(!expected.isEmpty());
    const std::string data = fileBytes(testData(path));
    const MetricCollector sink = readMetricsOrFail(data);
    const auto counts = countsOf(sink);

    QCOMPARE(int(sink.families.size()), expected[QStringLiteral("families")].toInt());
    QCOMPARE(int(sink.samples.size()), expected[QStringLiteral("samples")].toInt());
    std::map<std::string, const MetricSampleRecord*> bySeries;
    for (const auto& sample : sink.samples)
      bySeries[sample.name + canonicalLabelText(sample.labels)] = &sample;

    for (const QJsonValue& entry : expected[QStringLiteral("family_list")].toArray()) {
      const QJsonObject want = entry.toObject();
      const std::string name = want[QStringLiteral("name")].toString().toStdString();
      const MetricFamilyRecord* family = sink.family(name);
      QVERIFY2(family, name.c_str());
      const auto index = std::size_t(family - sink.families.data());
      QString type = want[QStringLiteral("type")].toString();
      if (type == QStringLiteral("unknown"))
        type = QStringLiteral("untyped");
      QCOMPARE(typeName(*family), type);
      QCOMPARE(QString::fromStdString(family->help), want[QStringLiteral("help")].toString());
      QCOMPARE(QString::fromStdString(family->unit), want[QStringLiteral("unit")].toString());
      QCOMPARE(int(counts[index].series.size()), want[QStringLiteral("series")].toInt());
      QCOMPARE(int(counts[index].samples), want[QStringLiteral("samples")].toInt());
      QCOMPARE(int(counts[index].exemplars), want[QStringLiteral("exemplars")].toInt());

      for (const QJsonValue& lineValue : want[QStringLiteral("sample_lines")].toArray()) {
        const QJsonObject line = lineValue.toObject();
        const std::string key = line[QStringLiteral("name")].toString().toStdString() +
                                labelKey(line[QStringLiteral("labels")].toObject());
        const auto found = bySeries.find(key);
        QVERIFY2(found != bySeries.end(), key.c_str());
        const MetricSampleRecord& sample = *found->second;
        QCOMPARE(sample.family, std::uint32_t(index));
        QVERIFY2(sameValue(sample.value, number(line[QStringLiteral("value")])), key.c_str());
        QCOMPARE(sample.exemplar.has_value(), line.contains(QStringLiteral("exemplar")));
        if (sample.exemplar) {
          const QJsonObject exemplar = line[QStringLiteral("exemplar")].toObject();
          QCOMPARE(canonicalLabelText(sample.exemplar->labels),
                   labelKey(exemplar[QStringLiteral("labels")].toObject()));
          QCOMPARE(sample.exemplar->value, number(exemplar[QStringLiteral("value")]));
          QVERIFY(sample.exemplar->timestampSeconds.has_value());
          QVERIFY(qFuzzyCompare(*sample.exemplar->timestampSeconds,
                                number(exemplar[QStringLiteral("timestamp")])));
        }
      }
    }
    // Chunks split anywhere read the same.
    QCOMPARE(dumpMetrics(readMetricsOrFail(data, 7)), dumpMetrics(sink));
  }

  // client_golang's OpenMetrics: the Python parser rejects it (a gauge and a counter of one
  // name), Prometheus takes it; our counts must match the server's.
  void goClientOpenMetricsMatchesPrometheus_data() {
    QTest::addColumn<QString>("file");
    for (const char* file : {"go-client/snapshot-1.om.txt", "go-client/snapshot-2.om.txt",
                             "go-client/snapshot-3.om.txt", "go-client/snapshot-1.prom"}) {
      QTest::newRow(file) << QString::fromLatin1(file);
    }
  }
  void goClientOpenMetricsMatchesPrometheus() {
    QFETCH(QString, file);
    const MetricCollector sink =
        readMetricsOrFail(fileBytes(testData("prometheus/" + file.toStdString())));
    int scraped = -1;
    const QJsonObject samples =
        jsonFile("prometheus/prometheus-server/fixtures-samples-scraped.json");
    for (const QJsonValue& result :
         samples[QStringLiteral("data")][QStringLiteral("result")].toArray()) {
      if (result[QStringLiteral("metric")][QStringLiteral("fixture")].toString() == file)
        scraped = result[QStringLiteral("value")][1].toString().toInt();
    }
    QCOMPARE(int(sink.samples.size()), scraped);

    std::map<QString, int> ours;
    for (const auto& sample : sink.samples)
      ++ours[QString::fromStdString(sample.name)];
    std::map<QString, int> theirs;
    const QJsonObject byName =
        jsonFile("prometheus/prometheus-server/fixtures-series-by-name.json");
    for (const QJsonValue& result :
         byName[QStringLiteral("data")][QStringLiteral("result")].toArray()) {
      if (result[QStringLiteral("metric")][QStringLiteral("fixture")].toString() == file) {
        theirs[result[QStringLiteral("metric")][QStringLiteral("__name__")].toString()] =
            result[QStringLiteral("value")][1].toString().toInt();
      }
    }
    QCOMPARE(ours, theirs);
    if (file.endsWith(QStringLiteral(".om.txt"))) {
      // Both families named go_memstats_alloc_bytes are there, each with its own type.
      int gauges = 0;
      int counters = 0;
      for (const auto& family : sink.families) {
        if (family.name == "go_memstats_alloc_bytes") {
          gauges += family.type == MetricType::Gauge;
          counters += family.type == MetricType::Counter;
        }
      }
      QCOMPARE(gauges, 1);
      QCOMPARE(counters, 1);
      const MetricSampleRecord* exemplar = nullptr;
      for (const auto& sample : sink.samples) {
        if (sample.exemplar && !exemplar)
          exemplar = &sample;
      }
      QVERIFY(exemplar);
      QCOMPARE(exemplar->exemplar->labels.at(0).name, std::string("trace_id"));
      QVERIFY(*exemplar->exemplar->timestampSeconds > 1.7e9);
    }
  }

  // tests/data/prometheus-handmade/bad: one bad input per file, expected.tsv says where and
  // what.
  void handmadeBadInputs_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    std::istringstream in(fileBytes(testData("prometheus-handmade/bad/expected.tsv")));
    std::string row;
    int rows = 0;
    while (std::getline(in, row)) {
      if (row.empty() || row.front() == '#')
        continue;
      const auto tab1 = row.find('\t');
      const auto tab2 = row.find('\t', tab1 + 1);
      const QString file = QString::fromStdString(row.substr(0, tab1));
      QTest::newRow(qPrintable(file)) << file << std::stoi(row.substr(tab1 + 1, tab2 - tab1 - 1))
                                      << QString::fromStdString(row.substr(tab2 + 1));
      ++rows;
    }
    QVERIFY(rows >= 10);
  }
  void handmadeBadInputs() {
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, message);
    const std::string data = fileBytes(testData("prometheus-handmade/bad/" + file.toStdString()));
    QVERIFY(!data.empty());
    MetricCollector sink;
    DecodeError error;
    const MetricFormat format =
        file.endsWith(QStringLiteral(".json")) ? MetricFormat::ApiJson : MetricFormat::Text;
    const std::string what = readMetricBytes(data, sink, 1 << 20, 10000, &error, format);
    QVERIFY2(QString::fromStdString(what).contains(message), what.c_str());
    QCOMPARE(error.line, std::uint64_t(line));
  }

  void handmadeOpenMetricsAllTypes() {
    const MetricCollector sink = readMetricsOrFail(
        fileBytes(testData("prometheus-handmade/openmetrics-all-types.om.txt")), 5);
    QStringList families;
    for (const auto& family : sink.families)
      families << QString::fromStdString(family.name) + QLatin1Char(' ') + typeName(family);
    QCOMPARE(
        families,
        QStringList({QStringLiteral("acme_http_requests counter"),
                     QStringLiteral("acme_temperature_celsius gauge"),
                     QStringLiteral("acme_request_seconds histogram"),
                     QStringLiteral("acme_queue_depth_items gaugehistogram"),
                     QStringLiteral("acme_rpc_seconds summary"),
                     QStringLiteral("acme_feature stateset"), QStringLiteral("acme_build info"),
                     QStringLiteral("acme_misc untyped"), QStringLiteral("acme_empty gauge")}));
    QCOMPARE(sink.samples.size(), std::size_t(24));
    QCOMPARE(sink.family("acme_request_seconds")->unit, std::string("seconds"));
    const MetricSampleRecord* created =
        sink.sample("acme_http_requests_created{code=\"200\",method=\"GET\"}");
    QVERIFY(created);
    QCOMPARE(created->value, 1699990000.5);
    const MetricSampleRecord* total =
        sink.sample("acme_http_requests_total{code=\"200\",method=\"GET\"}");
    QVERIFY(total && total->exemplar);
    QCOMPARE(*total->exemplar->timestampSeconds, 1700000000.123);
    const MetricSampleRecord* cold =
        sink.sample("acme_temperature_celsius{room=\"cold \\\"north\\\"\"}");
    QVERIFY(cold);
    QCOMPARE(*cold->timestampMs, std::int64_t(1700000001000));
    const MetricSampleRecord* bucket = sink.sample("acme_request_seconds_bucket{le=\"0.1\"}");
    QVERIFY(bucket && bucket->exemplar && !bucket->exemplar->timestampSeconds);
    QVERIFY(sink.sample("acme_queue_depth_items_gsum"));
    QVERIFY(sink.sample("acme_build_info{revision=\"abc123\",version=\"1.4.2\"}"));
  }

  void handmadeTextEdgeCases() {
    const MetricCollector sink =
        readMetricsOrFail(fileBytes(testData("prometheus-handmade/text-0.0.4-edge-cases.prom")), 3);
    QCOMPARE(sink.families.size(), std::size_t(5));
    QCOMPARE(sink.samples.size(), std::size_t(19));
    QCOMPARE(sink.family("shop_requests_total")->help,
             std::string("Requests by path, with every escape: \\ and \n in help."));
    const MetricSampleRecord* windows =
        sink.sample("shop_requests_total{path=\"C:\\\\inetpub\\\\wwwroot\"}");
    QVERIFY(windows);
    QCOMPARE(windows->labels[0].value, std::string("C:\\inetpub\\wwwroot"));
    QCOMPARE(*windows->timestampMs, std::int64_t(1700000000000));
    QVERIFY(sink.sample("shop_requests_total{path=\"\"}"));
    QCOMPARE(sink.sample("shop_ratio{case=\"minus_inf\"}")->value,
             -std::numeric_limits<double>::infinity());
    const MetricSampleRecord* untyped = sink.sample("legacy_untyped_metric{a=\"1\"}");
    QVERIFY(untyped);
    QCOMPARE(sink.familyOf(*untyped).type, MetricType::Untyped);
  }

  void promClientEscapesAndSpecialValues() {
    const MetricCollector sink =
        readMetricsOrFail(fileBytes(testData("prometheus/prom-client/snapshot-1.prom")));
    bool windowsPath = false;
    bool quotes = false;
    bool newline = false;
    bool emptyValue = false;
    for (const auto& sample : sink.samples) {
      for (const auto& label : sample.labels) {
        windowsPath = windowsPath || label.value.find("C:\\inetpub\\") == 0;
        quotes = quotes || label.value.find("\"running shoes\"") != std::string::npos;
        newline = newline || label.value == "/multi\nline";
        emptyValue = emptyValue || (label.name == "path" && label.value.empty());
      }
    }
    QVERIFY(windowsPath);
    QVERIFY(quotes);
    QVERIFY(newline);
    QVERIFY(emptyValue);
    const MetricSampleRecord* ratio =
        sink.sample("cache_hit_ratio{cache=\"sessions\",service=\"shop-api\"}");
    QVERIFY(ratio);
    QVERIFY(std::isnan(ratio->value));  // written as "Nan" by prom-client
  }
};

QTEST_GUILESS_MAIN(TestPrometheusFixtures)
#include "tst_prometheus_fixtures.moc"

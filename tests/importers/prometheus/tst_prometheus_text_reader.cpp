#include <QtTest>

#include <atomic>

#include "tests/importers/prometheus/prometheus_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

// "F name type [help=…] [unit=…]" per family, "name{labels} value [@ms] [# exemplar]" per
// sample, in order; a compact picture of what the reader made of a text.
QString compact(const MetricCollector& sink) {
  QStringList lines;
  for (const auto& family : sink.families) {
    QString line = QStringLiteral("F %1 %2").arg(QString::fromStdString(family.name),
                                                 QString::fromLatin1(metricTypeName(family.type)));
    if (!family.help.empty())
      line += QStringLiteral(" help=") + QString::fromStdString(family.help);
    if (!family.unit.empty())
      line += QStringLiteral(" unit=") + QString::fromStdString(family.unit);
    lines << line;
  }
  for (const auto& sample : sink.samples) {
    QString line = QString::fromStdString(sample.name + canonicalLabelText(sample.labels)) +
                   QLatin1Char(' ') + QString::number(sample.value, 'g', 17);
    if (sink.families[sample.family].name != sample.name)
      line += QStringLiteral(" <") + QString::fromStdString(sink.families[sample.family].name);
    if (sample.timestampMs)
      line += QStringLiteral(" @") + QString::number(*sample.timestampMs);
    if (sample.exemplar) {
      line += QStringLiteral(" # ") +
              QString::fromStdString(canonicalLabelText(sample.exemplar->labels)) +
              QLatin1Char(' ') + QString::number(sample.exemplar->value, 'g', 17);
      if (sample.exemplar->timestampSeconds)
        line += QLatin1Char(' ') + QString::number(*sample.exemplar->timestampSeconds, 'g', 17);
    }
    lines << line;
  }
  return lines.join(QLatin1Char('\n'));
}

QString readCompact(const std::string& data, std::size_t maxChunk = 1 << 20) {
  return compact(readMetricsOrFail(data, maxChunk));
}

}  // namespace

class TestPrometheusTextReader : public QObject {
  Q_OBJECT

 private slots:
  void edgeCases_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* input, const char* expected) {
      QTest::newRow(name) << QString::fromUtf8(input) << QString::fromUtf8(expected);
    };
    row("gauge with help", "# HELP x The x.\n# TYPE x gauge\nx 1.5\n",
        "F x gauge help=The x.\nx 1.5");
    row("help escapes", "# HELP x a\\\\b\\nc  d\n# TYPE x gauge\nx 1\n",
        "F x gauge help=a\\b\nc  d\nx 1");
    row("label escapes", "x{a=\"q\\\"uote\",b=\"back\\\\slash\",c=\"new\\nline\"} 1\n",
        "F x untyped\nx{a=\"q\\\"uote\",b=\"back\\\\slash\",c=\"new\\nline\"} 1");
    row("special values", "x{a=\"1\"} NaN\nx{a=\"2\"} +Inf\nx{a=\"3\"} -Inf\nx{a=\"4\"} Nan\n",
        "F x untyped\nx{a=\"1\"} nan\nx{a=\"2\"} inf\nx{a=\"3\"} -inf\nx{a=\"4\"} nan");
    row("numbers", "x{a=\"1\"} -0.5e-3\nx{a=\"2\"} 1E6\nx{a=\"3\"} .5\nx{a=\"4\"} +7\n",
        "F x untyped\nx{a=\"1\"} -0.00050000000000000001\nx{a=\"2\"} 1000000\n"
        "x{a=\"3\"} 0.5\nx{a=\"4\"} 7");
    row("0.0.4 timestamp ms", "# TYPE x gauge\nx 1 1700000000123\nx{a=\"b\"} 2 -5\n",
        "F x gauge\nx 1 @1700000000123\nx{a=\"b\"} 2 @-5");
    row("OpenMetrics timestamp seconds", "# TYPE x gauge\nx 1 1700000000.5\n# EOF\n",
        "F x gauge\nx 1 @1700000000500");
    row("OpenMetrics integer timestamp is seconds",
        "# TYPE x gauge\n# UNIT x seconds\nx 1 1700000000\n# EOF\n",
        "F x gauge unit=seconds\nx 1 @1700000000000");
    row("exemplar",
        "# TYPE c counter\nc_total 3 # {trace_id=\"abc\",span_id=\"12\"} 1.0 1234.5\n"
        "c_created 1700000000\n# EOF\n",
        "F c counter\nc_total 3 <c # {trace_id=\"abc\",span_id=\"12\"} 1 1234.5\n"
        "c_created 1700000000 <c");
    row("exemplar after timestamp", "# TYPE c counter\nc_total 3 1700000000 # {a=\"b\"} 2\n# EOF\n",
        "F c counter\nc_total 3 <c @1700000000000 # {a=\"b\"} 2");
    row("0.0.4 counter named _total", "# TYPE r_total counter\nr_total{code=\"200\"} 7\n",
        "F r_total counter\nr_total{code=\"200\"} 7");
    row("histogram",
        "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1\nh_bucket{le=\"+Inf\"} 3\nh_sum 4.5\n"
        "h_count 3\n",
        "F h histogram\nh_bucket{le=\"0.5\"} 1 <h\nh_bucket{le=\"+Inf\"} 3 <h\nh_sum 4.5 <h\n"
        "h_count 3 <h");
    row("gaugehistogram",
        "# TYPE g gaugehistogram\ng_bucket{le=\"1.0\"} 2\ng_bucket{le=\"+Inf\"} 3\ng_gsum 2.5\n"
        "g_gcount 3\n# EOF\n",
        "F g gaugehistogram\ng_bucket{le=\"1.0\"} 2 <g\ng_bucket{le=\"+Inf\"} 3 <g\n"
        "g_gsum 2.5 <g\ng_gcount 3 <g");
    row("summary",
        "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.99\"} 9\ns_sum 20\ns_count 4\n",
        "F s summary\ns{quantile=\"0.5\"} 1\ns{quantile=\"0.99\"} 9\ns_sum 20 <s\ns_count 4 <s");
    row("untyped declared and implied", "# TYPE u untyped\nu 1\nv 2\n",
        "F u untyped\nF v untyped\nu 1\nv 2");
    row("unknown is untyped", "# TYPE u unknown\nu 1\n# EOF\n", "F u untyped\nu 1");
    row("stateset", "# TYPE s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0\n# EOF\n",
        "F s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0");
    row("info", "# TYPE build info\nbuild_info{version=\"1.2\"} 1\n# EOF\n",
        "F build info\nbuild_info{version=\"1.2\"} 1 <build");
    row("blanks, trailing comma, tabs", "x { a = \"1\" , }\t2\n", "F x untyped\nx{a=\"1\"} 2");
    row("labels sorted", "x{b=\"1\",a=\"2\",c=\"3\"} 1\n",
        "F x untyped\nx{a=\"2\",b=\"1\",c=\"3\"} 1");
    row("empty label value is kept", "x{path=\"\"} 1\nx 2\n", "F x untyped\nx{path=\"\"} 1\nx 2");
    row("empty label set", "x{} 1\n", "F x untyped\nx 1");
    row("utf-8 values", "x{p=\"/café/☕\"} 1\n", "F x untyped\nx{p=\"/café/☕\"} 1");
    row("CRLF", "# TYPE x gauge\r\nx 1\r\n", "F x gauge\nx 1");
    row("no final newline", "# TYPE x gauge\nx 1", "F x gauge\nx 1");
    row("comments and blank lines", "# a comment\n\n# TYPE x gauge\n\n#another\nx 1\n\n",
        "F x gauge\nx 1");
    row("0.0.4 family may continue", "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n",
        "F a gauge\nF b gauge\na 1\nb 1\na{x=\"1\"} 2");
    row("0.0.4 drops families without samples",
        "# HELP e Empty.\n# TYPE e gauge\n# TYPE x gauge\nx 1\n", "F x gauge\nx 1");
    row("OpenMetrics keeps families without samples",
        "# HELP e Empty.\n# TYPE e gauge\n# TYPE x gauge\nx 1\n# EOF\n",
        "F e gauge help=Empty.\nF x gauge\nx 1");
    row("0.0.4 declared family gets late samples", "# TYPE e gauge\n# TYPE x gauge\nx 1\ne 2\n",
        "F x gauge\nF e gauge\nx 1\ne 2");
    row("gauge and counter of one name (client_golang OpenMetrics)",
        "# HELP m Bytes in use.\n# TYPE m gauge\nm 5.0\n# HELP m Bytes allocated.\n"
        "# TYPE m counter\nm_total 9.0\n# EOF\n",
        "F m gauge help=Bytes in use.\nF m counter help=Bytes allocated.\nm 5\nm_total 9 <m");
    row("undeclared child of a gauge is its own family", "# TYPE g gauge\ng 1\ng_total 2\n",
        "F g gauge\nF g_total untyped\ng 1\ng_total 2");
    row("EOF then blank lines", "# TYPE x gauge\nx 1\n# EOF\n\n", "F x gauge\nx 1");
    row("help after type", "# TYPE x gauge\n# HELP x Later.\nx 1\n", "F x gauge help=Later.\nx 1");
    row("help with escaped quote", "# HELP x say \\\"hi\\\"\nx 1\n",
        "F x untyped help=say \"hi\"\nx 1");
    row("colons in names", "job:rate:5m{job=\"a\"} 1\n",
        "F job:rate:5m untyped\njob:rate:5m{job=\"a\"} 1");
    row("# EOF anywhere in the start decides the dialect", "# TYPE a gauge\na 1 1000\n# EOF\n",
        "F a gauge\na 1 @1000000");
    row("empty file", "", "");
  }
  void edgeCases() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const std::string data = input.toStdString();
    QCOMPARE(readCompact(data), expected);
    // Chunks split anywhere read the same.
    for (const std::size_t chunk : {std::size_t(1), std::size_t(3), std::size_t(7)})
      QCOMPARE(readCompact(data, chunk), expected);
  }

  void badInput_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, const char* input, int line, const char* message) {
      QTest::newRow(name) << QString::fromUtf8(input) << line << QString::fromUtf8(message);
    };
    row("bucket in a gauge family", "# TYPE x gauge\nx_bucket{le=\"1\"} 1\n", 2,
        "does not fit # TYPE x gauge");
    row("bare histogram sample", "# TYPE h histogram\nh 1\n", 2, "does not fit # TYPE h histogram");
    row("sum in a counter family", "# TYPE c counter\nc_sum 1\n", 2,
        "does not fit # TYPE c counter");
    row("bucket without le", "# TYPE h histogram\nh_bucket{a=\"1\"} 1\n", 2,
        "histogram sample h_bucket without a le label");
    row("bad le", "# TYPE h histogram\nh_bucket{le=\"high\"} 1\n", 2, "bad le value \"high\"");
    row("summary without quantile", "# TYPE s summary\ns{a=\"1\"} 1\n", 2,
        "summary sample s without a quantile label");
    row("stateset without its label", "# TYPE s stateset\ns{x=\"a\"} 1\n# EOF\n", 2,
        "without its state label s");
    row("duplicate series", "# TYPE x gauge\nx{a=\"1\"} 1\nx{a=\"2\"} 1\nx{a=\"1\"} 2\n", 4,
        "duplicate series x{a=\"1\"} in one snapshot");
    row("duplicate series, labels reordered", "x{a=\"1\",b=\"2\"} 1\nx{b=\"2\",a=\"1\"} 2\n", 2,
        "duplicate series");
    row("duplicate across families (0.0.4)", "# TYPE a gauge\na 1\nb 1\na 2\n", 4,
        "duplicate series a in one snapshot");
    row("label given twice", "x{a=\"1\",a=\"2\"} 1\n", 1, "label a given twice");
    row("broken escape", "x 1\nx{a=\"\\q\"} 1\n", 2, "invalid escape sequence");
    row("unterminated label value", "x{a=\"1} 2\n", 1, "unterminated value of label a");
    row("missing '='", "x{a\"1\"} 2\n", 1, "expected '=' after label name a");
    row("bad number", "x abc\n", 1, "bad sample value \"abc\"");
    row("double sign", "x +-1\n", 1, "bad sample value");
    row("missing value", "x 1\nx{a=\"1\"}\n", 2, "missing value after x");
    row("bad 0.0.4 timestamp", "x 1 soon\n", 1, "bad timestamp \"soon\"");
    row("bad OpenMetrics timestamp", "# TYPE x gauge\nx 1 NaN\n# EOF\n", 2, "bad timestamp");
    row("extra text", "x 1 2 3\n", 1, "unexpected text");
    row("bad character in name", "x-y 1\n", 1, "unexpected character \"-\" in metric name x");
    row("no metric name", "{a=\"1\"} 1\n", 1, "expected a metric name");
    row("malformed exemplar", "# TYPE c counter\nc_total 1 # trace 1\n# EOF\n", 2,
        "expected an exemplar");
    row("exemplar without value", "# TYPE c counter\nc_total 1 # {a=\"b\"}\n# EOF\n", 2,
        "missing exemplar value");
    row("interleaved OpenMetrics families",
        "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na{x=\"1\"} 2\n# EOF\n", 5,
        "OpenMetrics does not allow a family to continue after another one");
    row("text after EOF", "# TYPE a gauge\na 1\n# EOF\na{x=\"1\"} 2\n", 4,
        "text after # EOF (line 3)");
    row("missing EOF", "# TYPE a gauge\n# UNIT a seconds\na 1\n", 3,
        "OpenMetrics text must end with \"# EOF\"");
    row("second TYPE", "# TYPE a gauge\n# TYPE a counter\na 1\n", 2,
        "second # TYPE line for family a");
    row("second TYPE after samples", "# TYPE a gauge\na 1\n# TYPE a gauge\na{x=\"1\"} 1\n", 3,
        "second # TYPE line for family a (first at line 1)");
    row("second HELP", "# HELP a x\n# HELP a y\na 1\n", 2, "second # HELP line for family a");
    row("repeated HELP block", "# HELP a x\na 1\n# HELP a y\na{b=\"1\"} 1\n", 3,
        "family a declared again (first at line 1)");
    row("unknown type", "# TYPE a bogus\n", 1, "unknown metric type \"bogus\"");
    row("bad HELP escape", "# HELP a x\\q\n", 1, "invalid escape sequence in # HELP a");
    row("bad name in TYPE", "# TYPE 9a gauge\n", 1, "bad metric name \"9a\"");
  }
  void badInput() {
    QFETCH(QString, input);
    QFETCH(int, line);
    QFETCH(QString, message);
    for (const std::size_t chunk : {std::size_t(1), std::size_t(1) << 20}) {
      MetricCollector sink;
      DecodeError error;
      const std::string what = readMetricBytes(input.toStdString(), sink, chunk, 10000, &error);
      QVERIFY2(!what.empty(), "accepted");
      QVERIFY2(QString::fromStdString(what).contains(message), what.c_str());
      QCOMPARE(error.line, std::uint64_t(line));
    }
  }

  void batchesHoldAtMostBatchSizeSamples() {
    std::string text = "# TYPE a gauge\n";
    for (int i = 0; i < 25; ++i)
      text += "a{i=\"" + std::to_string(i) + "\"} 1\n";
    text += "# TYPE b_total counter\nb_total 5\n";
    MetricCollector sink;
    QCOMPARE(readMetricBytes(text, sink, 5, 10), std::string());
    QCOMPARE(sink.samples.size(), std::size_t(26));
    QCOMPARE(sink.largestBatch, std::size_t(10));
    QCOMPARE(sink.batches, std::size_t(3));
    QCOMPARE(sink.families.size(), std::size_t(2));
    QCOMPARE(sink.samples.back().family, std::uint32_t(1));
    QVERIFY(!sink.snapshotTimes);
  }

  void lineNumbersOfSamples() {
    const MetricCollector sink = readMetricsOrFail("# TYPE a gauge\n\na 1\n# c\na{b=\"c\"} 2\n");
    QCOMPARE(sink.samples.size(), std::size_t(2));
    QCOMPARE(sink.samples[0].line, std::uint64_t(3));
    QCOMPARE(sink.samples[1].line, std::uint64_t(5));
  }

  void dialectFromTheStartOfALongFile() {
    // A counter declared without _total and sampled with it is OpenMetrics, so the integer
    // timestamps far down are seconds.
    std::string text = "# TYPE c counter\nc_total 1\n# TYPE g gauge\n";
    for (int i = 0; i < 20000; ++i)
      text += "g{i=\"" + std::to_string(i) + "\"} 1 1700000000\n";
    text += "# EOF\n";
    QVERIFY(text.size() > PrometheusTextReader::kDialectProbeBytes);
    const MetricCollector sink = readMetricsOrFail(text, 4096);
    QCOMPARE(sink.samples.size(), std::size_t(20001));
    QCOMPARE(*sink.samples.back().timestampMs, std::int64_t(1700000000000));
  }

  void lateOpenMetricsEvidenceAfterIntegerTimestamps() {
    std::string text = "# TYPE g gauge\n";
    for (int i = 0; i < 5000; ++i)
      text += "g{i=\"" + std::to_string(i) + "\"} 1 1700000000\n";
    text += "# EOF\n";
    MetricCollector sink;
    DecodeError error;
    // In chunks, as from a file: the dialect is decided before # EOF is seen.
    const std::string what = readMetricBytes(text, sink, 4096, 10000, &error);
    QVERIFY2(QString::fromStdString(what).contains(QStringLiteral("line 2 has a timestamp")),
             what.c_str());
    QCOMPARE(error.line, std::uint64_t(5002));
  }

  void formatReaderWritesToTheContextsSink() {
    MetricCollector sink;
    MemoryByteSource source("# TYPE up gauge\nup 1\n");
    ReaderContext context;
    DecodeError error;
    PrometheusTextReader reader;
    QVERIFY(!reader.read(source, context, error));  // no metric sink
    QVERIFY(QString::fromStdString(error.message).contains(QStringLiteral("no metric sink")));
    MemoryByteSource again("# TYPE up gauge\nup 1\n");
    context.metrics = &sink;
    QVERIFY(reader.read(again, context, error));
    QCOMPARE(sink.samples.size(), std::size_t(1));
  }

  void sinkFailureStopsTheReader() {
    MetricCollector sink;
    sink.refuse = true;
    DecodeError error;
    QCOMPARE(readMetricBytes("x 1\n", sink, 1 << 20, 10000, &error), std::string("disk full"));
  }

  void cancellation() {
    std::string text;
    for (int i = 0; i < 10000; ++i)
      text += "x{i=\"" + std::to_string(i) + "\"} 1\n";
    std::atomic<bool> cancel{true};
    MetricCollector sink;
    MemoryByteSource source(text);
    ReaderContext context;
    context.cancel = &cancel;
    DecodeError error;
    QVERIFY(!readPrometheusText(source, sink, context, error));
    QCOMPARE(error.message, std::string("cancelled"));
  }

  void progressIsReported() {
    std::string text;
    for (int i = 0; i < 40000; ++i)
      text += "x{i=\"" + std::to_string(i) + "\"} 1\n";
    MetricCollector sink;
    MemoryByteSource source(text);
    ReaderContext context;
    std::uint64_t lastRows = 0;
    int calls = 0;
    context.onRows = [&](std::uint64_t rows) {
      lastRows = rows;
      ++calls;
    };
    DecodeError error;
    QVERIFY(readPrometheusText(source, sink, context, error));
    QVERIFY(calls >= 2);
    QCOMPARE(lastRows, std::uint64_t(40000));
  }

  void lineTooLong() {
    std::string text = "x{a=\"" + std::string(PrometheusTextReader::kMaxLineBytes + 10, 'v');
    MetricCollector sink;
    DecodeError error;
    const std::string what = readMetricBytes("x 1\n" + text, sink, 1 << 20, 10000, &error);
    QVERIFY(QString::fromStdString(what).contains(QStringLiteral("line longer than")));
    QCOMPARE(error.line, std::uint64_t(2));
  }

  void sniffer_data() {
    QTest::addColumn<QString>("head");
    QTest::addColumn<int>("minimum");
    QTest::addColumn<int>("maximum");
    auto row = [](const char* name, const char* head, int minimum, int maximum) {
      QTest::newRow(name) << QString::fromUtf8(head) << minimum << maximum;
    };
    row("HELP", "# HELP x The x.\n# TYPE x gauge\nx 1\n", 90, 90);
    row("TYPE after a comment", "# generated\n# TYPE x gauge\n", 90, 90);
    row("samples with labels", "x{a=\"1\"} 1\nx{a=\"2\"} 2\n", 70, 70);
    row("bare samples", "up 1\nfoo 2\n", 40, 40);
    row("collapsed stacks", "main;a;b 10\nmain;c 5\n", 0, 0);
    row("JSON", "{\"status\":\"success\"}", 0, 0);
    row("prose", "Hello, world.\n", 0, 0);
    row("binary", "\x01\x02\x03", 0, 0);
  }
  void sniffer() {
    QFETCH(QString, head);
    QFETCH(int, minimum);
    QFETCH(int, maximum);
    const std::string bytes = head.toStdString();
    const int score = sniffPrometheusText(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    QVERIFY2(score >= minimum && score <= maximum, std::to_string(score).c_str());
  }

  void floats_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<double>("value");
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("int") << QStringLiteral("42") << true << 42.0;
    QTest::newRow("neg exp") << QStringLiteral("-1.5e-3") << true << -0.0015;
    QTest::newRow("+Inf") << QStringLiteral("+Inf") << true << inf;
    QTest::newRow("-inf") << QStringLiteral("-inf") << true << -inf;
    QTest::newRow("Infinity") << QStringLiteral("Infinity") << true << inf;
    QTest::newRow("empty") << QString() << false << 0.0;
    QTest::newRow("sign only") << QStringLiteral("-") << false << 0.0;
    QTest::newRow("trailing junk") << QStringLiteral("1.5x") << false << 0.0;
    QTest::newRow("hex") << QStringLiteral("0x10") << false << 0.0;
    QTest::newRow("out of range") << QStringLiteral("1e999") << false << 0.0;
  }
  void floats() {
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(double, value);
    double parsed = 0;
    QCOMPARE(parsePrometheusFloat(text.toStdString(), parsed), ok);
    if (ok)
      QCOMPARE(parsed, value);
  }
};

QTEST_GUILESS_MAIN(TestPrometheusTextReader)
#include "tst_prometheus_text_reader.moc"

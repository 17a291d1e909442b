#include <QTemporaryDir>
#include <QtTest>

#include "importers/core/importer_registry.h"
#include "importers/pprof/profile_file_reader.h"
#include "tests/importers/otlp/otlp_test_support.h"
#include "tests/importers/pprof/profile_test_support.h"

using namespace sightline;
using namespace sightline::test;

class TestProfileFileReader : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir m_dir;

  std::string write(const QString& name, const std::string& bytes) {
    const std::string path = m_dir.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

 private slots:
  void readsEveryCompression_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    const std::string gz = fileBytes(testData("go-pprof/cpu.pb.gz"));
    const std::string raw = decompressed(gz);
    QTest::newRow("gzip from Go") << QStringLiteral("cpu.pb.gz") << QByteArray::fromStdString(gz);
    QTest::newRow("raw") << QStringLiteral("cpu.pprof") << QByteArray::fromStdString(raw);
    QTest::newRow("zstd, misleading name")
        << QStringLiteral("cpu.txt") << QByteArray::fromStdString(zstdCompress(raw));
  }
  void readsEveryCompression() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    std::string error;
    const auto profile = readProfileFile(write(name, bytes.toStdString()), &error);
    QVERIFY2(profile, error.c_str());
    const RawReference raw =
        parseRawReference(fileBytes(testData("go-pprof/expected/cpu.raw.txt")));
    QCOMPARE(profile->sampleTypes.size(), raw.sampleTypes.size());
    for (std::size_t t = 0; t < raw.totals.size(); ++t)
      QCOMPARE(totalOf(*profile, t), raw.totals[t]);
  }

  void readsCollapsedStacks() {
    std::string error;
    const auto profile =
        readProfileFile(write(QStringLiteral("s.folded.gz"),
                              gzipCompress(fileBytes(testData("collapsed/simple.txt")))),
                        &error);
    QVERIFY2(profile, error.c_str());
    QCOMPARE(totalOf(*profile, 0), std::int64_t(100));
  }

  void errors_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");  // after "<path>: "
    const std::string raw = decompressed(fileBytes(testData("go-pprof/heap.pb.gz")));
    QTest::newRow("traces") << QStringLiteral("t.pb")
                            << QByteArray::fromStdString(
                                   fileBytes(testData("otel-js/traces.otlp.pb")))
                            << QStringLiteral("not a profile but OTLP traces (protobuf)");
    QTest::newRow("unknown") << QStringLiteral("u.bin") << QByteArray("\x89PNG\r\n\x1a\n", 8)
                             << QStringLiteral(
                                    "not a recognised profile file (pprof or collapsed stacks)");
    QTest::newRow("truncated gzip pprof")
        << QStringLiteral("cut.pb.gz")
        << QByteArray::fromStdString(gzipCompress(raw.substr(0, raw.size() / 2)))
        << QStringLiteral("at byte ");
    QTest::newRow("gzip stream cut")
        << QStringLiteral("cut2.pb.gz")
        << QByteArray::fromStdString(fileBytes(testData("go-pprof/heap.pb.gz")).substr(0, 500))
        << QStringLiteral("truncated gzip data");
    QTest::newRow("collapsed, bad line 3")
        << QStringLiteral("bad.txt") << QByteArray("a;b 1\na;c 2\na;b x\n")
        << QStringLiteral("line 3: expected the sample count to be a number");
  }
  void errors() {
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const std::string path = write(name, bytes.toStdString());
    std::string error;
    QVERIFY(!readProfileFile(path, &error));
    QVERIFY2(error.rfind(path + ": ", 0) == 0, error.c_str());
    QVERIFY2(error.find(expected.toStdString()) != std::string::npos, error.c_str());
  }

  void missingFile() {
    std::string error;
    QVERIFY(!readProfileFile("/nonexistent/cpu.pb.gz", &error));
    QVERIFY2(error.rfind("/nonexistent/cpu.pb.gz: cannot open", 0) == 0, error.c_str());
  }

  void decompressionBombIsRefused() {
    ImportOptions options;
    options.maxDecompressedBytes = 1000;
    std::string error;
    QVERIFY(!readProfileFile(testData("go-pprof/heap.pb.gz"), &error, options));
    QVERIFY2(error.find("exceeds the limit of 1000 bytes") != std::string::npos, error.c_str());
  }

  void cancelled() {
    std::atomic<bool> cancel{true};
    ImportOptions options;
    options.cancel = &cancel;
    std::string error;
    QVERIFY(!readProfileFile(testData("go-pprof/cpu.pb.gz"), &error, options));
    QCOMPARE(error, testData("go-pprof/cpu.pb.gz") + ": cancelled");
  }

  // The registry picks the right format for every kind of fixture (decompressed first
  // 4 KiB, as importFile sniffs them): pprof and OTLP protobuf both start with field 1.
  void detectFormatOnEveryFixtureKind_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("format");
    const QString pprof = QStringLiteral("pprof");
    for (const char* name : {"cpu", "cpu_labels", "cpu_before", "cpu_after", "heap", "allocs",
                             "goroutine", "mutex", "block"}) {
      QTest::newRow(name) << QStringLiteral("go-pprof/%1.pb.gz").arg(QLatin1String(name)) << pprof;
    }
    const QString collapsed = QStringLiteral("collapsed");
    for (const char* name :
         {"simple.txt", "edge_cases.txt", "crlf.txt", "deep.txt", "from_go_cpu.txt"}) {
      QTest::newRow(name) << QStringLiteral("collapsed/%1").arg(QLatin1String(name)) << collapsed;
    }
    const QString proto = QStringLiteral("otlp-proto");
    const QString json = QStringLiteral("otlp-json");
    QTest::newRow("otlp pb") << QStringLiteral("otel-js/traces.otlp.pb") << proto;
    QTest::newRow("otlp pb gz") << QStringLiteral("otel-js/traces.otlp.pb.gz") << proto;
    QTest::newRow("otlp delimited") << QStringLiteral("otel-js/traces.delimited.otlp.pb") << proto;
    QTest::newRow("otlp delimited zst")
        << QStringLiteral("otel-js/traces.delimited.otlp.pb.zst") << proto;
    QTest::newRow("otlp json") << QStringLiteral("otel-js/traces.otlp.json") << json;
    QTest::newRow("otlp jsonl") << QStringLiteral("otel-js/traces.otlp.jsonl") << json;
    QTest::newRow("otlp json gz") << QStringLiteral("otel-js/traces.otlp.json.gz") << json;
  }
  void detectFormatOnEveryFixtureKind() {
    QFETCH(QString, file);
    QFETCH(QString, format);
    std::string data = decompressed(fileBytes(testData(file.toStdString())));
    QVERIFY(!data.empty());
    data.resize(std::min<std::size_t>(data.size(), 4096));
    const FormatDescriptor* detected =
        detectFormat(std::span(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
    QVERIFY(detected);
    QCOMPARE(QString::fromStdString(detected->id), format);
  }

  void handmadeOtlpRequestIsNotPprof() {
    const std::string pb = sampleRequest().SerializeAsString();
    const FormatDescriptor* detected =
        detectFormat(std::span(reinterpret_cast<const std::uint8_t*>(pb.data()), pb.size()));
    QVERIFY(detected);
    QCOMPARE(detected->id, std::string("otlp-proto"));
  }
};

QTEST_GUILESS_MAIN(TestProfileFileReader)
#include "tst_profile_file_reader.moc"

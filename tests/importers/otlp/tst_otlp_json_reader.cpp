#include <QtTest>

#include <fstream>
#include <sstream>

#include "importers/core/decompressing_byte_source.h"
#include "importers/otlp/otlp_json_reader.h"
#include "importers/otlp/otlp_proto_reader.h"
#include "tests/importers/otlp/otlp_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

std::string readFile(const char* name) {
  std::ifstream in(std::string(SIGHTLINE_TEST_DATA_DIR) + "/otlp-handmade/" + name,
                   std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string readJson(const std::string& data, CollectingSink& sink, std::size_t chunk = 1 << 20,
                     DecodeError* error = nullptr) {
  OtlpJsonReader reader;
  return readAll(reader, data, sink, 3, chunk, error);
}

// What the protobuf reader makes of the same request: the JSON reader must match it.
std::string protobufDump() {
  CollectingSink sink;
  OtlpProtoReader reader;
  if (!readAll(reader, sampleRequest().SerializeAsString(), sink).empty())
    return "failed";
  return dumpRecords(sink);
}

// Reads one span given as JSON text and returns the error ("" when fine).
std::string readSpan(const std::string& spanJson, DecodeError* error = nullptr) {
  CollectingSink sink;
  return readJson("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[" + spanJson + "]}]}]}", sink,
                  1 << 20, error);
}

const std::string kGoodIds =
    "\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102030405060708\"";

}  // namespace

class TestOtlpJsonReader : public QObject {
  Q_OBJECT

 private slots:
  void documentMatchesProtobuf() {
    const std::string json = readFile("sample.json");
    QVERIFY(!json.empty());
    CollectingSink sink;
    QCOMPARE(readJson(json, sink), std::string());
    QCOMPARE(sink.spanCount(), std::size_t(7));
    QCOMPARE(sink.batches.size(), std::size_t(3));
    QCOMPARE(dumpRecords(sink), protobufDump());
  }

  void jsonLinesMatchProtobuf_data() {
    QTest::addColumn<int>("chunk");
    QTest::newRow("whole") << (1 << 20);
    QTest::newRow("1-byte chunks") << 1;
    QTest::newRow("7-byte chunks") << 7;
  }
  void jsonLinesMatchProtobuf() {
    QFETCH(int, chunk);
    CollectingSink sink;
    QCOMPARE(readJson(readFile("sample.jsonl"), sink, static_cast<std::size_t>(chunk)),
             std::string());
    QCOMPARE(dumpRecords(sink), protobufDump());
  }

  void documentInOneByteChunks() {
    CollectingSink sink;
    QCOMPARE(readJson(readFile("sample.json"), sink, 1), std::string());
    QCOMPARE(dumpRecords(sink), protobufDump());
  }

  void compressed_data() {
    QTest::addColumn<bool>("zstd");
    QTest::newRow("gzip") << false;
    QTest::newRow("zstd") << true;
  }
  void compressed() {
    QFETCH(bool, zstd);
    const std::string plain = readFile("sample.jsonl");
    const std::string packed = zstd ? zstdCompress(plain) : gzipCompress(plain);
    auto source = openDecompressed(std::make_unique<MemoryByteSource>(packed, 3));
    CollectingSink sink;
    ReaderContext context;
    context.traces = &sink;
    context.batchSize = 3;
    DecodeError error;
    OtlpJsonReader reader;
    QVERIFY2(reader.read(*source, context, error), error.message.c_str());
    QCOMPARE(dumpRecords(sink), protobufDump());
  }

  void badJsonNamesTheLine() {
    const std::string lines = readFile("sample.jsonl");
    const std::size_t firstEnd = lines.find('\n');
    const std::string broken = lines.substr(0, firstEnd + 1) + "{\"resourceSpans\":[}\n";
    CollectingSink sink;
    DecodeError error;
    QVERIFY(!readJson(broken, sink, 1 << 20, &error).empty());
    QCOMPARE(error.line, std::uint64_t(2));
    QVERIFY2(error.message.find("valid JSON") != std::string::npos, error.message.c_str());
    // Bad first line of a JSON lines file.
    QVERIFY(!readJson("{\"resourceSpans\":[1,}\n" + lines, sink, 1 << 20, &error).empty());
    QCOMPARE(error.line, std::uint64_t(1));
    // A broken pretty-printed document.
    const std::string json = readFile("sample.json");
    QVERIFY(!readJson(json.substr(0, json.size() / 2), sink, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("valid JSON") != std::string::npos, error.message.c_str());
  }

  void truncatedAtEveryOffset() {
    // JSON lines: a cut just after a whole line is a shorter valid file; any other cut fails.
    const std::string lines = readFile("sample.jsonl");
    for (std::size_t n = 0; n < lines.size(); ++n) {
      const std::string prefix = lines.substr(0, n);
      const std::size_t last = prefix.find_last_not_of(" \n");
      const bool wholeLines = last != std::string::npos && prefix[last] == '}' &&
                              (last + 1 == lines.size() || lines[last + 1] == '\n');
      CollectingSink sink;
      const std::string error = readJson(prefix, sink, 5);
      QVERIFY2(
          error.empty() == wholeLines,
          qPrintable(QStringLiteral("cut at %1: %2").arg(n).arg(QString::fromStdString(error))));
    }
    // One document: every cut before the closing brace fails.
    const std::string json = readFile("sample.json");
    const std::size_t closing = json.find_last_of('}');
    for (std::size_t n = 0; n <= closing; n += 3) {
      CollectingSink sink;
      QVERIFY2(!readJson(json.substr(0, n), sink, 64).empty(), qPrintable(QString::number(n)));
    }
  }

  void wrongTypes_data() {
    QTest::addColumn<QString>("span");
    QTest::addColumn<QString>("expected");
    const QString ids = QString::fromStdString(kGoodIds);
    QTest::newRow("numeric trace id")
        << QStringLiteral("{\"traceId\":12,\"spanId\":\"0102030405060708\"}")
        << QStringLiteral("spans[0].traceId: expected a hex id string, found a number");
    QTest::newRow("short span id")
        << QStringLiteral("{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0102\"}")
        << QStringLiteral("spans[0].spanId: expected 16 hex digits");
    QTest::newRow("not hex")
        << QStringLiteral(
               "{\"traceId\":\"0102030405060708090a0b0c0d0e0fzz\",\"spanId\":\"0102030405060708\"}")
        << QStringLiteral("traceId: expected 32 hex digits");
    QTest::newRow("zero span id")
        << QStringLiteral(
               "{\"traceId\":\"0102030405060708090a0b0c0d0e0f10\",\"spanId\":\"0000000000000000\"}")
        << QStringLiteral("spanId: expected a non-zero 8-byte span id");
    QTest::newRow("missing trace id") << QStringLiteral("{\"spanId\":\"0102030405060708\"}")
                                      << QStringLiteral("traceId: expected a non-zero");
    QTest::newRow("bad kind") << QStringLiteral("{%1,\"kind\":\"SERVER\"}").arg(ids)
                              << QStringLiteral("kind: expected a number or a name");
    QTest::newRow("bad time") << QStringLiteral("{%1,\"startTimeUnixNano\":\"soon\"}").arg(ids)
                              << QStringLiteral("startTimeUnixNano: expected an unsigned 64-bit");
    QTest::newRow("negative time") << QStringLiteral("{%1,\"endTimeUnixNano\":-1}").arg(ids)
                                   << QStringLiteral("endTimeUnixNano: expected an unsigned");
    QTest::newRow("name not string") << QStringLiteral("{%1,\"name\":[]}").arg(ids)
                                     << QStringLiteral("name: expected a string, found an array");
    QTest::newRow("attributes object") << QStringLiteral("{%1,\"attributes\":{}}").arg(ids)
                                       << QStringLiteral("attributes: expected an array");
    QTest::newRow("bad int value")
        << QStringLiteral("{%1,\"attributes\":[{\"key\":\"k\",\"value\":{\"intValue\":\"x\"}}]}")
               .arg(ids)
        << QStringLiteral("attributes.value.intValue: expected a 64-bit integer");
    QTest::newRow("bad base64")
        << QStringLiteral("{%1,\"attributes\":[{\"key\":\"k\",\"value\":{\"bytesValue\":\"!!\"}}]}")
               .arg(ids)
        << QStringLiteral("bytesValue: expected base64");
    QTest::newRow("event not object") << QStringLiteral("{%1,\"events\":[3]}").arg(ids)
                                      << QStringLiteral("spans[0].events[0]: expected an object");
    QTest::newRow("status code name")
        << QStringLiteral("{%1,\"status\":{\"code\":\"BAD\"}}").arg(ids)
        << QStringLiteral("status.code: expected a number or a name");
    QTest::newRow("span not object")
        << QStringLiteral("\"span\"") << QStringLiteral("spans[0]: expected a Span object");
  }
  void wrongTypes() {
    QFETCH(QString, span);
    QFETCH(QString, expected);
    DecodeError error;
    const std::string message = readSpan(span.toStdString(), &error);
    QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    QCOMPARE(error.line, std::uint64_t(1));  // a one-line document is a JSON lines file
  }

  void wrongTopLevelTypes() {
    CollectingSink sink;
    QVERIFY(readJson("{\"resourceSpans\":\"x\"}", sink).find("resourceSpans: expected an array") !=
            std::string::npos);
    QVERIFY(readJson("[1,2]", sink).find("expected an ExportTraceServiceRequest object") !=
            std::string::npos);
    QVERIFY(readJson("  \n\n ", sink).find("no data") != std::string::npos);
    QVERIFY(!readJson("", sink).empty());
    QVERIFY(!readJson("PK\x03\x04 not json", sink).empty());
    QCOMPARE(readJson("{}", sink), std::string());
    QCOMPARE(sink.spanCount(), std::size_t(0));
  }

  void idsAcceptBase64AndUppercase() {
    CollectingSink sink;
    // AQIDBAUGBwgJCgsMDQ4PEA== is 0102…10 in base64 (protobuf's own JSON mapping).
    QCOMPARE(readJson("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                      "\"AQIDBAUGBwgJCgsMDQ4PEA==\",\"spanId\":\"A1A2A3A4A5A6A7A8\"}]}]}]}",
                      sink),
             std::string());
    QCOMPARE(sink.spans().at(0).traceId.toHex(), std::string("0102030405060708090a0b0c0d0e0f10"));
    QCOMPARE(sink.spans().at(0).spanId.toHex(), std::string("a1a2a3a4a5a6a7a8"));
  }

  void sniffer() {
    auto sniff = [](const std::string& text) {
      return sniffOtlpJson({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    };
    QVERIFY(sniff(readFile("sample.json")) > 50);
    QVERIFY(sniff(readFile("sample.jsonl")) > 50);
    QVERIFY(sniff("  {\"resource_spans\":[]}") > 50);
    QCOMPARE(sniff("{\"resourceMetrics\":[]}"), 0);
    QCOMPARE(sniff("[{\"resourceSpans\":[]}]"), 0);
    QCOMPARE(sniff(""), 0);
  }
};

QTEST_GUILESS_MAIN(TestOtlpJsonReader)
#include "tst_otlp_json_reader.moc"

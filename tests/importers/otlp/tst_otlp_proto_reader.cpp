#include <QtTest>

#include <random>

#include "importers/core/decompressing_byte_source.h"
#include "importers/otlp/otlp_proto_reader.h"
#include "tests/importers/otlp/otlp_test_support.h"

using namespace sightline;
using namespace sightline::test;

namespace {

std::string varint(std::uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out.push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}

std::string delimited(const std::string& message) {
  return varint(message.size()) + message;
}

std::string readProto(const std::string& data, CollectingSink& sink, std::size_t batch = 3,
                      std::size_t chunk = 1 << 20, DecodeError* error = nullptr) {
  OtlpProtoReader reader;
  return readAll(reader, data, sink, batch, chunk, error);
}

const Attribute* findAttribute(const std::vector<Attribute>& attributes, const std::string& key) {
  for (const auto& a : attributes) {
    if (a.key == key)
      return &a;
  }
  return nullptr;
}

}  // namespace

class TestOtlpProtoReader : public QObject {
  Q_OBJECT

 private slots:
  void readsEveryField() {
    CollectingSink sink;
    QCOMPARE(readProto(sampleRequest().SerializeAsString(), sink), std::string());
    QCOMPARE(sink.spanCount(), std::size_t(7));
    QCOMPARE(sink.batches.size(), std::size_t(3));  // 3 + 3 + 1 with batchSize 3
    QCOMPARE(sink.batches[0].spans.size(), std::size_t(3));
    QCOMPARE(sink.batches[2].spans.size(), std::size_t(1));

    const auto& resource = sink.batches[0].resources.at(0);
    QCOMPARE(resource.localId, 1u);
    QCOMPARE(resource.attributes.at(0).value.text, std::string("checkout"));
    QCOMPARE(resource.droppedAttributesCount, 1u);
    // Serialised after the spans, still delivered with the resource.
    QCOMPARE(resource.schemaUrl, std::string("https://opentelemetry.io/schemas/1.21.0"));
    const auto& scope = sink.batches[0].scopes.at(0);
    QCOMPARE(scope.name, std::string("http"));
    QCOMPARE(scope.version, std::string("1.2.3"));
    QCOMPARE(scope.schemaUrl, std::string("scope-schema"));
    QCOMPARE(scope.droppedAttributesCount, 2u);
    QCOMPARE(scope.attributes.at(0).key, std::string("lib"));

    const SpanRecord& root = sink.batches[0].spans[0];
    QCOMPARE(root.traceId.toHex(), std::string("0102030405060708090a0b0c0d0e0f10"));
    QCOMPARE(root.spanId.toHex(), std::string("a1a2a3a4a5a6a7a8"));
    QVERIFY(root.parentSpanId.isZero());
    QCOMPARE(root.traceState, std::string("vendor=1"));
    QCOMPARE(root.flags, 0x301u);
    QCOMPARE(root.name, std::string("GET /cart"));
    QCOMPARE(root.kind, SpanKind::Server);
    QCOMPARE(root.startUnixNano, 1700000000000000000ull);
    QCOMPARE(root.endUnixNano, 1700000000250000000ull);
    QCOMPARE(root.statusCode, StatusCode::Error);
    QCOMPARE(root.statusMessage, std::string("upstream failed"));
    QCOMPARE(root.droppedAttributesCount, 3u);
    QCOMPARE(root.droppedEventsCount, 5u);
    QCOMPARE(root.droppedLinksCount, 7u);
    QCOMPARE(root.resourceLocalId, 1u);
    QCOMPARE(root.scopeLocalId, 1u);

    using Type = AttributeValue::Type;
    QCOMPARE(root.attributes.size(), std::size_t(8));
    QCOMPARE(findAttribute(root.attributes, "http.method")->value.type, Type::String);
    QCOMPARE(findAttribute(root.attributes, "ok")->value.type, Type::Bool);
    QCOMPARE(findAttribute(root.attributes, "ok")->value.intValue, 1);
    QCOMPARE(findAttribute(root.attributes, "http.status_code")->value.intValue, -503);
    QCOMPARE(findAttribute(root.attributes, "ratio")->value.doubleValue, 0.25);
    QCOMPARE(findAttribute(root.attributes, "blob")->value.type, Type::Bytes);
    QCOMPARE(findAttribute(root.attributes, "blob")->value.text, std::string("\x00\xff\x10", 3));
    QCOMPARE(findAttribute(root.attributes, "list")->value.type, Type::Array);
    QCOMPARE(findAttribute(root.attributes, "list")->value.text,
             std::string("[{\"stringValue\":\"a\\\"b\"},{\"intValue\":\"3\"},"
                         "{\"arrayValue\":{\"values\":[{\"boolValue\":false}]}},{}]"));
    QCOMPARE(findAttribute(root.attributes, "map")->value.type, Type::KvList);
    QCOMPARE(findAttribute(root.attributes, "map")->value.text,
             std::string("[{\"key\":\"d\",\"value\":{\"doubleValue\":1.5}},"
                         "{\"key\":\"nested\",\"value\":{\"kvlistValue\":{\"values\":"
                         "[{\"key\":\"e\",\"value\":{}}]}}}]"));
    QCOMPARE(findAttribute(root.attributes, "empty")->value.type, Type::Empty);

    QCOMPARE(root.events.size(), std::size_t(1));
    QCOMPARE(root.events[0].name, std::string("exception"));
    QCOMPARE(root.events[0].timeUnixNano, 1700000000100000000ull);
    QCOMPARE(root.events[0].attributes.at(0).value.text, std::string("boom"));
    QCOMPARE(root.events[0].droppedAttributesCount, 4u);
    QCOMPARE(root.links.size(), std::size_t(1));
    QCOMPARE(root.links[0].traceId.toHex(), std::string("ffeeddccbbaa99887766554433221100"));
    QCOMPARE(root.links[0].spanId.toHex(), std::string("0102030405060708"));
    QCOMPARE(root.links[0].traceState, std::string("k=v"));
    QCOMPARE(root.links[0].droppedAttributesCount, 6u);
    QCOMPARE(root.links[0].flags, 1u);

    const auto spans = sink.spans();
    QCOMPARE(spans[1].parentSpanId.toHex(), std::string("a1a2a3a4a5a6a7a8"));
    QCOMPARE(spans[4].name, std::string("rpc"));
    QCOMPARE(spans[4].scopeLocalId, 2u);
    QCOMPARE(spans[4].statusCode, StatusCode::Ok);
    QCOMPARE(spans[5].resourceLocalId, 2u);
    QCOMPARE(spans[5].scopeLocalId, 3u);
    QCOMPARE(spans[6].kind, SpanKind::Consumer);
  }

  void resourcesArriveBeforeTheirSpans() {
    CollectingSink sink;
    QCOMPARE(readProto(sampleRequest().SerializeAsString(), sink, 1), std::string());
    std::set<std::uint32_t> resources, scopes;
    for (const auto& batch : sink.batches) {
      for (const auto& r : batch.resources)
        QVERIFY(resources.insert(r.localId).second);
      for (const auto& s : batch.scopes)
        QVERIFY(scopes.insert(s.localId).second);
      for (const auto& span : batch.spans) {
        QVERIFY(resources.count(span.resourceLocalId));
        QVERIFY(scopes.count(span.scopeLocalId));
      }
    }
    QCOMPARE(resources.size(), std::size_t(2));
    QCOMPARE(scopes.size(), std::size_t(3));
  }

  void chunksSplitAnywhere() {
    const std::string data = sampleRequest().SerializeAsString();
    CollectingSink whole, bytewise;
    QCOMPARE(readProto(data, whole, 3), std::string());
    QCOMPARE(readProto(data, bytewise, 3, 1), std::string());
    QCOMPARE(dumpRecords(bytewise), dumpRecords(whole));
  }

  void lengthDelimitedConcatenation() {
    const std::string one = sampleRequest().SerializeAsString();
    otlp::ExportTraceServiceRequest small;
    *small.add_resource_spans() = sampleRequest().resource_spans(1);
    const std::string data = delimited(one) + delimited(small.SerializeAsString()) + delimited(one);
    CollectingSink sink;
    QCOMPARE(readProto(data, sink, 4, 7), std::string());
    QCOMPARE(sink.spanCount(), std::size_t(7 + 2 + 7));
    const auto spans = sink.spans();
    QCOMPARE(spans[7].name, std::string("charge"));
    QCOMPARE(spans[9].name, std::string("GET /cart"));
    QCOMPARE(spans[15].resourceLocalId, 5u);
    QVERIFY(looksLengthDelimited({reinterpret_cast<const std::uint8_t*>(data.data()), data.size()},
                                 true));
    QVERIFY(!looksLengthDelimited({reinterpret_cast<const std::uint8_t*>(one.data()), one.size()},
                                  true));
  }

  void compressedInput_data() {
    QTest::addColumn<bool>("zstd");
    QTest::addColumn<int>("chunk");
    QTest::newRow("gzip") << false << (1 << 20);
    QTest::newRow("gzip 1-byte") << false << 1;
    QTest::newRow("zstd") << true << (1 << 20);
    QTest::newRow("zstd 1-byte") << true << 1;
  }
  void compressedInput() {
    QFETCH(bool, zstd);
    QFETCH(int, chunk);
    const std::string plain = delimited(sampleRequest().SerializeAsString());
    // Two members/frames back to back, as `cat a.gz b.gz` makes.
    const std::string packed = zstd ? zstdCompress(plain) + zstdCompress(plain)
                                    : gzipCompress(plain) + gzipCompress(plain);
    auto source = openDecompressed(
        std::make_unique<MemoryByteSource>(packed, static_cast<std::size_t>(chunk)));
    CollectingSink sink, reference;
    ReaderContext context;
    context.traces = &sink;
    context.batchSize = 3;
    DecodeError error;
    OtlpProtoReader reader;
    QVERIFY2(reader.read(*source, context, error), error.message.c_str());
    QCOMPARE(readProto(plain + plain, reference), std::string());
    QCOMPARE(dumpRecords(sink), dumpRecords(reference));
    QCOMPARE(source->rawPosition(), std::uint64_t(packed.size()));
  }

  void truncatedAtEveryOffset() {
    // Single request: only cutting exactly between two ResourceSpans leaves valid data.
    const auto request = sampleRequest();
    const std::string single = request.SerializeAsString();
    const std::size_t firstField = 1 + varint(request.resource_spans(0).ByteSizeLong()).size() +
                                   request.resource_spans(0).ByteSizeLong();
    for (std::size_t n = 0; n < single.size(); ++n) {
      CollectingSink sink;
      const std::string error = readProto(single.substr(0, n), sink);
      if (n == 0 || n == firstField) {
        QVERIFY2(error.empty(), error.c_str());
      } else {
        QVERIFY2(!error.empty(), qPrintable(QStringLiteral("no error at %1").arg(n)));
      }
    }
    // Length-delimited: valid exactly at message boundaries.
    const std::string message = delimited(single);
    const std::string data = message + message;
    for (std::size_t n = 1; n < data.size(); ++n) {
      CollectingSink sink;
      const std::string error = readProto(data.substr(0, n), sink, 3, 5);
      if (n == message.size()) {
        QVERIFY2(error.empty(), error.c_str());
        QCOMPARE(sink.spanCount(), std::size_t(7));
      } else {
        QVERIFY2(!error.empty(), qPrintable(QStringLiteral("no error at %1").arg(n)));
      }
    }
  }

  void corruptedLengths() {
    const std::string single = sampleRequest().SerializeAsString();
    DecodeError error;
    CollectingSink sink;
    // An 11-byte varint.
    std::string bad = std::string("\x0a") + std::string(10, '\xff') + "\x01" + single.substr(2);
    QVERIFY(!readProto(bad, sink, 3, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("malformed varint") != std::string::npos, error.message.c_str());
    QVERIFY(error.hasOffset);
    QCOMPARE(error.offset, std::uint64_t(1));
    // A huge length: more than the cap.
    bad = "\x0a" + varint(1ull << 40) + single.substr(2);
    QVERIFY(!readProto(bad, sink, 3, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("at most") != std::string::npos, error.message.c_str());
    QCOMPARE(error.offset, std::uint64_t(0));
    // A length within the cap but beyond the data.
    bad = "\x0a" + varint(1000000) + single.substr(2);
    QVERIFY(!readProto(bad, sink, 3, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("truncated") != std::string::npos, error.message.c_str());
    // A request length prefix longer than the data in delimited form.
    bad = varint(single.size() + 50) + single;
    QVERIFY(!readProto(bad, sink, 3, 1 << 20, &error).empty());
    // Span length running past its ScopeSpans: bump the inner length byte of the first span.
    otlp::ExportTraceServiceRequest request;
    auto* span = request.add_resource_spans()->add_scope_spans()->add_spans();
    span->set_trace_id(bytesFromHex("0102030405060708090a0b0c0d0e0f10"));
    span->set_span_id(bytesFromHex("0102030405060708"));
    std::string data = request.SerializeAsString();
    // 0a L1 12 L2 12 L3 <span>: L3 sits at index 5.
    QCOMPARE(data[4], '\x12');
    data[5] = static_cast<char>(data[5] + 1);
    QVERIFY(!readProto(data, sink, 3, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("runs past the end of its ScopeSpans") != std::string::npos,
             error.message.c_str());
    QCOMPARE(error.offset, std::uint64_t(4));
  }

  void wrongWireTypes() {
    CollectingSink sink;
    DecodeError error;
    // An empty ResourceSpans, then resource_spans as a varint.
    QVERIFY(!readProto(std::string("\x0a\x00\x08\x01", 4), sink, 3, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("length-delimited") != std::string::npos, error.message.c_str());
    QCOMPARE(error.offset, std::uint64_t(2));
    QVERIFY(error.hasOffset);
    // ResourceSpans.resource as a varint.
    QVERIFY(!readProto(std::string("\x0a\x02\x08\x01", 4), sink, 3, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("resource to be length-delimited") != std::string::npos,
             error.message.c_str());
    QCOMPARE(error.offset, std::uint64_t(2));
    // Span.trace_id (field 1) as a varint inside an otherwise fine span.
    const std::string span = std::string("\x08\x05", 2);
    const std::string scope = "\x12" + varint(span.size()) + span;
    const std::string rs = "\x12" + varint(scope.size()) + scope;
    QVERIFY(!readProto("\x0a" + varint(rs.size()) + rs, sink, 3, 1 << 20, &error).empty());
    QVERIFY2(error.message.find("valid Span") != std::string::npos, error.message.c_str());
  }

  void invalidIds_data() {
    QTest::addColumn<QString>("traceId");
    QTest::addColumn<QString>("spanId");
    QTest::addColumn<QString>("parentId");
    QTest::addColumn<QString>("expected");
    const QString trace = QStringLiteral("0102030405060708090a0b0c0d0e0f10");
    const QString span = QStringLiteral("0102030405060708");
    QTest::newRow("short trace") << trace.left(30) << span << QString()
                                 << QStringLiteral("trace_id must be 16 bytes, found 15");
    QTest::newRow("missing trace")
        << QString() << span << QString() << QStringLiteral("trace_id must be 16 bytes, found 0");
    QTest::newRow("zero trace") << QString(32, QLatin1Char('0')) << span << QString()
                                << QStringLiteral("trace_id is all zeros");
    QTest::newRow("long span") << trace << span + QStringLiteral("09") << QString()
                               << QStringLiteral("span_id must be 8 bytes, found 9");
    QTest::newRow("zero span") << trace << QString(16, QLatin1Char('0')) << QString()
                               << QStringLiteral("span_id is all zeros");
    QTest::newRow("bad parent") << trace << span << QStringLiteral("0102")
                                << QStringLiteral("parent_span_id must be 8 bytes, found 2");
  }
  void invalidIds() {
    QFETCH(QString, traceId);
    QFETCH(QString, spanId);
    QFETCH(QString, parentId);
    QFETCH(QString, expected);
    auto request = sampleRequest();
    auto* span = request.mutable_resource_spans(1)->mutable_scope_spans(0)->mutable_spans(1);
    span->set_trace_id(bytesFromHex(traceId.toStdString()));
    span->set_span_id(bytesFromHex(spanId.toStdString()));
    span->set_parent_span_id(bytesFromHex(parentId.toStdString()));
    const std::string data = request.SerializeAsString();
    CollectingSink sink;
    DecodeError error;
    QVERIFY(!readProto(data, sink, 100, 1 << 20, &error).empty());
    QVERIFY2(error.message.find(expected.toStdString()) != std::string::npos,
             error.message.c_str());
    // The offset points at the bad span: inside the second ResourceSpans.
    const std::size_t secondStart = data.size() - request.resource_spans(1).ByteSizeLong();
    QVERIFY(error.offset > secondStart && error.offset < data.size());
    QCOMPARE(sink.spanCount(), std::size_t(0));  // the batch never filled
  }

  void unknownFieldsAreSkipped() {
    auto request = sampleRequest();
    const std::string plain = request.SerializeAsString();
    // Future fields at every level: varint, fixed64, fixed32 and length-delimited.
    auto* unknown = request.mutable_resource_spans(0)->GetReflection()->MutableUnknownFields(
        request.mutable_resource_spans(0));
    unknown->AddLengthDelimited(1000, "future");
    request.mutable_resource_spans(0)
        ->mutable_scope_spans(0)
        ->GetReflection()
        ->MutableUnknownFields(request.mutable_resource_spans(0)->mutable_scope_spans(0))
        ->AddVarint(77, 5);
    auto* span = request.mutable_resource_spans(0)->mutable_scope_spans(0)->mutable_spans(0);
    span->GetReflection()->MutableUnknownFields(span)->AddFixed64(50, 9);
    const std::string extended = request.SerializeAsString() + std::string("\x98\x06\x01", 3) +
                                 std::string("\x15\x01\x02\x03\x04", 5);
    CollectingSink a, b;
    QCOMPARE(readProto(plain, a), std::string());
    QCOMPARE(readProto(extended, b), std::string());
    QCOMPARE(dumpRecords(b), dumpRecords(a));
  }

  void notOtlpAtAll() {
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
    const std::string prometheus =
        "# HELP http_requests_total Total.\n# TYPE http_requests_total counter\n"
        "http_requests_total{code=\"200\"} 1027\n";
    std::mt19937 random(42);
    std::string noise(512, '\0');
    for (char& c : noise)
      c = static_cast<char>(random());
    for (const std::string& data : {png, prometheus, noise}) {
      CollectingSink sink;
      QVERIFY(!readProto(data, sink).empty());
      QCOMPARE(sniffOtlpProto({reinterpret_cast<const std::uint8_t*>(data.data()), data.size()}),
               0);
    }
  }

  void emptyInputIsAnEmptyRequest() {
    CollectingSink sink;
    QCOMPARE(readProto(std::string(), sink), std::string());
    QCOMPARE(sink.spanCount(), std::size_t(0));
  }

  void sinkFailureStopsTheReader() {
    CollectingSink sink;
    sink.refuseAfter = 1;
    QCOMPARE(readProto(sampleRequest().SerializeAsString(), sink, 2), std::string("disk full"));
    QCOMPARE(sink.batches.size(), std::size_t(1));
  }

  void cancellation() {
    std::atomic<bool> cancel{true};
    MemoryByteSource source(sampleRequest().SerializeAsString());
    CollectingSink sink;
    ReaderContext context;
    context.traces = &sink;
    context.cancel = &cancel;
    DecodeError error;
    OtlpProtoReader reader;
    QVERIFY(!reader.read(source, context, error));
    QCOMPARE(error.message, std::string("cancelled"));
    QCOMPARE(sink.spanCount(), std::size_t(0));
  }
};

QTEST_GUILESS_MAIN(TestOtlpProtoReader)
#include "tst_otlp_proto_reader.moc"

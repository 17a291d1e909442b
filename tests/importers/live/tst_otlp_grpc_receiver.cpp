#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <grpc/byte_buffer.h>
#include <grpc/slice.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <zlib.h>

#include <fstream>
#include <future>
#include <thread>

#include "importers/core/file_importer.h"
#include "importers/live/grpc_message_bytes.h"
#include "importers/live/otlp_grpc_receiver.h"
#include "importers/live/otlp_service.pb.h"
#include "model/metrics/live_metric_writer.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/live_trace_writer.h"
#include "model/traces/store_attributes.h"

using namespace sightline;

namespace {

const std::string kData = SIGHTLINE_TEST_DATA_DIR "/otel-js/";
const std::string kTraces = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
const std::string kMetrics = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
const std::string kLogs = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The messages of a file of length-delimited requests (a varint length before each).
std::vector<std::string> splitDelimited(const std::string& bytes) {
  std::vector<std::string> messages;
  std::size_t at = 0;
  while (at < bytes.size()) {
    std::uint64_t length = 0;
    for (int shift = 0; at < bytes.size(); shift += 7) {
      const auto byte = static_cast<unsigned char>(bytes[at++]);
      length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        break;
    }
    messages.push_back(bytes.substr(at, length));
    at += length;
  }
  return messages;
}

// A gzip stream of `mebibytes` MiB of zeros, built without deflating them all: each MiB is
// deflated once after a full flush, which makes its block independent of what came before,
// so the block is repeated; then the final block and a trailer with the whole CRC and size.
std::string gzipBomb(unsigned mebibytes) {
  const std::vector<unsigned char> zeros(1 << 20, 0);
  std::vector<unsigned char> buffer(1 << 20);
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_RLE);
  auto deflateStep = [&](uInt input, int flush) {
    z.next_in = const_cast<unsigned char*>(zeros.data());
    z.avail_in = input;
    z.next_out = buffer.data();
    z.avail_out = static_cast<uInt>(buffer.size());
    deflate(&z, flush);
    return std::string(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
  };
  std::string out = deflateStep(static_cast<uInt>(zeros.size()), Z_FULL_FLUSH);
  const std::string block = deflateStep(static_cast<uInt>(zeros.size()), Z_FULL_FLUSH);
  for (unsigned i = 2; i < mebibytes; ++i)
    out += block;
  out += block;
  std::string tail = deflateStep(0, Z_FINISH);
  deflateEnd(&z);
  // The trailer deflate wrote covers 2 MiB; the stream holds `mebibytes`.
  const uLong crcOfMiB = crc32(0, zeros.data(), static_cast<uInt>(zeros.size()));
  uLong crc = crcOfMiB;
  for (unsigned i = 1; i < mebibytes; ++i)
    crc = crc32_combine(crc, crcOfMiB, static_cast<z_off_t>(zeros.size()));
  const std::uint32_t size = static_cast<std::uint32_t>(std::uint64_t(mebibytes) << 20);
  tail.resize(tail.size() - 8);
  for (std::uint32_t word : {static_cast<std::uint32_t>(crc), size}) {
    for (int i = 0; i < 4; ++i)
      tail.push_back(static_cast<char>((word >> (8 * i)) & 0xff));
  }
  return out + tail;
}

std::uint64_t rssKiB() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stoull(line.substr(6));
  }
  return 0;
}

// Every stored span with its strings, attributes, events and links, then the trace
// summaries: what must be equal whether the spans came through the receiver or a file.
std::vector<std::string> storedSpans(Workspace& workspace) {
  std::vector<std::string> rows;
  StoreStatement spans(
      workspace.db(),
      "SELECT hex(s.trace_id) || ' ' || hex(s.span_id) || ' ' || ifnull(hex(s.parent_span_id), "
      "'-') || ' ' || n.text || ' ' || sv.text || ' ' || s.kind || ' ' || s.start_ns || ' ' || "
      "s.end_ns || ' ' || s.status_code || ' ' || ifnull(s.status_message, '-') || ' [' || "
      "ifnull((SELECT group_concat(k.text || '=' || a.type || ':' || " +
          attributeValueSql("a") +
          ", ';') FROM span_attributes a JOIN strings k ON k.id = a.key_id WHERE a.span_id = "
          "s.id), '') || '] ' || (SELECT count(*) FROM span_events e WHERE e.span_id = s.id) || "
          "' ' || (SELECT count(*) FROM span_links l WHERE l.span_id = s.id) FROM spans s JOIN "
          "strings n ON n.id = s.name_id JOIN strings sv ON sv.id = s.service_id ORDER BY 1");
  while (spans.step())
    rows.push_back(spans.columnText(0));
  StoreStatement traces(workspace.db(),
                        "SELECT hex(trace_id) || ' ' || start_ns || ' ' || duration_ns || ' ' || "
                        "span_count || ' ' || error_count || ' ' || services FROM traces "
                        "ORDER BY 1");
  while (traces.step())
    rows.push_back(traces.columnText(0));
  return rows;
}

std::int64_t count(Workspace& workspace, const std::string& sql) {
  StoreStatement q(workspace.db(), sql);
  return q.step() ? q.columnInt(0) : -1;
}

struct CallOptions {
  std::vector<std::pair<std::string, std::string>> metadata;
  // The client compresses the message with this (grpc-encoding: gzip or deflate).
  grpc_compression_algorithm compression = GRPC_COMPRESS_NONE;
  bool precompressed = false;  // the message is gzip data already: sent as a compressed one
};

struct Reply {
  grpc::Status status;
  std::string message;  // the response message when OK
};

// One unary call through grpc++'s generic stub, started now; get() waits for its answer.
class Call {
 public:
  Call(const std::string& address, const std::string& method, const std::string& message,
       const CallOptions& options = {})
      : m_stub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials())) {
    m_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    for (const auto& [key, value] : options.metadata)
      m_context.AddMetadata(key, value);
    if (options.compression != GRPC_COMPRESS_NONE)
      m_context.set_compression_algorithm(options.compression);
    if (options.precompressed)
      m_context.set_compression_algorithm(GRPC_COMPRESS_GZIP);
    if (options.precompressed) {
      grpc_slice slice = grpc_slice_from_copied_buffer(message.data(), message.size());
      grpc::internal::GrpcByteBufferPeer::adopt(
          &m_request, grpc_raw_compressed_byte_buffer_create(&slice, 1, GRPC_COMPRESS_GZIP));
      grpc_slice_unref(slice);
    } else {
      grpc::Slice slice(message);
      m_request = grpc::ByteBuffer(&slice, 1);
    }
    m_stub.UnaryCall(&m_context, method, grpc::StubOptions(), &m_request, &m_response,
                     [this](grpc::Status status) { m_done.set_value(std::move(status)); });
  }

  Reply get() {
    Reply reply;
    reply.status = m_done.get_future().get();
    std::vector<grpc::Slice> slices;
    if (reply.status.ok() && m_response.Dump(&slices).ok()) {
      for (const auto& slice : slices)
        reply.message.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    return reply;
  }

 private:
  grpc::GenericStub m_stub;
  grpc::ClientContext m_context;
  grpc::ByteBuffer m_request;
  grpc::ByteBuffer m_response;
  std::promise<grpc::Status> m_done;
};

// A workspace, a live writer and a receiver on 127.0.0.1 at a port of its own.
struct Server {
  explicit Server(const std::string& path, OtlpGrpcReceiverOptions options = {},
                  LiveTraceWriterOptions writerOptions = {}) {
    Status status;
    workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    writer = std::make_unique<LiveTraceWriter>(*workspace, "otlp-grpc://test", writerOptions);
    options.port = 0;
    receiver = std::make_unique<OtlpGrpcReceiver>(*writer, options);
    started = receiver->start();
  }
  ~Server() {
    receiver->stop();
    writer->close();
  }
  Reply call(const std::string& method, const std::string& message,
             const CallOptions& options = {}) const {
    return Call(receiver->address(), method, message, options).get();
  }
  std::int64_t spans() const { return count(*workspace, "SELECT count(*) FROM spans"); }

  std::unique_ptr<Workspace> workspace;
  std::unique_ptr<LiveTraceWriter> writer;
  std::unique_ptr<OtlpGrpcReceiver> receiver;
  Status started;
};

// A receiver with a LiveMetricWriter too, for the MetricsService calls.
struct MetricsServer {
  explicit MetricsServer(const std::string& path) {
    Status status;
    workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    traces = std::make_unique<LiveTraceWriter>(*workspace, "otlp-grpc://test");
    metrics = std::make_unique<LiveMetricWriter>(*workspace, "otlp-grpc://test/metrics");
    OtlpGrpcReceiverOptions options;
    options.port = 0;
    options.metrics = metrics.get();
    receiver = std::make_unique<OtlpGrpcReceiver>(*traces, options);
    started = receiver->start();
  }
  ~MetricsServer() {
    receiver->stop();
    metrics->close();
    traces->close();
  }
  Reply call(const std::string& message) const {
    return Call(receiver->address(), kMetrics, message).get();
  }

  std::unique_ptr<Workspace> workspace;
  std::unique_ptr<LiveTraceWriter> traces;
  std::unique_ptr<LiveMetricWriter> metrics;
  std::unique_ptr<OtlpGrpcReceiver> receiver;
  Status started;
};

const char* codeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    default:
      return "another code";
  }
}

std::string mismatch(const Reply& reply, grpc::StatusCode expected) {
  return std::string(codeName(reply.status.error_code())) + " (" + reply.status.error_message() +
         "), expected " + codeName(expected);
}

// `call` is evaluated once.
#define COMPARE_CODE(call, expected)                                                        \
  do {                                                                                      \
    const Reply reply_ = (call);                                                            \
    QVERIFY2(reply_.status.error_code() == (expected), mismatch(reply_, expected).c_str()); \
  } while (false)

}  // namespace

class TestOtlpGrpcReceiver : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  int m_counter = 0;
  std::string newPath() {
    return m_dir.filePath(QStringLiteral("g%1.sightline").arg(++m_counter)).toStdString();
  }

  // The workspace rows of a file import of `file`.
  std::vector<std::string> fileImportOf(const std::string& file, std::uint64_t* spans) {
    Status status;
    auto imported = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    const FileImportResult result = importFile(*imported, kData + file, {});
    *spans = result.spans;
    return result.outcome == FileImportResult::Outcome::Imported ? storedSpans(*imported)
                                                                 : std::vector<std::string>{};
  }

 private slots:
  void storedLikeFileImport() {
    Server server(newPath());
    QVERIFY2(server.started, server.started.message().c_str());
    QVERIFY(server.receiver->port() > 0);
    QCOMPARE(server.receiver->url(), "http://127.0.0.1:" + std::to_string(server.receiver->port()));
    const Reply reply = server.call(kTraces, readFile(kData + "traces.otlp.pb"));
    COMPARE_CODE(reply, grpc::StatusCode::OK);
    live::ExportTraceServiceResponse response;
    QVERIFY(response.ParseFromString(reply.message));
    QVERIFY(!response.has_partial_success());

    std::uint64_t fileSpans = 0;
    const auto expected = fileImportOf("traces.otlp.pb", &fileSpans);
    const auto live = storedSpans(*server.workspace);
    QVERIFY(live.size() > 200);
    QCOMPARE(live, expected);
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM sources WHERE kind = 'live'"), 1);
    const OtlpGrpcCounters counters = server.receiver->counters();
    QCOMPARE(counters.spans, fileSpans);
    QCOMPARE(counters.requests, 1u);
    QCOMPARE(counters.rejected, 0u);
    QCOMPARE(counters.bytes, readFile(kData + "traces.otlp.pb").size());
  }

  // The exporter's three requests of the delimited file, one call each.
  void requestsStoredLikeFileImport() {
    Server server(newPath());
    const auto requests = splitDelimited(readFile(kData + "traces.delimited.otlp.pb"));
    QCOMPARE(requests.size(), 3u);
    for (const std::string& request : requests)
      COMPARE_CODE(server.call(kTraces, request), grpc::StatusCode::OK);
    std::uint64_t fileSpans = 0;
    QCOMPARE(storedSpans(*server.workspace), fileImportOf("traces.delimited.otlp.pb", &fileSpans));
    QCOMPARE(server.receiver->counters().requests, 3u);
  }

  // Requests of the real JS OTLP/gRPC exporter as they came off the wire (gRPC framing: a
  // compressed flag, a 4-byte length, the message), replayed with their path and encoding.
  void realExporterRequests() {
    const std::string dir = SIGHTLINE_TEST_DATA_DIR "/otel-js-grpc/";
    const QJsonObject expected =
        QJsonDocument::fromJson(QByteArray::fromStdString(readFile(dir + "expected.json")))
            .object();
    std::vector<std::string> spans;
    for (const QJsonValue span : expected.value(QLatin1String("spans")).toArray())
      spans.push_back(span.toString().toStdString());
    QCOMPARE(spans.size(), 12u);
    const QJsonObject files = expected.value(QLatin1String("files")).toObject();
    QCOMPARE(files.size(), 2);
    std::vector<std::string> previous;
    for (auto it = files.begin(); it != files.end(); ++it) {
      const std::string framed = readFile(dir + it.key().toStdString());
      QVERIFY(framed.size() > 5);
      const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(framed[i]); };
      const std::uint32_t length =
          (std::uint32_t(byte(1)) << 24) | (byte(2) << 16) | (byte(3) << 8) | byte(4);
      QCOMPARE(std::size_t(length), framed.size() - 5);
      const QJsonObject headers = it.value().toObject();
      CallOptions options;
      options.precompressed = byte(0) == 1;
      QCOMPARE(options.precompressed,
               headers.value(QLatin1String("grpc-encoding")).toString() == QLatin1String("gzip"));
      Server server(newPath());
      COMPARE_CODE(server.call(headers.value(QLatin1String(":path")).toString().toStdString(),
                               framed.substr(5), options),
                   grpc::StatusCode::OK);
      std::vector<std::string> stored;
      StoreStatement q(server.workspace->db(),
                       "SELECT lower(hex(s.trace_id)) || ' ' || lower(hex(s.span_id)) || ' ' || "
                       "n.text FROM spans s JOIN strings n ON n.id = s.name_id ORDER BY 1");
      while (q.step())
        stored.push_back(q.columnText(0));
      QCOMPARE(stored, spans);
      if (!previous.empty())
        QCOMPARE(storedSpans(*server.workspace), previous);
      previous = storedSpans(*server.workspace);
    }
  }

  void resendIsStoredOnce() {
    Server server(newPath());
    const std::string body = readFile(kData + "traces.otlp.pb");
    COMPARE_CODE(server.call(kTraces, body), grpc::StatusCode::OK);
    const std::int64_t spans = server.spans();
    const Reply again = server.call(kTraces, body);
    COMPARE_CODE(again, grpc::StatusCode::OK);
    live::ExportTraceServiceResponse response;
    QVERIFY(response.ParseFromString(again.message));
    QCOMPARE(response.partial_success().rejected_spans(), 0);
    QVERIFY(!response.partial_success().error_message().empty());
    QCOMPARE(server.spans(), spans);
    QCOMPARE(server.receiver->counters().duplicates, static_cast<std::uint64_t>(spans));
  }

  // grpc-encoding: gzip, compressed by the client; and the JS exporter's own gzip body sent
  // as a compressed message as it is.
  void gzipRequests() {
    Server server(newPath());
    CallOptions gzip;
    gzip.compression = GRPC_COMPRESS_GZIP;
    COMPARE_CODE(server.call(kTraces, readFile(kData + "traces.otlp.pb"), gzip),
                 grpc::StatusCode::OK);
    std::uint64_t fileSpans = 0;
    QCOMPARE(storedSpans(*server.workspace), fileImportOf("traces.otlp.pb", &fileSpans));

    Server deflated(newPath());
    CallOptions deflate;
    deflate.compression = GRPC_COMPRESS_DEFLATE;
    COMPARE_CODE(deflated.call(kTraces, readFile(kData + "traces.otlp.pb"), deflate),
                 grpc::StatusCode::OK);
    QCOMPARE(storedSpans(*deflated.workspace), storedSpans(*server.workspace));

    Server second(newPath());
    CallOptions precompressed;
    precompressed.precompressed = true;
    const std::string gz = readFile(kData + "traces.otlp.pb.gz");
    QCOMPARE(gz.substr(0, 2), std::string("\x1f\x8b"));
    COMPARE_CODE(second.call(kTraces, gz, precompressed), grpc::StatusCode::OK);
    QCOMPARE(storedSpans(*second.workspace), storedSpans(*server.workspace));
    QCOMPARE(second.receiver->counters().bytes, readFile(kData + "traces.otlp.pb").size());
  }

  void undecodableIsInvalidArgument() {
    Server server(newPath());
    const Reply reply = server.call(kTraces, std::string("\x0a\xff\xff\xff\x0f garbage", 13));
    COMPARE_CODE(reply, grpc::StatusCode::INVALID_ARGUMENT);
    QVERIFY(!reply.status.error_message().empty());
    CallOptions precompressed;
    precompressed.precompressed = true;
    COMPARE_CODE(server.call(kTraces, "not gzip at all", precompressed),
                 grpc::StatusCode::INVALID_ARGUMENT);
    QCOMPARE(server.spans(), 0);
    QCOMPARE(server.receiver->counters().rejected, 2u);
  }

  void oversizedIsResourceExhausted() {
    OtlpGrpcReceiverOptions options;
    options.maxBodyBytes = 4096;
    Server server(newPath(), options);
    COMPARE_CODE(server.call(kTraces, std::string(10000, 'x')),
                 grpc::StatusCode::RESOURCE_EXHAUSTED);
    // Small on the wire, too large once inflated.
    CallOptions gzip;
    gzip.compression = GRPC_COMPRESS_GZIP;
    COMPARE_CODE(server.call(kTraces, std::string(100000, '\0'), gzip),
                 grpc::StatusCode::RESOURCE_EXHAUSTED);
    COMPARE_CODE(server.call(kTraces, readFile(kData + "traces.otlp.pb"), gzip),
                 grpc::StatusCode::RESOURCE_EXHAUSTED);
    QCOMPARE(server.spans(), 0);
  }

  // readGrpcMessage() inflates up to its cap, across slices; the bomb is a valid stream.
  void messageReader() {
    auto compressed = [](const std::string& bytes) {
      std::vector<grpc_slice> slices;
      for (std::size_t at = 0; at < bytes.size(); at += 1000)
        slices.push_back(grpc_slice_from_copied_buffer(
            bytes.data() + at, std::min<std::size_t>(1000, bytes.size() - at)));
      grpc::ByteBuffer buffer;
      grpc::internal::GrpcByteBufferPeer::adopt(
          &buffer,
          grpc_raw_compressed_byte_buffer_create(slices.data(), slices.size(), GRPC_COMPRESS_GZIP));
      for (grpc_slice& slice : slices)
        grpc_slice_unref(slice);
      return buffer;
    };
    const std::string bomb = gzipBomb(4);
    std::string bytes;
    grpc::ByteBuffer message = compressed(bomb);
    QVERIFY(readGrpcMessage(message, 4u << 20, &bytes) == GrpcMessageRead::Ok);
    QCOMPARE(bytes, std::string(4u << 20, '\0'));
    message = compressed(bomb);
    QVERIFY(readGrpcMessage(message, (4u << 20) - 1, &bytes) == GrpcMessageRead::TooLarge);
    QVERIFY(bytes.empty());
    message = compressed(bomb.substr(0, bomb.size() - 3));
    QVERIFY(readGrpcMessage(message, 8u << 20, &bytes) == GrpcMessageRead::Corrupt);
    grpc::Slice plain(std::string("plain"));
    message = grpc::ByteBuffer(&plain, 1);
    QVERIFY(readGrpcMessage(message, 4, &bytes) == GrpcMessageRead::TooLarge);
    message = grpc::ByteBuffer(&plain, 1);
    QVERIFY(readGrpcMessage(message, 5, &bytes) == GrpcMessageRead::Ok);
    QCOMPARE(bytes, std::string("plain"));
  }

  void gzipBombRefused() {
    const std::string bomb = gzipBomb(1024);
    QVERIFY(bomb.size() < (4u << 20));
    Server server(newPath());
    const std::uint64_t before = rssKiB();
    QElapsedTimer timer;
    timer.start();
    CallOptions precompressed;
    precompressed.precompressed = true;
    const Reply reply = server.call(kTraces, bomb, precompressed);
    const qint64 ms = timer.elapsed();
    const std::uint64_t after = rssKiB();
    COMPARE_CODE(reply, grpc::StatusCode::RESOURCE_EXHAUSTED);
    qInfo("gzip bomb: %zu bytes compressed, refused in %lld ms, RSS %llu -> %llu KiB", bomb.size(),
          static_cast<long long>(ms), static_cast<unsigned long long>(before),
          static_cast<unsigned long long>(after));
    QVERIFY2(after < before + 200 * 1024,
             qPrintable(QStringLiteral("RSS %1 -> %2 KiB").arg(before).arg(after)));
    QCOMPARE(server.spans(), 0);
  }

  void behindWriterIsUnavailableWithRetryInfo() {
    LiveTraceWriterOptions writerOptions;
    writerOptions.capacitySpans = 1;
    writerOptions.commitInterval = std::chrono::milliseconds(600);
    Server server(newPath(), {}, writerOptions);
    const std::string body = readFile(kData + "traces.otlp.pb");
    // The first call holds the writer's queue until its commit, 600 ms later.
    Call first(server.receiver->address(), kTraces, body);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const Reply second = server.call(kTraces, body);
    COMPARE_CODE(second, grpc::StatusCode::UNAVAILABLE);
    live::Status details;
    QVERIFY(details.ParseFromString(second.status.error_details()));
    QCOMPARE(details.code(), static_cast<int>(grpc::StatusCode::UNAVAILABLE));
    QCOMPARE(details.details_size(), 1);
    QCOMPARE(details.details(0).type_url(),
             std::string("type.googleapis.com/google.rpc.RetryInfo"));
    live::RetryInfo retry;
    QVERIFY(retry.ParseFromString(details.details(0).value()));
    QCOMPARE(retry.retry_delay().seconds(), 1);
    COMPARE_CODE(first.get(), grpc::StatusCode::OK);
    QVERIFY(server.spans() > 200);
  }

  void stopAnswersCallsInProgress() {
    LiveTraceWriterOptions writerOptions;
    writerOptions.commitInterval = std::chrono::milliseconds(500);
    Server server(newPath(), {}, writerOptions);
    Call call(server.receiver->address(), kTraces, readFile(kData + "traces.otlp.pb"));
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    server.receiver->stop();
    COMPARE_CODE(call.get(), grpc::StatusCode::OK);
    QVERIFY(server.spans() > 200);
    // Stopped: nothing listens any more.
    QVERIFY(server.call(kTraces, "").status.error_code() == grpc::StatusCode::UNAVAILABLE);
  }

  void apiKey() {
    OtlpGrpcReceiverOptions options;
    options.apiKey = "0123456789abcdef";
    Server server(newPath(), options);
    const std::string body = readFile(kData + "traces.otlp.pb");
    COMPARE_CODE(server.call(kTraces, body), grpc::StatusCode::UNAUTHENTICATED);
    CallOptions wrong;
    wrong.metadata = {{"x-api-key", "0123456789abcdeX"}};
    COMPARE_CODE(server.call(kTraces, body, wrong), grpc::StatusCode::UNAUTHENTICATED);
    wrong.metadata = {{"authorization", "Bearer 0123456789abcde"}};
    COMPARE_CODE(server.call(kTraces, body, wrong), grpc::StatusCode::UNAUTHENTICATED);
    QCOMPARE(server.spans(), 0);
    CallOptions bearer;
    bearer.metadata = {{"authorization", "Bearer 0123456789abcdef"}};
    COMPARE_CODE(server.call(kTraces, body, bearer), grpc::StatusCode::OK);
    const std::int64_t spans = server.spans();
    QVERIFY(spans > 200);
    CallOptions header;
    header.metadata = {{"x-api-key", "0123456789abcdef"}};
    COMPARE_CODE(server.call(kTraces, body, header), grpc::StatusCode::OK);
    QCOMPARE(server.spans(), spans);
    QCOMPARE(server.receiver->counters().rejected, 3u);
  }

  void logsAreRejectedWithAnAnswer() {
    Server server(newPath());
    live::ExportLogsServiceRequest request;
    auto* scope = request.add_resource_logs()->add_scope_logs();
    scope->add_log_records("\x0a\x01x");
    scope->add_log_records("");
    request.add_resource_logs()->add_scope_logs()->add_log_records("");
    const Reply reply = server.call(kLogs, request.SerializeAsString());
    COMPARE_CODE(reply, grpc::StatusCode::OK);
    live::ExportLogsServiceResponse response;
    QVERIFY(response.ParseFromString(reply.message));
    QCOMPARE(response.partial_success().rejected_log_records(), 3);
    QVERIFY(response.partial_success().error_message().find("logs") != std::string::npos);
  }

  // MetricsService/Export into a LiveMetricWriter: stored as the file import of the same
  // request; a resend is stored once, with a warning.
  void metricsStoredLikeFileImport() {
    const std::string file = SIGHTLINE_TEST_DATA_DIR "/otel-js-metrics/metrics.cumulative.otlp.pb";
    MetricsServer server(newPath());
    QVERIFY(server.started);
    Workspace* workspace = server.workspace.get();
    const OtlpGrpcReceiver& receiver = *server.receiver;
    Status status;
    const std::string body = readFile(file);
    const Reply reply = server.call(body);
    COMPARE_CODE(reply, grpc::StatusCode::OK);
    live::ExportMetricsServiceResponse response;
    QVERIFY(response.ParseFromString(reply.message));
    QVERIFY(!response.has_partial_success());

    auto imported = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    const FileImportResult fileImport = importFile(*imported, file, {});
    QCOMPARE(fileImport.outcome, FileImportResult::Outcome::Imported);
    const std::string pointsSql = "SELECT count(*) FROM metric_points";
    QVERIFY(count(*workspace, pointsSql) > 20);
    QCOMPARE(count(*workspace, pointsSql), count(*imported, pointsSql));
    const std::string familiesSql =
        "SELECT group_concat(name, ',') FROM (SELECT name FROM "
        "metric_families ORDER BY name)";
    StoreStatement live(workspace->db(), familiesSql), fromFile(imported->db(), familiesSql);
    QVERIFY(live.step() && fromFile.step());
    QCOMPARE(live.columnText(0), fromFile.columnText(0));
    QCOMPARE(receiver.counters().samples, fileImport.points);
    QVERIFY(receiver.counters().points > 0);

    const Reply again = server.call(body);
    COMPARE_CODE(again, grpc::StatusCode::OK);
    QVERIFY(response.ParseFromString(again.message));
    QVERIFY(!response.partial_success().error_message().empty());
    QCOMPARE(count(*workspace, pointsSql), count(*imported, pointsSql));
    COMPARE_CODE(server.call("\x0a\xff garbage"), grpc::StatusCode::INVALID_ARGUMENT);
  }

  // Delta temporality over gRPC: the SDK's two delta collections, one call each, add up as
  // the file holding both does (the values, not only the counts).
  void deltaMetricsAddUpAcrossCalls() {
    const std::string file =
        SIGHTLINE_TEST_DATA_DIR "/otel-js-metrics/metrics.delta.delimited.otlp.pb";
    MetricsServer server(newPath());
    QVERIFY(server.started);
    Workspace* workspace = server.workspace.get();
    Status status;
    const auto requests = splitDelimited(readFile(file));
    QCOMPARE(requests.size(), std::size_t(2));
    for (const std::string& request : requests)
      COMPARE_CODE(server.call(request), grpc::StatusCode::OK);
    auto imported = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    QCOMPARE(importFile(*imported, file, {}).outcome, FileImportResult::Outcome::Imported);
    const std::string valuesSql =
        "SELECT group_concat(row, '|') FROM (SELECT name || labels || '=' || printf('%.17g', "
        "value) AS row FROM metric_points_view ORDER BY 1)";
    StoreStatement live(workspace->db(), valuesSql), fromFile(imported->db(), valuesSql);
    QVERIFY(live.step() && fromFile.step());
    QVERIFY(!live.columnText(0).empty());
    QCOMPARE(live.columnText(0), fromFile.columnText(0));
  }

  void otherMethodsAreUnimplemented() {
    Server server(newPath());
    COMPARE_CODE(server.call(kMetrics, ""), grpc::StatusCode::UNIMPLEMENTED);
    COMPARE_CODE(server.call("/opentelemetry.proto.collector.trace.v1.TraceService/Other", ""),
                 grpc::StatusCode::UNIMPLEMENTED);
  }

  void remoteBindNeedsTheOption() {
    Status status;
    auto workspace = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    LiveTraceWriter writer(*workspace, "otlp-grpc://test");
    OtlpGrpcReceiverOptions options;
    options.host = "0.0.0.0";
    options.port = 0;
    OtlpGrpcReceiver refused(writer, options);
    const Status s = refused.start();
    QVERIFY(!s);
    QVERIFY(s.message().find("allow-remote") != std::string::npos);
    QCOMPARE(refused.port(), 0);
    options.allowRemote = true;
    OtlpGrpcReceiver allowed(writer, options);
    QVERIFY2(allowed.start(), "0.0.0.0 with allowRemote");
    QVERIFY(allowed.port() > 0);
    allowed.stop();
  }

  void portInUseIsRefused() {
    Server server(newPath());
    QVERIFY(server.started);
    OtlpGrpcReceiverOptions options;
    options.port = server.receiver->port();
    OtlpGrpcReceiver second(*server.writer, options);
    const Status s = second.start();
    QVERIFY(!s);
    QVERIFY(s.message().find("in use") != std::string::npos);
  }
};

QTEST_GUILESS_MAIN(TestOtlpGrpcReceiver)
#include "tst_otlp_grpc_receiver.moc"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "importers/core/file_importer.h"
#include "importers/live/http_library.h"
#include "importers/live/otlp_http_receiver.h"
#include "importers/live/otlp_service.pb.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/live_trace_writer.h"
#include "model/traces/store_attributes.h"

using namespace sightline;

namespace {

const std::string kData = SIGHTLINE_TEST_DATA_DIR "/otel-js/";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every stored span with its strings and attributes resolved, then the trace summaries:
// what must be equal whether the spans came through the receiver or a file import.
std::vector<std::string> storedSpans(Workspace& workspace) {
  std::vector<std::string> rows;
  StoreStatement spans(
      workspace.db(),
      "SELECT hex(s.trace_id) || '/' || hex(s.span_id) || '/' || ifnull(hex(s.parent_span_id), "
      "'') || '/' || n.text || '/' || sv.text || '/' || s.kind || '/' || s.start_ns || '/' || "
      "s.end_ns || '/' || s.status_code || '/' || ifnull(s.status_message, '') || '/' || "
      "ifnull((SELECT group_concat(k.text || '=' || a.type || ':' || " +
          attributeValueSql("a") +
          ", ',') FROM span_attributes a JOIN strings k ON k.id = a.key_id WHERE a.span_id = "
          "s.id), '') || '/' || (SELECT count(*) FROM span_events e WHERE e.span_id = s.id) || "
          "'/' || (SELECT count(*) FROM span_links l WHERE l.span_id = s.id) FROM spans s JOIN "
          "strings n ON n.id = s.name_id JOIN strings sv ON sv.id = s.service_id ORDER BY 1");
  while (spans.step())
    rows.push_back(spans.columnText(0));
  StoreStatement traces(
      workspace.db(),
      "SELECT hex(trace_id) || '/' || start_ns || '/' || duration_ns || '/' || "
      "span_count || '/' || error_count || '/' || services FROM traces ORDER BY 1");
  while (traces.step())
    rows.push_back(traces.columnText(0));
  return rows;
}

std::int64_t count(Workspace& workspace, const std::string& sql) {
  StoreStatement q(workspace.db(), sql);
  return q.step() ? q.columnInt(0) : -1;
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

// `zeros` zero bytes, gzip-compressed without ever holding them: a gzip bomb.
std::string gzipOfZeros(std::uint64_t zeros) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + 15, 9, Z_RLE);
  std::string out;
  std::vector<unsigned char> in(1 << 20, 0);
  std::vector<unsigned char> buffer(1 << 16);
  std::uint64_t left = zeros;
  int flush = Z_NO_FLUSH;
  while (flush != Z_FINISH) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(left, in.size()));
    left -= n;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = in.data();
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, flush);
      out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

// A workspace, a live writer and a receiver on 127.0.0.1 at a port of its own.
struct Server {
  explicit Server(const std::string& path, OtlpHttpReceiverOptions options = {},
                  LiveTraceWriterOptions writerOptions = {}) {
    Status status;
    workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    writer = std::make_unique<LiveTraceWriter>(*workspace, "otlp-http://test", writerOptions);
    options.port = 0;
    receiver = std::make_unique<OtlpHttpReceiver>(*writer, options);
    started = receiver->start();
  }
  ~Server() {
    receiver->stop();
    writer->close();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", receiver->port());
    c.set_read_timeout(30, 0);
    return c;
  }

  std::unique_ptr<Workspace> workspace;
  std::unique_ptr<LiveTraceWriter> writer;
  std::unique_ptr<OtlpHttpReceiver> receiver;
  Status started;
};

live::Status rpcStatus(const httplib::Result& result) {
  live::Status status;
  status.ParseFromString(result->body);
  return status;
}

}  // namespace

class TestOtlpHttpReceiver : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  int m_counter = 0;
  std::string newPath() {
    return m_dir.filePath(QStringLiteral("r%1.sightline").arg(++m_counter)).toStdString();
  }

  void storedLikeFileImport(const std::string& file, const char* type) {
    Server server(newPath());
    QVERIFY2(server.started, server.started.message().c_str());
    QVERIFY(server.receiver->port() > 0);
    auto client = server.client();
    auto result = client.Post("/v1/traces", readFile(kData + file), type);
    QVERIFY(result);
    QCOMPARE(result->status, 200);
    QCOMPARE(result->get_header_value("Content-Type"), std::string(type));
    if (std::string(type) == "application/x-protobuf") {
      live::ExportTraceServiceResponse response;
      QVERIFY(response.ParseFromString(result->body));
      QVERIFY(!response.has_partial_success());
    } else {
      QCOMPARE(result->body, std::string("{}"));
    }

    Status status;
    auto imported = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    QVERIFY(imported);
    const FileImportResult fileImport = importFile(*imported, kData + file, {});
    QCOMPARE(fileImport.outcome, FileImportResult::Outcome::Imported);
    const auto live = storedSpans(*server.workspace);
    QVERIFY(live.size() > 10);
    QCOMPARE(live, storedSpans(*imported));
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM sources WHERE kind = 'live'"), 1);
    QCOMPARE(server.receiver->counters().spans, fileImport.spans);
  }

 private slots:
  void protobufStoredLikeFileImport() {
    storedLikeFileImport("traces.otlp.pb", "application/x-protobuf");
  }
  void jsonStoredLikeFileImport() { storedLikeFileImport("traces.otlp.json", "application/json"); }

  void resendIsStoredOnce() {
    Server server(newPath());
    auto client = server.client();
    const std::string body = readFile(kData + "traces.otlp.pb");
    QCOMPARE(client.Post("/v1/traces", body, "application/x-protobuf")->status, 200);
    const std::int64_t spans = count(*server.workspace, "SELECT count(*) FROM spans");
    auto again = client.Post("/v1/traces", body, "application/x-protobuf");
    QCOMPARE(again->status, 200);
    live::ExportTraceServiceResponse response;
    QVERIFY(response.ParseFromString(again->body));
    QCOMPARE(response.partial_success().rejected_spans(), 0);
    QVERIFY(!response.partial_success().error_message().empty());
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM spans"), spans);
    QCOMPARE(server.receiver->counters().duplicates, static_cast<std::uint64_t>(spans));
  }

  void gzipBody() {
    Server server(newPath());
    auto client = server.client();
    auto result = client.Post("/v1/traces", {{"Content-Encoding", "gzip"}},
                              readFile(kData + "traces.otlp.pb.gz"), "application/x-protobuf");
    QCOMPARE(result->status, 200);
    QVERIFY(count(*server.workspace, "SELECT count(*) FROM spans") > 10);
  }

  void gzipBombRefusedEarly() {
    const std::string bomb = gzipOfZeros(1ull << 30);
    QVERIFY(bomb.size() < (4u << 20));
    Server server(newPath());
    auto client = server.client();
    const std::uint64_t before = rssKiB();
    QElapsedTimer timer;
    timer.start();
    auto result =
        client.Post("/v1/traces", {{"Content-Encoding", "gzip"}}, bomb, "application/x-protobuf");
    const qint64 ms = timer.elapsed();
    const std::uint64_t after = rssKiB();
    QVERIFY(result);
    QCOMPARE(result->status, 413);
    QVERIFY(!rpcStatus(result).message().empty());
    // 1 GiB inflates at well over 1 GiB/s, so a full inflate would also be quick; the
    // memory is the proof: at most the 64 MiB cap (and its string's growth) was held.
    QVERIFY2(after < before + 200 * 1024,
             qPrintable(QStringLiteral("RSS %1 -> %2 KiB").arg(before).arg(after)));
    QVERIFY(ms < 10000);
    qInfo("gzip bomb: %zu bytes compressed, refused in %lld ms, RSS %llu -> %llu KiB", bomb.size(),
          static_cast<long long>(ms), static_cast<unsigned long long>(before),
          static_cast<unsigned long long>(after));
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM spans"), 0);
  }

  void oversizedBodyRefused() {
    OtlpHttpReceiverOptions options;
    options.maxBodyBytes = 4096;
    Server server(newPath(), options);
    auto client = server.client();
    auto result = client.Post("/v1/traces", std::string(10000, 'x'), "application/x-protobuf");
    QCOMPARE(result->status, 413);
  }

  void undecodableIs400() {
    Server server(newPath());
    auto client = server.client();
    auto proto = client.Post("/v1/traces", std::string("\x0a\xff\xff\xff\x0f garbage", 13),
                             "application/x-protobuf");
    QCOMPARE(proto->status, 400);
    QVERIFY(!rpcStatus(proto).message().empty());
    auto json = client.Post("/v1/traces", "{\"resourceSpans\": [", "application/json");
    QCOMPARE(json->status, 400);
    QCOMPARE(json->get_header_value("Content-Type"), std::string("application/json"));
    QVERIFY(json->body.find("\"message\"") != std::string::npos);
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM spans"), 0);
  }

  void onlyPostIsAllowed() {
    Server server(newPath());
    auto client = server.client();
    auto get = client.Get("/v1/traces");
    QCOMPARE(get->status, 405);
    QCOMPARE(get->get_header_value("Allow"), std::string("POST"));
    QCOMPARE(client.Put("/v1/traces", "x", "application/json")->status, 405);
    QCOMPARE(client.Delete("/v1/logs")->status, 405);
  }

  void otherContentTypeIs415() {
    Server server(newPath());
    auto client = server.client();
    QCOMPARE(client.Post("/v1/traces", "hello", "text/plain")->status, 415);
    QCOMPARE(client.Post("/v1/traces", "{}", "application/json; charset=utf-8")->status, 200);
  }

  void behindWriterIs503() {
    LiveTraceWriterOptions writerOptions;
    writerOptions.capacitySpans = 1;
    writerOptions.commitInterval = std::chrono::milliseconds(1500);
    Server server(newPath(), {}, writerOptions);
    const std::string body = readFile(kData + "traces.otlp.pb");
    int firstStatus = 0;
    std::thread first([&] {
      auto client = server.client();
      firstStatus = client.Post("/v1/traces", body, "application/x-protobuf")->status;
    });
    // The first request holds the queue until its commit; wait until it is queued.
    QElapsedTimer timer;
    timer.start();
    int status = 0;
    std::string retryAfter;
    auto client = server.client();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    while (timer.elapsed() < 1000) {
      auto result = client.Post("/v1/traces", body, "application/x-protobuf");
      status = result->status;
      retryAfter = result->get_header_value("Retry-After");
      if (status == 503)
        break;
    }
    first.join();
    QCOMPARE(status, 503);
    QCOMPARE(retryAfter, std::string("1"));
    QCOMPARE(firstStatus, 200);
  }

  // While one request's body is being read, another that would take the bodies held beyond
  // maxHeldBodyBytes is answered 503; the first one is served as usual.
  void heldBodiesBeyondTheBudgetAre503() {
    const std::string body = readFile(kData + "traces.otlp.pb");
    const std::size_t half = body.size() / 2;
    OtlpHttpReceiverOptions options;
    options.maxHeldBodyBytes = half + body.size() / 4;
    Server server(newPath(), options);
    // The first request sends its headers and half of its body, then waits.
    httplib::Client slow("127.0.0.1", server.receiver->port());
    std::size_t sent = 0;
    bool released = false;
    std::mutex mutex;
    std::condition_variable cv;
    int slowStatus = 0;
    std::thread first([&] {
      auto result = slow.Post(
          "/v1/traces", body.size(),
          [&](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            if (offset >= half) {
              std::unique_lock lock(mutex);
              cv.wait(lock, [&] { return released; });
            }
            const std::size_t n = std::min(length, offset < half ? half - offset : length);
            sink.write(body.data() + offset, n);
            sent += n;
            return true;
          },
          "application/x-protobuf");
      slowStatus = result ? result->status : -1;
    });
    QTRY_VERIFY_WITH_TIMEOUT(server.receiver->counters().heldBodyBytes >= half / 2, 10000);
    auto client = server.client();
    auto refused = client.Post("/v1/traces", body, "application/x-protobuf");
    {
      std::lock_guard lock(mutex);
      released = true;
    }
    cv.notify_all();
    first.join();
    QVERIFY(refused);
    QCOMPARE(refused->status, 503);
    QCOMPARE(refused->get_header_value("Retry-After"), std::string("1"));
    QVERIFY(rpcStatus(refused).message().find("request bodies") != std::string::npos);
    QCOMPARE(slowStatus, 200);
    QCOMPARE(sent, body.size());
    QCOMPARE(server.receiver->counters().heldBodyBytes, 0u);
    // Alone, a body larger than the budget is taken: the size cap is what limits one body.
    QCOMPARE(client.Post("/v1/traces", body, "application/x-protobuf")->status, 200);
  }

  void logsAreRejectedWithAnAnswer() {
    Server server(newPath());
    auto client = server.client();
    live::ExportLogsServiceRequest request;
    auto* scope = request.add_resource_logs()->add_scope_logs();
    scope->add_log_records("\x0a\x01x");
    scope->add_log_records("");
    request.add_resource_logs()->add_scope_logs()->add_log_records("");
    auto proto = client.Post("/v1/logs", request.SerializeAsString(), "application/x-protobuf");
    QCOMPARE(proto->status, 200);
    live::ExportLogsServiceResponse response;
    QVERIFY(response.ParseFromString(proto->body));
    QCOMPARE(response.partial_success().rejected_log_records(), 3);
    QVERIFY(!response.partial_success().error_message().empty());
    auto json =
        client.Post("/v1/logs", "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{},{}]}]}]}",
                    "application/json");
    QCOMPARE(json->status, 200);
    QVERIFY2(json->body.find("\"rejectedLogRecords\":\"2\"") != std::string::npos,
             json->body.c_str());
  }

  void remoteBindNeedsTheOption() {
    Status status;
    auto workspace = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    LiveTraceWriter writer(*workspace, "otlp-http://test");
    OtlpHttpReceiverOptions options;
    options.host = "0.0.0.0";
    options.port = 0;
    OtlpHttpReceiver refused(writer, options);
    const Status s = refused.start();
    QVERIFY(!s);
    QVERIFY(s.message().find("allow-remote") != std::string::npos);
    options.allowRemote = true;
    OtlpHttpReceiver allowed(writer, options);
    QVERIFY(allowed.start());
    QVERIFY(allowed.port() > 0);
    allowed.stop();
    QVERIFY(isLoopbackHost("127.0.0.1"));
    QVERIFY(isLoopbackHost("::1"));
    QVERIFY(!isLoopbackHost("192.168.1.4"));
  }
};

QTEST_GUILESS_MAIN(TestOtlpHttpReceiver)
#include "tst_otlp_http_receiver.moc"

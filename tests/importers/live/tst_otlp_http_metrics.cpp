// POST /v1/metrics on the OTLP/HTTP receiver, and the receiver's API key and CORS.
#include <QTemporaryDir>
#include <QtTest>

#include <google/protobuf/util/json_util.h>
#include <zlib.h>

#include <fstream>
#include <thread>

#include "importers/core/file_importer.h"
#include "importers/live/http_library.h"
#include "importers/live/otlp_http_receiver.h"
#include "importers/live/otlp_service.pb.h"
#include "importers/otlp/otlp_metrics.pb.h"
#include "model/metrics/live_metric_writer.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/live_trace_writer.h"

using namespace sightline;

namespace {

const std::string kData = SIGHTLINE_TEST_DATA_DIR "/otel-js-metrics/";
const std::string kTraces = SIGHTLINE_TEST_DATA_DIR "/otel-js/traces.otlp.pb";
constexpr const char* kProto = "application/x-protobuf";
constexpr const char* kJson = "application/json";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The requests of a length-delimited protobuf file.
std::vector<std::string> delimitedMessages(const std::string& data) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::uint64_t length = 0;
    for (int shift = 0; pos < data.size(); shift += 7) {
      const auto byte = static_cast<std::uint8_t>(data[pos++]);
      length |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80))
        break;
    }
    out.push_back(data.substr(pos, length));
    pos += length;
  }
  return out;
}

std::vector<std::string> jsonLines(const std::string& data) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t end = data.find('\n', pos);
    if (end == std::string::npos)
      end = data.size();
    if (end > pos)
      out.push_back(data.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::string gzip(const std::string& data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Every stored point with its family, series and time: what must be equal whether the
// metrics came through the receiver or a file import.
std::vector<std::string> storedPoints(Workspace& workspace) {
  std::vector<std::string> rows;
  StoreStatement q(workspace.db(),
                   "SELECT family || ' ' || type || ' ' || name || ' ' || labels || ' @' || "
                   "time_ms || ' = ' || ifnull(printf('%.17g', value), 'NaN') FROM "
                   "metric_points_view ORDER BY 1");
  while (q.step())
    rows.push_back(q.columnText(0));
  return rows;
}

std::int64_t count(Workspace& workspace, const std::string& sql) {
  StoreStatement q(workspace.db(), sql);
  return q.step() ? q.columnInt(0) : -1;
}

struct Server {
  explicit Server(const std::string& path, OtlpHttpReceiverOptions options = {},
                  LiveMetricWriterOptions metricOptions = {}, bool withMetrics = true) {
    Status status;
    workspace = Workspace::open(path, Workspace::Mode::ReadWrite, &status);
    traces = std::make_unique<LiveTraceWriter>(*workspace, "otlp-http://test");
    metrics = std::make_unique<LiveMetricWriter>(*workspace, "otlp-http://test/v1/metrics",
                                                 metricOptions);
    options.port = 0;
    if (withMetrics)
      options.metrics = metrics.get();
    receiver = std::make_unique<OtlpHttpReceiver>(*traces, options);
    started = receiver->start();
  }
  ~Server() {
    receiver->stop();
    metrics->close();
    traces->close();
  }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", receiver->port());
    c.set_read_timeout(30, 0);
    return c;
  }

  std::unique_ptr<Workspace> workspace;
  std::unique_ptr<LiveTraceWriter> traces;
  std::unique_ptr<LiveMetricWriter> metrics;
  std::unique_ptr<OtlpHttpReceiver> receiver;
  Status started;
};

live::Status rpcStatus(const httplib::Result& result) {
  live::Status status;
  status.ParseFromString(result->body);
  return status;
}

// A request with a good gauge (one point) and a histogram whose two points have bucket counts
// that do not match its bounds.
otlp::ExportMetricsServiceRequest partlyBadRequest() {
  otlp::ExportMetricsServiceRequest request;
  auto* resource = request.add_resource_metrics();
  auto* name = resource->mutable_resource()->add_attributes();
  name->set_key("service.name");
  name->mutable_value()->set_string_value("partial");
  auto* scope = resource->add_scope_metrics();
  scope->mutable_scope()->set_name("test");
  auto* gauge = scope->add_metrics();
  gauge->set_name("queue.depth");
  auto* point = gauge->mutable_gauge()->add_data_points();
  point->set_time_unix_nano(1'700'000'000'000'000'000ull);
  point->set_as_double(7);
  auto* histogram = scope->add_metrics();
  histogram->set_name("bad.latency");
  histogram->mutable_histogram()->set_aggregation_temporality(
      otlp::AGGREGATION_TEMPORALITY_CUMULATIVE);
  for (int i = 0; i < 2; ++i) {
    auto* h = histogram->mutable_histogram()->add_data_points();
    h->set_time_unix_nano(1'700'000'000'000'000'000ull);
    h->add_explicit_bounds(1);
    h->add_explicit_bounds(2);
    h->add_bucket_counts(1);  // three bounds+1 expected, one given
    h->set_count(1);
  }
  return request;
}

}  // namespace

class TestOtlpHttpMetrics : public QObject {
  Q_OBJECT

  QTemporaryDir m_dir;
  int m_counter = 0;
  std::string newPath() {
    return m_dir.filePath(QStringLiteral("m%1.sightline").arg(++m_counter)).toStdString();
  }

  // Posts each body, then compares the stored points with a file import of `file`.
  void storedLikeFileImport(const std::string& file, const std::vector<std::string>& bodies,
                            const char* type) {
    Server server(newPath());
    QVERIFY2(server.started, server.started.message().c_str());
    auto client = server.client();
    for (const std::string& body : bodies) {
      auto result = client.Post("/v1/metrics", body, type);
      QVERIFY(result);
      QCOMPARE(result->status, 200);
      QCOMPARE(result->get_header_value("Content-Type"), std::string(type));
      if (std::string(type) == kProto) {
        live::ExportMetricsServiceResponse response;
        QVERIFY(response.ParseFromString(result->body));
        QVERIFY(!response.has_partial_success());
      } else {
        QCOMPARE(result->body, std::string("{}"));
      }
    }
    Status status;
    auto imported = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    QVERIFY(imported);
    const FileImportResult fileImport = importFile(*imported, kData + file, {});
    QCOMPARE(fileImport.outcome, FileImportResult::Outcome::Imported);
    const auto live = storedPoints(*server.workspace);
    QVERIFY(live.size() > 20);
    QCOMPARE(live, storedPoints(*imported));
    QCOMPARE(server.receiver->counters().samples, fileImport.points);
    QVERIFY(server.receiver->counters().points > 0);
    QCOMPARE(server.receiver->counters().requests, static_cast<std::uint64_t>(bodies.size()));
    QCOMPARE(count(*server.workspace,
                   "SELECT count(*) FROM sources WHERE kind = 'live' AND path "
                   "= 'otlp-http://test/v1/metrics'"),
             1);
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM metric_snapshots"),
             count(*imported, "SELECT count(*) FROM metric_snapshots"));
  }

 private slots:
  void protobufStoredLikeFileImport() {
    storedLikeFileImport("metrics.cumulative.otlp.pb",
                         {readFile(kData + "metrics.cumulative.otlp.pb")}, kProto);
  }
  void jsonStoredLikeFileImport() {
    storedLikeFileImport("metrics.cumulative.otlp.json",
                         {readFile(kData + "metrics.cumulative.otlp.json")}, kJson);
  }
  // Two collections of the SDK, one request each, read like the file holding both.
  void twoCollectionsStoredLikeFileImport() {
    const auto proto = delimitedMessages(readFile(kData + "metrics.cumulative.delimited.otlp.pb"));
    QCOMPARE(proto.size(), std::size_t(2));
    storedLikeFileImport("metrics.cumulative.delimited.otlp.pb", proto, kProto);
    const auto json = jsonLines(readFile(kData + "metrics.cumulative.otlp.jsonl"));
    QCOMPARE(json.size(), std::size_t(2));
    storedLikeFileImport("metrics.cumulative.otlp.jsonl", json, kJson);
  }

  // Delta temporality: each of the SDK's collections carries what changed since the last
  // one. Posted one request each, the series add up across requests as they do across the
  // file's collections.
  void deltaCollectionsAddUpLikeFileImport() {
    const auto proto = delimitedMessages(readFile(kData + "metrics.delta.delimited.otlp.pb"));
    QCOMPARE(proto.size(), std::size_t(2));
    storedLikeFileImport("metrics.delta.delimited.otlp.pb", proto, kProto);
    const auto json = jsonLines(readFile(kData + "metrics.delta.otlp.jsonl"));
    QCOMPARE(json.size(), std::size_t(2));
    storedLikeFileImport("metrics.delta.otlp.jsonl", json, kJson);
  }

  // A delta request answered 503 (the writer is behind) and sent again is counted once: the
  // totals take a request only once the writer accepted it.
  void deltaRefusedThenResentCountsOnce() {
    LiveMetricWriterOptions metricOptions;
    metricOptions.capacityPoints = 1;
    metricOptions.commitInterval = std::chrono::milliseconds(1500);
    Server server(newPath(), {}, metricOptions);
    const auto bodies = delimitedMessages(readFile(kData + "metrics.delta.delimited.otlp.pb"));
    QCOMPARE(bodies.size(), std::size_t(2));
    int firstStatus = 0;
    std::thread first([&] {
      auto client = server.client();
      firstStatus = client.Post("/v1/metrics", bodies[0], kProto)->status;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    auto client = server.client();
    const int refused = client.Post("/v1/metrics", bodies[1], kProto)->status;
    first.join();
    QCOMPARE(firstStatus, 200);
    QCOMPARE(refused, 503);
    QCOMPARE(client.Post("/v1/metrics", bodies[1], kProto)->status, 200);

    Status status;
    auto imported = Workspace::open(newPath(), Workspace::Mode::ReadWrite, &status);
    QVERIFY(imported);
    QCOMPARE(importFile(*imported, kData + "metrics.delta.delimited.otlp.pb", {}).outcome,
             FileImportResult::Outcome::Imported);
    QCOMPARE(storedPoints(*server.workspace), storedPoints(*imported));
  }

  void gzipBody() {
    Server server(newPath());
    auto client = server.client();
    auto result = client.Post("/v1/metrics", {{"Content-Encoding", "gzip"}},
                              gzip(readFile(kData + "metrics.cumulative.otlp.pb")), kProto);
    QVERIFY(result);
    QCOMPARE(result->status, 200);
    QVERIFY(count(*server.workspace, "SELECT count(*) FROM metric_points") > 20);
  }

  void resendIsStoredOnce() {
    Server server(newPath());
    auto client = server.client();
    const std::string body = readFile(kData + "metrics.cumulative.otlp.pb");
    QCOMPARE(client.Post("/v1/metrics", body, kProto)->status, 200);
    const std::int64_t points = count(*server.workspace, "SELECT count(*) FROM metric_points");
    auto again = client.Post("/v1/metrics", body, kProto);
    QCOMPARE(again->status, 200);
    live::ExportMetricsServiceResponse response;
    QVERIFY(response.ParseFromString(again->body));
    QCOMPARE(response.partial_success().rejected_data_points(), 0);
    QVERIFY(!response.partial_success().error_message().empty());
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM metric_points"), points);
    QCOMPARE(server.receiver->counters().duplicates, static_cast<std::uint64_t>(points));
  }

  void refusedMetricsArePartialSuccess() {
    Server server(newPath());
    auto client = server.client();
    const otlp::ExportMetricsServiceRequest request = partlyBadRequest();
    auto proto = client.Post("/v1/metrics", request.SerializeAsString(), kProto);
    QCOMPARE(proto->status, 200);
    live::ExportMetricsServiceResponse response;
    QVERIFY(response.ParseFromString(proto->body));
    QCOMPARE(response.partial_success().rejected_data_points(), 2);
    const std::string message = response.partial_success().error_message();
    QVERIFY2(message.find("bad.latency") != std::string::npos, message.c_str());
    // The good gauge is stored, nothing of the histogram.
    QCOMPARE(count(*server.workspace,
                   "SELECT count(*) FROM metric_points_view WHERE name = 'queue_depth'"),
             1);
    QCOMPARE(
        count(*server.workspace, "SELECT count(*) FROM metric_families WHERE name LIKE 'bad%'"), 0);

    // JSON in, JSON out (int64 as a string, as protobuf's JSON mapping writes it).
    std::string json;
    QVERIFY(google::protobuf::util::MessageToJsonString(request, &json).ok());
    auto answer = client.Post("/v1/metrics", json, kJson);
    QCOMPARE(answer->status, 200);
    QCOMPARE(answer->get_header_value("Content-Type"), std::string(kJson));
    QVERIFY2(answer->body.find("\"rejectedDataPoints\":\"2\"") != std::string::npos,
             answer->body.c_str());
  }

  void undecodableIs400() {
    Server server(newPath());
    auto client = server.client();
    auto proto =
        client.Post("/v1/metrics", std::string("\x0a\xff\xff\xff\x0f garbage", 13), kProto);
    QCOMPARE(proto->status, 400);
    QCOMPARE(rpcStatus(proto).code(), 3);
    QVERIFY(!rpcStatus(proto).message().empty());
    auto json = client.Post("/v1/metrics", "{\"resourceMetrics\": [", kJson);
    QCOMPARE(json->status, 400);
    QCOMPARE(json->get_header_value("Content-Type"), std::string(kJson));
    QVERIFY(json->body.find("\"message\"") != std::string::npos);
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM metric_points"), 0);
    QCOMPARE(server.receiver->counters().rejected, 2u);
  }

  void otherStatusCodes() {
    OtlpHttpReceiverOptions options;
    options.maxBodyBytes = 1000;
    Server server(newPath(), options);
    auto client = server.client();
    QCOMPARE(
        client.Post("/v1/metrics", readFile(kData + "metrics.cumulative.otlp.pb"), kProto)->status,
        413);
    QCOMPARE(client.Post("/v1/metrics", "x", "text/plain")->status, 415);
    auto get = client.Get("/v1/metrics");
    QCOMPARE(get->status, 405);
    QCOMPARE(get->get_header_value("Allow"), std::string("POST"));
    // An empty request stores nothing and is fine.
    QCOMPARE(client.Post("/v1/metrics", "{}", kJson)->status, 200);
    QCOMPARE(client.Post("/v1/metrics", "", kProto)->status, 200);
  }

  void withoutMetricWriterIs404() {
    Server server(newPath(), {}, {}, false);
    auto client = server.client();
    QCOMPARE(
        client.Post("/v1/metrics", readFile(kData + "metrics.cumulative.otlp.pb"), kProto)->status,
        404);
  }

  void behindWriterIs503() {
    LiveMetricWriterOptions metricOptions;
    metricOptions.capacityPoints = 1;
    metricOptions.commitInterval = std::chrono::milliseconds(1500);
    Server server(newPath(), {}, metricOptions);
    const std::string body = readFile(kData + "metrics.cumulative.otlp.pb");
    int firstStatus = 0;
    std::thread first([&] {
      auto client = server.client();
      firstStatus = client.Post("/v1/metrics", body, kProto)->status;
    });
    QElapsedTimer timer;
    timer.start();
    int status = 0;
    std::string retryAfter;
    auto client = server.client();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    while (timer.elapsed() < 1000) {
      auto result = client.Post("/v1/metrics", body, kProto);
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

  void apiKey() {
    OtlpHttpReceiverOptions options;
    options.apiKey = "s3cret-key";
    Server server(newPath(), options);
    auto client = server.client();
    const std::string body = readFile(kData + "metrics.cumulative.otlp.pb");
    for (const char* path : {"/v1/metrics", "/v1/traces"}) {
      auto none = client.Post(path, body, kProto);
      QCOMPARE(none->status, 401);
      QCOMPARE(none->get_header_value("WWW-Authenticate"), std::string("Bearer"));
      QCOMPARE(rpcStatus(none).code(), 16);
      QVERIFY(!rpcStatus(none).message().empty());
    }
    QCOMPARE(client.Post("/v1/metrics", {{"Authorization", "Bearer wrong"}}, body, kProto)->status,
             401);
    QCOMPARE(client.Post("/v1/metrics", {{"x-api-key", "s3cret-keyX"}}, body, kProto)->status, 401);
    auto json = client.Post("/v1/metrics", "{}", kJson);
    QCOMPARE(json->status, 401);
    QCOMPARE(json->get_header_value("Content-Type"), std::string(kJson));
    QVERIFY(json->body.find("\"code\":16") != std::string::npos);
    QCOMPARE(count(*server.workspace, "SELECT count(*) FROM metric_points"), 0);

    QCOMPARE(
        client.Post("/v1/metrics", {{"Authorization", "Bearer s3cret-key"}}, body, kProto)->status,
        200);
    QCOMPARE(
        client.Post("/v1/traces", {{"x-api-key", "s3cret-key"}}, readFile(kTraces), kProto)->status,
        200);
    QVERIFY(count(*server.workspace, "SELECT count(*) FROM metric_points") > 20);
    QVERIFY(count(*server.workspace, "SELECT count(*) FROM spans") > 10);
    QCOMPARE(server.receiver->counters().rejected, 5u);  // the five 401s
  }

  void corsOffByDefault() {
    Server server(newPath());
    auto client = server.client();
    const httplib::Headers origin = {{"Origin", "http://localhost:3000"}};
    auto preflight = client.Options("/v1/metrics", origin);
    QCOMPARE(preflight->status, 405);
    QVERIFY(!preflight->has_header("Access-Control-Allow-Origin"));
    auto post = client.Post("/v1/metrics", origin, "{}", kJson);
    QCOMPARE(post->status, 200);
    for (const auto& [name, value] : post->headers)
      QVERIFY2(name.rfind("Access-Control-", 0) != 0, name.c_str());
  }

  void corsForAllowedOrigins() {
    OtlpHttpReceiverOptions options;
    options.corsAllowedOrigins = {"http://localhost:3000", "https://app.example"};
    options.apiKey = "k";
    Server server(newPath(), options);
    auto client = server.client();
    const httplib::Headers allowed = {{"Origin", "https://app.example"},
                                      {"Access-Control-Request-Method", "POST"},
                                      {"Access-Control-Request-Headers", "content-type,x-api-key"}};
    // The preflight needs no key.
    for (const char* path : {"/v1/metrics", "/v1/traces"}) {
      auto preflight = client.Options(path, allowed);
      QCOMPARE(preflight->status, 204);
      QCOMPARE(preflight->get_header_value("Access-Control-Allow-Origin"),
               std::string("https://app.example"));
      QCOMPARE(preflight->get_header_value("Vary"), std::string("Origin"));
      QCOMPARE(preflight->get_header_value("Access-Control-Allow-Methods"), std::string("POST"));
      const std::string headers = preflight->get_header_value("Access-Control-Allow-Headers");
      for (const char* h : {"Content-Type", "Content-Encoding", "Authorization", "x-api-key"})
        QVERIFY2(headers.find(h) != std::string::npos, headers.c_str());
      QVERIFY(!preflight->get_header_value("Access-Control-Max-Age").empty());
    }
    auto other = client.Options("/v1/metrics", {{"Origin", "http://evil.example"}});
    QCOMPARE(other->status, 403);
    QVERIFY(!other->has_header("Access-Control-Allow-Origin"));
    QVERIFY(!other->has_header("Access-Control-Allow-Methods"));

    // The answers to an allowed origin carry it, a refusal (401) too; other origins get none.
    auto post = client.Post("/v1/metrics",
                            {{"Origin", "http://localhost:3000"}, {"x-api-key", "k"}}, "{}", kJson);
    QCOMPARE(post->status, 200);
    QCOMPARE(post->get_header_value("Access-Control-Allow-Origin"),
             std::string("http://localhost:3000"));
    auto unauthorized =
        client.Post("/v1/metrics", {{"Origin", "http://localhost:3000"}}, "{}", kJson);
    QCOMPARE(unauthorized->status, 401);
    QCOMPARE(unauthorized->get_header_value("Access-Control-Allow-Origin"),
             std::string("http://localhost:3000"));
    auto foreign = client.Post(
        "/v1/metrics", {{"Origin", "http://evil.example"}, {"x-api-key", "k"}}, "{}", kJson);
    QCOMPARE(foreign->status, 200);
    QVERIFY(!foreign->has_header("Access-Control-Allow-Origin"));
  }
};

QTEST_GUILESS_MAIN(TestOtlpHttpMetrics)
#include "tst_otlp_http_metrics.moc"

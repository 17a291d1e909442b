#include "importers/live/otlp_http_receiver.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <iterator>
#include <mutex>
#include <string_view>
#include <thread>

#include "importers/live/http_library.h"
#include "importers/live/live_api_key.h"
#include "importers/live/otlp_request_decoder.h"
#include "importers/live/otlp_service.pb.h"
#include "model/metrics/live_metric_writer.h"
#include "model/traces/live_trace_writer.h"

namespace sightline {

namespace {

constexpr const char* kProtobufType = "application/x-protobuf";
constexpr const char* kJsonType = "application/json";

// gRPC status codes, as google.rpc.Status carries them.
constexpr int kInvalidArgument = 3;
constexpr int kResourceExhausted = 8;
constexpr int kUnimplemented = 12;
constexpr int kInternal = 13;
constexpr int kUnavailable = 14;
constexpr int kUnauthenticated = 16;

constexpr const char* kPaths[] = {"/v1/traces", "/v1/metrics", "/v1/logs"};
// How long a browser may cache a preflight's answer.
constexpr const char* kCorsMaxAgeSeconds = "7200";

// The request's encoding from its Content-Type (parameters such as charset ignored).
std::optional<OtlpEncoding> encodingOf(const httplib::Request& request) {
  std::string type = request.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type == kProtobufType)
    return OtlpEncoding::Protobuf;
  if (type == kJsonType)
    return OtlpEncoding::Json;
  return std::nullopt;
}

void answer(httplib::Response& response, int status, const google::protobuf::Message& message,
            OtlpEncoding encoding) {
  response.status = status;
  if (encoding == OtlpEncoding::Json) {
    std::string json;
    if (!google::protobuf::util::MessageToJsonString(message, &json).ok())
      json = "{}";
    response.set_content(json, kJsonType);
  } else {
    response.set_content(message.SerializeAsString(), kProtobufType);
  }
}

void answerStatus(httplib::Response& response, int httpStatus, int code, const std::string& text,
                  OtlpEncoding encoding) {
  live::Status status;
  status.set_code(code);
  status.set_message(text);
  answer(response, httpStatus, status, encoding);
}

// A request's share of the bytes all requests' bodies may hold at once.
class HeldBytes {
 public:
  HeldBytes(std::atomic<std::size_t>& total, std::size_t limit) : m_total(total), m_limit(limit) {}
  ~HeldBytes() { m_total.fetch_sub(m_mine); }
  HeldBytes(const HeldBytes&) = delete;
  HeldBytes& operator=(const HeldBytes&) = delete;

  // False (and nothing taken) when `n` more would go beyond the limit while other requests
  // hold bytes too: a body alone is never refused for the budget (the size cap is for that).
  bool add(std::size_t n) {
    const std::size_t total = m_total.fetch_add(n) + n;
    if (total > m_limit && total > m_mine + n) {
      m_total.fetch_sub(n);
      return false;
    }
    m_mine += n;
    return true;
  }

 private:
  std::atomic<std::size_t>& m_total;
  std::size_t m_limit;
  std::size_t m_mine = 0;
};

}  // namespace

bool isLoopbackHost(const std::string& host) {
  std::string h = host;
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']')
    h = h.substr(1, h.size() - 2);
  return h == "localhost" || h == "::1" || h.rfind("127.", 0) == 0;
}

class OtlpHttpReceiver::Impl {
 public:
  Impl(LiveTraceWriter& writer, OtlpHttpReceiverOptions options)
      : m_writer(writer), m_options(std::move(options)) {}

  ~Impl() { stop(); }

  Status start() {
    if (!m_options.allowRemote && !isLoopbackHost(m_options.host)) {
      return Status::error("refusing to listen on " + m_options.host +
                           ": only loopback addresses are allowed without --allow-remote");
    }
    // Content-Length beyond the cap is refused before reading; a little slack lets a body
    // that gzip could not shrink still reach the decompressed-size check.
    m_server.set_payload_max_length(m_options.maxBodyBytes + (1u << 20));
    const auto threads = static_cast<std::size_t>(std::max(1, m_options.threads));
    m_server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // httplib sets SO_REUSEPORT, which lets a second receiver bind the same port and take
    // half of the connections unnoticed: a port in use must be an error.
    m_server.set_socket_options([](int socket) {
      const int yes = 1;
      ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    install();
    if (m_options.port == 0) {
      m_port = m_server.bind_to_any_port(m_options.host);
      if (m_port < 0)
        m_port = 0;
    } else if (m_server.bind_to_port(m_options.host, m_options.port)) {
      m_port = m_options.port;
    }
    if (m_port == 0) {
      return Status::error("cannot listen on " + m_options.host + ":" +
                           std::to_string(m_options.port) +
                           " (the port is in use, or the address is not this machine's)");
    }
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    // stop() only ends a server that is running: wait for it, so that a stop() right after
    // start() cannot be missed and leave the thread listening.
    for (int i = 0; i < 5000 && !m_server.is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return Status::ok();
  }

  void stop() {
    if (m_thread.joinable()) {
      m_server.stop();
      m_thread.join();
    }
  }

  int port() const { return m_port; }
  std::string url() const {
    const bool v6 = m_options.host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + m_options.host + "]" : m_options.host) + ":" +
           std::to_string(m_port);
  }

  OtlpHttpCounters counters() const {
    std::lock_guard lock(m_mutex);
    OtlpHttpCounters counters = m_counters;
    counters.heldBodyBytes = m_heldBodyBytes.load();
    return counters;
  }

 private:
  void install() {
    // Before any route: CORS headers and preflights, then the API key. A refused request's
    // body is not read, so its connection is closed.
    m_server.set_pre_routing_handler(
        [this](const httplib::Request& request, httplib::Response& response) {
          using Result = httplib::Server::HandlerResponse;
          const bool allowedOrigin = corsAllows(request);
          if (allowedOrigin) {
            response.set_header("Access-Control-Allow-Origin", request.get_header_value("Origin"));
            response.set_header("Access-Control-Expose-Headers", "Retry-After");
          }
          if (!m_options.corsAllowedOrigins.empty())
            response.set_header("Vary", "Origin");
          if (request.method == "OPTIONS" && !m_options.corsAllowedOrigins.empty()) {
            count(&OtlpHttpCounters::requests, 1);
            preflight(request, response, allowedOrigin);
            return Result::Handled;
          }
          if (!m_options.apiKey.empty() &&
              !apiKeyAccepts(m_options.apiKey, request.get_header_value("Authorization"),
                             request.get_header_value("x-api-key"))) {
            count(&OtlpHttpCounters::requests, 1);
            count(&OtlpHttpCounters::rejected, 1);
            response.set_header("Connection", "close");
            response.set_header("WWW-Authenticate", "Bearer");
            answerStatus(response, 401, kUnauthenticated,
                         "missing or wrong API key: send it as 'Authorization: Bearer KEY' or "
                         "'x-api-key: KEY'",
                         encodingOf(request).value_or(OtlpEncoding::Protobuf));
            return Result::Handled;
          }
          return Result::Unhandled;
        });
    m_server.Post("/v1/traces", [this](const httplib::Request& request, httplib::Response& response,
                                       const httplib::ContentReader& reader) {
      count(&OtlpHttpCounters::requests, 1);
      serveTraces(request, response, reader);
      if (response.status != 200)
        count(&OtlpHttpCounters::rejected, 1);
    });
    if (m_options.metrics) {
      m_server.Post("/v1/metrics",
                    [this](const httplib::Request& request, httplib::Response& response,
                           const httplib::ContentReader& reader) {
                      count(&OtlpHttpCounters::requests, 1);
                      serveMetrics(request, response, reader);
                      if (response.status != 200)
                        count(&OtlpHttpCounters::rejected, 1);
                    });
    }
    m_server.Post("/v1/logs", [this](const httplib::Request& request, httplib::Response& response,
                                     const httplib::ContentReader& reader) {
      count(&OtlpHttpCounters::requests, 1);
      serveLogs(request, response, reader);
      count(&OtlpHttpCounters::rejected, 1);
    });
    auto notAllowed = [this](const httplib::Request& request, httplib::Response& response) {
      count(&OtlpHttpCounters::requests, 1);
      count(&OtlpHttpCounters::rejected, 1);
      response.set_header("Allow", "POST");
      answerStatus(response, 405, kUnimplemented, request.method + " is not supported: use POST",
                   encodingOf(request).value_or(OtlpEncoding::Protobuf));
    };
    for (const char* path : kPaths) {
      if (!m_options.metrics && std::string_view(path) == "/v1/metrics")
        continue;
      m_server.Get(path, notAllowed);
      m_server.Put(path, notAllowed);
      m_server.Patch(path, notAllowed);
      m_server.Delete(path, notAllowed);
      m_server.Options(path, notAllowed);
    }
  }

  // Reads the (decompressed) body up to the cap. False with the answer set otherwise.
  // The body's bytes count against maxHeldBodyBytes until `held` is destroyed.
  bool readBody(const httplib::ContentReader& reader, httplib::Response& response,
                OtlpEncoding encoding, std::string* body, HeldBytes& held) {
    bool tooLarge = false;
    bool overBudget = false;
    const bool complete = reader([&](const char* data, std::size_t length) {
      if (body->size() + length > m_options.maxBodyBytes) {
        tooLarge = true;  // stop inflating here: a gzip bomb is never expanded further
        return false;
      }
      if (!held.add(length)) {
        overBudget = true;
        return false;
      }
      body->append(data, length);
      return true;
    });
    if (complete) {
      count(&OtlpHttpCounters::bytes, body->size());
      return true;
    }
    body->clear();
    body->shrink_to_fit();
    // The rest of the body is not read: the connection cannot be reused.
    response.set_header("Connection", "close");
    if (overBudget) {
      unavailable(response, encoding,
                  "the receiver holds too many request bodies at once: retry later");
    } else if (tooLarge) {
      answerStatus(response, 413, kResourceExhausted,
                   "the request body is larger than " + std::to_string(m_options.maxBodyBytes) +
                       " bytes after decompression",
                   encoding);
    } else {
      answerStatus(response, 400, kInvalidArgument,
                   "the request body could not be read (bad compression?)", encoding);
    }
    return false;
  }

  void serveTraces(const httplib::Request& request, httplib::Response& response,
                   const httplib::ContentReader& reader) {
    const auto encoding = acceptedEncoding(request, response);
    if (!encoding)
      return;
    std::string body;
    HeldBytes held(m_heldBodyBytes, m_options.maxHeldBodyBytes);
    if (!readBody(reader, response, *encoding, &body, held))
      return;
    const std::uint64_t bytes = body.size();
    TraceBatch batch;
    if (Status s = decodeOtlpTraceRequest(std::move(body), *encoding, &batch); !s) {
      answerStatus(response, 400, kInvalidArgument, "cannot decode the request: " + s.message(),
                   *encoding);
      return;
    }
    auto promise = std::make_shared<std::promise<LiveAck>>();
    std::future<LiveAck> acked = promise->get_future();
    const LiveSubmit submitted = m_writer.submit(
        std::move(batch), bytes, [promise](const LiveAck& ack) { promise->set_value(ack); });
    if (!awaitAck(response, *encoding, submitted, acked))
      return;
    const LiveAck ack = acked.get();
    if (!ack.status) {
      answerStatus(response, 500, kInternal,
                   "the workspace could not store the spans: " + ack.status.message(), *encoding);
      return;
    }
    count(&OtlpHttpCounters::spans, ack.result.spans);
    count(&OtlpHttpCounters::duplicates, ack.result.duplicates);
    live::ExportTraceServiceResponse message;
    if (ack.result.duplicates > 0) {
      // A warning, not a rejection (rejected_spans stays 0, as the specification asks).
      message.mutable_partial_success()->set_error_message(
          std::to_string(ack.result.duplicates) +
          " spans were stored before (a resend) and are kept once");
    }
    answer(response, 200, message, *encoding);
  }

  bool corsAllows(const httplib::Request& request) const {
    if (m_options.corsAllowedOrigins.empty() || !request.has_header("Origin"))
      return false;
    const std::string origin = request.get_header_value("Origin");
    for (const std::string& allowed : m_options.corsAllowedOrigins) {
      if (allowed == "*" || allowed == origin)
        return true;
    }
    return false;
  }

  // A CORS preflight (OPTIONS, never subject to the API key): 204 with what the browser may
  // send from an allowed origin; 403 without any Access-Control-Allow-* otherwise.
  void preflight(const httplib::Request& request, httplib::Response& response, bool allowedOrigin) {
    const std::string_view path = request.path;
    const bool known = std::any_of(std::begin(kPaths), std::end(kPaths),
                                   [&](const char* p) { return path == p; }) &&
                       (m_options.metrics || path != "/v1/metrics");
    if (!known) {
      count(&OtlpHttpCounters::rejected, 1);
      answerStatus(response, 404, kUnimplemented, "no OTLP endpoint at " + request.path,
                   OtlpEncoding::Protobuf);
      return;
    }
    if (!allowedOrigin) {
      count(&OtlpHttpCounters::rejected, 1);
      response.status = 403;
      response.set_content("origin '" + request.get_header_value("Origin") +
                               "' is not allowed to send to this receiver",
                           "text/plain");
      return;
    }
    response.status = 204;
    response.set_header("Access-Control-Allow-Methods", "POST");
    response.set_header("Access-Control-Allow-Headers",
                        "Content-Type, Content-Encoding, Authorization, x-api-key");
    response.set_header("Access-Control-Max-Age", kCorsMaxAgeSeconds);
  }

  // The request's encoding; answers 415 when there is none we speak.
  std::optional<OtlpEncoding> acceptedEncoding(const httplib::Request& request,
                                               httplib::Response& response) {
    const auto encoding = encodingOf(request);
    if (!encoding) {
      response.set_header("Connection", "close");
      answerStatus(response, 415, kInvalidArgument,
                   "unsupported Content-Type '" + request.get_header_value("Content-Type") +
                       "': use application/x-protobuf or application/json",
                   OtlpEncoding::Protobuf);
    }
    return encoding;
  }

  void serveMetrics(const httplib::Request& request, httplib::Response& response,
                    const httplib::ContentReader& reader) {
    const auto encoding = acceptedEncoding(request, response);
    if (!encoding)
      return;
    std::string body;
    HeldBytes held(m_heldBodyBytes, m_options.maxHeldBodyBytes);
    if (!readBody(reader, response, *encoding, &body, held))
      return;
    // Held until the writer took or refused the request: see OtlpDeltaTotals.
    auto deltaLock = m_deltaTotals.lock();
    OtlpMetricsRequest decoded;
    if (Status s = decodeOtlpMetricsRequest(body, *encoding, &decoded, &m_deltaTotals); !s) {
      deltaLock.unlock();
      answerStatus(response, 400, kInvalidArgument, "cannot decode the request: " + s.message(),
                   *encoding);
      return;
    }
    live::ExportMetricsServiceResponse message;
    if (decoded.rejectedPoints > 0 || !decoded.rejectedMessage.empty()) {
      auto* partial = message.mutable_partial_success();
      partial->set_rejected_data_points(static_cast<std::int64_t>(decoded.rejectedPoints));
      partial->set_error_message(decoded.rejectedMessage);
    }
    if (decoded.batches.empty()) {  // nothing to store: nothing to wait for
      deltaLock.unlock();
      answer(response, 200, message, *encoding);
      return;
    }
    LiveMetricSubmission submission;
    submission.batches = std::move(decoded.batches);
    submission.bytes = body.size();
    submission.defaultTimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    body = {};
    auto promise = std::make_shared<std::promise<LiveMetricAck>>();
    std::future<LiveMetricAck> acked = promise->get_future();
    const LiveSubmit submitted = m_options.metrics->submit(
        std::move(submission), [promise](const LiveMetricAck& ack) { promise->set_value(ack); });
    if (submitted == LiveSubmit::Accepted)
      m_deltaTotals.save(decoded.deltaSums, decoded.deltaHistograms);
    deltaLock.unlock();
    if (!awaitAck(response, *encoding, submitted, acked))
      return;
    const LiveMetricAck ack = acked.get();
    if (!ack.status) {
      answerStatus(response, 500, kInternal,
                   "the workspace could not store the metrics: " + ack.status.message(), *encoding);
      return;
    }
    count(&OtlpHttpCounters::points, decoded.points);
    count(&OtlpHttpCounters::samples, ack.points);
    count(&OtlpHttpCounters::duplicates, ack.duplicates);
    if (ack.duplicates > 0 && !message.has_partial_success()) {
      // A warning, not a rejection: the points were stored before.
      message.mutable_partial_success()->set_error_message(
          std::to_string(ack.duplicates) +
          " samples were stored before (a resend) and are kept once");
    }
    answer(response, 200, message, *encoding);
  }

  // Waits for a submission's commit. False with the answer (503) set when it was refused or
  // did not commit in time.
  template <typename Ack>
  bool awaitAck(httplib::Response& response, OtlpEncoding encoding, LiveSubmit submitted,
                std::future<Ack>& acked) {
    if (submitted != LiveSubmit::Accepted) {
      unavailable(response, encoding,
                  submitted == LiveSubmit::Behind ? "the workspace writer is behind: retry later"
                                                  : "the receiver is shutting down");
      return false;
    }
    if (acked.wait_for(std::chrono::milliseconds(m_options.ackTimeoutMs)) !=
        std::future_status::ready) {
      unavailable(response, encoding, "the workspace did not commit in time: retry later");
      return false;
    }
    return true;
  }

  void serveLogs(const httplib::Request& request, httplib::Response& response,
                 const httplib::ContentReader& reader) {
    const auto encoding = acceptedEncoding(request, response);
    if (!encoding)
      return;
    std::string body;
    HeldBytes held(m_heldBodyBytes, m_options.maxHeldBodyBytes);
    if (!readBody(reader, response, *encoding, &body, held))
      return;
    live::ExportLogsServiceResponse message;
    auto* partial = message.mutable_partial_success();
    partial->set_rejected_log_records(
        static_cast<std::int64_t>(countOtlpLogRecords(body, *encoding)));
    partial->set_error_message("Sightline does not store logs: every log record was rejected");
    answer(response, 200, message, *encoding);
  }

  void unavailable(httplib::Response& response, OtlpEncoding encoding, const std::string& text) {
    response.set_header("Retry-After", std::to_string(m_options.retryAfterSeconds));
    answerStatus(response, 503, kUnavailable, text, encoding);
  }

  void count(std::uint64_t OtlpHttpCounters::*field, std::uint64_t n) {
    std::lock_guard lock(m_mutex);
    m_counters.*field += n;
  }

  LiveTraceWriter& m_writer;
  OtlpHttpReceiverOptions m_options;
  std::atomic<std::size_t> m_heldBodyBytes{0};
  OtlpDeltaTotals m_deltaTotals;  // of /v1/metrics' delta series
  httplib::Server m_server;
  int m_port = 0;
  std::thread m_thread;
  mutable std::mutex m_mutex;
  OtlpHttpCounters m_counters;
};

OtlpHttpReceiver::OtlpHttpReceiver(LiveTraceWriter& writer, OtlpHttpReceiverOptions options)
    : m_impl(std::make_unique<Impl>(writer, std::move(options))) {}

OtlpHttpReceiver::~OtlpHttpReceiver() = default;

Status OtlpHttpReceiver::start() {
  return m_impl->start();
}

void OtlpHttpReceiver::stop() {
  m_impl->stop();
}

int OtlpHttpReceiver::port() const {
  return m_impl->port();
}

std::string OtlpHttpReceiver::url() const {
  return m_impl->url();
}

OtlpHttpCounters OtlpHttpReceiver::counters() const {
  return m_impl->counters();
}

}  // namespace sightline

#include "importers/live/otlp_grpc_receiver.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <mutex>
#include <string_view>

#include "importers/live/grpc_message_bytes.h"
#include "importers/live/live_api_key.h"
#include "importers/live/otlp_http_receiver.h"
#include "importers/live/otlp_request_decoder.h"
#include "importers/live/otlp_service.pb.h"
#include "model/metrics/live_metric_writer.h"
#include "model/traces/live_trace_writer.h"

namespace sightline {

namespace {

constexpr std::string_view kTraceExport =
    "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
constexpr std::string_view kMetricsExport =
    "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
constexpr std::string_view kLogsExport =
    "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

// How long stop() lets calls in progress reach their commit before cancelling them.
constexpr std::chrono::seconds kShutdownGrace{10};

// What the calls share with the receiver, which outlives them (stop() waits for every call).
struct ReceiverState {
  LiveTraceWriter& traces;
  OtlpGrpcReceiverOptions options;
  mutable std::mutex mutex;
  OtlpGrpcCounters counters;
  OtlpDeltaTotals deltaTotals;  // of the metrics service's delta series

  void count(std::uint64_t OtlpGrpcCounters::*field, std::uint64_t n) {
    std::lock_guard lock(mutex);
    counters.*field += n;
  }
};

std::string_view metadataValue(const grpc::ServerContextBase& context, std::string_view key) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(grpc::string_ref(key.data(), key.size()));
  return it == metadata.end() ? std::string_view()
                              : std::string_view(it->second.data(), it->second.size());
}

grpc::ByteBuffer bufferOf(const google::protobuf::Message& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

// The google.rpc.Status with a RetryInfo that an UNAVAILABLE answer carries in its
// `grpc-status-details-bin` trailer, serialized.
std::string retryDetails(const std::string& message, int retryDelaySeconds) {
  live::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(retryDelaySeconds);
  live::Status status;
  status.set_code(grpc::StatusCode::UNAVAILABLE);
  status.set_message(message);
  live::Any* detail = status.add_details();
  detail->set_type_url("type.googleapis.com/google.rpc.RetryInfo");
  detail->set_value(retry.SerializeAsString());
  return status.SerializeAsString();
}

// One Export call, from its first metadata to its answer. The client sends one message (the
// methods are unary); the answer is written from the writer's callback once the data is
// committed, so no thread waits for the commit. Deletes itself when gRPC is done with it.
class ExportCall final : public grpc::ServerGenericBidiReactor {
 public:
  ExportCall(ReceiverState& state, grpc::GenericCallbackServerContext* context)
      : m_state(state), m_method(context->method()) {
    m_state.count(&OtlpGrpcCounters::requests, 1);
    if (m_method != kTraceExport && m_method != kMetricsExport && m_method != kLogsExport) {
      fail(grpc::StatusCode::UNIMPLEMENTED, "unknown method " + m_method +
                                                ": Sightline serves the OTLP trace, metrics "
                                                "and logs services' Export");
      return;
    }
    if (!apiKeyAccepts(m_state.options.apiKey, metadataValue(*context, "authorization"),
                       metadataValue(*context, "x-api-key"))) {
      fail(grpc::StatusCode::UNAUTHENTICATED,
           "a valid API key is required (metadata 'authorization: Bearer KEY' or 'x-api-key')");
      return;
    }
    if (m_method == kMetricsExport && m_state.options.metrics == nullptr) {
      fail(grpc::StatusCode::UNIMPLEMENTED, "this receiver does not store metrics");
      return;
    }
    StartRead(&m_request);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // No message: the client half-closed without one, or gRPC refused it (too large)
      // and has already answered.
      fail(grpc::StatusCode::INVALID_ARGUMENT, "the call carried no request message");
      return;
    }
    std::string body;
    switch (readGrpcMessage(m_request, m_state.options.maxBodyBytes, &body)) {
      case GrpcMessageRead::Ok:
        break;
      case GrpcMessageRead::TooLarge:
        tooLarge();
        return;
      case GrpcMessageRead::Corrupt:
        fail(grpc::StatusCode::INVALID_ARGUMENT,
             "the request message does not decompress (corrupt or truncated)");
        return;
      case GrpcMessageRead::Unsupported:
        fail(grpc::StatusCode::UNIMPLEMENTED,
             "unsupported message compression: use gzip or deflate");
        return;
    }
    m_state.count(&OtlpGrpcCounters::bytes, body.size());
    if (m_method == kTraceExport)
      serveTraces(std::move(body));
    else if (m_method == kMetricsExport)
      serveMetrics(std::move(body));
    else
      serveLogs(body);
  }

  void OnDone() override { delete this; }

 private:
  void serveTraces(std::string body) {
    const std::uint64_t bytes = body.size();
    TraceBatch batch;
    if (Status s = decodeOtlpTraceRequest(std::move(body), OtlpEncoding::Protobuf, &batch); !s) {
      fail(grpc::StatusCode::INVALID_ARGUMENT, "cannot decode the request: " + s.message());
      return;
    }
    const LiveSubmit submitted = m_state.traces.submit(
        std::move(batch), bytes, [this](const LiveAck& ack) { tracesCommitted(ack); });
    // Accepted: the callback answers, perhaps already (this may be gone): touch nothing.
    if (submitted == LiveSubmit::Behind)
      unavailable("the workspace writer is behind: retry later");
    else if (submitted == LiveSubmit::Closed)
      unavailable("the receiver is shutting down");
  }

  // On the writer's thread.
  void tracesCommitted(const LiveAck& ack) {
    if (!ack.status) {
      fail(grpc::StatusCode::INTERNAL,
           "the workspace could not store the spans: " + ack.status.message());
      return;
    }
    m_state.count(&OtlpGrpcCounters::spans, ack.result.spans);
    m_state.count(&OtlpGrpcCounters::duplicates, ack.result.duplicates);
    live::ExportTraceServiceResponse response;
    if (ack.result.duplicates > 0) {
      // A warning, not a rejection (rejected_spans stays 0, as the specification asks).
      response.mutable_partial_success()->set_error_message(
          std::to_string(ack.result.duplicates) +
          " spans were stored before (a resend) and are kept once");
    }
    answer(response);
  }

  void serveMetrics(std::string body) {
    // Held until the writer took or refused the request: see OtlpDeltaTotals.
    auto deltaLock = m_state.deltaTotals.lock();
    OtlpMetricsRequest decoded;
    if (Status s =
            decodeOtlpMetricsRequest(body, OtlpEncoding::Protobuf, &decoded, &m_state.deltaTotals);
        !s) {
      deltaLock.unlock();
      fail(grpc::StatusCode::INVALID_ARGUMENT, "cannot decode the request: " + s.message());
      return;
    }
    if (decoded.rejectedPoints > 0 || !decoded.rejectedMessage.empty()) {
      auto* partial = m_metricsResponse.mutable_partial_success();
      partial->set_rejected_data_points(static_cast<std::int64_t>(decoded.rejectedPoints));
      partial->set_error_message(decoded.rejectedMessage);
    }
    m_points = decoded.points;
    if (decoded.batches.empty()) {  // nothing to store: nothing to wait for
      deltaLock.unlock();
      answer(m_metricsResponse);
      return;
    }
    LiveMetricSubmission submission;
    submission.batches = std::move(decoded.batches);
    submission.bytes = body.size();
    submission.defaultTimeMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    body = {};
    ReceiverState& state = m_state;  // `this` may be gone once the request is accepted
    const LiveSubmit submitted = m_state.options.metrics->submit(
        std::move(submission), [this](const LiveMetricAck& ack) { metricsCommitted(ack); });
    if (submitted == LiveSubmit::Accepted) {
      // The callback answers, perhaps already (this may be gone): touch nothing of it.
      state.deltaTotals.save(decoded.deltaSums, decoded.deltaHistograms);
      return;
    }
    deltaLock.unlock();
    if (submitted == LiveSubmit::Behind)
      unavailable("the workspace writer is behind: retry later");
    else if (submitted == LiveSubmit::Closed)
      unavailable("the receiver is shutting down");
  }

  // On the metric writer's thread.
  void metricsCommitted(const LiveMetricAck& ack) {
    if (!ack.status) {
      fail(grpc::StatusCode::INTERNAL,
           "the workspace could not store the metrics: " + ack.status.message());
      return;
    }
    m_state.count(&OtlpGrpcCounters::points, m_points);
    m_state.count(&OtlpGrpcCounters::samples, ack.points);
    m_state.count(&OtlpGrpcCounters::duplicates, ack.duplicates);
    if (ack.duplicates > 0 && !m_metricsResponse.has_partial_success()) {
      // A warning, not a rejection: the points were stored before.
      m_metricsResponse.mutable_partial_success()->set_error_message(
          std::to_string(ack.duplicates) +
          " samples were stored before (a resend) and are kept once");
    }
    answer(m_metricsResponse);
  }

  void serveLogs(const std::string& body) {
    live::ExportLogsServiceResponse response;
    auto* partial = response.mutable_partial_success();
    partial->set_rejected_log_records(
        static_cast<std::int64_t>(countOtlpLogRecords(body, OtlpEncoding::Protobuf)));
    partial->set_error_message("Sightline does not store logs: every log record was rejected");
    m_state.count(&OtlpGrpcCounters::rejected, 1);
    answer(response);
  }

  void answer(const google::protobuf::Message& response) {
    m_response = bufferOf(response);
    StartWriteAndFinish(&m_response, grpc::WriteOptions(), grpc::Status::OK);
  }

  void tooLarge() {
    fail(grpc::StatusCode::RESOURCE_EXHAUSTED, "the request message is larger than " +
                                                   std::to_string(m_state.options.maxBodyBytes) +
                                                   " bytes after decompression");
  }

  void unavailable(const std::string& message) {
    m_state.count(&OtlpGrpcCounters::rejected, 1);
    Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, message,
                        retryDetails(message, m_state.options.retryDelaySeconds)));
  }

  void fail(grpc::StatusCode code, const std::string& message) {
    m_state.count(&OtlpGrpcCounters::rejected, 1);
    Finish(grpc::Status(code, message));
  }

  ReceiverState& m_state;
  const std::string m_method;
  grpc::ByteBuffer m_request;
  grpc::ByteBuffer m_response;
  // A metrics call's answer, partly made before the commit (the converter's rejections).
  live::ExportMetricsServiceResponse m_metricsResponse;
  std::uint64_t m_points = 0;
};

class ExportService final : public grpc::CallbackGenericService {
 public:
  explicit ExportService(ReceiverState& state) : m_state(state) {}

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    return new ExportCall(m_state, context);
  }

 private:
  ReceiverState& m_state;
};

}  // namespace

class OtlpGrpcReceiver::Impl {
 public:
  Impl(LiveTraceWriter& traces, OtlpGrpcReceiverOptions options)
      : m_state{traces, std::move(options), {}, {}}, m_service(m_state) {}

  ~Impl() { stop(); }

  Status start() {
    const OtlpGrpcReceiverOptions& options = m_state.options;
    if (!options.allowRemote && !isLoopbackHost(options.host)) {
      return Status::error("refusing to listen on " + options.host +
                           ": only loopback addresses are allowed without --allow-remote");
    }
    if (m_server)
      return Status::ok();
    grpc::ServerBuilder builder;
    int bound = 0;
    builder.AddListeningPort(hostPort(options.port), grpc::InsecureServerCredentials(), &bound);
    builder.RegisterCallbackGenericService(&m_service);
    // Compressed messages are inflated by readGrpcMessage(), which stops at the cap; gRPC
    // refuses larger messages on the wire itself (RESOURCE_EXHAUSTED).
    builder.AddChannelArgument(GRPC_ARG_ENABLE_PER_MESSAGE_DECOMPRESSION, 0);
    builder.SetMaxReceiveMessageSize(
        static_cast<int>(std::min<std::size_t>(options.maxBodyBytes, INT_MAX)));
    // gRPC sets SO_REUSEPORT by default: a second server on a port in use would share it
    // silently instead of failing.
    builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    grpc::ResourceQuota quota("sightline-otlp-grpc");
    quota.Resize(options.maxHeldBytes);
    builder.SetResourceQuota(quota);
    m_server = builder.BuildAndStart();
    if (!m_server || bound == 0) {
      m_server.reset();
      return Status::error("cannot listen on " + hostPort(options.port) +
                           " (the port is in use, or the address is not this machine's)");
    }
    m_port = bound;
    return Status::ok();
  }

  void stop() {
    if (!m_server)
      return;
    // Waits for the calls in progress: each is answered once its writer commits.
    m_server->Shutdown(std::chrono::system_clock::now() + kShutdownGrace);
    m_server.reset();
  }

  int port() const { return m_port; }
  std::string address() const { return hostPort(m_port); }
  std::string url() const { return "http://" + address(); }

  OtlpGrpcCounters counters() const {
    std::lock_guard lock(m_state.mutex);
    return m_state.counters;
  }

 private:
  std::string hostPort(int port) const {
    const std::string& host = m_state.options.host;
    const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }

  ReceiverState m_state;
  ExportService m_service;  // outlives the server, which calls it
  std::unique_ptr<grpc::Server> m_server;
  int m_port = 0;
};

OtlpGrpcReceiver::OtlpGrpcReceiver(LiveTraceWriter& traces, OtlpGrpcReceiverOptions options)
    : m_impl(std::make_unique<Impl>(traces, std::move(options))) {}

OtlpGrpcReceiver::~OtlpGrpcReceiver() = default;

Status OtlpGrpcReceiver::start() {
  return m_impl->start();
}

void OtlpGrpcReceiver::stop() {
  m_impl->stop();
}

int OtlpGrpcReceiver::port() const {
  return m_impl->port();
}

std::string OtlpGrpcReceiver::address() const {
  return m_impl->address();
}

std::string OtlpGrpcReceiver::url() const {
  return m_impl->url();
}

OtlpGrpcCounters OtlpGrpcReceiver::counters() const {
  return m_impl->counters();
}

}  // namespace sightline

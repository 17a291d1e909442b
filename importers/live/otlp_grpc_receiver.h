#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "model/common/status.h"

namespace sightline {

class LiveMetricWriter;
class LiveTraceWriter;

struct OtlpGrpcReceiverOptions {
  std::string host = "127.0.0.1";
  int port = 4317;  // 0: any free port (see OtlpGrpcReceiver::port())
  // Anything but a loopback address needs this (see isLoopbackHost()).
  bool allowRemote = false;
  // Request messages beyond this many bytes after decompression are refused with
  // RESOURCE_EXHAUSTED (not retryable).
  std::size_t maxBodyBytes = 64u << 20;
  // The memory gRPC may use for all calls together (its ResourceQuota): under pressure it
  // reads less from the connections instead of buffering every message at once.
  std::size_t maxHeldBytes = 256u << 20;
  // Empty: no key. Otherwise every call must carry `authorization: Bearer KEY` or
  // `x-api-key: KEY` metadata, or it is refused with UNAUTHENTICATED.
  std::string apiKey;
  // The retry_delay of the RetryInfo sent with UNAVAILABLE when the writer is behind.
  int retryDelaySeconds = 1;
  // Where MetricsService/Export stores its points; null: that service answers UNIMPLEMENTED.
  LiveMetricWriter* metrics = nullptr;
};

struct OtlpGrpcCounters {
  std::uint64_t requests = 0;
  std::uint64_t spans = 0;       // stored
  std::uint64_t points = 0;      // OTLP metric data points of committed requests
  std::uint64_t samples = 0;     // the metric samples (rows) they stored
  std::uint64_t duplicates = 0;  // spans or samples received again, stored once
  std::uint64_t rejected = 0;    // calls answered with anything but OK, and logs
  std::uint64_t bytes = 0;       // request messages after decompression
};

// OTLP/gRPC receiver: TraceService/Export, MetricsService/Export and LogsService/Export of
// opentelemetry.proto.collector.*.v1 (gzip-compressed requests too), answering as the OTLP
// specification says: OK with an Export*ServiceResponse (a partial_success warning for spans
// resent and kept once, metric points the converter refused; logs all rejected: Sightline does not
// store them), INVALID_ARGUMENT for a message that does not decode, RESOURCE_EXHAUSTED beyond
// maxBodyBytes, UNAUTHENTICATED without the API key, UNAVAILABLE with a google.rpc.RetryInfo when
// the writer is behind. Request messages go through the same decoder as OTLP/HTTP bodies
// (otlp_request_decoder). A call is answered only after its data is committed, from the writer's
// callback: no gRPC thread waits for a commit (grpc++'s callback API).
class OtlpGrpcReceiver {
 public:
  OtlpGrpcReceiver(LiveTraceWriter& traces, OtlpGrpcReceiverOptions options = {});
  // stop()s.
  ~OtlpGrpcReceiver();
  OtlpGrpcReceiver(const OtlpGrpcReceiver&) = delete;
  OtlpGrpcReceiver& operator=(const OtlpGrpcReceiver&) = delete;

  // Binds and starts serving. Refuses a non-loopback host without allowRemote, and a port
  // that another socket holds.
  Status start();
  // Stops accepting calls and waits until the calls in progress are answered (their data
  // committed). The writers must still be open.
  void stop();
  // The bound port (the actual one when 0 was asked for); 0 before start().
  int port() const;
  // "host:port", the form gRPC clients take (an IPv6 host in brackets).
  std::string address() const;
  // "http://host:port", the form of OTEL_EXPORTER_OTLP_ENDPOINT.
  std::string url() const;
  OtlpGrpcCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline

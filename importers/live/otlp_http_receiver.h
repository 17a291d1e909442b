#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/common/status.h"

namespace sightline {

class LiveMetricWriter;
class LiveTraceWriter;

struct OtlpHttpReceiverOptions {
  std::string host = "127.0.0.1";
  int port = 4318;  // 0: any free port (see OtlpHttpReceiver::port())
  // Anything but a loopback address needs this.
  bool allowRemote = false;
  // Where POST /v1/metrics stores its points; null: the path is not served (404).
  LiveMetricWriter* metrics = nullptr;
  // Empty: no key. Otherwise every request but a CORS preflight must carry it as
  // `Authorization: Bearer KEY` or `x-api-key: KEY`, else 401.
  std::string apiKey;
  // Origins (e.g. "http://localhost:3000", or "*" for any) whose browser pages may post
  // here. Empty: CORS is off (no Access-Control-* headers, OPTIONS answered 405).
  std::vector<std::string> corsAllowedOrigins;
  // Request bodies are refused (413) beyond this many bytes after decompression.
  std::size_t maxBodyBytes = 64u << 20;
  // Request bodies held at once, all requests together; a request whose body would go beyond
  // is answered 503 (retry later), so that many large requests at once cannot exhaust memory.
  std::size_t maxHeldBodyBytes = 256u << 20;
  // Requests served at once; more wait unread in the listener's queue. Enough that under
  // overload the excess reaches the writer and is answered 503 at once, instead of waiting
  // unseen while the writer keeps up with the few it is given.
  int threads = 32;
  int retryAfterSeconds = 1;
  // How long a request waits for its commit before it is answered 503.
  int ackTimeoutMs = 30000;
};

struct OtlpHttpCounters {
  std::uint64_t requests = 0;
  std::uint64_t spans = 0;          // stored
  std::uint64_t points = 0;         // OTLP metric data points of committed requests
  std::uint64_t samples = 0;        // the metric samples (rows) they stored
  std::uint64_t duplicates = 0;     // spans or samples received again, stored once
  std::uint64_t rejected = 0;       // requests answered with anything but 200
  std::uint64_t bytes = 0;          // request bodies after decompression
  std::uint64_t heldBodyBytes = 0;  // now: the bodies of the requests being served
};

// OTLP/HTTP receiver (POST /v1/traces and /v1/metrics, protobuf or JSON, gzip), answering as
// the OTLP specification says: 200 (partial_success), 400 with a google.rpc.Status, 401
// without the API key, 405, 413, 415, 503 + Retry-After when the writer is behind; /v1/logs
// is answered with every record rejected. A request is answered only after its data is
// committed. CORS for the configured origins. Runs cpp-httplib's server on threads of its own.
class OtlpHttpReceiver {
 public:
  OtlpHttpReceiver(LiveTraceWriter& writer, OtlpHttpReceiverOptions options = {});
  // stop()s.
  ~OtlpHttpReceiver();
  OtlpHttpReceiver(const OtlpHttpReceiver&) = delete;
  OtlpHttpReceiver& operator=(const OtlpHttpReceiver&) = delete;

  // Binds and starts serving. Refuses a non-loopback host without allowRemote.
  Status start();
  // Stops accepting and waits for the requests in progress.
  void stop();
  // The bound port (the actual one when 0 was asked for); 0 before start().
  int port() const;
  // "http://host:port".
  std::string url() const;
  OtlpHttpCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

// Whether `host` names the loopback interface (127.0.0.0/8, ::1, localhost).
bool isLoopbackHost(const std::string& host);

}  // namespace sightline

#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sightline {

// A URL a puller fetches: http or https, a host, a port (the scheme's default when the URL
// has none) and the path with its query.
struct PullUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // an IPv6 address without its brackets
  int port = 0;
  std::string path;  // "/metrics", "/debug/pprof/profile?seconds=10"; "/" when absent

  // "127.0.0.1:9100", "[::1]:9100": the `instance` label Prometheus gives a target.
  std::string hostPort() const;
  // "http://127.0.0.1:9100".
  std::string origin() const;
  std::string text() const;
};

// Parses an absolute http(s) URL; nullopt and a message in `error` otherwise.
std::optional<PullUrl> parsePullUrl(const std::string& url, std::string* error = nullptr);

struct PullRequest {
  std::string path;  // with the query
  std::vector<std::pair<std::string, std::string>> headers;
  // The whole request, connection to last byte, ends by then.
  std::chrono::milliseconds timeout{10000};
  // Of the body as sent and, when it is gzip-encoded, after inflating it.
  std::uint64_t maxBodyBytes = 64u << 20;
};

// What a GET brought back.
struct PullAnswer {
  bool received = false;  // an HTTP answer arrived whole (any status)
  int status = 0;
  std::string reason;  // "Internal Server Error"
  std::string contentType;
  bool goPprof = false;  // the answer has an X-Go-Pprof header (Go's pprof handler's errors)
  std::string body;      // inflated when its Content-Encoding is gzip
  std::string error;     // why there is no answer: connection, timeout, size, gzip; "" if received
};

// GETs from one origin with cpp-httplib's client, a new connection per request. The
// timeout covers the whole request (a watchdog ends it at the deadline, whatever the server
// does), and abort() ends the request in progress from another thread.
class PullHttpClient {
 public:
  explicit PullHttpClient(PullUrl url);
  ~PullHttpClient();
  PullHttpClient(const PullHttpClient&) = delete;
  PullHttpClient& operator=(const PullHttpClient&) = delete;

  PullAnswer get(const PullRequest& request);
  // Thread-safe: ends the request in progress (its answer's error is "stopped") and makes
  // every later get() return at once. Waits at most for a connection attempt in progress.
  void abort();

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

// Seconds as Go's strconv.FormatFloat(s, 'f', -1, 64) writes them: "10", "0.25".
std::string formatSeconds(double seconds);

}  // namespace sightline

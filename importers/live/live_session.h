#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "importers/live/pprof_puller.h"
#include "importers/live/prometheus_scraper.h"
#include "importers/live/pull_health.h"
#include "importers/live/pull_spec.h"
#include "model/common/status.h"

namespace sightline {

// Where a receiver listens. Port 0: any free port (the session reports the one it got).
struct LiveListenAddress {
  std::string host = "127.0.0.1";
  int port = 0;
};

// What a live session runs. Receivers that are nullopt stay off.
struct LiveSessionConfig {
  std::optional<LiveListenAddress> otlpHttp;
  std::optional<LiveListenAddress> otlpGrpc;
  // Anything but loopback is refused without it.
  bool allowRemote = false;
  // Empty: no key asked for.
  std::string apiKey;
  // Origins a browser may send from (CORS); empty: CORS off.
  std::vector<std::string> corsOrigins;
  // Prometheus targets scraped into the workspace, each into a live metric source of its own.
  std::vector<PrometheusScrapeOptions> scrapes;
  // Go programs whose /debug/pprof/ profiles are pulled, each profile a source of its own.
  std::vector<PprofPullOptions> pprofs;

  // A puller as the command line and the Live page name it ("URL[,INTERVAL]"), with the
  // pullers' defaults for what the spec leaves out.
  void addScrape(const PullSpec& spec);
  void addPprof(const PullSpec& spec);
};

// One puller's health, for the GUI's table and serve's summaries.
struct LiveTargetHealth {
  enum class Kind { Scrape, Pprof };
  Kind kind = Kind::Scrape;
  PullHealth health;
};

// Running totals of everything the session stored or refused, summed over its receivers and
// pullers. Counters only grow while the session runs.
struct LiveTotals {
  std::uint64_t spans = 0;
  std::uint64_t duplicateSpans = 0;
  std::uint64_t points = 0;
  std::uint64_t profiles = 0;
  std::uint64_t requests = 0;
  std::uint64_t rejected = 0;  // requests answered with anything but success
  std::uint64_t errors = 0;    // failed scrapes and pulls
  std::uint64_t bytes = 0;
};

// One workspace's live ingest: the receivers, the live writers they feed (one trace source,
// one metric source per receiver kind) and their lifetime. Used by `sightline serve` and the
// GUI's Live page, so both behave alike. Not thread-safe: one owner calls start/stop; totals()
// may be called from any thread.
class LiveSession {
 public:
  explicit LiveSession(std::string workspacePath);
  // stop()s.
  ~LiveSession();
  LiveSession(const LiveSession&) = delete;
  LiveSession& operator=(const LiveSession&) = delete;

  // Opens the workspace for writing and starts every configured part. When one fails
  // (a port in use, a remote address without allowRemote), what already started is stopped
  // again and the error names the part and its address.
  Status start(const LiveSessionConfig& config);
  // Stops accepting, answers the requests in progress once their data is committed, commits
  // what is queued and closes the writers. Safe to call when not running.
  void stop();
  bool running() const;

  // "http://127.0.0.1:4318" (the actual port), "" when that receiver is off.
  std::string otlpHttpUrl() const;
  // "127.0.0.1:4317", "" when off.
  std::string otlpGrpcAddress() const;
  LiveTotals totals() const;
  // Every scrape target and pprof source, in the order of the config.
  std::vector<LiveTargetHealth> targets() const;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

// Parses "HOST:PORT", "[V6]:PORT", ":PORT" (loopback) or "HOST" (`defaultPort`). False on
// a port that is not a number in 0..65535.
bool parseListenAddress(const std::string& text, int defaultPort, LiveListenAddress* address);

// "host:port", with brackets around an IPv6 host.
std::string formatListenAddress(const LiveListenAddress& address);

// A port on `host` that nothing listens on right now (asks the system for one), 0 when none
// can be had. For offering another port when the one asked for is in use.
int findFreePort(const std::string& host);

}  // namespace sightline

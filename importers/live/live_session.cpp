#include "importers/live/live_session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>

#include "importers/live/otlp_grpc_receiver.h"
#include "importers/live/otlp_http_receiver.h"
#include "model/metrics/live_metric_writer.h"
#include "model/store/store_statement.h"
#include "model/store/workspace.h"
#include "model/traces/live_trace_writer.h"

namespace sightline {

namespace {

// The path of a live source whose receiver was asked for port 0: the port it got.
void renameSource(Workspace& workspace, std::int64_t sourceId, const std::string& path) {
  StoreStatement update(workspace.db(), "UPDATE sources SET path = ? WHERE id = ?");
  update.bindText(1, path);
  update.bindInt(2, sourceId);
  update.execute();
}

// A live source that received nothing (a receiver nobody sent to, a start that failed) is
// removed when the session stops, so that the workspace is left as it was.
void dropIfEmpty(Workspace& workspace, std::int64_t sourceId) {
  StoreStatement drop(workspace.db(),
                      "DELETE FROM sources WHERE id = ?1 AND kind = 'live' AND NOT EXISTS "
                      "(SELECT 1 FROM resources WHERE source_id = ?1) AND NOT EXISTS "
                      "(SELECT 1 FROM metric_snapshots WHERE source_id = ?1)");
  drop.bindInt(1, sourceId);
  drop.execute();
}

}  // namespace

void LiveSessionConfig::addScrape(const PullSpec& spec) {
  PrometheusScrapeOptions options;
  options.url = spec.url;
  if (spec.interval)
    options.interval = *spec.interval;  // the scraper cuts the timeout to it
  scrapes.push_back(options);
}

void LiveSessionConfig::addPprof(const PullSpec& spec) {
  PprofPullOptions options;
  options.baseUrl = spec.url;
  if (spec.interval)
    options.every = *spec.interval;
  pprofs.push_back(options);
}

bool parseListenAddress(const std::string& text, int defaultPort, LiveListenAddress* address) {
  std::string host = text;
  std::string port;
  const bool bracketed = !text.empty() && text.front() == '[';
  const std::size_t colon = text.rfind(':');
  const std::size_t close = text.find(']');
  // An unbracketed IPv6 address has several colons and no port.
  const bool bareV6 = !bracketed && text.find(':') != colon;
  if (colon != std::string::npos && !bareV6 &&
      (!bracketed || (close != std::string::npos && colon > close))) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (bracketed && host.size() >= 2 && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  address->host = host.empty() ? std::string("127.0.0.1") : host;
  address->port = defaultPort;
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
      return false;
    const int value = std::stoi(port);
    if (value > 65535)
      return false;
    address->port = value;
  }
  return true;
}

std::string formatListenAddress(const LiveListenAddress& address) {
  const bool v6 = address.host.find(':') != std::string::npos;
  return (v6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(address.port);
}

class LiveSession::Impl {
 public:
  explicit Impl(std::string workspacePath) : m_path(std::move(workspacePath)) {}

  Status start(const LiveSessionConfig& config) {
    stop();
    {
      std::lock_guard lock(m_mutex);
      m_stoppedTotals = {};
      m_stoppedTargets.clear();
    }
    Status status;
    m_workspace = Workspace::open(m_path, Workspace::Mode::ReadWrite, &status);
    if (!m_workspace)
      return Status::error("cannot open the workspace for live data: " + status.message());
    if (config.otlpHttp) {
      if (Status s = startHttp(config, *config.otlpHttp); !s) {
        stop();
        return s;
      }
    }
    if (config.otlpGrpc) {
      if (Status s = startGrpc(config, *config.otlpGrpc); !s) {
        stop();
        return s;
      }
    }
    for (const PrometheusScrapeOptions& options : config.scrapes) {
      if (Status s = startScrape(options); !s) {
        stop();
        return s;
      }
    }
    for (const PprofPullOptions& options : config.pprofs) {
      auto puller = std::make_unique<PprofPuller>(*m_workspace, options);
      if (Status s = puller->start(); !s) {
        stop();
        return Status::error("pprof " + options.baseUrl + ": " + s.message());
      }
      m_pprofs.push_back(std::move(puller));
    }
    return Status::ok();
  }

  void stop() {
    // Receivers first: requests in progress are answered once their data is committed, which
    // needs the writers; then the writers commit what is queued.
    if (m_http)
      m_http->stop();
    if (m_grpc)
      m_grpc->stop();
    for (auto& scrape : m_scrapes)
      scrape.scraper->stop();
    for (auto& puller : m_pprofs)
      puller->stop();
    if (m_traces)
      m_traces->close();
    if (m_otlpMetrics)
      m_otlpMetrics->close();
    if (m_grpcTraces)
      m_grpcTraces->close();
    if (m_grpcMetrics)
      m_grpcMetrics->close();
    for (auto& scrape : m_scrapes)
      scrape.writer->close();
    const LiveTotals last = totals();
    std::vector<LiveTargetHealth> lastTargets = targets();
    std::vector<std::int64_t> liveSources;
    for (const LiveTraceWriter* writer : {m_traces.get(), m_grpcTraces.get()}) {
      if (writer && writer->sourceId() > 0)
        liveSources.push_back(writer->sourceId());
    }
    for (const LiveMetricWriter* writer : {m_otlpMetrics.get(), m_grpcMetrics.get()}) {
      if (writer && writer->sourceId() > 0)
        liveSources.push_back(writer->sourceId());
    }
    for (const auto& scrape : m_scrapes) {
      if (scrape.writer->sourceId() > 0)
        liveSources.push_back(scrape.writer->sourceId());
    }
    m_http.reset();
    m_grpc.reset();
    m_scrapes.clear();
    m_pprofs.clear();
    m_traces.reset();
    m_otlpMetrics.reset();
    m_grpcTraces.reset();
    m_grpcMetrics.reset();
    if (m_workspace) {
      for (std::int64_t id : liveSources)
        dropIfEmpty(*m_workspace, id);
    }
    m_workspace.reset();
    std::lock_guard lock(m_mutex);
    m_stoppedTotals = last;
    if (!lastTargets.empty())
      m_stoppedTargets = std::move(lastTargets);
  }

  bool running() const { return m_workspace != nullptr; }

  std::string otlpHttpUrl() const { return m_http ? m_http->url() : std::string(); }
  std::string otlpGrpcAddress() const { return m_grpc ? m_grpc->address() : std::string(); }

  LiveTotals totals() const {
    LiveTotals totals;
    {
      std::lock_guard lock(m_mutex);
      totals = m_stoppedTotals;
    }
    if (m_http) {
      const OtlpHttpCounters http = m_http->counters();
      totals.spans += http.spans;
      totals.points += http.points;
      totals.duplicateSpans += http.duplicates;
      totals.requests += http.requests;
      totals.rejected += http.rejected;
      totals.bytes += http.bytes;
    }
    if (m_grpc) {
      const OtlpGrpcCounters grpc = m_grpc->counters();
      totals.spans += grpc.spans;
      totals.duplicateSpans += grpc.duplicates;
      totals.requests += grpc.requests;
      totals.rejected += grpc.rejected;
      totals.bytes += grpc.bytes;
    }
    if (m_grpcMetrics)
      totals.points += m_grpcMetrics->counters().points;
    for (const auto& scrape : m_scrapes) {
      const PullHealth health = scrape.scraper->health();
      totals.points += health.stored;
      totals.errors += health.failures;
    }
    for (const auto& puller : m_pprofs) {
      const PullHealth health = puller->health();
      totals.profiles += health.stored;
      totals.errors += health.failures;
    }
    return totals;
  }

  std::vector<LiveTargetHealth> targets() const {
    if (m_scrapes.empty() && m_pprofs.empty()) {
      std::lock_guard lock(m_mutex);
      return m_stoppedTargets;
    }
    std::vector<LiveTargetHealth> targets;
    for (const auto& scrape : m_scrapes)
      targets.push_back({LiveTargetHealth::Kind::Scrape, scrape.scraper->health()});
    for (const auto& puller : m_pprofs)
      targets.push_back({LiveTargetHealth::Kind::Pprof, puller->health()});
    return targets;
  }

 private:
  Status startHttp(const LiveSessionConfig& config, const LiveListenAddress& address) {
    m_traces = std::make_unique<LiveTraceWriter>(*m_workspace,
                                                 "otlp-http://" + formatListenAddress(address));
    if (!m_traces->openStatus())
      return m_traces->openStatus();
    m_otlpMetrics = std::make_unique<LiveMetricWriter>(
        *m_workspace, "otlp-http://" + formatListenAddress(address) + "/v1/metrics");
    if (!m_otlpMetrics->openStatus())
      return m_otlpMetrics->openStatus();
    OtlpHttpReceiverOptions options;
    options.host = address.host;
    options.port = address.port;
    options.allowRemote = config.allowRemote;
    options.metrics = m_otlpMetrics.get();
    options.apiKey = config.apiKey;
    options.corsAllowedOrigins = config.corsOrigins;
    m_http = std::make_unique<OtlpHttpReceiver>(*m_traces, options);
    if (Status s = m_http->start(); !s)
      return Status::error("OTLP/HTTP on " + formatListenAddress(address) + ": " + s.message());
    if (address.port == 0) {
      const std::string bound = formatListenAddress({address.host, m_http->port()});
      renameSource(*m_workspace, m_traces->sourceId(), "otlp-http://" + bound);
      renameSource(*m_workspace, m_otlpMetrics->sourceId(), "otlp-http://" + bound + "/v1/metrics");
    }
    return Status::ok();
  }

  Status startGrpc(const LiveSessionConfig& config, const LiveListenAddress& address) {
    m_grpcTraces = std::make_unique<LiveTraceWriter>(*m_workspace,
                                                     "otlp-grpc://" + formatListenAddress(address));
    if (!m_grpcTraces->openStatus())
      return m_grpcTraces->openStatus();
    m_grpcMetrics = std::make_unique<LiveMetricWriter>(
        *m_workspace, "otlp-grpc://" + formatListenAddress(address) + "/metrics");
    if (!m_grpcMetrics->openStatus())
      return m_grpcMetrics->openStatus();
    OtlpGrpcReceiverOptions options;
    options.host = address.host;
    options.port = address.port;
    options.allowRemote = config.allowRemote;
    options.apiKey = config.apiKey;
    options.metrics = m_grpcMetrics.get();
    m_grpc = std::make_unique<OtlpGrpcReceiver>(*m_grpcTraces, options);
    if (Status s = m_grpc->start(); !s)
      return Status::error("OTLP/gRPC on " + formatListenAddress(address) + ": " + s.message());
    if (address.port == 0) {
      const std::string bound = formatListenAddress({address.host, m_grpc->port()});
      renameSource(*m_workspace, m_grpcTraces->sourceId(), "otlp-grpc://" + bound);
      renameSource(*m_workspace, m_grpcMetrics->sourceId(), "otlp-grpc://" + bound + "/metrics");
    }
    return Status::ok();
  }

  Status startScrape(const PrometheusScrapeOptions& options) {
    Scrape scrape;
    scrape.writer = std::make_unique<LiveMetricWriter>(*m_workspace, "scrape " + options.url);
    if (!scrape.writer->openStatus())
      return scrape.writer->openStatus();
    scrape.scraper = std::make_unique<PrometheusScraper>(*scrape.writer, options);
    if (Status s = scrape.scraper->start(); !s)
      return Status::error("scrape " + options.url + ": " + s.message());
    m_scrapes.push_back(std::move(scrape));
    return Status::ok();
  }

  // A scrape target writes into a live metric source of its own.
  struct Scrape {
    std::unique_ptr<LiveMetricWriter> writer;
    std::unique_ptr<PrometheusScraper> scraper;  // declared after: destroyed first
  };

  std::string m_path;
  std::unique_ptr<Workspace> m_workspace;
  std::unique_ptr<LiveTraceWriter> m_traces;
  std::unique_ptr<LiveMetricWriter> m_otlpMetrics;
  std::unique_ptr<OtlpHttpReceiver> m_http;
  std::unique_ptr<LiveTraceWriter> m_grpcTraces;
  std::unique_ptr<LiveMetricWriter> m_grpcMetrics;
  std::unique_ptr<OtlpGrpcReceiver> m_grpc;
  std::vector<Scrape> m_scrapes;
  std::vector<std::unique_ptr<PprofPuller>> m_pprofs;
  // What the parts counted before stop() dropped them: totals stay readable afterwards.
  mutable std::mutex m_mutex;
  LiveTotals m_stoppedTotals;
  std::vector<LiveTargetHealth> m_stoppedTargets;
};

LiveSession::LiveSession(std::string workspacePath)
    : m_impl(std::make_unique<Impl>(std::move(workspacePath))) {}

LiveSession::~LiveSession() {
  m_impl->stop();
}

Status LiveSession::start(const LiveSessionConfig& config) {
  return m_impl->start(config);
}

void LiveSession::stop() {
  m_impl->stop();
}

bool LiveSession::running() const {
  return m_impl->running();
}

std::string LiveSession::otlpHttpUrl() const {
  return m_impl->otlpHttpUrl();
}

std::string LiveSession::otlpGrpcAddress() const {
  return m_impl->otlpGrpcAddress();
}

LiveTotals LiveSession::totals() const {
  return m_impl->totals();
}

std::vector<LiveTargetHealth> LiveSession::targets() const {
  return m_impl->targets();
}

int findFreePort(const std::string& host) {
  const bool v6 = host.find(':') != std::string::npos;
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  if (fd < 0)
    return 0;
  int port = 0;
  if (v6) {
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    if (::inet_pton(AF_INET6, host.c_str(), &address.sin6_addr) == 1 &&
        ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      socklen_t length = sizeof address;
      if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin6_port);
    }
  } else {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    const std::string ip = host == "localhost" ? "127.0.0.1" : host;
    if (::inet_pton(AF_INET, ip.c_str(), &address.sin_addr) == 1 &&
        ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      socklen_t length = sizeof address;
      if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    }
  }
  ::close(fd);
  return port;
}

}  // namespace sightline

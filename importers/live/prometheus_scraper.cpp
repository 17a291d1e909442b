#include "importers/live/prometheus_scraper.h"

#include <algorithm>
#include <mutex>
#include <thread>

#include "importers/live/prometheus_scrape_submission.h"
#include "importers/live/pull_http_client.h"
#include "importers/live/pull_schedule.h"

namespace sightline {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

class PrometheusScraper::Impl {
 public:
  Impl(Submit submit, PrometheusScrapeOptions options)
      : m_submit(std::move(submit)),
        m_options(std::move(options)),
        m_health(std::make_shared<PullHealthTracker>(m_options.url)),
        m_schedule(m_options.interval) {
    m_labels.job = m_options.job.empty() ? "sightline" : m_options.job;
    m_options.timeout = std::clamp(m_options.timeout, std::chrono::milliseconds(1),
                                   std::max(m_options.interval, std::chrono::milliseconds(1)));
  }

  ~Impl() { stop(); }

  Status start() {
    std::lock_guard lock(m_mutex);
    if (m_started)
      return Status::error("scrape of " + m_options.url + " already started");
    std::string error;
    const auto url = parsePullUrl(m_options.url, &error);
    if (!url)
      return Status::error("scrape target: " + error);
    m_url = *url;
    m_labels.instance = url->hostPort();
    m_client = std::make_unique<PullHttpClient>(*url);
    m_started = true;
    m_thread = std::thread([this] { run(); });
    return Status::ok();
  }

  void stop() {
    std::lock_guard lock(m_mutex);
    m_schedule.stop();
    if (m_client)
      m_client->abort();
    if (m_thread.joinable())
      m_thread.join();
  }

  PullHealth health() const { return m_health->snapshot(); }
  const std::string& job() const { return m_labels.job; }
  std::string instance() const {
    std::lock_guard lock(m_mutex);
    return m_labels.instance;
  }

 private:
  void run() {
    while (m_schedule.waitForNextSlot())
      scrape();
  }

  PullRequest request() const {
    PullRequest request;
    request.path = m_url.path;
    request.timeout = m_options.timeout;
    request.maxBodyBytes = m_options.maxBodyBytes;
    request.headers = {
        {"Accept", kPrometheusScrapeAccept},
        {"Accept-Encoding", "gzip"},
        {"User-Agent", m_options.userAgent},
        {"X-Prometheus-Scrape-Timeout-Seconds", formatSeconds(m_options.timeout.count() / 1000.0)},
    };
    return request;
  }

  void scrape() {
    const auto startTime = std::chrono::system_clock::now();
    const auto start = std::chrono::steady_clock::now();
    PullAnswer answer = m_client->get(request());
    if (m_schedule.stopped())
      return;  // stop() ended it: not a verdict on the target
    std::string error = answer.error;
    ScrapeParse parse;
    if (answer.received && answer.status != 200) {
      error = "server returned HTTP status " + std::to_string(answer.status) + " " + answer.reason;
    } else if (answer.received) {
      parse = parseScrapeBody(answer.body, answer.contentType);
      if (!parse.ok)
        error = "bad answer: " + parse.error;
    }
    const double seconds = secondsSince(start);
    ScrapeComposition composed =
        composeScrapeSubmission(error.empty() ? &parse : nullptr, m_labels, m_cache,
                                unixMs(startTime), seconds, answer.body.size());
    m_health->recordAttempt(unixMs(startTime), seconds, error);
    std::shared_ptr<PullHealthTracker> health = m_health;
    const LiveSubmit submitted =
        m_submit(std::move(composed.submission), [health](const LiveMetricAck& ack) {
          if (ack.status)
            health->recordStored(ack.points);
          else
            health->recordStoreFailure(ack.status.message());
        });
    if (submitted == LiveSubmit::Behind)
      m_health->recordStoreFailure("the workspace writer is behind: a scrape was not stored");
    else if (submitted == LiveSubmit::Closed)
      m_health->recordStoreFailure("the workspace writer is closed: a scrape was not stored");
  }

  Submit m_submit;
  PrometheusScrapeOptions m_options;
  // Shared with the writer's callbacks, which may run after the scraper is gone.
  std::shared_ptr<PullHealthTracker> m_health;
  PullSchedule m_schedule;
  ScrapeTargetLabels m_labels;
  ScrapeSeriesCache m_cache;
  PullUrl m_url;
  std::unique_ptr<PullHttpClient> m_client;
  mutable std::mutex m_mutex;
  bool m_started = false;
  std::thread m_thread;
};

PrometheusScraper::PrometheusScraper(Submit submit, PrometheusScrapeOptions options)
    : m_impl(std::make_unique<Impl>(std::move(submit), std::move(options))) {}

PrometheusScraper::~PrometheusScraper() = default;

Status PrometheusScraper::start() {
  return m_impl->start();
}

void PrometheusScraper::stop() {
  m_impl->stop();
}

PullHealth PrometheusScraper::health() const {
  return m_impl->health();
}

std::string PrometheusScraper::job() const {
  return m_impl->job();
}

std::string PrometheusScraper::instance() const {
  return m_impl->instance();
}

}  // namespace sightline

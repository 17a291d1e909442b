#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "importers/live/pull_health.h"
#include "model/common/status.h"
#include "model/metrics/live_metric_writer.h"

namespace sightline {

struct PrometheusScrapeOptions {
  std::string url;  // e.g. "http://127.0.0.1:9100/metrics"
  std::chrono::milliseconds interval{15000};
  // Of each scrape, connection to last byte; at most the interval (Prometheus refuses a
  // longer one; here it is cut to the interval).
  std::chrono::milliseconds timeout{10000};
  std::string job;  // the `job` label; "" gives "sightline"
  std::string userAgent = "Sightline";
  // Of the answer as sent and after inflating it.
  std::uint64_t maxBodyBytes = 64u << 20;
};

// Prometheus' Accept header (2.42, scrape/scrape.go): OpenMetrics first, then text 0.0.4.
inline constexpr const char* kPrometheusScrapeAccept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

// Scrapes one Prometheus target on its own thread, every interval from start() on, as
// Prometheus does: its Accept header, gzip, X-Prometheus-Scrape-Timeout-Seconds; the
// answer parsed by Content-Type; the `job` and `instance` labels (honor_labels: false);
// the synthetic series up, scrape_duration_seconds, scrape_samples_scraped,
// scrape_samples_post_metric_relabeling and scrape_series_added. Each scrape is one
// submission (one snapshot at the scrape's start) to the live metric writer. A failed scrape
// (no connection, timeout, HTTP error, bad body) stores up = 0 with the duration and shows
// in health(); nothing throws.
class PrometheusScraper {
 public:
  using Submit = std::function<LiveSubmit(LiveMetricSubmission&&, LiveMetricWriter::Callback)>;

  // `writer` must outlive the scraper.
  PrometheusScraper(LiveMetricWriter& writer, PrometheusScrapeOptions options)
      : PrometheusScraper(
            [&writer](LiveMetricSubmission&& submission, LiveMetricWriter::Callback done) {
              return writer.submit(std::move(submission), std::move(done));
            },
            std::move(options)) {}
  // Submits through `submit` instead (tests; anything that stores submissions).
  PrometheusScraper(Submit submit, PrometheusScrapeOptions options);
  // stop()s.
  ~PrometheusScraper();
  PrometheusScraper(const PrometheusScraper&) = delete;
  PrometheusScraper& operator=(const PrometheusScraper&) = delete;

  // Checks the URL and starts scraping (the first scrape at once). Fails on a bad URL or a
  // second start().
  Status start();
  // Returns promptly: wakes the waiting thread and ends a scrape in progress (it is not
  // stored). Idempotent.
  void stop();
  // Thread-safe; samples are counted as stored once the writer committed them.
  PullHealth health() const;
  std::string job() const;
  std::string instance() const;  // host:port, "" before a successful start()

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sightline

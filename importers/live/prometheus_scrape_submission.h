#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "model/metrics/live_metric_writer.h"
#include "model/metrics/metric_records.h"

namespace sightline {

// The pure half of a Prometheus scrape: an answer's body → the samples of one snapshot,
// with the target's labels and the synthetic series Prometheus adds. No I/O: the scraper
// (prometheus_scraper) fetches and submits, the tests call these directly.

// The labels a scrape gives every series, as Prometheus' target labels.
struct ScrapeTargetLabels {
  std::string job;
  std::string instance;  // host:port of the target
};

// One answer's body decoded.
struct ScrapeParse {
  bool ok = false;
  std::string error;  // "line 12: …" when not ok
  bool openMetrics = false;
  std::vector<MetricBatch> batches;
  std::uint32_t families = 0;  // families sent by the parser (their indexes run from 0)
  std::uint64_t samples = 0;
};

// Decodes a scrape answer with the project's Prometheus text / OpenMetrics parser. The
// dialect comes from the Content-Type as Prometheus 2.42 chooses its parser
// (application/openmetrics-text → OpenMetrics, text/plain → text 0.0.4); any other or no
// Content-Type falls back to looking at the body, as a file import does.
ScrapeParse parseScrapeBody(std::string_view body, std::string_view contentType,
                            std::size_t batchSize = 10000);

// Adds `job` and `instance` to one sample's sorted labels as Prometheus does with
// honor_labels: false: an exposed label of the same name with a non-empty value is kept
// as exported_job / exported_instance (exported_exported_… when that is taken too).
void addTargetLabels(std::vector<MetricLabel>& labels, const ScrapeTargetLabels& target);

// The values of Prometheus' synthetic series for one scrape.
struct ScrapeReport {
  bool up = false;
  double durationSeconds = 0;
  std::uint64_t samplesScraped = 0;
  std::uint64_t samplesPostRelabeling = 0;  // no relabeling here: the same as scraped
  std::uint64_t seriesAdded = 0;
};

// The names of the synthetic series, in the order they are written.
const std::vector<std::string>& scrapeReportSeriesNames();

// up, scrape_duration_seconds, scrape_samples_scraped, scrape_samples_post_metric_relabeling
// and scrape_series_added with the target labels, as new gauge families whose indexes
// start at `firstFamily`; those named in `leaveOut` are not written.
MetricBatch scrapeReportBatch(const ScrapeReport& report, const ScrapeTargetLabels& target,
                              std::uint32_t firstFamily,
                              const std::unordered_set<std::string>& leaveOut = {});

// The series of the last successful scrape, for scrape_series_added ("new series in this
// scrape", as Prometheus' scrape cache counts them between consecutive scrapes).
class ScrapeSeriesCache {
 public:
  // Counts the series of `batches` not in the previous scrape and remembers them instead.
  std::uint64_t replace(const std::vector<MetricBatch>& batches);

 private:
  std::unordered_set<std::uint64_t> m_series;
};

// Turns one scrape into the submission of its snapshot at `scrapeStartMs`: a successful
// parse's batches with the target labels, then the synthetic series (one whose family the
// target exposes itself is left out: the exposed samples win, as in Prometheus). On
// failure (`parse` null or not ok) only the synthetic series, with up = 0.
struct ScrapeComposition {
  LiveMetricSubmission submission;
  ScrapeReport report;
};
ScrapeComposition composeScrapeSubmission(ScrapeParse* parse, const ScrapeTargetLabels& target,
                                          ScrapeSeriesCache& cache, std::int64_t scrapeStartMs,
                                          double durationSeconds, std::uint64_t bodyBytes);

}  // namespace sightline

#include "importers/live/prometheus_scrape_submission.h"

#include <algorithm>
#include <cctype>
#include <functional>

#include "importers/core/importer.h"
#include "importers/prometheus/prometheus_text_lexer.h"
#include "importers/prometheus/prometheus_text_parser.h"

namespace sightline {
namespace {

// Keeps what the parser sends, in order.
class CollectingSink : public MetricSink {
 public:
  explicit CollectingSink(std::vector<MetricBatch>& batches) : m_batches(batches) {}
  Status consume(MetricBatch&& batch) override {
    m_batches.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  std::vector<MetricBatch>& m_batches;
};

// The media type of a Content-Type header, lower case, without parameters.
std::string mediaType(std::string_view contentType) {
  std::string type(contentType.substr(0, contentType.find(';')));
  const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  type.erase(type.begin(), std::find_if(type.begin(), type.end(), notSpace));
  type.erase(std::find_if(type.rbegin(), type.rend(), notSpace).base(), type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

std::uint64_t seriesHash(const MetricSampleRecord& sample) {
  std::string key = sample.name;
  key.push_back('\0');
  key += canonicalLabelText(sample.labels);
  return std::hash<std::string>{}(key);
}

void setLabel(std::vector<MetricLabel>& labels, const std::string& name, const std::string& value) {
  for (MetricLabel& label : labels) {
    if (label.name == name) {
      label.value = value;
      return;
    }
  }
  labels.push_back(MetricLabel{name, value});
}

const std::string* findLabel(const std::vector<MetricLabel>& labels, const std::string& name) {
  for (const MetricLabel& label : labels) {
    if (label.name == name)
      return &label.value;
  }
  return nullptr;
}

MetricSampleRecord reportSample(std::uint32_t family, const std::string& name, double value,
                                const ScrapeTargetLabels& target) {
  MetricSampleRecord sample;
  sample.family = family;
  sample.name = name;
  sample.value = value;
  addTargetLabels(sample.labels, target);
  return sample;
}

}  // namespace

ScrapeParse parseScrapeBody(std::string_view body, std::string_view contentType,
                            std::size_t batchSize) {
  ScrapeParse parse;
  const std::string type = mediaType(contentType);
  if (type == "application/openmetrics-text")
    parse.openMetrics = true;
  else if (type != "text/plain")
    parse.openMetrics = looksLikeOpenMetrics(body.substr(0, body.rfind('\n') + 1));

  CollectingSink sink(parse.batches);
  ReaderContext context;
  context.batchSize = batchSize;
  DecodeError error;
  PrometheusTextParser parser(sink, context, error);
  parser.setOpenMetrics(parse.openMetrics);
  bool ok = true;
  std::string_view rest = body;
  while (ok && !rest.empty()) {
    const std::size_t newline = rest.find('\n');
    if (newline == std::string_view::npos) {
      ok = parser.line(rest);
      break;
    }
    ok = parser.line(rest.substr(0, newline));
    rest.remove_prefix(newline + 1);
  }
  ok = ok && parser.finish();
  parse.openMetrics = parser.isOpenMetrics();
  if (!ok) {
    parse.batches.clear();
    parse.error = error.line > 0 ? "line " + std::to_string(error.line) + ": " + error.message
                                 : error.message;
    return parse;
  }
  parse.ok = true;
  parse.families = parser.familiesSent();
  parse.samples = parser.samples();
  return parse;
}

void addTargetLabels(std::vector<MetricLabel>& labels, const ScrapeTargetLabels& target) {
  const std::pair<std::string, const std::string*> targetLabels[] = {
      {"job", &target.job}, {"instance", &target.instance}};
  std::vector<MetricLabel> conflicting;
  for (const auto& [name, value] : targetLabels) {
    if (const std::string* exposed = findLabel(labels, name); exposed && !exposed->empty())
      conflicting.push_back(MetricLabel{name, *exposed});
    setLabel(labels, name, *value);
  }
  // Prometheus renames the shorter names first.
  std::stable_sort(
      conflicting.begin(), conflicting.end(),
      [](const MetricLabel& a, const MetricLabel& b) { return a.name.size() < b.name.size(); });
  for (const MetricLabel& exposed : conflicting) {
    std::string name = exposed.name;
    for (;;) {
      name = "exported_" + name;
      const std::string* taken = findLabel(labels, name);
      if (!taken || taken->empty()) {
        setLabel(labels, name, exposed.value);
        break;
      }
    }
  }
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
}

const std::vector<std::string>& scrapeReportSeriesNames() {
  static const std::vector<std::string> names = {
      "up", "scrape_duration_seconds", "scrape_samples_scraped",
      "scrape_samples_post_metric_relabeling", "scrape_series_added"};
  return names;
}

MetricBatch scrapeReportBatch(const ScrapeReport& report, const ScrapeTargetLabels& target,
                              std::uint32_t firstFamily,
                              const std::unordered_set<std::string>& leaveOut) {
  // Help texts as Prometheus documents these series.
  static const char* const helps[] = {
      "1 if the instance is healthy, i.e. reachable, or 0 if the scrape failed.",
      "Duration of the scrape.",
      "The number of samples the target exposed.",
      "The number of samples remaining after metric relabeling was applied.",
      "The approximate number of new series in this scrape.",
  };
  const double values[] = {
      report.up ? 1.0 : 0.0, report.durationSeconds, static_cast<double>(report.samplesScraped),
      static_cast<double>(report.samplesPostRelabeling), static_cast<double>(report.seriesAdded)};
  MetricBatch batch;
  const auto& names = scrapeReportSeriesNames();
  std::uint32_t family = firstFamily;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (leaveOut.contains(names[i]))
      continue;
    batch.newFamilies.push_back(MetricFamilyRecord{names[i], MetricType::Gauge, helps[i], ""});
    batch.samples.push_back(reportSample(family++, names[i], values[i], target));
  }
  return batch;
}

std::uint64_t ScrapeSeriesCache::replace(const std::vector<MetricBatch>& batches) {
  std::unordered_set<std::uint64_t> current;
  std::uint64_t added = 0;
  for (const MetricBatch& batch : batches) {
    for (const MetricSampleRecord& sample : batch.samples) {
      const std::uint64_t hash = seriesHash(sample);
      if (current.insert(hash).second && !m_series.contains(hash))
        ++added;
    }
  }
  m_series = std::move(current);
  return added;
}

ScrapeComposition composeScrapeSubmission(ScrapeParse* parse, const ScrapeTargetLabels& target,
                                          ScrapeSeriesCache& cache, std::int64_t scrapeStartMs,
                                          double durationSeconds, std::uint64_t bodyBytes) {
  ScrapeComposition result;
  LiveMetricSubmission& submission = result.submission;
  submission.defaultTimeMs = scrapeStartMs;
  submission.bytes = bodyBytes;
  ScrapeReport& report = result.report;
  report.durationSeconds = durationSeconds;
  std::uint32_t families = 0;
  std::unordered_set<std::string> exposedReportNames;
  const bool up = parse && parse->ok;
  if (up) {
    const auto& reportNames = scrapeReportSeriesNames();
    for (MetricBatch& batch : parse->batches) {
      for (const MetricFamilyRecord& family : batch.newFamilies) {
        if (std::find(reportNames.begin(), reportNames.end(), family.name) != reportNames.end())
          exposedReportNames.insert(family.name);
      }
      for (MetricSampleRecord& sample : batch.samples)
        addTargetLabels(sample.labels, target);
    }
    report.up = true;
    report.samplesScraped = parse->samples;
    report.samplesPostRelabeling = parse->samples;
    report.seriesAdded = cache.replace(parse->batches);
    families = parse->families;
    submission.batches = std::move(parse->batches);
  }
  submission.batches.push_back(scrapeReportBatch(report, target, families, exposedReportNames));
  return result;
}

}  // namespace sightline

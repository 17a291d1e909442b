#include "model/metrics/metric_red.h"

#include <cmath>
#include <cstdlib>
#include <map>
#include <tuple>

#include "model/metrics/metric_math.h"

namespace sightline {
namespace {

enum class ErrorRule {
  HttpStatus,      // 5xx
  GrpcCodeName,    // anything but "OK"
  GrpcCodeNumber,  // anything but "0"
  AnyValue         // OpenTelemetry's error_type: present means failed
};

struct ErrorLabel {
  const char* label;
  ErrorRule rule;
};

struct HistogramName {
  const char* base;  // without _bucket / _count
  double toSeconds;
};

// The families of one protocol under every naming convention we know, in order of
// preference. Request counters are preferred to a histogram's _count because they usually
// carry the status label; real services mix conventions (a Prometheus-client counter next to
// an OpenTelemetry-named histogram), so the conventions of a protocol are pooled.
struct Protocol {
  const char* name;
  std::vector<std::string> counters;
  std::vector<HistogramName> histograms;
  std::vector<ErrorLabel> errorLabels;
};

const std::vector<Protocol>& protocols() {
  static const std::vector<Protocol> list{
      {"HTTP server",
       {"http_requests_total"},
       {{"http_server_request_duration_seconds", 1},  // OpenTelemetry semconv ≥ 1.20
        {"http_server_duration_milliseconds", 1e-3},  // older semconv, milliseconds
        {"http_server_duration_seconds", 1},
        {"http_server_duration", 1e-3},  // older exporters: milliseconds without a unit suffix
        {"http_request_duration_seconds", 1},  // Prometheus client examples
        {"http_server_requests_seconds", 1}},  // Micrometer (Spring Boot)
       {{"http_response_status_code", ErrorRule::HttpStatus},
        {"http_status_code", ErrorRule::HttpStatus},
        {"code", ErrorRule::HttpStatus},
        {"status", ErrorRule::HttpStatus},
        {"status_code", ErrorRule::HttpStatus},
        {"error_type", ErrorRule::AnyValue}}},
      {"RPC server",
       {"grpc_server_handled_total"},             // go-grpc-prometheus
       {{"rpc_server_call_duration_seconds", 1},  // OpenTelemetry semconv
        {"rpc_server_duration_milliseconds", 1e-3},
        {"rpc_server_duration_seconds", 1},
        {"rpc_server_duration", 1e-3},
        {"grpc_server_handling_seconds", 1}},
       {{"grpc_code", ErrorRule::GrpcCodeName},
        {"rpc_grpc_status_code", ErrorRule::GrpcCodeNumber},
        {"error_type", ErrorRule::AnyValue}}},
  };
  return list;
}

std::string serviceOf(const MetricSeriesValues& series, const std::string& fallback) {
  for (const char* label : {"service_name", "service", "job"}) {
    if (const std::string* value = findMetricLabel(series.labels, label)) {
      if (!value->empty()) {
        return *value;
      }
    }
  }
  return fallback;
}

bool isErrorValue(ErrorRule rule, const std::string& value) {
  switch (rule) {
    case ErrorRule::HttpStatus:
      // "503" as well as the "5xx" some exporters aggregate to.
      return value.size() == 3 && value[0] == '5';
    case ErrorRule::GrpcCodeName:
      return value != "OK";
    case ErrorRule::GrpcCodeNumber:
      return value != "0";
    case ErrorRule::AnyValue:
      return true;
  }
  return false;
}

// The series of one (service, protocol) pair, by role.
struct ServiceSeries {
  std::map<std::size_t, std::vector<const MetricSeriesValues*>> counters;  // by counter index
  std::map<std::size_t, std::vector<const MetricSeriesValues*>> counts;    // by histogram index
  std::map<std::size_t, std::vector<const MetricSeriesValues*>> buckets;   // by histogram index
};

std::optional<double> parseBound(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double bound = std::strtod(text.c_str(), &end);  // also reads "+Inf"
  if (end != text.c_str() + text.size()) {
    return std::nullopt;  // Prometheus skips buckets whose le does not parse, too
  }
  return bound;
}

// The increase of one series over interval [i-1, i], if it has usable values at both ends.
std::optional<double> increaseAt(const MetricSeriesValues& series, std::size_t i) {
  if (i >= series.values.size() || !series.values[i - 1] || !series.values[i]) {
    return std::nullopt;
  }
  const double before = *series.values[i - 1];
  const double after = *series.values[i];
  if (std::isnan(before) || std::isnan(after)) {
    return std::nullopt;
  }
  return counterDelta(before, after);
}

class RedBuilder {
 public:
  RedBuilder(const MetricSeriesTable& table, const RedOptions& options)
      : m_table(table), m_options(options) {}

  std::vector<RedServiceOverview> build() {
    collect();
    std::vector<RedServiceOverview> overviews;
    for (const auto& [key, series] : m_byService) {
      const auto& [service, protocolIndex] = key;
      overviews.push_back(overview(service, protocols()[protocolIndex], series));
    }
    return overviews;
  }

 private:
  void collect() {
    const std::vector<Protocol>& list = protocols();
    for (const MetricSeriesValues& series : m_table.series) {
      for (std::size_t c = 0; c < list.size(); ++c) {
        const Protocol& protocol = list[c];
        for (std::size_t k = 0; k < protocol.counters.size(); ++k) {
          if (series.name == protocol.counters[k]) {
            entry(series, c).counters[k].push_back(&series);
          }
        }
        for (std::size_t h = 0; h < protocol.histograms.size(); ++h) {
          const std::string base = protocol.histograms[h].base;
          if (series.name == base + "_count") {
            entry(series, c).counts[h].push_back(&series);
          } else if (series.name == base + "_bucket") {
            entry(series, c).buckets[h].push_back(&series);
          }
        }
      }
    }
  }

  ServiceSeries& entry(const MetricSeriesValues& series, std::size_t protocol) {
    return m_byService[{serviceOf(series, m_options.defaultService), protocol}];
  }

  RedServiceOverview overview(const std::string& service, const Protocol& protocol,
                              const ServiceSeries& found) const {
    RedServiceOverview result;
    result.service = service;
    result.protocol = protocol.name;

    // Request series: the first counter, else a histogram's _count, else its +Inf buckets.
    std::vector<const MetricSeriesValues*> requests;
    if (!found.counters.empty()) {
      requests = found.counters.begin()->second;
    } else if (!found.counts.empty()) {
      requests = found.counts.begin()->second;
    } else if (!found.buckets.empty()) {
      for (const MetricSeriesValues* bucket : found.buckets.begin()->second) {
        const std::string* le = findMetricLabel(bucket->labels, "le");
        const std::optional<double> bound = le ? parseBound(*le) : std::nullopt;
        if (bound && std::isinf(*bound) && *bound > 0) {
          requests.push_back(bucket);
        }
      }
    }
    if (!requests.empty()) {
      result.requestSeries = requests.front()->name;
    }
    for (const MetricSeriesValues* series : requests) {
      for (const ErrorLabel& error : protocol.errorLabels) {
        if (findMetricLabel(series->labels, error.label) != nullptr) {
          result.errorsKnown = true;
        }
      }
    }

    const std::vector<const MetricSeriesValues*>* buckets = nullptr;
    double toSeconds = 1;
    if (!found.buckets.empty()) {
      buckets = &found.buckets.begin()->second;
      toSeconds = protocol.histograms[found.buckets.begin()->first].toSeconds;
      result.latencySeries = protocol.histograms[found.buckets.begin()->first].base;
    }

    const std::vector<std::int64_t>& times = m_table.snapshotTimesMs;
    for (std::size_t i = 1; i < times.size(); ++i) {
      RedInterval interval;
      interval.startMs = times[i - 1];
      interval.endMs = times[i];
      fillRequests(interval, i, requests, protocol, result.errorsKnown);
      if (buckets != nullptr) {
        interval.latencySeconds = latencyAt(i, *buckets) * toSeconds;
      }
      result.intervals.push_back(interval);
    }
    return result;
  }

  static bool isError(const MetricSeriesValues& series, const Protocol& protocol) {
    for (const ErrorLabel& error : protocol.errorLabels) {
      const std::string* value = findMetricLabel(series.labels, error.label);
      if (value != nullptr && !value->empty() && isErrorValue(error.rule, *value)) {
        return true;
      }
    }
    return false;
  }

  void fillRequests(RedInterval& interval, std::size_t i,
                    const std::vector<const MetricSeriesValues*>& requests,
                    const Protocol& protocol, bool errorsKnown) const {
    double total = 0;
    double errors = 0;
    bool any = false;
    for (const MetricSeriesValues* series : requests) {
      const std::optional<double> increase = increaseAt(*series, i);
      if (!increase) {
        continue;
      }
      any = true;
      total += *increase;
      if (isError(*series, protocol)) {
        errors += *increase;
      }
    }
    if (!any) {
      return;
    }
    interval.requests = total;
    const double seconds = static_cast<double>(interval.endMs - interval.startMs) / 1000.0;
    if (seconds > 0) {
      interval.requestsPerSecond = total / seconds;
    }
    if (errorsKnown && total > 0) {
      interval.errorRatio = errors / total;
    }
  }

  double latencyAt(std::size_t i, const std::vector<const MetricSeriesValues*>& buckets) const {
    std::map<double, double> increaseByBound;
    for (const MetricSeriesValues* bucket : buckets) {
      const std::string* le = findMetricLabel(bucket->labels, "le");
      const std::optional<double> bound = le ? parseBound(*le) : std::nullopt;
      const std::optional<double> increase = increaseAt(*bucket, i);
      if (bound && !std::isnan(*bound) && increase) {
        increaseByBound[*bound] += *increase;
      }
    }
    std::vector<HistogramBucket> histogram;
    for (const auto& [bound, count] : increaseByBound) {
      histogram.push_back(HistogramBucket{bound, count});
    }
    return histogramQuantile(m_options.quantile, std::move(histogram));
  }

  const MetricSeriesTable& m_table;
  const RedOptions& m_options;
  std::map<std::tuple<std::string, std::size_t>, ServiceSeries> m_byService;
};

}  // namespace

std::vector<RedServiceOverview> computeRedOverview(const MetricSeriesTable& table,
                                                   const RedOptions& options) {
  return RedBuilder(table, options).build();
}

}  // namespace sightline

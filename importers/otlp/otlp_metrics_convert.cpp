#include "importers/otlp/otlp_metrics_convert.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>

#include "importers/otlp/otlp_metrics_naming.h"
#include "importers/otlp/otlp_proto_convert.h"

namespace sightline {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// DataPointFlags.FLAG_NO_RECORDED_VALUE: a staleness marker, not a value.
constexpr std::uint32_t kNoRecordedValue = 1;

std::string labelValue(const otlp::AnyValue& value) {
  switch (value.value_case()) {
    case otlp::AnyValue::kStringValue:
      return value.string_value();
    case otlp::AnyValue::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case otlp::AnyValue::kIntValue:
      return std::to_string(value.int_value());
    default: {
      std::string out;
      appendAnyValueJson(out, value);
      return out;
    }
  }
}

std::optional<std::int64_t> toMs(std::uint64_t unixNano) {
  return static_cast<std::int64_t>(unixNano / 1000000);
}

// Attributes as labels: names sanitised; two keys that sanitise alike have their values
// joined with ';' in key order, as the specification says.
void addAttributes(const google::protobuf::RepeatedPtrField<otlp::KeyValue>& attributes,
                   std::vector<MetricLabel>& labels) {
  std::vector<std::pair<std::string, const otlp::KeyValue*>> sorted;
  for (const auto& kv : attributes)
    sorted.emplace_back(kv.key(), &kv);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, kv] : sorted) {
    const std::string name = sanitizeLabelName(key);
    const std::string value = labelValue(kv->value());
    auto same = std::find_if(labels.begin(), labels.end(),
                             [&name](const MetricLabel& l) { return l.name == name; });
    if (same != labels.end())
      same->value += ";" + value;
    else
      labels.push_back({name, value});
  }
}

void setLabel(std::vector<MetricLabel>& labels, const std::string& name, const std::string& value) {
  for (auto& label : labels) {
    if (label.name == name) {
      label.value = value;
      return;
    }
  }
  labels.push_back({name, value});
}

void sortLabels(std::vector<MetricLabel>& labels) {
  std::sort(labels.begin(), labels.end(),
            [](const MetricLabel& a, const MetricLabel& b) { return a.name < b.name; });
}

std::string formatBound(double bound) {
  if (std::isinf(bound))
    return bound > 0 ? "+Inf" : "-Inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", bound);
  // The shortest text that reads back as the same double.
  for (int precision = 1; precision <= 17; ++precision) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", precision, bound);
    if (std::strtod(shorter, nullptr) == bound)
      return shorter;
  }
  return text;
}

}  // namespace

struct OtlpMetricsConverter::Context {
  MetricBatch* batch = nullptr;
  std::vector<MetricLabel> baseLabels;  // job, instance, scope
  std::uint32_t family = 0;
  std::string name;      // the family's name
  bool counter = false;  // samples are name + "_total"
  std::uint64_t line = 0;
  std::optional<std::int64_t> timestampMs;
  std::vector<MetricLabel> pointLabels;  // base + the point's attributes, sorted
};

std::uint32_t OtlpMetricsConverter::family(const std::string& name, MetricType type,
                                           const otlp::Metric& metric, MetricBatch& batch) {
  const std::string key = name + '\n' + metricTypeName(type);
  const auto found = m_families.find(key);
  if (found != m_families.end())
    return found->second;
  MetricFamilyRecord record;
  record.name = name;
  record.type = type;
  record.help = metric.description();
  record.unit = prometheusUnitSuffix(metric.unit());
  batch.newFamilies.push_back(std::move(record));
  m_families.emplace(key, m_familyCount);
  return m_familyCount++;
}

void OtlpMetricsConverter::sample(Context& context, std::string name,
                                  std::vector<MetricLabel> labels, double value) {
  sortLabels(labels);
  MetricSampleRecord record;
  record.family = context.family;
  record.name = std::move(name);
  record.labels = std::move(labels);
  record.value = value;
  record.timestampMs = context.timestampMs;
  record.line = context.line;
  context.batch->samples.push_back(std::move(record));
}

std::string OtlpMetricsConverter::add(const otlp::ExportMetricsServiceRequest& request,
                                      MetricBatch& batch, std::uint64_t line) {
  batch.timestampsAreSnapshots = true;
  for (const auto& resourceMetrics : request.resource_metrics()) {
    Context context;
    context.batch = &batch;
    context.line = line;
    std::string serviceName;
    std::string serviceNamespace;
    std::string instance;
    std::vector<MetricLabel> info;
    google::protobuf::RepeatedPtrField<otlp::KeyValue> others;
    for (const auto& kv : resourceMetrics.resource().attributes()) {
      if (kv.key() == "service.name")
        serviceName = labelValue(kv.value());
      else if (kv.key() == "service.namespace")
        serviceNamespace = labelValue(kv.value());
      else if (kv.key() == "service.instance.id")
        instance = labelValue(kv.value());
      else
        *others.Add() = kv;
    }
    const std::string job = serviceNamespace.empty() ? serviceName
                            : serviceName.empty()    ? serviceNamespace + "/"
                                                     : serviceNamespace + "/" + serviceName;
    std::vector<MetricLabel> resourceLabels;
    if (!job.empty())
      resourceLabels.push_back({"job", job});
    if (!instance.empty())
      resourceLabels.push_back({"instance", instance});

    std::optional<std::int64_t> firstTime;
    for (const auto& scopeMetrics : resourceMetrics.scope_metrics()) {
      context.baseLabels = resourceLabels;
      if (!scopeMetrics.scope().name().empty())
        context.baseLabels.push_back({"otel_scope_name", scopeMetrics.scope().name()});
      if (!scopeMetrics.scope().version().empty())
        context.baseLabels.push_back({"otel_scope_version", scopeMetrics.scope().version()});
      for (const auto& metric : scopeMetrics.metrics()) {
        const std::size_t before = batch.samples.size();
        if (std::string what = addMetric(metric, context); !what.empty())
          return "metric " + metric.name() + ": " + what;
        if (!firstTime && batch.samples.size() > before)
          firstTime = batch.samples[before].timestampMs;
      }
    }
    // The other resource attributes: one target_info sample per resource and request.
    if (others.empty() || !firstTime)
      continue;
    std::vector<MetricLabel> labels;
    addAttributes(others, labels);
    for (const auto& label : resourceLabels)
      setLabel(labels, label.name, label.value);
    otlp::Metric infoMetric;
    context.family = family("target_info", MetricType::Gauge, infoMetric, batch);
    context.timestampMs = firstTime;
    sample(context, "target_info", std::move(labels), 1);
  }
  return {};
}

std::string OtlpMetricsConverter::addMetric(const otlp::Metric& metric, Context& context) {
  MetricBatch& batch = *context.batch;
  const auto pointLabels = [this, &context](const auto& point) {
    context.pointLabels.clear();
    addAttributes(point.attributes(), context.pointLabels);
    for (const auto& label : context.baseLabels)
      setLabel(context.pointLabels, label.name, label.value);
    context.timestampMs = toMs(point.time_unix_nano());
    ++m_points;
  };
  switch (metric.data_case()) {
    case otlp::Metric::kGauge: {
      context.name = prometheusMetricName(metric.name(), metric.unit(), MetricType::Gauge);
      context.family = family(context.name, MetricType::Gauge, metric, batch);
      context.counter = false;
      for (const auto& point : metric.gauge().data_points()) {
        if (point.flags() & kNoRecordedValue)
          continue;
        pointLabels(point);
        addNumberPoint(point, false, context);
      }
      return {};
    }
    case otlp::Metric::kSum: {
      const auto& sum = metric.sum();
      const MetricType type = sum.is_monotonic() ? MetricType::Counter : MetricType::Gauge;
      context.name = prometheusMetricName(metric.name(), metric.unit(), type);
      context.family = family(context.name, type, metric, batch);
      context.counter = type == MetricType::Counter;
      const bool delta = sum.aggregation_temporality() == otlp::AGGREGATION_TEMPORALITY_DELTA;
      for (const auto& point : sum.data_points()) {
        if (point.flags() & kNoRecordedValue)
          continue;
        pointLabels(point);
        addNumberPoint(point, delta, context);
      }
      return {};
    }
    case otlp::Metric::kHistogram: {
      const auto& histogram = metric.histogram();
      context.name = prometheusMetricName(metric.name(), metric.unit(), MetricType::Histogram);
      context.family = family(context.name, MetricType::Histogram, metric, batch);
      const bool delta = histogram.aggregation_temporality() == otlp::AGGREGATION_TEMPORALITY_DELTA;
      for (const auto& point : histogram.data_points()) {
        if (point.flags() & kNoRecordedValue)
          continue;
        const int bounds = point.explicit_bounds_size();
        if (point.bucket_counts_size() != 0 && point.bucket_counts_size() != bounds + 1) {
          return "a histogram point with " + std::to_string(bounds) + " bounds needs " +
                 std::to_string(bounds + 1) + " bucket counts, found " +
                 std::to_string(point.bucket_counts_size());
        }
        pointLabels(point);
        HistogramTotals totals;
        for (int i = 0; i < point.bucket_counts_size(); ++i) {
          totals.buckets[i < bounds ? point.explicit_bounds(i) : kInf] +=
              static_cast<double>(point.bucket_counts(i));
        }
        totals.count = static_cast<double>(point.count());
        totals.hasSum = point.has_sum();
        totals.sum = point.sum();
        addHistogram(std::move(totals), delta, context);
      }
      return {};
    }
    case otlp::Metric::kExponentialHistogram: {
      const auto& histogram = metric.exponential_histogram();
      context.name = prometheusMetricName(metric.name(), metric.unit(), MetricType::Histogram);
      context.family = family(context.name, MetricType::Histogram, metric, batch);
      const bool delta = histogram.aggregation_temporality() == otlp::AGGREGATION_TEMPORALITY_DELTA;
      for (const auto& point : histogram.data_points()) {
        if (point.flags() & kNoRecordedValue)
          continue;
        if (point.scale() < -10 || point.scale() > 20)
          return "an exponential histogram scale of -10..20, found " +
                 std::to_string(point.scale());
        pointLabels(point);
        // Bucket index i holds (base^i, base^(i+1)] with base = 2^(2^-scale); as `le` bounds:
        // the upper ends, and the lower end of the first positive bucket so that
        // interpolation inside it starts where the bucket does.
        const double step = std::ldexp(1.0, -point.scale());
        const auto bound = [step](std::int64_t index) {
          return std::exp2(static_cast<double>(index) * step);
        };
        HistogramTotals totals;
        const auto& negative = point.negative();
        for (int k = 0; k < negative.bucket_counts_size(); ++k) {
          totals.buckets[-bound(std::int64_t{negative.offset()} + k)] +=
              static_cast<double>(negative.bucket_counts(k));
        }
        totals.buckets[point.zero_threshold()] += static_cast<double>(point.zero_count());
        const auto& positive = point.positive();
        if (positive.bucket_counts_size() > 0)
          totals.buckets[bound(positive.offset())] += 0;
        for (int k = 0; k < positive.bucket_counts_size(); ++k) {
          totals.buckets[bound(std::int64_t{positive.offset()} + k + 1)] +=
              static_cast<double>(positive.bucket_counts(k));
        }
        totals.buckets[kInf] += 0;
        totals.count = static_cast<double>(point.count());
        totals.hasSum = point.has_sum();
        totals.sum = point.sum();
        addHistogram(std::move(totals), delta, context);
      }
      return {};
    }
    case otlp::Metric::kSummary: {
      context.name = prometheusMetricName(metric.name(), metric.unit(), MetricType::Summary);
      context.family = family(context.name, MetricType::Summary, metric, batch);
      for (const auto& point : metric.summary().data_points()) {
        if (point.flags() & kNoRecordedValue)
          continue;
        pointLabels(point);
        for (const auto& quantile : point.quantile_values()) {
          auto labels = context.pointLabels;
          labels.push_back({"quantile", formatBound(quantile.quantile())});
          sample(context, context.name, std::move(labels), quantile.value());
        }
        sample(context, context.name + "_sum", context.pointLabels, point.sum());
        sample(context, context.name + "_count", context.pointLabels,
               static_cast<double>(point.count()));
      }
      return {};
    }
    case otlp::Metric::DATA_NOT_SET:
      break;
  }
  return "no data (gauge, sum, histogram, exponential histogram or summary)";
}

void OtlpMetricsConverter::addNumberPoint(const otlp::NumberDataPoint& point, bool delta,
                                          Context& context) {
  double value = point.value_case() == otlp::NumberDataPoint::kAsInt
                     ? static_cast<double>(point.as_int())
                     : point.as_double();
  std::string name = context.counter ? context.name + "_total" : context.name;
  if (delta) {
    auto sorted = context.pointLabels;
    sortLabels(sorted);
    std::string series = name + canonicalLabelText(sorted);
    auto [total, first] = m_deltaSums.try_emplace(series, 0.0);
    if (first && m_startFrom)
      total->second = m_startFrom->sum(series);
    total->second += value;
    value = total->second;
  }
  sample(context, std::move(name), context.pointLabels, value);
}

void OtlpMetricsConverter::addHistogram(HistogramTotals totals, bool delta, Context& context) {
  if (delta) {
    auto sorted = context.pointLabels;
    sortLabels(sorted);
    std::string series = context.name + canonicalLabelText(sorted);
    auto [found, first] = m_deltaHistograms.try_emplace(series);
    if (first && m_startFrom)
      found->second = m_startFrom->histogram(series);
    HistogramTotals& running = found->second;
    for (const auto& [bound, count] : totals.buckets)
      running.buckets[bound] += count;
    running.count += totals.count;
    running.sum += totals.sum;
    running.hasSum = running.hasSum || totals.hasSum;
    totals = running;
  }
  double cumulative = 0;
  for (const auto& [bound, count] : totals.buckets) {
    cumulative += count;
    auto labels = context.pointLabels;
    labels.push_back({"le", formatBound(bound)});
    // The +Inf bucket is the count, which also covers points that carry no buckets.
    sample(context, context.name + "_bucket", std::move(labels),
           std::isinf(bound) && bound > 0 ? totals.count : cumulative);
  }
  if (totals.buckets.empty()) {
    auto labels = context.pointLabels;
    labels.push_back({"le", "+Inf"});
    sample(context, context.name + "_bucket", std::move(labels), totals.count);
  }
  if (totals.hasSum)
    sample(context, context.name + "_sum", context.pointLabels, totals.sum);
  sample(context, context.name + "_count", context.pointLabels, totals.count);
}

}  // namespace sightline

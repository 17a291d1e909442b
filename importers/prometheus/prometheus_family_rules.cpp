#include "importers/prometheus/prometheus_family_rules.h"

namespace sightline {
namespace {

constexpr SampleSuffixText kSuffixes[] = {
    {SampleSuffix::Total, "_total"},   {SampleSuffix::Created, "_created"},
    {SampleSuffix::Bucket, "_bucket"}, {SampleSuffix::Sum, "_sum"},
    {SampleSuffix::Count, "_count"},   {SampleSuffix::GSum, "_gsum"},
    {SampleSuffix::GCount, "_gcount"}, {SampleSuffix::Info, "_info"},
};

}  // namespace

std::span<const SampleSuffixText> familySuffixes() {
  return kSuffixes;
}

bool allows(MetricType type, SampleSuffix suffix) {
  switch (type) {
    case MetricType::Counter:
      return suffix == SampleSuffix::None || suffix == SampleSuffix::Total ||
             suffix == SampleSuffix::Created;
    case MetricType::Histogram:
      return suffix == SampleSuffix::Bucket || suffix == SampleSuffix::Sum ||
             suffix == SampleSuffix::Count || suffix == SampleSuffix::Created;
    case MetricType::GaugeHistogram:
      return suffix == SampleSuffix::Bucket || suffix == SampleSuffix::GSum ||
             suffix == SampleSuffix::GCount;
    case MetricType::Summary:
      return suffix == SampleSuffix::None || suffix == SampleSuffix::Sum ||
             suffix == SampleSuffix::Count || suffix == SampleSuffix::Created;
    case MetricType::Info:
      return suffix == SampleSuffix::Info;
    case MetricType::Gauge:
    case MetricType::StateSet:
    case MetricType::Untyped:
      return suffix == SampleSuffix::None;
  }
  return false;
}

bool contradicts(MetricType type, SampleSuffix suffix) {
  if (type == MetricType::Untyped || allows(type, suffix))
    return false;
  switch (suffix) {
    case SampleSuffix::None:
    case SampleSuffix::Bucket:
    case SampleSuffix::Sum:
    case SampleSuffix::Count:
    case SampleSuffix::GSum:
    case SampleSuffix::GCount:
      return true;
    default:
      return false;
  }
}

const char* expectedSamples(MetricType type) {
  switch (type) {
    case MetricType::Counter:
      return "a counter has samples NAME, NAME_total or NAME_created";
    case MetricType::Histogram:
      return "a histogram has samples NAME_bucket{le=…}, NAME_sum, NAME_count, NAME_created";
    case MetricType::GaugeHistogram:
      return "a gaugehistogram has samples NAME_bucket{le=…}, NAME_gsum, NAME_gcount";
    case MetricType::Summary:
      return "a summary has samples NAME{quantile=…}, NAME_sum, NAME_count, NAME_created";
    case MetricType::Info:
      return "an info has samples NAME_info";
    case MetricType::Gauge:
      return "a gauge has samples NAME only";
    case MetricType::StateSet:
      return "a stateset has samples NAME only";
    case MetricType::Untyped:
      break;
  }
  return "an untyped metric has samples NAME only";
}

bool splitSuffix(std::string_view name, std::string_view base, SampleSuffix& suffix) {
  if (!name.starts_with(base))
    return false;
  const std::string_view rest = name.substr(base.size());
  if (rest.empty()) {
    suffix = SampleSuffix::None;
    return true;
  }
  for (const auto& entry : kSuffixes) {
    if (rest == entry.text) {
      suffix = entry.suffix;
      return true;
    }
  }
  return false;
}

}  // namespace sightline

#include "app/metric_histogram_quantiles.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "model/metrics/metric_label_order.h"
#include "model/metrics/metric_math.h"
#include "model/metrics/metric_queries.h"

namespace sightline::cli {

namespace {

// Groups are reported in the order series are listed everywhere.
struct LabelsLess {
  bool operator()(const std::vector<MetricLabel>& a, const std::vector<MetricLabel>& b) const {
    return metricLabelsLess(a, b);
  }
};

// The group a bucket series falls in. PromQL's `sum by` drops a label the series lacks (an
// empty value is the same as no label), so such series share the group without it.
std::vector<MetricLabel> groupLabelsOf(const BucketSeries& bucket,
                                       const HistogramQuantileOptions& options) {
  if (options.by.empty())
    return bucket.labels;
  std::vector<MetricLabel> kept;
  for (const MetricLabel& label : bucket.labels) {
    if (!label.value.empty() &&
        std::find(options.by.begin(), options.by.end(), label.name) != options.by.end())
      kept.push_back(label);
  }
  return kept;
}

// Prometheus reads `le` with strconv.ParseFloat: "+Inf", "Inf", "1.0", "1e-3" all count.
std::optional<double> parseBound(const std::string& text) {
  if (text == "+Inf" || text == "Inf" || text == "+inf" || text == "inf")
    return std::numeric_limits<double>::infinity();
  if (text == "-Inf" || text == "-inf")
    return -std::numeric_limits<double>::infinity();
  const char* begin = text.data();
  if (!text.empty() && text.front() == '+')
    ++begin;
  double value = 0;
  const auto [end, error] = std::from_chars(begin, text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

}  // namespace

std::vector<QuantileGroup> computeHistogramQuantiles(const std::vector<BucketSeries>& buckets,
                                                     const std::vector<BucketSnapshot>& snapshots,
                                                     const HistogramQuantileOptions& options) {
  // Groups are numbered in label order, which is the order they are reported in.
  std::map<std::vector<MetricLabel>, std::size_t, LabelsLess> groupIndex;
  std::vector<std::vector<MetricLabel>> labelsOfBucket;
  labelsOfBucket.reserve(buckets.size());
  for (const BucketSeries& bucket : buckets) {
    labelsOfBucket.push_back(groupLabelsOf(bucket, options));
    groupIndex.emplace(labelsOfBucket.back(), 0);
  }
  std::vector<QuantileGroup> groups;
  groups.reserve(groupIndex.size());
  for (auto& [labels, index] : groupIndex) {
    index = groups.size();
    groups.push_back({labels, {}});
  }
  std::vector<std::size_t> groupOf;
  groupOf.reserve(buckets.size());
  for (const std::vector<MetricLabel>& labels : labelsOfBucket)
    groupOf.push_back(groupIndex.at(labels));

  // Per group, the summed count of each bound in the snapshot at hand.
  std::vector<std::map<double, double>> sums(groups.size());
  for (std::size_t s = options.rate ? 1 : 0; s < snapshots.size(); ++s) {
    const BucketSnapshot& current = snapshots[s];
    const BucketSnapshot* previous = options.rate ? &snapshots[s - 1] : nullptr;
    double seconds = 1;
    if (previous) {
      seconds = static_cast<double>(current.timeMs - previous->timeMs) / 1000.0;
      if (seconds <= 0)
        continue;
    }
    for (auto& sum : sums)
      sum.clear();
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      const std::optional<double>& count = current.counts[i];
      if (!count)
        continue;
      double value = *count;
      if (previous) {
        const std::optional<double>& before = previous->counts[i];
        if (!before)
          continue;
        value = counterDelta(*before, *count) / seconds;
      }
      sums[groupOf[i]][buckets[i].upperBound] += value;
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (sums[g].empty())
        continue;
      std::vector<HistogramBucket> histogram;
      histogram.reserve(sums[g].size());
      for (const auto& [bound, count] : sums[g])
        histogram.push_back({bound, count});
      groups[g].points.push_back(
          {current.timeMs, histogramQuantile(options.quantile, std::move(histogram))});
    }
  }
  return groups;
}

std::optional<HistogramData> loadHistogramBuckets(Workspace& workspace, const std::string& name,
                                                  Status* status) {
  auto fail = [&](Status failure) -> std::optional<HistogramData> {
    if (status)
      *status = std::move(failure);
    return std::nullopt;
  };
  const std::string base = name.ends_with("_bucket")
                               ? name.substr(0, name.size() - std::string("_bucket").size())
                               : name;
  const std::string bucketName = base + "_bucket";
  Status loaded;
  const std::vector<MetricFamilySummary> families = listMetricFamilies(workspace, &loaded);
  if (!loaded)
    return fail(loaded);

  HistogramData data;
  std::vector<std::int64_t> familyIds;
  std::unordered_map<std::int64_t, std::size_t> bucketOfSeries;
  for (const MetricFamilySummary& family : families) {
    const bool histogram = family.name == base && (family.type == MetricType::Histogram ||
                                                   family.type == MetricType::GaugeHistogram);
    const bool looseBuckets = family.name == bucketName && family.type == MetricType::Untyped;
    if (!histogram && !looseBuckets)
      continue;
    const std::vector<MetricSeriesInfo> series = listFamilySeries(workspace, family.id, &loaded);
    if (!loaded)
      return fail(loaded);
    bool any = false;
    for (const MetricSeriesInfo& info : series) {
      if (info.name != bucketName)
        continue;
      BucketSeries bucket;
      std::optional<double> bound;
      for (const MetricLabel& label : info.labels) {
        if (label.name == "le") {
          bound = parseBound(label.value);
        } else {
          bucket.labels.push_back(label);
        }
      }
      if (!bound)
        continue;
      bucket.upperBound = *bound;
      bucketOfSeries.emplace(info.id, data.buckets.size());
      data.buckets.push_back(std::move(bucket));
      any = true;
    }
    if (any)
      familyIds.push_back(family.id);
  }
  if (data.buckets.empty())
    return fail(Status::error("no histogram named '" + base + "' in the workspace"));

  const std::vector<MetricSnapshotInfo> snapshots = listMetricSnapshots(workspace, &loaded);
  if (!loaded)
    return fail(loaded);
  for (const MetricSnapshotInfo& snapshot : snapshots) {
    BucketSnapshot values{snapshot.timeMs, std::vector<std::optional<double>>(data.buckets.size())};
    bool any = false;
    for (const std::int64_t familyId : familyIds) {
      for (const SeriesValue& point :
           loadFamilySnapshot(workspace, familyId, snapshot.id, &loaded)) {
        if (auto it = bucketOfSeries.find(point.seriesId); it != bucketOfSeries.end()) {
          values.counts[it->second] = point.value;
          any = true;
        }
      }
      if (!loaded)
        return fail(loaded);
    }
    if (any)
      data.snapshots.push_back(std::move(values));
  }
  if (status)
    *status = Status::ok();
  return data;
}

}  // namespace sightline::cli

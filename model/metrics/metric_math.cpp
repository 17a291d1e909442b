#include "model/metrics/metric_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sightline {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

bool isRestart(std::span<const std::int64_t> restartSnapshots, std::int64_t snapshotId) {
  return std::binary_search(restartSnapshots.begin(), restartSnapshots.end(), snapshotId);
}

// Go's sort.Search: the smallest i in [0, n) for which `isAtOrAfter(i)` holds, n if none.
// Kept as Go writes it so that NaN counts (a predicate that is not monotonic) land on the
// same bucket as in Prometheus.
template <typename Predicate>
std::size_t goSortSearch(std::size_t n, Predicate isAtOrAfter) {
  std::size_t lo = 0;
  std::size_t hi = n;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (!isAtOrAfter(mid)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

// Merges buckets with the same bound (input sorted by bound), as promql's coalesceBuckets.
void coalesceBuckets(std::vector<HistogramBucket>& buckets) {
  std::size_t kept = 0;
  HistogramBucket last = buckets.front();
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    if (buckets[i].upperBound == last.upperBound) {
      last.count += buckets[i].count;
    } else {
      buckets[kept++] = last;
      last = buckets[i];
    }
  }
  buckets[kept++] = last;
  buckets.resize(kept);
}

// Raises every count to the highest count below it (promql's ensureMonotonic). The running
// maximum starts at the first count and comparisons with NaN are false, as in Go.
void ensureMonotonic(std::vector<HistogramBucket>& buckets) {
  double highest = buckets.front().count;
  for (std::size_t i = 1; i < buckets.size(); ++i) {
    if (buckets[i].count > highest) {
      highest = buckets[i].count;
    } else if (buckets[i].count < highest) {
      buckets[i].count = highest;
    }
  }
}

}  // namespace

double counterDelta(double previous, double current) {
  return current < previous ? current : current - previous;
}

std::vector<RatePoint> counterRates(std::span<const MetricPoint> points,
                                    std::span<const std::int64_t> restartSnapshots) {
  std::vector<RatePoint> rates;
  if (points.empty()) {
    return rates;
  }
  rates.reserve(points.size() - 1);
  const MetricPoint* previous = &points.front();
  for (const MetricPoint& point : points.subspan(1)) {
    // A point that is not later than the one before it (a duplicate instant or a point out
    // of order) has no interval to divide by: it is skipped and the earlier point stays the
    // reference.
    if (point.timeMs <= previous->timeMs) {
      continue;
    }
    const bool restarted = isRestart(restartSnapshots, point.snapshotId);
    const bool dropped = point.value < previous->value;
    const double increase = restarted || dropped ? point.value : point.value - previous->value;
    const double seconds = static_cast<double>(point.timeMs - previous->timeMs) / 1000.0;
    rates.push_back(RatePoint{point.timeMs, increase / seconds, restarted || dropped});
    previous = &point;
  }
  return rates;
}

std::vector<RatePoint> counterRates(std::span<const MetricPoint> points) {
  return counterRates(points, {});
}

double counterIncrease(std::span<const MetricPoint> points) {
  if (points.empty()) {
    return 0;
  }
  // Prometheus' way (extrapolatedRate without the extrapolation): last − first plus the
  // value before every drop. Equal to the sum of counterDelta over the intervals, but a NaN
  // in the middle of the series does not poison the total, as in PromQL.
  double increase = points.back().value - points.front().value;
  double previous = points.front().value;
  for (const MetricPoint& point : points.subspan(1)) {
    if (point.value < previous) {
      increase += previous;
    }
    previous = point.value;
  }
  return increase;
}

std::vector<std::int64_t> processRestartSnapshots(std::span<const MetricPoint> startTimes) {
  std::vector<std::int64_t> restarts;
  for (std::size_t i = 1; i < startTimes.size(); ++i) {
    if (startTimes[i].value != startTimes[i - 1].value) {
      restarts.push_back(startTimes[i].snapshotId);
    }
  }
  std::sort(restarts.begin(), restarts.end());
  return restarts;
}

double histogramQuantile(double q, std::vector<HistogramBucket> buckets) {
  // The order of the checks is promql's bucketQuantile (Prometheus 2.42): it decides what
  // comes out for inputs that break several rules at once.
  if (std::isnan(q)) {
    return kNaN;
  }
  if (q < 0) {
    return -kInf;
  }
  if (q > 1) {
    return kInf;
  }
  // A NaN bound has no place in the order (Prometheus' result then depends on its sort
  // algorithm); Prometheus never gets an empty list because it only evaluates label sets
  // that had at least one bucket. Both are answered with "no value".
  std::erase_if(buckets, [](const HistogramBucket& b) { return std::isnan(b.upperBound); });
  if (buckets.empty()) {
    return kNaN;
  }
  std::stable_sort(buckets.begin(), buckets.end(),
                   [](const HistogramBucket& a, const HistogramBucket& b) {
                     return a.upperBound < b.upperBound;
                   });
  if (!(std::isinf(buckets.back().upperBound) && buckets.back().upperBound > 0)) {
    return kNaN;
  }
  coalesceBuckets(buckets);
  ensureMonotonic(buckets);
  if (buckets.size() < 2) {
    return kNaN;
  }
  const double observations = buckets.back().count;
  if (observations == 0) {
    return kNaN;
  }
  double rank = q * observations;
  const std::size_t b =
      goSortSearch(buckets.size() - 1, [&](std::size_t i) { return buckets[i].count >= rank; });
  if (b == buckets.size() - 1) {
    return buckets[buckets.size() - 2].upperBound;
  }
  if (b == 0 && buckets[0].upperBound <= 0) {
    return buckets[0].upperBound;
  }
  double bucketStart = 0;
  const double bucketEnd = buckets[b].upperBound;
  double count = buckets[b].count;
  if (b > 0) {
    bucketStart = buckets[b - 1].upperBound;
    count -= buckets[b - 1].count;
    rank -= buckets[b - 1].count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

}  // namespace sightline

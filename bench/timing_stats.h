#pragma once

// Median, 99th percentile and maximum of repeated timings (nearest rank, no interpolation):
// what the paint benchmarks print for a series of frames, timed with QElapsedTimer.

#include <algorithm>
#include <vector>

#include <QElapsedTimer>

namespace sightline::bench {

struct TimingStats {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

inline double elapsedMs(const QElapsedTimer& timer) {
  return static_cast<double>(timer.nsecsElapsed()) / 1e6;
}

// `ms` must not be empty.
inline TimingStats summarize(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&ms](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  return {at(0.5), at(0.99), ms.back()};
}

}  // namespace sightline::bench

#pragma once

#include <cstdint>
#include <deque>

#include "importers/live/live_session.h"

namespace sightline {

// Per-second rates of a live session's totals over the last few seconds, from samples taken
// now and then (the Live page's timer): smooth enough to read, quick to fall to 0 when data
// stops.
class LiveRates {
 public:
  explicit LiveRates(std::int64_t windowMs = 5000) : m_windowMs(windowMs) {}

  // A sample of the totals at `nowMs` (monotonic milliseconds).
  void add(std::int64_t nowMs, const LiveTotals& totals);
  void clear() { m_samples.clear(); }

  double spansPerSecond() const;
  double pointsPerSecond() const;
  double requestsPerSecond() const;

 private:
  struct Sample {
    std::int64_t timeMs;
    LiveTotals totals;
  };
  double rate(std::uint64_t LiveTotals::*field) const;

  std::int64_t m_windowMs;
  std::deque<Sample> m_samples;
};

}  // namespace sightline

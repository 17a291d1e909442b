#include "ui/live/live_rates.h"

namespace sightline {

void LiveRates::add(std::int64_t nowMs, const LiveTotals& totals) {
  m_samples.push_back({nowMs, totals});
  // Keep one sample older than the window so that the rate spans all of it.
  while (m_samples.size() > 2 && nowMs - m_samples[1].timeMs >= m_windowMs)
    m_samples.pop_front();
}

double LiveRates::rate(std::uint64_t LiveTotals::*field) const {
  if (m_samples.size() < 2)
    return 0;
  const Sample& first = m_samples.front();
  const Sample& last = m_samples.back();
  const std::int64_t elapsedMs = last.timeMs - first.timeMs;
  if (elapsedMs <= 0 || last.totals.*field < first.totals.*field)
    return 0;
  return static_cast<double>(last.totals.*field - first.totals.*field) * 1000.0 /
         static_cast<double>(elapsedMs);
}

double LiveRates::spansPerSecond() const {
  return rate(&LiveTotals::spans);
}

double LiveRates::pointsPerSecond() const {
  return rate(&LiveTotals::points);
}

double LiveRates::requestsPerSecond() const {
  return rate(&LiveTotals::requests);
}

}  // namespace sightline

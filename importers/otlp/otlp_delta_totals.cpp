#include "importers/otlp/otlp_delta_totals.h"

namespace sightline {

double OtlpDeltaTotals::sum(const std::string& series) const {
  const auto it = m_sums.find(series);
  return it == m_sums.end() ? 0 : it->second;
}

OtlpHistogramTotals OtlpDeltaTotals::histogram(const std::string& series) const {
  const auto it = m_histograms.find(series);
  return it == m_histograms.end() ? OtlpHistogramTotals{} : it->second;
}

void OtlpDeltaTotals::save(const std::map<std::string, double>& sums,
                           const std::map<std::string, OtlpHistogramTotals>& histograms) {
  auto full = [this] { return m_sums.size() + m_histograms.size() >= kMaxSeries; };
  for (const auto& [series, total] : sums) {
    if (auto it = m_sums.find(series); it != m_sums.end())
      it->second = total;
    else if (full())
      ++m_forgotten;
    else
      m_sums.emplace(series, total);
  }
  for (const auto& [series, totals] : histograms) {
    if (auto it = m_histograms.find(series); it != m_histograms.end())
      it->second = totals;
    else if (full())
      ++m_forgotten;
    else
      m_histograms.emplace(series, totals);
  }
}

std::uint64_t OtlpDeltaTotals::forgottenSeries() const {
  std::lock_guard lock(m_mutex);
  return m_forgotten;
}

}  // namespace sightline

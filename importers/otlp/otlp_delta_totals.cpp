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

// Known series take their new totals; new ones are kept while there is room.
template <typename Totals>
void OtlpDeltaTotals::saveInto(std::unordered_map<std::string, Totals>& kept,
                               const std::map<std::string, Totals>& totals) {
  for (const auto& [series, total] : totals) {
    if (auto it = kept.find(series); it != kept.end())
      it->second = total;
    else if (m_sums.size() + m_histograms.size() >= kMaxSeries)
      ++m_forgotten;
    else
      kept.emplace(series, total);
  }
}

void OtlpDeltaTotals::save(const std::map<std::string, double>& sums,
                           const std::map<std::string, OtlpHistogramTotals>& histograms) {
  saveInto(m_sums, sums);
  saveInto(m_histograms, histograms);
}

std::uint64_t OtlpDeltaTotals::forgottenSeries() const {
  std::lock_guard lock(m_mutex);
  return m_forgotten;
}

}  // namespace sightline

#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sightline {

// A delta-temporality histogram's totals (or one request's share of them).
struct OtlpHistogramTotals {
  std::map<double, double> buckets;  // upper bound → count in that bucket (not cumulative)
  double sum = 0;
  double count = 0;
  bool hasSum = false;
};

// The running totals of delta-temporality series across the requests of one live receiver.
// Each request of a delta exporter carries what changed since its previous one; stored as
// Prometheus counters they must keep adding up from request to request, as a file's points do
// within the file (the OpenTelemetry → Prometheus compatibility specification converts delta
// to cumulative). A request's conversion starts from these totals and they take its results
// only once the writer accepted the request, so a request answered 503 and sent again is
// counted once. Bounded: past kMaxSeries series, a new series adds up within its request
// only (counted in forgottenSeries()).
class OtlpDeltaTotals {
 public:
  static constexpr std::size_t kMaxSeries = 200000;

  // Held while a request is converted and submitted: requests of one receiver add up one at a
  // time.
  std::unique_lock<std::mutex> lock() { return std::unique_lock(m_mutex); }

  // The caller holds lock(). 0 / empty for a series not seen yet.
  double sum(const std::string& series) const;
  OtlpHistogramTotals histogram(const std::string& series) const;
  // The caller holds lock(): a request's final totals, once the writer accepted it.
  void save(const std::map<std::string, double>& sums,
            const std::map<std::string, OtlpHistogramTotals>& histograms);

  std::uint64_t forgottenSeries() const;

 private:
  template <typename Totals>
  void saveInto(std::unordered_map<std::string, Totals>& kept,
                const std::map<std::string, Totals>& totals);

  mutable std::mutex m_mutex;
  std::unordered_map<std::string, double> m_sums;
  std::unordered_map<std::string, OtlpHistogramTotals> m_histograms;
  std::uint64_t m_forgotten = 0;  // guarded by m_mutex
};

}  // namespace sightline

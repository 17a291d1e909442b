#include "model/metrics/metric_series_table.h"

#include <algorithm>

namespace sightline {

const std::string* findMetricLabel(const std::vector<MetricLabel>& labels,
                                   const std::string& label) {
  const auto it = std::lower_bound(
      labels.begin(), labels.end(), label,
      [](const MetricLabel& element, const std::string& name) { return element.name < name; });
  return it != labels.end() && it->name == label ? &it->value : nullptr;
}

}  // namespace sightline

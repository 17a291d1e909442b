#include "model/metrics/metric_label_order.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>
#include <tuple>

namespace sightline {

namespace {

// Where a value sorts among the values of a numeric label: numbers, then NaN, then text.
enum class ValueClass { Number, NaN, Text };

struct NumericKey {
  ValueClass kind = ValueClass::Text;
  double number = 0;
};

// Prometheus reads these labels with strconv.ParseFloat: an optional sign, decimal or
// exponent notation, "Inf"/"Infinity"/"NaN" in any case. from_chars takes all of that but
// a leading '+'.
NumericKey numericKey(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') {
    digits.remove_prefix(1);
    if (!digits.empty() && (digits.front() == '+' || digits.front() == '-'))
      return {};
  }
  if (digits.empty())
    return {};
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size())
    return {};
  if (std::isnan(value))
    return {ValueClass::NaN, 0};
  return {ValueClass::Number, value};
}

}  // namespace

bool isNumericLabel(std::string_view label) {
  return label == "le" || label == "quantile";
}

bool metricLabelValueLess(std::string_view label, std::string_view a, std::string_view b) {
  if (!isNumericLabel(label) || a == b)
    return a < b;
  const NumericKey x = numericKey(a);
  const NumericKey y = numericKey(b);
  return std::tie(x.kind, x.number, a) < std::tie(y.kind, y.number, b);
}

bool metricLabelsLess(const std::vector<MetricLabel>& a, const std::vector<MetricLabel>& b) {
  const std::size_t common = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < common; ++i) {
    if (a[i].name != b[i].name)
      return a[i].name < b[i].name;
    if (a[i].value != b[i].value)
      return metricLabelValueLess(a[i].name, a[i].value, b[i].value);
  }
  return a.size() < b.size();
}

bool metricSeriesLess(std::string_view nameA, const std::vector<MetricLabel>& labelsA,
                      std::string_view nameB, const std::vector<MetricLabel>& labelsB) {
  if (nameA != nameB)
    return nameA < nameB;
  return metricLabelsLess(labelsA, labelsB);
}

}  // namespace sightline

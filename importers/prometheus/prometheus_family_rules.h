#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "model/metrics/metric_records.h"

namespace sightline {

// Which sample names belong to a family of each metric type: the suffix rules of the
// Prometheus text format and OpenMetrics, shared by the text parser's family resolution.
enum class SampleSuffix : std::uint8_t {
  None,
  Total,
  Created,
  Bucket,
  Sum,
  Count,
  GSum,
  GCount,
  Info
};

struct SampleSuffixText {
  SampleSuffix suffix;
  std::string_view text;
};

// Every suffix but None, with its text ("_total", "_bucket", …).
std::span<const SampleSuffixText> familySuffixes();

// Whether a family of `type` has samples named family name + `suffix`: `_bucket`/`_sum`/
// `_count`/`_created` of a histogram, `_bucket`/`_gsum`/`_gcount` of a gauge histogram,
// the bare name/`_total`/`_created` of a counter, the bare name (quantiles)/`_sum`/`_count`/
// `_created` of a summary, `_info` of an info, the bare name of a gauge, stateset, untyped.
bool allows(MetricType type, SampleSuffix suffix);

// Suffixes that only histograms and summaries have, or the bare name of a type that has
// none: a typed family's own sample with one of these contradicts its # TYPE. (A gauge `x`
// followed by an undeclared `x_total` is just another, untyped, family.)
bool contradicts(MetricType type, SampleSuffix suffix);

// The sample names a type has, for error messages.
const char* expectedSamples(MetricType type);

// Whether `name` is `base` or `base` + a known suffix; which one through `suffix`.
bool splitSuffix(std::string_view name, std::string_view base, SampleSuffix& suffix);

}  // namespace sightline

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/common/status.h"
#include "model/diagnosis/outlier_span.h"
#include "model/store/workspace.h"
#include "model/traces/trace_records.h"

namespace sightline {

// "What's different": a selection of spans against the rest (the baseline), attribute by
// attribute, as Grafana's Traces Drilldown compares them. For every key — the intrinsic
// fields service, name, status and kind, every span attribute and every resource attribute —
// and every value: the share of the selection's spans with that value and the baseline's.
// A key's score is the largest |selection share − baseline share| over its values; keys are
// ranked by it, so what is over- (or under-) represented among the selected spans comes first.
struct OutlierQuery {
  enum class Unit : std::uint8_t {
    Spans,      // every span
    RootSpans,  // the root span of every trace, with the trace's start and duration
  };
  Unit unit = Unit::Spans;
  // Both sides: only spans of this service / with this name (empty: any).
  std::string service;
  std::string operation;
  // Both sides: only spans this accepts (empty: every span).
  OutlierPredicate population;
  // The selection; the rest of the population is the baseline.
  OutlierPredicate selection;
  // Values kept per key (by |difference|); the others are summed up as "other".
  std::size_t topValues = 8;
};

enum class OutlierKeyScope : std::uint8_t { Intrinsic, Span, Resource };

// One value of a key on both sides. Shares are of all the side's spans, so a key's values,
// its "other" and its "missing" add up to 1 per side (more when a span repeats a key).
struct OutlierValueShare {
  AttributeValue value;  // intrinsic fields as strings: "payment", "error", "server"
  std::uint64_t selectionSpans = 0;
  std::uint64_t baselineSpans = 0;
  double selectionShare = 0;
  double baselineShare = 0;
  double difference() const { return selectionShare - baselineShare; }
};

// Several values (or the spans without the key) counted together.
struct OutlierShareRest {
  std::uint64_t values = 0;  // how many distinct values (0 for "missing")
  std::uint64_t selectionSpans = 0;
  std::uint64_t baselineSpans = 0;
  double selectionShare = 0;
  double baselineShare = 0;
};

struct OutlierKeyComparison {
  OutlierKeyScope scope = OutlierKeyScope::Span;
  std::string key;  // as stored: "http.route"; intrinsic: "service", "name", "status", "kind"
  double score = 0;
  std::uint64_t distinctValues = 0;
  std::vector<OutlierValueShare> values;  // by |difference|, largest first (ties: most spans)
  OutlierShareRest other;                 // the values beyond `values`
  OutlierShareRest missing;               // spans without the key

  // "resource.k8s.pod.name" for a resource attribute, the key itself otherwise.
  std::string displayKey() const;
};

// A key left out because nearly all its values are distinct (ids, full URLs, amounts) and
// none of them repeats among the selected spans.
struct OutlierSkippedKey {
  OutlierKeyScope scope = OutlierKeyScope::Span;
  std::string key;
  std::uint64_t distinctValues = 0;
  std::uint64_t spans = 0;  // spans of both sides with the key
};

struct OutlierComparison {
  std::uint64_t selectionSpans = 0;
  std::uint64_t baselineSpans = 0;
  std::vector<OutlierKeyComparison> keys;  // by score, highest first (ties: by key)
  std::vector<OutlierSkippedKey> skippedKeys;
};

// A key counts as id-like when it is on at least this many spans and at least this share of
// its values are distinct; it is kept only if one value is on at least two selected spans and
// kIdLikeRepeatShare of the selection (then it sets the selection apart: one user, one cart).
inline constexpr std::uint64_t kIdLikeMinSpans = 20;
inline constexpr double kIdLikeDistinctShare = 0.9;
inline constexpr double kIdLikeRepeatShare = 0.1;

// Runs the comparison: three statements (spans, their attributes, the resources'
// attributes), interned strings looked up only for the values shown. Safe on any thread with
// its own Workspace; at 1M spans it takes a few seconds, so not on the GUI thread.
OutlierComparison compareOutliers(const Workspace& workspace, const OutlierQuery& query,
                                  Status* status = nullptr);

// "intrinsic", "span", "resource".
const char* outlierKeyScopeName(OutlierKeyScope scope);

// A value as text: strings as they are, booleans true/false, numbers as the CLI prints
// them, bytes as hex, arrays and key-value lists as their OTLP/JSON.
std::string outlierValueText(const AttributeValue& value);

}  // namespace sightline

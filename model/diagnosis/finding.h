#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/common/ids.h"

namespace sightline {

// How much a finding matters; ordered so that a larger value is worse.
enum class Severity { Low = 0, Medium = 1, High = 2, Critical = 3 };

std::string_view severityName(Severity severity);  // "low" … "critical"
std::optional<Severity> parseSeverity(std::string_view name);

// One piece of proof behind a finding. A row names a span, a profile function or a metric
// series; its role says what the proof shows ("slow span", "repeated call", "holder",
// "exemplar").
struct FindingEvidence {
  enum class Kind { Span, ProfileFunction, MetricSeries };
  Kind kind = Kind::Span;
  std::string role;
  TraceId traceId;                  // Span
  SpanId spanId;                    // Span
  std::int64_t profileId = 0;       // ProfileFunction
  std::string function;             // ProfileFunction: the function name as pprof shows it
  std::string series;               // MetricSeries: name{labels} as the Metrics page shows it
  std::uint64_t startUnixNano = 0;  // the span's interval, or the series' time range
  std::uint64_t endUnixNano = 0;
  double value = 0;  // the measured figure the role refers to (e.g. CPU ns, flat share)
};

std::string_view evidenceKindName(FindingEvidence::Kind kind);  // "span", "function", "series"

// A result of the diagnosis engine: what is wrong, where, how much it costs, and the
// evidence that proves it.
struct Finding {
  std::string rule;  // rule id, e.g. "n-plus-one-db"
  Severity severity = Severity::Low;
  std::string title;        // plain words with the numbers
  std::string explanation;  // why it matters and what to look at, a few sentences
  // The subject: empty fields do not apply.
  std::string service;
  std::string operation;
  std::string function;
  std::vector<std::string> series;
  // Estimated impact: time that could be saved in total and per affected request, and the
  // share of all traces the finding touches (0..1).
  std::uint64_t impactNs = 0;
  std::uint64_t impactPerRequestNs = 0;
  double trafficShare = 0;
  std::uint64_t count = 0;  // occurrences (spans, runs, samples… as the rule counts them)
  std::uint64_t firstSeenUnixNano = 0;
  std::uint64_t lastSeenUnixNano = 0;
  std::int64_t profileId = 0;     // 0 when no profile is involved
  std::vector<TraceId> traceIds;  // exemplar traces, most telling first
  std::vector<FindingEvidence> evidence;

  // The spans of the evidence, in order (for an N+1, the repeated calls).
  std::vector<const FindingEvidence*> spanEvidence() const;
};

// The subject in one line: service, operation, function and series (those joined by ", "),
// the present ones joined by `separator`; empty when the rule names no subject.
std::string findingSubject(const Finding& finding, std::string_view separator);

// Findings in the order the Diagnosis page and `sightline findings` list them: severity,
// then impact, then rule and title.
void sortFindings(std::vector<Finding>& findings);

}  // namespace sightline

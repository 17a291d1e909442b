#include "model/diagnosis/finding.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace sightline {

namespace {
constexpr std::array<std::string_view, 4> kSeverityNames = {"low", "medium", "high", "critical"};
}

std::string_view severityName(Severity severity) {
  return kSeverityNames[static_cast<std::size_t>(severity)];
}

std::optional<Severity> parseSeverity(std::string_view name) {
  for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name)
      return static_cast<Severity>(i);
  }
  return std::nullopt;
}

std::string_view evidenceKindName(FindingEvidence::Kind kind) {
  switch (kind) {
    case FindingEvidence::Kind::Span:
      return "span";
    case FindingEvidence::Kind::ProfileFunction:
      return "function";
    case FindingEvidence::Kind::MetricSeries:
      return "series";
  }
  return "span";
}

std::vector<const FindingEvidence*> Finding::spanEvidence() const {
  std::vector<const FindingEvidence*> spans;
  for (const FindingEvidence& row : evidence) {
    if (row.kind == FindingEvidence::Kind::Span)
      spans.push_back(&row);
  }
  return spans;
}

std::string findingSubject(const Finding& finding, std::string_view separator) {
  std::string series;
  for (const std::string& name : finding.series)
    series += (series.empty() ? "" : ", ") + name;
  std::string subject;
  const std::string* parts[] = {&finding.service, &finding.operation, &finding.function, &series};
  for (const std::string* part : parts) {
    if (part->empty())
      continue;
    if (!subject.empty())
      subject += separator;
    subject += *part;
  }
  return subject;
}

void sortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(static_cast<int>(b.severity), b.impactNs, a.rule, a.title) <
           std::make_tuple(static_cast<int>(a.severity), a.impactNs, b.rule, b.title);
  });
}

}  // namespace sightline

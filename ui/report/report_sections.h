#pragma once

#include <QString>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace sightline {

// The parts of a report the user can switch off (`--sections`, the export dialog).
enum class ReportSection { Cover, Kpis, Findings, Paths, Flame, Health, Debt, Appendix };

// Every section, in the report's order.
const std::vector<ReportSection>& allReportSections();
// "cover", "kpis", "findings", "paths", "flame", "health", "debt", "appendix".
const char* reportSectionName(ReportSection section);
// What the export dialog calls it: "Cover and sources", "Key figures", "Findings",
// "Critical path per endpoint", "Differential flame graph", "Service health over time",
// "Tech-debt heatmap", "Appendix".
QString reportSectionLabel(ReportSection section);
// What a report is written with besides its content, the same for the HTML and the PDF.
struct ReportRenderOptions {
  std::set<ReportSection> sections{allReportSections().begin(), allReportSections().end()};
  QString generator;  // e.g. "Sightline 0.7.0", for the cover
  std::uint64_t generatedAtUnixNano = 0;
  // The findings as `sightline findings --json` prints them: the HTML's appendix shows them,
  // the PDF attaches them as findings.json.
  std::string findingsJson;
};

// A comma-separated list of names; false with `error` set for an unknown name or an empty list.
bool parseReportSections(const QString& list, std::set<ReportSection>* sections, QString* error);

}  // namespace sightline

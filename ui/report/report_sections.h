#pragma once

#include <QString>
#include <set>
#include <string>
#include <vector>

namespace sightline {

// The parts of a report the user can switch off (`--sections`, the export dialog).
enum class ReportSection { Cover, Kpis, Findings, Flame, Appendix };

// Every section, in the report's order.
const std::vector<ReportSection>& allReportSections();
// "cover", "kpis", "findings", "flame", "appendix".
const char* reportSectionName(ReportSection section);
// A comma-separated list of names; false with `error` set for an unknown name or an empty list.
bool parseReportSections(const QString& list, std::set<ReportSection>* sections, QString* error);

}  // namespace sightline

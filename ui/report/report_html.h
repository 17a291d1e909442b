#pragma once

#include <QString>
#include <cstdint>
#include <set>
#include <string>

#include "model/report/report_content.h"
#include "ui/report/report_sections.h"

namespace sightline {

struct HtmlReportOptions {
  std::set<ReportSection> sections{allReportSections().begin(), allReportSections().end()};
  QString generator;  // e.g. "Sightline 0.7.0", for the cover
  std::uint64_t generatedAtUnixNano = 0;
  std::string findingsJson;  // the appendix's findings as JSON (`sightline findings --json`)
};

// The report as one self-contained HTML file: inline CSS, no script, no external resource (a
// Content-Security-Policy meta tag forbids them), <details> for what folds. Every string from
// the data passes through reportText() and the writer's escaping; none lands in a script,
// a style, a URL or an event attribute. The markup is also well-formed XML.
QString renderHtmlReport(const ReportContent& content, const HtmlReportOptions& options);

}  // namespace sightline

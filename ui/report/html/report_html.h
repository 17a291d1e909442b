#pragma once

#include <QString>
#include <cstdint>
#include <set>
#include <string>

#include "model/report/report_content.h"
#include "ui/report/report_sections.h"

namespace sightline {

// The report as one self-contained HTML file: inline CSS, no script, no external resource (a
// Content-Security-Policy meta tag forbids them), <details> for what folds. Every string from
// the data passes through reportText() and the writer's escaping; none lands in a script,
// a style, a URL or an event attribute. The markup is also well-formed XML.
QString renderHtmlReport(const ReportContent& content, const ReportRenderOptions& options);

}  // namespace sightline

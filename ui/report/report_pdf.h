#pragma once

#include <QString>
#include <cstdint>
#include <set>
#include <string>

#include "model/common/status.h"
#include "model/report/report_content.h"
#include "ui/report/report_sections.h"

namespace sightline {

// The report as a paginated PDF (A4): the HTML report's sections as text and tables laid out
// by QTextDocument from text inserted through a cursor (no data is ever parsed as markup), the
// waterfalls and the flame graph painted as vectors, fonts embedded (CJK through the system's
// fallback, fonts-noto-cjk), and the findings JSON attached as findings.json. Needs a
// QGuiApplication. Writes `path` only when complete.
Status writePdfReport(const ReportContent& content, const ReportRenderOptions& options,
                      const QString& path);

}  // namespace sightline

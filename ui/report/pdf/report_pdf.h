#pragma once

#include <QString>
#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "model/common/status.h"
#include "model/report/report_content.h"
#include "ui/report/report_sections.h"

class QPdfWriter;
class QTextDocument;

namespace sightline {

// The report as a paginated PDF (A4): the HTML report's sections as text and tables laid out
// by QTextDocument from text inserted through a cursor (no data is ever parsed as markup), the
// waterfalls and the flame graph painted as vectors, fonts embedded (CJK through the system's
// fallback, fonts-noto-cjk), and the findings JSON attached as findings.json. Needs a
// QGuiApplication. Writes `path` only when complete.
Status writePdfReport(const ReportContent& content, const ReportRenderOptions& options,
                      const QString& path);

// The report laid out as writePdfReport lays it out: `writer` set up (A4, 300 dpi, title), the
// document paginated for its pages and handed to `use` while its figures can be painted.
// writePdfReport prints it; the export dialog's preview paints its first pages
// (report_pdf_preview).
void layOutPdfReport(const ReportContent& content, const ReportRenderOptions& options,
                     QPdfWriter& writer, const std::function<void(QTextDocument&)>& use);

}  // namespace sightline

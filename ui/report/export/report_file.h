#pragma once

#include <QString>
#include <optional>

#include "model/common/status.h"
#include "model/report/report_content.h"
#include "ui/report/report_sections.h"

namespace sightline {

// A report file's two forms.
enum class ReportFormat { Html, Pdf };

// The format a file name asks for: .pdf, or .html/.htm (any case); nullopt for anything else.
std::optional<ReportFormat> reportFormatOf(const QString& path);
// `path` with the extension of `format`: an .html, .htm or .pdf extension is replaced, any
// other is kept and the format's appended ("review" → "review.pdf").
QString withReportFormat(const QString& path, ReportFormat format);
// ".html" or ".pdf".
QString reportFormatExtension(ReportFormat format);

// Fills what a report says about its making: this Sightline as the generator, now as the
// time, and the content's findings as JSON (the HTML's appendix, the PDF's attachment).
void stampReportOptions(const ReportContent& content, ReportRenderOptions* options);

// Writes the report to `path` in the format its extension names (HTML unless it is .pdf; a
// PDF needs a QGuiApplication). The file is replaced only when complete (QSaveFile). Runs on
// any thread: the HTML is a string, the PDF is painted on a QPdfWriter, which like a QImage
// may be painted outside the GUI thread.
Status writeReportFile(const ReportContent& content, const ReportRenderOptions& options,
                       const QString& path);

}  // namespace sightline
